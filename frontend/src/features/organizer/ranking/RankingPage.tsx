// Peringkat: a scoring round's ranking with its switches (method,
// normalization, category, sort), the jury's agreement in one sentence, the
// judges' leniency, downloads (CSV, XLSX, Berita Acara), advancing and
// publishing.
import { Alert, Button, Group, Select, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useCompetition } from '../CompetitionArea';
import { AdvancePanel } from './AdvancePanel';
import { downloadFile } from './download';
import { JudgeChart } from './JudgeChart';
import { agreementLevel, rankChanges, sortEntries, type SortKey } from './logic';
import { PublishPanel } from './PublishPanel';
import { num } from './RankingTable';
import { RankingTable } from './RankingTable';

type Method = components['schemas']['RankingMethod'];
type Normalize = components['schemas']['Normalization'];
type Ranking = components['schemas']['Ranking'];

function fetchRanking(round: number, method: Method, normalize: Normalize, category: number | null) {
  return call(
    api.GET('/api/v1/rounds/{id}/ranking', {
      params: {
        path: { id: round },
        query: { method, normalize, ...(category ? { category_id: category } : {}) },
      },
    }),
  );
}

function Agreement({ r }: { r: Ranking['reliability'] }) {
  const { t, i18n } = useTranslation();
  const level = agreementLevel(r);
  const text =
    level === 'none'
      ? t('results.agreement.none')
      : t('results.agreement.sentence', {
          icc: num(r.icc ?? 0, i18n.language),
          level: t(`results.agreement.${level}`),
          judges: r.judges,
          entries: r.entries,
        });
  return (
    <Alert
      color={level === 'poor' || level === 'negative' ? 'orange' : 'blue'}
      variant="light"
      data-testid="agreement"
    >
      <Text size="sm">{text}</Text>
    </Alert>
  );
}

