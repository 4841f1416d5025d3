// Seleksi Administrasi: the submitted entries one after another, each with its
// proposal PDF drawn in the page, its texts and its documents; a decision and
// "save & next". Several entries can be decided at once: the decisions are
// sent one by one (each screening is its own audited event and its own
// notice to the OPD, so one refused entry must not hold back the others),
// with progress, and the failures stay selected with their reasons.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Progress,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { StatusBadge } from '../../../components/StatusBadge';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../../components/states';
import { useCompetition } from '../CompetitionArea';
import { DecisionFields, decisionError, type DecisionValue } from './Decision';
import { EntryView } from './EntryView';

type Entry = components['schemas']['Entry'];
const decided = ['eligible', 'ineligible', 'returned'];

function screen(id: number, v: DecisionValue) {
  return call(
    api.POST('/api/v1/entries/{id}/screen', {
      params: { path: { id } },
      body: { decision: v.decision!, reason: v.reason.trim() },
    }),
  );
}

export default function ScreeningQueue() {
  const { t } = useTranslation();
  const comp = useCompetition();
  const entries = useQuery({
    queryKey: qk.screeningQueue(comp.id),
    queryFn: () =>
      call(
        api.GET('/api/v1/competitions/{id}/entries', {
          params: { path: { id: comp.id }, query: { limit: 200 } },
        }),
      ),
  });
  const [tab, setTab] = useState<'queue' | 'decided'>('queue');
  const [currentId, setCurrentId] = useState<number | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  // Kept here: the bulk form goes away when the queue empties, its result must not.
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const all = useMemo(() => entries.data?.items ?? [], [entries.data]);
  const queue = all.filter((e) => e.status === 'submitted');
  const done = all.filter((e) => decided.includes(e.status));
  const list = tab === 'queue' ? queue : done;
  const current = list.find((e) => e.id === currentId) ?? list[0];

  if (entries.isPending) return <LoadingState />;
  if (entries.isError) return <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />;
  const index = current ? list.indexOf(current) : -1;
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('screening.nav')}</Title>
        <Text c="dimmed">{t('screening.lead')}</Text>
      </div>
      <Tabs
        value={tab}
        onChange={(v) => {
          setTab((v as typeof tab) ?? 'queue');
          setCurrentId(null);
          setSelected(new Set());
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="queue" style={{ minHeight: 44 }} data-testid="tab-queue">
            {t('screening.queue', { count: queue.length })}
          </Tabs.Tab>
          <Tabs.Tab value="decided" style={{ minHeight: 44 }} data-testid="tab-decided">
            {t('screening.decided', { count: done.length })}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {bulkResult && <BulkOutcome result={bulkResult} titles={new Map(all.map((e) => [e.id, e.title]))} />}
      {tab === 'queue' && <Advance eligible={all.filter((e) => e.status === 'eligible').length} />}
      {list.length === 0 ? (
        <EmptyState title={t('screening.emptyQueue')}>{t('screening.emptyQueueHint')}</EmptyState>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <EntryList
              list={list}
              current={current}
              selected={selected}
              onPick={setCurrentId}
              onToggle={toggle}
              onAll={(on) => setSelected(on ? new Set(list.map((e) => e.id)) : new Set())}
            />
            {selected.size > 0 && (
              <Bulk
                ids={[...selected]}
                onStart={() => setBulkResult(null)}
                onDone={(r) => {
                  setBulkResult(r);
                  setSelected(new Set(r.failed.map((f) => f.id)));
                }}
              />
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            {current && (
              <Stack gap="md">
                <Group justify="space-between">
                  <Text fw={600} data-testid="screening-position">
                    {t('screening.position', { n: index + 1, total: list.length })}
                  </Text>
                  <Group gap="xs">
                    <Button
                      variant="default"
                      disabled={index <= 0}
                      onClick={() => setCurrentId(list[index - 1]!.id)}
                    >
                      {t('screening.prev')}
                    </Button>
                    <Button
                      variant="default"
                      disabled={index >= list.length - 1}
                      onClick={() => setCurrentId(list[index + 1]!.id)}
                    >
                      {t('screening.next')}
                    </Button>
                  </Group>
                </Group>
                <DecisionCard
                  key={current.id}
                  entry={current}
                  onSaved={() => {
                    const next = list[index + 1] ?? list[index - 1];
                    setCurrentId(next && next.id !== current.id ? next.id : null);
                  }}
                />
                <EntryView key={`view-${current.id}`} entry={current} />
              </Stack>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function EntryList({
  list,
  current,
  selected,
  onPick,
  onToggle,
  onAll,
}: {
  list: Entry[];
  current: Entry | undefined;
  selected: Set<number>;
  onPick: (id: number) => void;
  onToggle: (id: number) => void;
  onAll: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="sm">
      <Group justify="space-between" mb="xs">
        <Checkbox
          label={t('screening.selectAll')}
          checked={selected.size === list.length}
          indeterminate={selected.size > 0 && selected.size < list.length}
          onChange={(e) => onAll(e.currentTarget.checked)}
          data-testid="select-all"
        />
        {selected.size > 0 && <Text size="sm">{t('screening.selected', { count: selected.size })}</Text>}
      </Group>
      <Stack
        gap={4}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 420, overflowY: 'auto' }}
      >
        {list.map((e) => (
          <li key={e.id}>
            <Group gap="xs" wrap="nowrap" align="center">
              <Checkbox
                aria-label={t('screening.select', { title: e.title })}
                checked={selected.has(e.id)}
                onChange={() => onToggle(e.id)}
                data-testid="select-entry"
                data-entry={e.id}
              />
              <Button
                variant={current?.id === e.id ? 'light' : 'subtle'}
                onClick={() => onPick(e.id)}
                justify="flex-start"
                fullWidth
                aria-current={current?.id === e.id ? 'true' : undefined}
                styles={{
                  root: { height: 'auto', minHeight: 44, paddingBlock: 6 },
                  inner: { justifyContent: 'flex-start' },
                  label: { whiteSpace: 'normal', textAlign: 'left', display: 'block', width: '100%' },
                }}
                data-testid="queue-entry"
                data-entry={e.id}
              >
                <Stack gap={0} align="flex-start">
                  <Text size="sm" fw={600} c="var(--mantine-color-text)">
                    {e.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {e.organization?.name}
                  </Text>
                </Stack>
              </Button>
            </Group>
          </li>
        ))}
      </Stack>
    </Card>
  );
}

function DecisionCard({ entry, onSaved }: { entry: Entry; onSaved: () => void }) {
  const { t } = useTranslation();
  const comp = useCompetition();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const isDecided = entry.status !== 'submitted';
  const [v, setV] = useState<DecisionValue>({
    decision: isDecided ? (entry.status as DecisionValue['decision']) : null,
    reason: entry.screening_reason ?? '',
  });
  const [tried, setTried] = useState(false);
  const save = useMutation({
    mutationFn: () => screen(entry.id, v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.entries(comp.id) });
      void qc.invalidateQueries({ queryKey: qk.stats(comp.id) });
      onSaved();
    },
  });
  const submit = () => {
    setTried(true);
    if (decisionError(v)) return;
    save.mutate();
  };
  return (
    <Card withBorder radius="md" padding="md" data-testid="decision-card">
      <Stack gap="sm">
        {isDecided && (
          <Title order={3} size="h4">
            {t('screening.change')}
          </Title>
        )}
        {isDecided && (
          <Group gap="xs">
            <Text size="sm">{t('screening.current')}:</Text>
            <StatusBadge status={entry.status} />
          </Group>
        )}
        <DecisionFields value={v} onChange={setV} showErrors={tried} idPrefix="one" />
        {save.isError && (
          <Alert color="red" role="alert">
            {errorText(save.error)}
          </Alert>
        )}
        <Group>
          <Button onClick={submit} loading={save.isPending} data-testid="save-next">
            {t('screening.saveNext')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

interface BulkResult {
  ok: number;
  failed: { id: number; why: string }[];
}

function Bulk({
  ids,
  onStart,
  onDone,
}: {
  ids: number[];
  onStart: () => void;
  onDone: (r: BulkResult) => void;
}) {
  const { t } = useTranslation();
  const comp = useCompetition();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [v, setV] = useState<DecisionValue>({ decision: null, reason: '' });
  const [tried, setTried] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const run = async () => {
    setTried(true);
    if (decisionError(v)) return;
    onStart();
    const failed: BulkResult['failed'] = [];
    setProgress({ done: 0, total: ids.length });
    for (const [i, id] of ids.entries()) {
      try {
        await screen(id, v);
      } catch (e) {
        failed.push({ id, why: errorText(e) });
      }
      setProgress({ done: i + 1, total: ids.length });
    }
    setProgress(null);
    onDone({ ok: ids.length - failed.length, failed });
    await qc.invalidateQueries({ queryKey: qk.entries(comp.id) });
    void qc.invalidateQueries({ queryKey: qk.stats(comp.id) });
  };
  return (
    <Card withBorder radius="md" padding="md" mt="md" data-testid="bulk">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('screening.bulkTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('screening.bulkHint')}
        </Text>
        <DecisionFields value={v} onChange={setV} showErrors={tried} idPrefix="bulk" />
        <Button onClick={() => void run()} loading={progress !== null} data-testid="bulk-apply">
          {t('screening.bulkApply', { count: ids.length })}
        </Button>
        {progress && (
          <Progress
            value={(progress.done / progress.total) * 100}
            aria-label={t('screening.bulkProgress', progress)}
          />
        )}
      </Stack>
    </Card>
  );
}

function BulkOutcome({ result, titles }: { result: BulkResult; titles: Map<number, string> }) {
  const { t } = useTranslation();
  return (
    <Alert color={result.failed.length ? 'orange' : 'teal'} role="status" data-testid="bulk-result">
      <Text size="sm">{t('screening.bulkDone', { ok: result.ok })}</Text>
      {result.failed.length > 0 && (
        <>
          <Text size="sm">{t('screening.bulkFailed', { count: result.failed.length })}</Text>
          <ul>
            {result.failed.map((f) => (
              <li key={f.id}>
                <Text size="sm">
                  {titles.get(f.id)}: {f.why}
                </Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
}

function Advance({ eligible }: { eligible: number }) {
  const { t } = useTranslation();
  const comp = useCompetition();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const rounds = useQuery({
    queryKey: qk.rounds(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/rounds', { params: { path: { id: comp.id } } })),
  });
  const list = [...(rounds.data?.items ?? [])].sort((a, b) => a.position - b.position);
  const at = list.findIndex((r) => r.kind === 'screening');
  const screeningRound = at >= 0 ? list[at] : undefined;
  const next = at >= 0 ? list[at + 1] : undefined;
  const advance = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/rounds/{id}/advance', { params: { path: { id: screeningRound!.id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['competitions', comp.id] });
      void qc.invalidateQueries({ queryKey: ['rounds'] });
    },
  });
  if (!screeningRound || !next || eligible === 0) return null;
  return (
    <Card withBorder radius="md" padding="md" data-testid="advance">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('screening.advanceTitle')}
        </Title>
        <Text size="sm">{t('screening.advanceHint', { count: eligible, round: next.name })}</Text>
        <Group>
          <Button onClick={() => advance.mutate()} loading={advance.isPending} data-testid="advance-button">
            {t('screening.advance', { round: next.name })}
          </Button>
        </Group>
        {advance.isSuccess && (
          <Alert color="teal" role="status" data-testid="advance-result">
            {t('screening.advanced', {
              count: advance.data.advanced.length,
              added: advance.data.added,
              round: next.name,
            })}
          </Alert>
        )}
        {advance.isError && (
          <Alert color="red" role="alert">
            {errorText(advance.error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
