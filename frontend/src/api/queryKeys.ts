// One factory for every query key, so a mutation invalidates exactly what it
// changed (and issue 11's pages add theirs here).
export const qk = {
  settings: () => ['settings'] as const,
  me: () => ['me'] as const,
  organizations: () => ['organizations'] as const,
  competitions: () => ['competitions'] as const,
  competition: (id: number) => ['competitions', id] as const,
  sections: (competitionId: number) => ['competitions', competitionId, 'sections'] as const,
  categories: (competitionId: number) => ['competitions', competitionId, 'categories'] as const,
  rounds: (competitionId: number) => ['competitions', competitionId, 'rounds'] as const,
  entries: (competitionId: number) => ['competitions', competitionId, 'entries'] as const,
  myEntries: () => ['entries', 'mine'] as const,
  entry: (id: number) => ['entries', id] as const,
  feedback: (entryId: number) => ['entries', entryId, 'feedback'] as const,
  criteria: (roundId: number) => ['rounds', roundId, 'criteria'] as const,
  myAssignments: () => ['assignments', 'mine'] as const,
  scorecard: (assignmentId: number) => ['assignments', assignmentId, 'scorecard'] as const,
  stats: (competitionId: number) => ['competitions', competitionId, 'stats'] as const,
  // setup and people (issue 11)
  users: () => ['users'] as const,
  members: (competitionId: number) => ['competitions', competitionId, 'members'] as const,
  conflicts: (competitionId: number) => ['competitions', competitionId, 'conflicts'] as const,
  // The dashboard, the screening queue and judge assignment.
  reminders: (competitionId: number) => ['competitions', competitionId, 'reminders'] as const,
  screeningQueue: (competitionId: number) => ['competitions', competitionId, 'entries', 'screening'] as const,
  roundEntries: (competitionId: number, roundId: number) =>
    ['competitions', competitionId, 'entries', 'round', roundId] as const,
  roundAssignments: (roundId: number) => ['rounds', roundId, 'assignments'] as const,
  competitionJudges: (competitionId: number) => ['competitions', competitionId, 'members', 'judges'] as const,
  competitionConflicts: (competitionId: number) => ['competitions', competitionId, 'conflicts'] as const,
  // results (ranking, advance, publish, objections, audit)
  rankings: (roundId: number) => ['rounds', roundId, 'ranking'] as const,
  ranking: (roundId: number, method: string, normalize: string, categoryId: number | null) =>
    ['rounds', roundId, 'ranking', method, normalize, categoryId] as const,
  objections: (competitionId: number) => ['competitions', competitionId, 'objections'] as const,
  audit: (competitionId: number, page: number) => ['competitions', competitionId, 'audit', page] as const,
  auditAll: (competitionId: number) => ['competitions', competitionId, 'audit'] as const,
  publicationsOfAll: () => ['publications', 'all'] as const,
  publicationOf: (id: number) => ['publications', id] as const,
  /** Everything the public pages read (features/public/api.ts builds on it). */
  publicRoot: () => ['public'] as const,
};
