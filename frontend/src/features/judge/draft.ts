// The scorecard as the page edits it, and its mapping to and from the API.
import type { Scorecard } from './api';

export interface ScoreDraft {
  scores: Record<number, { value: number | null; comment: string }>;
  comment: string;
}

export function draftOf(card: Scorecard | undefined): ScoreDraft {
  const scores: ScoreDraft['scores'] = {};
  for (const s of card?.scores ?? [])
    scores[s.criterion_id] = { value: s.value ?? null, comment: s.comment ?? '' };
  return { scores, comment: card?.comment ?? '' };
}

export function bodyOf(d: ScoreDraft, version: number) {
  return {
    version,
    comment: d.comment,
    scores: Object.entries(d.scores).map(([id, s]) => ({
      criterion_id: Number(id),
      value: s.value,
      comment: s.comment,
    })),
  };
}
