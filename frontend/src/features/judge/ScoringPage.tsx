// The scoring page: the proposal (PDF, sections, files) beside the rubric on
// a tablet or desktop, stacked on a phone. Every change autosaves to the
// device and the server; a 409 offers both versions; "Simpan & berikutnya"
// goes to the next unfinished assignment. Keys: Tab through criteria, digits
// set a value, Ctrl+Enter saves, j/k move between entries.
import { Anchor, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { isApiError } from '../../api/errors';
import { ErrorState, LoadingState } from '../../components/states';
import { NotFoundPage } from '../../components/ErrorPage';
import { neighbour, useCriteria, useMyAssignments, useScorecard, useRounds } from './api';
import { ProposalPane } from './ProposalPane';
import { Rubric } from './Rubric';
import { Countdown } from '../../components/Countdown';

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
  );
}

export function ScoringPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const list = useMyAssignments();
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const a = items.find((x) => x.id === id);
  const criteria = useCriteria(a?.round_id);
  const card = useScorecard(id);
  const [round] = useRounds(a ? [a.round_id] : []);
  const competitionId = a?.entry?.competition_id;
  const sections = useQuery({
    queryKey: qk.sections(competitionId ?? 0),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/sections', { params: { path: { id: competitionId! } } })),
    enabled: !!competitionId,
    staleTime: 5 * 60_000,
  });

  // j and k move to the next and previous entry of the list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const to = neighbour(items, id, e.key === 'j' ? 1 : -1);
      if (to) {
        e.preventDefault();
        navigate(`/penilaian/${to.id}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, id, navigate]);

  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (list.isPending || card.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (!a || (card.isError && isApiError(card.error) && card.error.status === 404)) return <NotFoundPage />;
  if (card.isError) return <ErrorState error={card.error} onRetry={() => void card.refetch()} />;
  if (criteria.isPending) return <LoadingState />;
  if (criteria.isError) return <ErrorState error={criteria.error} />;

  const position = items.findIndex((x) => x.id === id) + 1;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Anchor component={Link} to="/penilaian">
          ← {t('nav.myAssignments')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('scoring.position', { n: position, total: items.length })}
          <Text span visibleFrom="sm" inherit>
            {' · '}
            {t('scoring.keysHint')}
          </Text>
        </Text>
      </Group>
      <div>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          {a.entry?.title ?? a.entry_title}
        </Title>
        {round?.data && (
          <>
            <Text c="dimmed">{round.data.name}</Text>
            <Countdown deadline={round.data.closes_at} label={t('deadline.scoring')} />
          </>
        )}
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 6, md: 7 }}>
          <div style={{ position: 'sticky', top: 72 }}>
            <ProposalPane assignment={a} sections={sections.data?.items ?? []} />
          </div>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 5 }}>
          <Rubric
            key={a.id}
            assignment={a}
            items={items}
            criteria={criteria.data.items ?? []}
            card={card.data}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
