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

export const areaPages: OrganizerPage[] = [];

export const competitionPages: [OrganizerPage, ...OrganizerPage[]] = [
  { path: 'ringkasan', label: 'organizer.overview', Component: lazy(() => import('./CompetitionOverview')) },
];
