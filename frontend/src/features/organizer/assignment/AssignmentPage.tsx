// Penugasan Juri: run the automatic assignment of a scoring round and read
// its summary (load min and max, entries left short and why), then the
// judge x entry matrix with each scorecard's status, assigning and removing
// by hand. On phones the matrix becomes a list, one entry after another. The
// server refuses a conflict of interest; the page says why.
import { Alert, Button, Card, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../../components/states';
import { useCompetition } from '../CompetitionArea';
import { Matrix, type Cell } from './Matrix';

type Round = components['schemas']['Round'];
type AutoResult = components['schemas']['AutoAssignResult'];
const judgeable = ['submitted', 'eligible', 'finalist'];

export default function AssignmentPage() {
  const { t } = useTranslation();
  const comp = useCompetition();
  const rounds = useQuery({
    queryKey: qk.rounds(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/rounds', { params: { path: { id: comp.id } } })),
  });
  const [roundId, setRoundId] = useState<number | null>(null);
  if (rounds.isPending) return <LoadingState />;
  if (rounds.isError) return <ErrorState error={rounds.error} onRetry={() => void rounds.refetch()} />;
  const scoring = rounds.data.items
    .filter((r) => r.kind === 'scoring')
    .sort((a, b) => a.position - b.position);
  const round = scoring.find((r) => r.id === roundId) ?? scoring[0];
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('assignment.nav')}</Title>
        <Text c="dimmed">{t('assignment.lead')}</Text>
      </div>
      {!round ? (
        <EmptyState title={t('assignment.noScoringRound')} />
      ) : (
        <>
          <Select
            label={t('assignment.round')}
            data={scoring.map((r) => ({ value: String(r.id), label: r.name }))}
            value={String(round.id)}
            onChange={(v) => v && setRoundId(Number(v))}
            allowDeselect={false}
            maw={420}
            data-testid="round-select"
          />
          <RoundAssignments key={round.id} round={round} />
        </>
      )}
    </Stack>
  );
}

