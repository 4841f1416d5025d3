// The organizer area, loaded as its own chunk: /panitia lists the
// competitions the user organizes (each answering the regent's question, how
// many OPDs have entered), /panitia/<page> holds the pages of pages.tsx's
// areaPages, and /panitia/kompetisi/:id/* one competition's pages.
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { NotFoundPage } from '../../components/ErrorPage';
import { areaPages, competitionPages } from './pages';
import { Participation } from './Participation';

const CompetitionArea = lazy(() => import('./CompetitionArea'));

function CompetitionList() {
  const { t } = useTranslation();
  const comps = useQuery({
    queryKey: qk.competitions(),
    queryFn: () => call(api.GET('/api/v1/competitions', { params: { query: { limit: 200 } } })),
  });
  const mine = (comps.data?.items ?? []).filter((c) => c.my_role === 'organizer');
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('nav.organizer')}</Title>
        <Text c="dimmed">{t('organizer.lead')}</Text>
      </div>
      <Group gap="sm" component="nav" aria-label={t('setup.areaNav')}>
        {areaPages.map((p) => (
          <Button
            key={p.path}
            component={Link}
            to={p.path}
            variant={p.path === 'baru' ? 'filled' : 'default'}
          >
            {t(p.label)}
          </Button>
        ))}
      </Group>
      {comps.isPending && <LoadingState />}
      {comps.isError && <ErrorState error={comps.error} onRetry={() => void comps.refetch()} />}
      {comps.data && mine.length === 0 && (
        <EmptyState title={t('organizer.none')}>{t('organizer.noneHint')}</EmptyState>
      )}
      {mine.map((c) => (
        <Stack key={c.id} gap={4}>
          <Participation comp={c} />
          <Anchor component={Link} to={`kompetisi/${c.id}/${competitionPages[0].path}`}>
            {t('organizer.open', { name: c.name })}
          </Anchor>
        </Stack>
      ))}
    </Stack>
  );
}

export default function OrganizerHome() {
  return (
    <Suspense fallback={<LoadingState />}>
      <Routes>
        <Route index element={<CompetitionList />} />
        {areaPages.map((p) => (
          <Route key={p.path} path={`${p.path}/*`} element={<p.Component />} />
        ))}
        <Route path="kompetisi/:id/*" element={<CompetitionArea />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
