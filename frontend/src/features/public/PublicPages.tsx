// The public pages, one lazy chunk: a visitor's phone downloads it only when
// it opens a competition or a result.
export { CompetitionsPage, CompetitionPage } from './CompetitionPages';
export { ResultsPage } from './ResultsPage';
