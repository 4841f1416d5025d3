// Up and down buttons that reorder a list by keyboard or touch; after a move
// the focus follows the item, so pressing the same button again keeps moving
// it. Each button names the item it moves.
import { ActionIcon, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function MoveButtons({
  index,
  count,
  name,
  onMove,
  disabled,
}: {
  index: number;
  count: number;
  name: string;
  onMove: (delta: -1 | 1) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const go = (delta: -1 | 1, e: React.MouseEvent<HTMLButtonElement>) => {
    const list = e.currentTarget.closest('[data-move-list]');
    onMove(delta);
    // After React re-renders, focus the same button of the item's new place.
    requestAnimationFrame(() => {
      const rows = list?.querySelectorAll<HTMLElement>('[data-move-item]');
      const target = rows?.[index + delta]?.querySelector<HTMLButtonElement>(`[data-move="${delta}"]`);
      if (target && !target.disabled) target.focus();
      else rows?.[index + delta]?.querySelector<HTMLButtonElement>('[data-move]:not([disabled])')?.focus();
    });
  };
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon
        variant="default"
        size={44}
        data-move={-1}
        disabled={disabled || index === 0}
        onClick={(e) => go(-1, e)}
        aria-label={t('setup.moveUp', { name })}
      >
        <span aria-hidden>↑</span>
      </ActionIcon>
      <ActionIcon
        variant="default"
        size={44}
        data-move={1}
        disabled={disabled || index === count - 1}
        onClick={(e) => go(1, e)}
        aria-label={t('setup.moveDown', { name })}
      >
        <span aria-hidden>↓</span>
      </ActionIcon>
    </Group>
  );
}