export default function RankingPage() {
  const { t } = useTranslation();
  const comp = useCompetition();
  const compId = comp.id!;
  const rounds = useQuery({
    queryKey: qk.rounds(compId),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/rounds', { params: { path: { id: compId } } })),
  });
  const categories = useQuery({
    queryKey: qk.categories(compId),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/categories', { params: { path: { id: compId } } })),
  });
  const scoring = (rounds.data?.items ?? []).filter((r) => r.kind === 'scoring');
  const [roundId, setRoundId] = useState<number | null>(null);
  const round = scoring.find((r) => r.id === roundId) ?? scoring[0];
  const [method, setMethod] = useState<Method>('mean');
  const [normalize, setNormalize] = useState<Normalize>('none');
  const [category, setCategory] = useState<number | null>(null);
  const [sort, setSort] = useState<SortKey>('rank');
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const rid = round?.id ?? 0;

  const ranking = useQuery({
    queryKey: qk.ranking(rid, method, normalize, category),
    queryFn: () => fetchRanking(rid, method, normalize, category),
    enabled: rid > 0,
  });
  const raw = useQuery({
    queryKey: qk.ranking(rid, method, 'none', category),
    queryFn: () => fetchRanking(rid, method, 'none', category),
    enabled: rid > 0 && normalize === 'zscore',
  });
  const criteria = useQuery({
    queryKey: qk.criteria(rid),
    queryFn: () => call(api.GET('/api/v1/rounds/{id}/criteria', { params: { path: { id: rid } } })),
    enabled: rid > 0,
  });
  const publications = useQuery({
    queryKey: qk.publicationsOfAll(),
    // The organizer has just published: skip the browser's 30 s public cache.
    queryFn: () =>
      call(api.GET('/api/v1/public/publications', { params: { query: { limit: 200 } }, cache: 'no-cache' })),
  });

  if (rounds.isPending) return <LoadingState />;
  if (rounds.isError) return <ErrorState error={rounds.error} onRetry={() => void rounds.refetch()} />;
  if (!round) return <EmptyState title={t('results.noRounds')}>{t('results.noRoundsHint')}</EmptyState>;

  const all = rounds.data.items;
  const next = all.filter((r) => r.position > round.position).sort((a, b) => a.position - b.position)[0];
  const latest = publications.data?.items.find((p) => p.round.id === round.id);
  const changes =
    normalize === 'zscore' && raw.data && ranking.data
      ? rankChanges(raw.data.entries, ranking.data.entries)
      : null;
  const query = `?method=${method}&normalize=${normalize}${category ? `&category_id=${category}` : ''}`;
  const download = (path: string, name: string) => {
    setDownloadError(null);
    downloadFile(path, name).catch(setDownloadError);
  };

  return (
    <Stack gap="md">
      <Title order={2}>{t('results.title')}</Title>
      <Group align="flex-end" gap="md">
        {scoring.length > 1 && (
          <Select
            label={t('results.round')}
            data={scoring.map((r) => ({ value: String(r.id), label: r.name }))}
            value={String(round.id)}
            onChange={(v) => v && setRoundId(Number(v))}
            allowDeselect={false}
            maw={260}
          />
        )}
        <Select
          label={t('results.category')}
          data={[
            { value: '', label: t('results.allCategories') },
            ...(categories.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name })),
          ]}
          value={category ? String(category) : ''}
          onChange={(v) => setCategory(v ? Number(v) : null)}
          allowDeselect={false}
          maw={300}
        />
        <Select
          label={t('results.sort')}
          data={[
            { value: 'rank', label: t('results.sortRank') },
            { value: 'disagreement', label: t('results.sortDisagreement') },
          ]}
          value={sort}
          onChange={(v) => v && setSort(v as SortKey)}
          allowDeselect={false}
          maw={260}
        />
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="method-label">
          {t('results.method')}
        </Text>
        <SegmentedControl
          aria-labelledby="method-label"
          value={method}
          onChange={(v) => setMethod(v as Method)}
          data={[
            { value: 'mean', label: t('results.methods.mean') },
            { value: 'median', label: t('results.methods.median') },
            { value: 'trimmed', label: t('results.methods.trimmed') },
          ]}
          style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
        />
        <Text size="xs" c="dimmed">
          {t(`results.methodHint.${method}`)}
        </Text>
      </Stack>
      <Switch
        checked={normalize === 'zscore'}
        onChange={(e) => setNormalize(e.currentTarget.checked ? 'zscore' : 'none')}
        label={t('results.normalize')}
        description={t('results.normalizeHint')}
      />
      {ranking.isPending && <LoadingState />}
      {ranking.isError && <ErrorState error={ranking.error} onRetry={() => void ranking.refetch()} />}
      {ranking.data && (
        <>
          <Agreement r={ranking.data.reliability} />
          {ranking.data.entries.length === 0 ? (
            <EmptyState title={t('results.empty')}>{t('results.emptyHint')}</EmptyState>
          ) : (
            <RankingTable
              entries={sortEntries(ranking.data.entries, sort)}
              criteria={criteria.data?.items ?? []}
              changes={changes}
              topN={ranking.data.top_n}
            />
          )}
          <Group gap="sm">
            <Button
              variant="default"
              onClick={() => download(`/rounds/${rid}/ranking.csv${query}`, 'peringkat.csv')}
            >
              {t('results.download.csv')}
            </Button>
            <Button
              variant="default"
              onClick={() => download(`/rounds/${rid}/ranking.xlsx${query}`, 'peringkat.xlsx')}
            >
              {t('results.download.xlsx')}
            </Button>
            <Button
              variant="default"
              onClick={() =>
                download(
                  `/rounds/${rid}/berita-acara.pdf?method=${method}&normalize=${normalize}`,
                  'berita-acara.pdf',
                )
              }
            >
              {latest ? t('results.download.beritaAcara') : t('results.download.beritaAcaraDraft')}
            </Button>
          </Group>
          {downloadError != null && <ErrorState error={downloadError} />}
          <JudgeChart judges={ranking.data.judges} />
          <AdvancePanel
            competitionId={compId}
            round={round}
            next={next}
            entries={ranking.data.entries}
            method={method}
            normalize={normalize}
          />
          <PublishPanel
            competitionId={compId}
            round={round}
            latest={latest}
            method={method}
            normalize={normalize}
          />
        </>
      )}
    </Stack>
  );
}
