// The weighted total of one judge's scorecard, as the server computes it
// (judging/ and the Scorecard schema): the sum over criteria of
// weight x value / max_score, on the 0-100 scale when the weights sum to 100.

export interface RubricCriterion {
  id: number;
  weight: number;
  min_score: number;
  max_score: number;
  step: number;
}

export type Values = Record<number, number | null | undefined>;

/** The weighted total of the values given so far; null when none is. */
export function weightedTotal(criteria: RubricCriterion[], values: Values): number | null {
  let sum = 0;
  let any = false;
  for (const c of criteria) {
    const v = values[c.id];
    if (v === null || v === undefined || c.max_score <= 0) continue;
    sum += (c.weight * v) / c.max_score;
    any = true;
  }
  return any ? Math.round(sum * 100) / 100 : null;
}

/** The most the total can still reach with the criteria left unscored at their maximum. */
export function maxReachable(criteria: RubricCriterion[], values: Values): number {
  let sum = 0;
  for (const c of criteria) {
    const v = values[c.id];
    sum += v === null || v === undefined ? c.weight : (c.weight * v) / c.max_score;
  }
  return Math.round(sum * 100) / 100;
}

/** How many criteria have a value. */
export function scoredCount(criteria: RubricCriterion[], values: Values): number {
  return criteria.filter((c) => values[c.id] !== null && values[c.id] !== undefined).length;
}

/** Whether v is a value the server accepts for c: within the range and on the step. */
export function validValue(c: RubricCriterion, v: number): boolean {
  if (!Number.isFinite(v) || v < c.min_score || v > c.max_score) return false;
  const steps = (v - c.min_score) / (c.step || 1);
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** Every value c allows, lowest first. */
export function allowedValues(c: RubricCriterion): number[] {
  const step = c.step || 1;
  const out: number[] = [];
  for (let i = 0; c.min_score + i * step <= c.max_score + 1e-9; i++) {
    out.push(Math.round((c.min_score + i * step) * 1000) / 1000);
  }
  return out;
}

/** v moved by delta steps, kept inside the range; from nothing it starts at the minimum. */
export function stepValue(c: RubricCriterion, v: number | null | undefined, delta: number): number {
  const step = c.step || 1;
  if (v === null || v === undefined) return delta > 0 ? c.min_score : c.max_score;
  const next = Math.round((v + delta * step) * 1000) / 1000;
  return Math.min(c.max_score, Math.max(c.min_score, next));
}

/**
 * Turns typed digits into a value: "7" is 7, "10" is 10, "7." or "7," is 7.5
 * when the step allows halves. Returns null for input that names no allowed value.
 */
export function parseTyped(c: RubricCriterion, typed: string): number | null {
  const t = typed.replace(',', '.');
  if (!/^\d+(\.5?)?$/.test(t)) return null;
  const v = t.endsWith('.') ? Number(t.slice(0, -1)) + 0.5 : Number(t);
  return validValue(c, v) ? v : null;
}
