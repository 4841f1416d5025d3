// Where the judge stands: progress by round and which assignment comes next.
import type { components } from '../../api/schema';

type Assignment = components['schemas']['Assignment'];

export interface RoundProgress {
  roundId: number;
  total: number;
  done: number;
  assignments: Assignment[];
}

/** Assignments by round, in the server's order (round, then entry), with how many are submitted. */
export function byRound(items: Assignment[]): RoundProgress[] {
  const out = new Map<number, RoundProgress>();
  for (const a of items) {
    const r = out.get(a.round_id) ?? { roundId: a.round_id, total: 0, done: 0, assignments: [] };
    r.total++;
    if (a.status === 'submitted') r.done++;
    r.assignments.push(a);
    out.set(a.round_id, r);
  }
  return [...out.values()];
}

/** The next assignment to score after `current`: the next unfinished one in order, wrapping round. */
export function nextUnfinished(items: Assignment[], current: number | null): Assignment | undefined {
  const start = current === null ? -1 : items.findIndex((a) => a.id === current);
  for (let i = 1; i <= items.length; i++) {
    const a = items[(start + i + items.length) % items.length];
    if (a && a.id !== current && a.status !== 'submitted') return a;
  }
  return undefined;
}

/** The assignment before or after `current` in list order (j/k). */
export function neighbour(items: Assignment[], current: number, delta: 1 | -1): Assignment | undefined {
  const i = items.findIndex((a) => a.id === current);
  if (i < 0) return undefined;
  return items[i + delta];
}