function RoundAssignments({ round }: { round: Round }) {
  const { t } = useTranslation();
  const comp = useCompetition();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const entries = useQuery({
    queryKey: qk.roundEntries(comp.id, round.id),
    queryFn: () =>
      call(
        api.GET('/api/v1/competitions/{id}/entries', {
          params: { path: { id: comp.id }, query: { round_id: round.id, limit: 200 } },
        }),
      ),
  });
  const assignments = useQuery({
    queryKey: qk.roundAssignments(round.id),
    queryFn: () => call(api.GET('/api/v1/rounds/{id}/assignments', { params: { path: { id: round.id } } })),
  });
  const members = useQuery({
    queryKey: qk.competitionJudges(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/members', { params: { path: { id: comp.id } } })),
  });
  const conflicts = useQuery({
    queryKey: qk.competitionConflicts(comp.id),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/conflicts', { params: { path: { id: comp.id } } })),
  });
  const [perEntry, setPerEntry] = useState<number | string>(round.judges_per_entry);
  const [perJudge, setPerJudge] = useState<number | string>(round.max_per_judge);
  const [summary, setSummary] = useState<AutoResult | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const changed = () => {
    void qc.invalidateQueries({ queryKey: qk.roundAssignments(round.id) });
    void qc.invalidateQueries({ queryKey: qk.stats(comp.id) });
  };
  const auto = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/rounds/{id}/assignments/auto', {
          params: { path: { id: round.id } },
          body: { judges_per_entry: Number(perEntry) || 1, max_per_judge: Number(perJudge) || 0 },
        }),
      ),
    onSuccess: (res) => {
      setSummary(res);
      changed();
      void qc.invalidateQueries({ queryKey: qk.rounds(comp.id) });
    },
  });
  const assign = useMutation({
    mutationFn: (c: Cell) =>
      call(
        api.POST('/api/v1/rounds/{id}/assignments', {
          params: { path: { id: round.id } },
          body: { entry_id: c.entryId, judge_id: c.judgeId },
        }),
      ),
    onSuccess: (_, c) =>
      setNotice({ ok: true, text: t('assignment.assigned', { judge: c.judgeName, entry: c.entryTitle }) }),
    onError: (e, c) => {
      // The server names the conflict (in English); say it in the user's words first.
      const why =
        isApiError(e) && /conflict of interest/i.test(e.message)
          ? `${t('assignment.conflictWhy', { judge: c.judgeName })} (${e.message})`
          : errorText(e);
      setNotice({ ok: false, text: `${t('assignment.refused')}: ${c.judgeName} → ${c.entryTitle}. ${why}` });
    },
    onSettled: changed,
  });
  const unassign = useMutation({
    mutationFn: (c: Cell) =>
      call(api.DELETE('/api/v1/assignments/{id}', { params: { path: { id: c.assignmentId! } } })),
    onSuccess: (_, c) =>
      setNotice({ ok: true, text: t('assignment.removed', { judge: c.judgeName, entry: c.entryTitle }) }),
    onError: (e, c) => setNotice({ ok: false, text: `${c.judgeName} → ${c.entryTitle}: ${errorText(e)}` }),
    onSettled: changed,
  });

  const failed = [entries, assignments, members, conflicts].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!entries.data || !assignments.data || !members.data || !conflicts.data) return <LoadingState />;
  const list = entries.data.items.filter((e) => judgeable.includes(e.status));
  const judges = members.data.items.filter((m) => m.role === 'judge');
  const closed = round.status !== 'open';
  const titles = new Map(list.map((e) => [e.id, e.title]));
  return (
    <Stack gap="md">
      {closed && (
        <Alert color="gray" role="status">
          {t('assignment.roundClosed')}
        </Alert>
      )}
      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Group gap="md" align="flex-end" wrap="wrap">
            <NumberInput
              label={t('assignment.judgesPerEntry')}
              min={1}
              max={20}
              value={perEntry}
              onChange={setPerEntry}
              w={200}
              data-testid="judges-per-entry"
            />
            <NumberInput
              label={t('assignment.maxPerJudge')}
              min={0}
              max={100000}
              value={perJudge}
              onChange={setPerJudge}
              w={320}
            />
          </Group>
          <Text size="sm" c="dimmed">
            {t('assignment.runHint')}
          </Text>
          <Group>
            <Button
              onClick={() => auto.mutate()}
              loading={auto.isPending}
              disabled={closed || list.length === 0 || judges.length === 0}
              data-testid="run-auto"
            >
              {t('assignment.run')}
            </Button>
          </Group>
          {auto.isError && (
            <Alert color="red" role="alert">
              {errorText(auto.error)}
            </Alert>
          )}
          {summary && <Summary summary={summary} titles={titles} />}
        </Stack>
      </Card>
      {notice && (
        <Alert
          color={notice.ok ? 'teal' : 'red'}
          role={notice.ok ? 'status' : 'alert'}
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setNotice(null)}
          data-testid="assign-notice"
        >
          {notice.text}
        </Alert>
      )}
      {list.length === 0 ? (
        <EmptyState title={t('assignment.noEntries')}>{t('assignment.noEntriesHint')}</EmptyState>
      ) : judges.length === 0 ? (
        <EmptyState title={t('assignment.noJudges')}>{t('assignment.noJudgesHint')}</EmptyState>
      ) : (
        <Matrix
          round={round}
          entries={list}
          judges={judges}
          assignments={assignments.data.items}
          conflicts={conflicts.data.items}
          busy={assign.isPending || unassign.isPending}
          disabled={closed}
          onAssign={(c) => assign.mutate(c)}
          onUnassign={(c) => unassign.mutate(c)}
        />
      )}
    </Stack>
  );
}

function Summary({ summary, titles }: { summary: AutoResult; titles: Map<number, string> }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={summary.unassigned.length ? 'orange' : 'teal'}
      role="status"
      title={t('assignment.summary')}
      data-testid="auto-summary"
    >
      <Stack gap={4}>
        <Text size="sm">
          {t('assignment.created', { count: summary.created })} ·{' '}
          {t('assignment.total', { count: summary.total })}
        </Text>
        <Text size="sm" data-testid="auto-load">
          {t('assignment.load', { min: summary.load.min, max: summary.load.max })}
        </Text>
        {summary.unassigned.length === 0 ? (
          <Text size="sm">{t('assignment.allAssigned')}</Text>
        ) : (
          <>
            <Text size="sm">{t('assignment.unassigned', { count: summary.unassigned.length })}</Text>
            <ul style={{ margin: 0 }}>
              {summary.unassigned.map((u) => (
                <li key={u.entry_id}>
                  <Text size="sm">
                    {titles.get(u.entry_id) ?? `#${u.entry_id}`}:{' '}
                    {t(`assignment.reasonCode.${u.code}`, { missing: u.missing })}
                  </Text>
                </li>
              ))}
            </ul>
          </>
        )}
      </Stack>
    </Alert>
  );
}
