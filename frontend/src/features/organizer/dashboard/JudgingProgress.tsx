import type React from 'react';
// Each scoring round's judging progress, judge by judge: a bar of submitted
// scorecards, who is behind (most left first), when each was last reminded,
// an e-mail reminder to those behind and a WhatsApp message for each.
import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { formatDateTime } from '../../../lib/format';
import { useCompetition } from '../CompetitionArea';
import { lastReminder, ReminderActions, WhatsappLink, type Reminder } from './Reminder';

type Stats = components['schemas']['CompetitionStats'];
type Round = components['schemas']['Round'];

export function JudgingProgress({
  st,
  rounds,
  reminders,
}: {
  st: Stats;
  rounds: Round[];
  reminders: Reminder[] | undefined;
}) {
  const { t } = useTranslation();
  const scoring = st.rounds.filter((r) => r.kind === 'scoring');
  if (scoring.length === 0) return null;
  return (
    <section aria-labelledby="judging-title">
      <Title order={2} size="h3" id="judging-title" mb="sm">
        {t('dashboard.judging')}
      </Title>
      <Stack gap="md">
        {scoring.map((r) => (
          <RoundCard
            key={r.round_id}
            r={r}
            round={rounds.find((x) => x.id === r.round_id)}
            reminders={reminders}
          />
        ))}
      </Stack>
    </section>
  );
}

function RoundCard({
  r,
  round,
  reminders,
}: {
  r: Stats['rounds'][number];
  round: Round | undefined;
  reminders: Reminder[] | undefined;
}) {
  const { t, i18n } = useTranslation();
  const comp = useCompetition();
  const judges = [...r.per_judge].sort(
    (a, b) => b.assigned - b.submitted - (a.assigned - a.submitted) || a.name.localeCompare(b.name),
  );
  const behind = judges.filter((j) => j.submitted < j.assigned);
  const last = lastReminder(reminders, 'judges_behind', r.round_id);
  // When each judge was last reminded in this round.
  const reminded = new Map<number, string>();
  for (const rem of reminders ?? []) {
    if (rem.to !== 'judges_behind' || rem.round_id !== r.round_id) continue;
    for (const p of rem.recipients) if (!reminded.has(p.user_id)) reminded.set(p.user_id, rem.sent_at);
  }
  const deadline = round?.closes_at
    ? t('dashboard.waDeadline', { date: formatDateTime(round.closes_at, i18n.language) })
    : '';
  const waFor = (name: string, done: number, total: number) =>
    t('dashboard.waJudge', {
      name,
      round: r.name,
      competition: comp.name,
      done,
      total,
      deadline,
      url: `${window.location.origin}/penilaian`,
      interpolation: { escapeValue: false },
    });
  return (
    <Card withBorder radius="md" padding="md" data-testid={`round-progress-${r.round_id}`}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h4">
          {r.name}
        </Title>
        {r.assignments > 0 && (
          <Badge
            variant="outline"
            size="lg"
            style={
              behind.length
                ? ({
                    textTransform: 'none',
                    '--badge-color': '#8a3200',
                    '--badge-bd': '1px solid #8a3200',
                    '--badge-bg': '#fff',
                  } as React.CSSProperties)
                : ({
                    textTransform: 'none',
                    '--badge-color': 'var(--mantine-color-teal-9)',
                    '--badge-bd': '1px solid var(--mantine-color-teal-9)',
                    '--badge-bg': '#fff',
                  } as React.CSSProperties)
            }
          >
            {behind.length ? t('dashboard.behindCount', { count: behind.length }) : t('dashboard.allDone')}
          </Badge>
        )}
      </Group>
      {r.assignments === 0 ? (
        <Text c="dimmed" mt="xs">
          {t('dashboard.roundNoAssignments')}
        </Text>
      ) : (
        <Stack gap="md" mt="xs">
          <div>
            <Text size="sm" data-testid="round-submitted">
              {t('dashboard.roundProgress', { done: r.submitted, total: r.assignments })}
            </Text>
            <Progress
              value={(r.submitted / Math.max(1, r.assignments)) * 100}
              size="lg"
              aria-label={t('dashboard.roundProgress', { done: r.submitted, total: r.assignments })}
            />
          </div>
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {judges.map((j) => {
              const left = j.assigned - j.submitted;
              const when = reminded.get(j.judge_id);
              return (
                <li
                  key={j.judge_id}
                  data-testid="judge-progress"
                  data-judge={j.judge_id}
                  data-submitted={j.submitted}
                >
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Text size="sm" fw={600} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                      {j.name}
                    </Text>
                    {left > 0 ? (
                      <Badge
                        variant="outline"
                        style={
                          {
                            textTransform: 'none',
                            '--badge-color': '#8a3200',
                            '--badge-bd': '1px solid #8a3200',
                            '--badge-bg': '#fff',
                          } as React.CSSProperties
                        }
                      >
                        {t('dashboard.behind', { count: left })}
                      </Badge>
                    ) : (
                      <Badge
                        variant="outline"
                        style={
                          {
                            textTransform: 'none',
                            '--badge-color': 'var(--mantine-color-teal-9)',
                            '--badge-bd': '1px solid var(--mantine-color-teal-9)',
                            '--badge-bg': '#fff',
                          } as React.CSSProperties
                        }
                      >
                        ✓ {t('dashboard.done')}
                      </Badge>
                    )}
                  </Group>
                  <Progress
                    value={(j.submitted / Math.max(1, j.assigned)) * 100}
                    color={left > 0 ? 'orange' : 'teal'}
                    aria-label={`${j.name}: ${t('dashboard.judgeProgress', { done: j.submitted, total: j.assigned })}`}
                  />
                  <Group gap="md" mt={2} wrap="wrap">
                    <Text size="xs" c="dimmed">
                      {t('dashboard.judgeProgress', { done: j.submitted, total: j.assigned })}
                      {j.started - j.submitted > 0 &&
                        ` · ${t('dashboard.judgeStarted', { count: j.started - j.submitted })}`}
                    </Text>
                    {when && (
                      <Text size="xs" c="dimmed">
                        {t('dashboard.judgeLastReminded', { date: formatDateTime(when, i18n.language) })}
                      </Text>
                    )}
                    {left > 0 && (
                      <WhatsappLink
                        text={waFor(j.name, j.submitted, j.assigned)}
                        label={t('dashboard.whatsappJudge', { name: j.name })}
                      />
                    )}
                  </Group>
                </li>
              );
            })}
          </Stack>
          {behind.length > 0 && (
            <ReminderActions
              competitionId={comp.id}
              to="judges_behind"
              roundId={r.round_id}
              label={t('dashboard.remindJudges')}
              last={last}
              whatsappText={t('dashboard.waJudges', {
                round: r.name,
                competition: comp.name,
                done: r.submitted,
                total: r.assignments,
                deadline,
                url: `${window.location.origin}/penilaian`,
                interpolation: { escapeValue: false },
              })}
              testId={`remind-judges-${r.round_id}`}
            />
          )}
          {behind.length === 0 && last && (
            <Text size="sm" c="dimmed">
              {t('dashboard.lastSent', {
                date: formatDateTime(last.sent_at, i18n.language),
                by: last.sent_by || '—',
              })}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
