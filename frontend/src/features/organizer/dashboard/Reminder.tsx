// A reminder: the e-mail button (through the server's outbox), the WhatsApp
// link with the text filled in, and when it was last sent. A second e-mail
// within the hour is refused by the server (429); the page says how long to wait.
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { useErrorText } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { minutesUntilAllowed, whatsappLink } from './whatsapp';

export type Reminder = components['schemas']['Reminder'];
type Audience = components['schemas']['ReminderAudience'];

/** The newest reminder of an audience (and round), if any. */
export function lastReminder(
  list: Reminder[] | undefined,
  to: Audience,
  roundId?: number,
): Reminder | undefined {
  return list?.find((r) => r.to === to && (roundId === undefined || r.round_id === roundId));
}

export function ReminderActions({
  competitionId,
  to,
  roundId,
  label,
  last,
  whatsappText,
  disabled,
  testId,
}: {
  competitionId: number;
  to: Audience;
  roundId?: number;
  label: string;
  last: Reminder | undefined;
  whatsappText: string;
  disabled?: boolean;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const send = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/competitions/{id}/reminders', {
          params: { path: { id: competitionId } },
          body: { to, ...(roundId ? { round_id: roundId } : {}) },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: qk.reminders(competitionId) }),
  });
  const tooSoon = isApiError(send.error) && send.error.status === 429;
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group gap="sm" wrap="wrap">
        <Button onClick={() => send.mutate()} loading={send.isPending} disabled={disabled}>
          {label}
        </Button>
        <Button
          component="a"
          variant="default"
          href={whatsappLink(whatsappText)}
          target="_blank"
          rel="noreferrer noopener"
          data-testid={`${testId}-wa`}
        >
          {t('dashboard.whatsapp')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" data-testid={`${testId}-last`}>
        {last
          ? t('dashboard.lastSent', {
              date: formatDateTime(last.sent_at, i18n.language),
              by: last.sent_by || '—',
            })
          : t('dashboard.neverSent')}
      </Text>
      {send.isSuccess && (
        <Alert color="teal" role="status" data-testid={`${testId}-sent`}>
          <Stack gap={4}>
            <Text size="sm">{t('dashboard.sentTo', { count: send.data.recipients.length })}</Text>
            {(send.data.unreached?.length ?? 0) > 0 && (
              <details>
                <summary>
                  <Text size="sm" span>
                    {t('dashboard.unreached', { count: send.data.unreached!.length })}
                  </Text>
                </summary>
                <ul className="plain-list">
                  {send.data.unreached!.map((o) => (
                    <li key={o.id}>
                      <Text size="sm" span>
                        {o.name}
                      </Text>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </Stack>
        </Alert>
      )}
      {send.isError && (
        <Alert color={tooSoon ? 'yellow' : 'red'} role="alert">
          {tooSoon && last
            ? t('dashboard.tooSoon', { minutes: Math.max(1, minutesUntilAllowed(last.sent_at, new Date())) })
            : errorText(send.error)}
        </Alert>
      )}
    </Stack>
  );
}

/** A plain link for one person's WhatsApp message. */
export function WhatsappLink({ text, label }: { text: string; label: string }) {
  return (
    <Anchor href={whatsappLink(text)} target="_blank" rel="noreferrer noopener" size="sm">
      {label}
    </Anchor>
  );
}
