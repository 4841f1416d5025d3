// Whether what the user typed is on the server: "Tersimpan" or "Belum
// tersinkron", said in words and a mark, announced politely to screen readers.
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SaveStatus } from '../lib/autosave';

const look: Record<SaveStatus, { color: string; mark: string }> = {
  // Dark shades only: white text on them keeps a contrast of 4.5:1 or more.
  saved: { color: 'teal.9', mark: '✓' },
  pending: { color: 'gray.7', mark: '…' },
  saving: { color: 'juri.7', mark: '↑' },
  offline: { color: '#a33b00', mark: '⚠' },
  conflict: { color: 'red.9', mark: '⇄' },
  failed: { color: 'red.9', mark: '✕' },
};

export function SaveState({ status, savedAt }: { status: SaveStatus; savedAt?: number | null }) {
  const { t, i18n } = useTranslation();
  const l = look[status];
  const time =
    savedAt && status === 'saved'
      ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', {
          hour: '2-digit',
          minute: '2-digit',
        }).format(savedAt)
      : null;
  return (
    <Tooltip
      label={t(`save.hint.${status}`)}
      multiline
      w={260}
      events={{ hover: true, focus: true, touch: true }}
    >
      <Badge
        data-testid="save-state"
        data-status={status}
        color={l.color}
        variant="filled"
        size="lg"
        radius="sm"
        role="status"
        aria-live="polite"
        leftSection={<span aria-hidden>{l.mark}</span>}
        tabIndex={0}
      >
        {t(`save.${status}`)}
        {time ? ` ${time}` : ''}
      </Badge>
    </Tooltip>
  );
}
