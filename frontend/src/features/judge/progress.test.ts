import { describe, expect, it } from 'vitest';
import type { Assignment } from './api';
import { byRound, neighbour, nextUnfinished } from './progress';

const a = (id: number, round_id: number, status: Assignment['status']): Assignment =>
  ({ id, round_id, entry_id: id, judge_id: 1, source: 'auto', status, updated_at: '' }) as Assignment;

const items = [
  a(1, 10, 'submitted'),
  a(2, 10, 'draft'),
  a(3, 10, 'submitted'),
  a(4, 10, 'pending'),
  a(5, 11, 'pending'),
];

describe('judge progress', () => {
  it('counts done per round', () => {
    expect(byRound(items).map((r) => [r.roundId, r.done, r.total])).toEqual([
      [10, 2, 4],
      [11, 0, 1],
    ]);
  });
  it('finds the next unfinished assignment, wrapping round', () => {
    expect(nextUnfinished(items, 2)?.id).toBe(4);
    expect(nextUnfinished(items, 5)?.id).toBe(2);
    expect(nextUnfinished(items, null)?.id).toBe(2);
    expect(nextUnfinished([a(1, 1, 'submitted')], 1)).toBeUndefined();
  });
  it('moves to neighbours for j and k', () => {
    expect(neighbour(items, 2, 1)?.id).toBe(3);
    expect(neighbour(items, 1, -1)).toBeUndefined();
  });
});
