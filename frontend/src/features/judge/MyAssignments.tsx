// "Tugas penilaian": the judge's assignments by round, with "12 dari 45
// selesai" always in view, the round's deadline, what is left, and the next
// unfinished one a tap away. Scorecards with changes still only on this
// device say so.
import { Badge, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge';
import { Countdown } from '../../components/Countdown';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useAuth } from '../auth/session';
import { byRound, nextUnfinished, useMyAssignments, useRounds, type Assignment } from './api';
import { DeclareConflictButton } from './DeclareConflict';

function unsyncedOnDevice(assignmentId: number, userId: number | undefined): boolean {
  try {
    const raw = localStorage.getItem(`juri.scorecard.${assignmentId}.${userId}`);
    return !!raw && (JSON.parse(raw) as { dirty?: boolean }).dirty === true;
  } catch {
    return false;
  }
}

function AssignmentRow({ a, userId }: { a: Assignment; userId: number | undefined }) {
  const { t } = useTranslation();
  const label =
    a.status === 'submitted'
      ? t('assignments.view')
      : a.status === 'draft'
        ? t('assignments.continue')
        : t('assignments.start');
  return (
    <Card withBorder padding="sm" radius="md" data-testid="assignment" data-status={a.status}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {a.entry?.title ?? a.entry_title}
          </Text>
          {a.entry?.organization && (
            <Text size="sm" c="dimmed">
              {a.entry.organization.name}
            </Text>
          )}
        </div>
        <Group gap="xs">
          <StatusBadge status={a.status} kind="scorecard" />
          {unsyncedOnDevice(a.id, userId) && (
            <Badge
              color="#a33b00"
              variant="filled"
              size="lg"
              radius="sm"
              leftSection={<span aria-hidden>⚠</span>}
            >
              {t('save.offline')}
            </Badge>
          )}
          <Button
            component={Link}
            to={`/penilaian/${a.id}`}
            variant={a.status === 'submitted' ? 'default' : 'filled'}
          >
            {label}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}

export function MyAssignmentsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const q = useMyAssignments();
  const items = q.data?.items ?? [];
  const groups = byRound(items);
  const rounds = useRounds(groups.map((g) => g.roundId));
  const next = nextUnfinished(items, null);
  const done = items.filter((a) => a.status === 'submitted').length;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('nav.myAssignments')}</Title>
          {items.length > 0 && (
            <Text size="lg" fw={700} data-testid="overall-progress">
              {t('assignments.doneOf', { done, total: items.length })}
            </Text>
          )}
        </div>
        {next && (
          <Button component={Link} to={`/penilaian/${next.id}`} size="md" data-testid="start-next">
            {t('assignments.next')}
          </Button>
        )}
      </Group>
      {q.isPending && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && items.length === 0 && (
        <EmptyState title={t('assignments.none')}>{t('assignments.noneHint')}</EmptyState>
      )}
      {groups.map((g, i) => {
        const round = rounds[i]?.data;
        const left = g.total - g.done;
        return (
          <Stack key={g.roundId} component="section" gap="sm" aria-labelledby={`round-${g.roundId}`}>
            <div>
              <Title order={2} size="h3" id={`round-${g.roundId}`}>
                {round?.name ?? t('assignments.round', { id: g.roundId })}
              </Title>
              <Text fw={600} data-testid="round-progress">
                {t('assignments.doneOf', { done: g.done, total: g.total })}
                {left > 0
                  ? ` · ${t('assignments.left', { count: left })}`
                  : ` · ${t('assignments.roundDone')}`}
              </Text>
              <Progress
                value={(g.done / g.total) * 100}
                mt={4}
                aria-label={t('assignments.doneOf', { done: g.done, total: g.total })}
              />
              {round && <Countdown deadline={round.closes_at} label={t('deadline.scoring')} />}
              {round && me?.id && (
                <Group mt="xs">
                  <DeclareConflictButton competitionId={round.competition_id!} judgeId={me.id} />
                </Group>
              )}
            </div>
            {g.assignments.map((a) => (
              <AssignmentRow key={a.id} a={a} userId={me?.id} />
            ))}
          </Stack>
        );
      })}
    </Stack>
  );
}
