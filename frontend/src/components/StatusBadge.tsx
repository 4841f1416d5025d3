import type React from 'react';
// An entry's status as a badge with words and an icon-like mark, never colour alone.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const look: Record<string, { color: string; mark: string }> = {
  draft: { color: 'gray', mark: '✎' },
  submitted: { color: 'blue', mark: '➜' },
  returned: { color: 'orange', mark: '↺' },
  eligible: { color: 'teal', mark: '✓' },
  ineligible: { color: 'red', mark: '✕' },
  withdrawn: { color: 'dark', mark: '–' },
  finalist: { color: 'grape', mark: '★' },
  pending: { color: 'gray', mark: '○' },
  submitted_card: { color: 'teal', mark: '✓' },
};

export function StatusBadge({ status, kind = 'entry' }: { status: string; kind?: 'entry' | 'scorecard' }) {
  const { t } = useTranslation();
  const key = kind === 'scorecard' && status === 'submitted' ? 'submitted_card' : status;
  const l = look[key] ?? { color: 'gray', mark: '•' };
  const label = kind === 'scorecard' ? t(`scorecardStatus.${status}`) : t(`status.${status}`);
  return (
    <Badge
      data-testid="status-badge"
      data-status={status}
      // The lightest background with the darkest text keeps 4.5:1 and more.
      style={
        {
          '--badge-color': l.color === 'orange' ? '#8a3200' : `var(--mantine-color-${l.color}-9)`,
          '--badge-bg': `var(--mantine-color-${l.color}-0)`,
          '--badge-bd': `1px solid var(--mantine-color-${l.color}-3)`,
        } as React.CSSProperties
      }
      color={l.color}
      variant="light"
      size="lg"
      radius="sm"
      leftSection={<span aria-hidden>{l.mark}</span>}
    >
      {label}
    </Badge>
  );
}
