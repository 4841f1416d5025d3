// The organizer area's pages, in one list each, so a feature adds its page
// with one line: `areaPages` live under /panitia/<path> (people, a new
// competition), `competitionPages` under /panitia/kompetisi/:id/<path> and
// appear, in this order, in the competition's navigation. Every page is its
// own chunk. `label` is an i18next key.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type OrganizerPage = {
  path: string;
  label: string;
  Component: LazyExoticComponent<ComponentType>;
};

export const areaPages: OrganizerPage[] = [
  // setup and people (issue 11)
  { path: 'baru', label: 'setup.nav.new', Component: lazy(() => import('./setup/NewCompetition')) },
  { path: 'opd', label: 'people.nav.opd', Component: lazy(() => import('./people/Organizations')) },
  { path: 'pengguna', label: 'people.nav.users', Component: lazy(() => import('./people/Users')) },
];

export const competitionPages: [OrganizerPage, ...OrganizerPage[]] = [
  { path: 'dasbor', label: 'dashboard.nav', Component: lazy(() => import('./dashboard/Dashboard')) },
  // setup and people (issue 11)
  {
    path: 'pengaturan',
    label: 'setup.nav.settings',
    Component: lazy(() => import('./setup/CompetitionSettings')),
  },
  { path: 'tahap', label: 'setup.nav.rounds', Component: lazy(() => import('./setup/Rounds')) },
  { path: 'juri', label: 'people.nav.members', Component: lazy(() => import('./people/Members')) },
  {
    path: 'penyaringan',
    label: 'screening.nav',
    Component: lazy(() => import('./screening/ScreeningQueue')),
  },
  {
    path: 'penugasan',
    label: 'assignment.nav',
    Component: lazy(() => import('./assignment/AssignmentPage')),
  },
  { path: 'peringkat', label: 'results.nav.ranking', Component: lazy(() => import('./ranking/RankingPage')) },
  {
    path: 'keberatan',
    label: 'orgObjections.nav',
    Component: lazy(() => import('./objections/ObjectionsPage')),
  },
  { path: 'audit', label: 'orgAudit.nav', Component: lazy(() => import('./audit/AuditPage')) },
];
