// The jury's feedback on an entry once the organizers release it: per round
// the mean total, each criterion's mean and the judges' comments, never a
// judge's name.
import { Paper, Stack, Table, Text, Title, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatScore } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/states';
import { useFeedback } from './api';

export function FeedbackPanel({ entryId }: { entryId: number }) {
  const { t, i18n } = useTranslation();
  const q = useFeedback(entryId, true);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="feedback-title">
      <Stack>
        <Title order={2} size="h3" id="feedback-title">
          {t('feedback.title')}
        </Title>
        {q.isPending && <LoadingState />}
        {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
        {q.data === null || (q.data && q.data.rounds.length === 0) ? (
          <Text c="dimmed">{t('feedback.none')}</Text>
        ) : null}
        {q.data?.rounds.map((r) => (
          <Stack key={r.round_id} gap="xs">
            <Title order={3} size="h4">
              {r.name} — {t('feedback.total', { score: formatScore(r.total_mean, i18n.language) })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('feedback.basis', { count: r.judges, when: formatDateTime(r.released_at, i18n.language) })}
            </Text>
            <Table.ScrollContainer minWidth={320}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('feedback.criterion')}</Table.Th>
                    <Table.Th>{t('feedback.weight')}</Table.Th>
                    <Table.Th>{t('feedback.mean')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.criteria.map((c) => (
                    <Table.Tr key={c.criterion_id}>
                      <Table.Td>
                        <Text fw={600}>{c.name}</Text>
                        {c.comments.length > 0 && (
                          <List size="sm">
                            {c.comments.map((m, i) => (
                              <List.Item key={i}>{m}</List.Item>
                            ))}
                          </List>
                        )}
                      </Table.Td>
                      <Table.Td>{c.weight}</Table.Td>
                      <Table.Td>
                        {formatScore(c.mean, i18n.language)} / {c.max_score}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {r.notes.length > 0 && (
              <>
                <Text fw={600}>{t('feedback.notes')}</Text>
                <List>
                  {r.notes.map((n, i) => (
                    <List.Item key={i}>{n}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
