// One competition seen by its organizer: its name, the navigation between its
// pages (the list in pages.tsx) and the page itself. The competition is loaded
// once here and handed to every page through useCompetition().
import { Anchor, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createContext, Suspense, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import type { components } from '../../api/schema';
import { NotFoundPage } from '../../components/ErrorPage';
import { ErrorState, LoadingState } from '../../components/states';
import { competitionPages } from './pages';

type Competition = components['schemas']['Competition'];

const CompetitionContext = createContext<Competition | null>(null);

// The competition of the page being shown (only inside CompetitionArea).
export function useCompetition(): Competition {
  const c = useContext(CompetitionContext);
  if (!c) throw new Error('useCompetition outside a competition page');
  return c;
}

export default function CompetitionArea() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const comp = useQuery({
    queryKey: qk.competition(id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}', { params: { path: { id } } })),
    enabled: Number.isInteger(id) && id > 0,
  });
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (comp.isPending) return <LoadingState />;
  if (comp.isError) return <ErrorState error={comp.error} onRetry={() => void comp.refetch()} />;
  return (
    <CompetitionContext.Provider value={comp.data}>
      <Stack gap="md">
        <div>
          <Anchor component={Link} to="/panitia" size="sm">
            {t('organizer.allCompetitions')}
          </Anchor>
          <Title order={1}>{comp.data.name}</Title>
          <Text c="dimmed">{comp.data.year}</Text>
        </div>
        <ScrollArea type="auto" offsetScrollbars scrollbarSize={6}>
          <Group gap="xs" wrap="nowrap" component="nav" aria-label={t('organizer.competitionNav')}>
            {competitionPages.map((p) => (
              // Absolute: a relative link inside this splat route would resolve
              // below the page being shown (…/pengaturan/tahap).
              <NavLink key={p.path} to={`/panitia/kompetisi/${id}/${p.path}`} className="organizer-tab">
                {t(p.label)}
              </NavLink>
            ))}
          </Group>
        </ScrollArea>
        <Suspense fallback={<LoadingState />}>
          <Routes>
            <Route index element={<Navigate to={competitionPages[0].path} replace />} />
            {competitionPages.map((p) => (
              <Route key={p.path} path={`${p.path}/*`} element={<p.Component />} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </Stack>
    </CompetitionContext.Provider>
  );
}
