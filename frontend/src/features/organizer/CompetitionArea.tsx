// One competition seen by its organizer: its name, the navigation between its
// pages (the list in pages.tsx) and the page itself. The competition is loaded
// once here and handed to every page through useCompetition().
import { Anchor, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createContext, Suspense, useContext, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes, useLocation, useParams } from 'react-router';
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

// The competition's pages as tabs that scroll sideways on a phone, the
// current one scrolled into view (on a phone it is often off screen).
function CompetitionNav({ id }: { id: number }) {
  const { t } = useTranslation();
  const nav = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    const active = nav.current?.querySelector<HTMLElement>('a.active');
    active?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <ScrollArea type="auto" offsetScrollbars scrollbarSize={6}>
      <Group ref={nav} gap="xs" wrap="nowrap" component="nav" aria-label={t('organizer.competitionNav')}>
        {competitionPages.map((p) => (
          // Absolute: a relative link inside this splat route would resolve
          // below the page being shown (…/pengaturan/tahap).
          <NavLink key={p.path} to={`/panitia/kompetisi/${id}/${p.path}`} className="organizer-tab">
            {t(p.label)}
          </NavLink>
        ))}
      </Group>
    </ScrollArea>
  );
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
        <CompetitionNav id={id} />
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
