import { describe, expect, it } from 'vitest';
import {
  allowedValues,
  maxReachable,
  parseTyped,
  scoredCount,
  stepValue,
  validValue,
  weightedTotal,
} from './total';

// The KIPP desk rubric: weights 10, 15, 5, 30, 20, 5, 15 on 0-10 in half points.
const kipp = [10, 15, 5, 30, 20, 5, 15].map((weight, i) => ({
  id: i + 1,
  weight,
  min_score: 0,
  max_score: 10,
  step: 0.5,
}));

describe('weightedTotal', () => {
  it('is null before any value', () => {
    expect(weightedTotal(kipp, {})).toBeNull();
    expect(weightedTotal(kipp, { 1: null })).toBeNull();
  });
  it('is 100 for full marks and 0 for zeros', () => {
    const full = Object.fromEntries(kipp.map((c) => [c.id, 10]));
    const zero = Object.fromEntries(kipp.map((c) => [c.id, 0]));
    expect(weightedTotal(kipp, full)).toBe(100);
    expect(weightedTotal(kipp, zero)).toBe(0);
  });
  it('weighs each value by weight / max', () => {
    // 10*7/10 + 30*8.5/10 = 7 + 25.5
    expect(weightedTotal(kipp, { 1: 7, 4: 8.5 })).toBe(32.5);
  });
  it('uses each criterion maximum', () => {
    const mixed = [
      { id: 1, weight: 70, min_score: 0, max_score: 5, step: 1 },
      { id: 2, weight: 30, min_score: 1, max_score: 4, step: 1 },
    ];
    // 70*3/5 + 30*2/4 = 42 + 15
    expect(weightedTotal(mixed, { 1: 3, 2: 2 })).toBe(57);
  });
  it('rounds to two decimals', () => {
    const thirds = [{ id: 1, weight: 100, min_score: 0, max_score: 3, step: 1 }];
    expect(weightedTotal(thirds, { 1: 1 })).toBe(33.33);
  });
  it('reports the reachable maximum and the count', () => {
    expect(maxReachable(kipp, { 4: 5 })).toBe(85);
    expect(scoredCount(kipp, { 1: 0, 2: null, 4: 5 })).toBe(2);
  });
});

describe('values', () => {
  const c = kipp[0]!;
  it('accepts only values on the step inside the range', () => {
    expect(validValue(c, 7.5)).toBe(true);
    expect(validValue(c, 7.25)).toBe(false);
    expect(validValue(c, 10.5)).toBe(false);
    expect(validValue(c, -0.5)).toBe(false);
    expect(validValue({ ...c, step: 1 }, 7.5)).toBe(false);
  });
  it('lists every allowed value', () => {
    expect(allowedValues(c)).toHaveLength(21);
    expect(allowedValues({ ...c, min_score: 1, max_score: 5, step: 1 })).toEqual([1, 2, 3, 4, 5]);
  });
  it('steps inside the range', () => {
    expect(stepValue(c, null, 1)).toBe(0);
    expect(stepValue(c, null, -1)).toBe(10);
    expect(stepValue(c, 9.5, 1)).toBe(10);
    expect(stepValue(c, 10, 1)).toBe(10);
    expect(stepValue(c, 0, -1)).toBe(0);
  });
  it('parses typed digits', () => {
    expect(parseTyped(c, '7')).toBe(7);
    expect(parseTyped(c, '10')).toBe(10);
    expect(parseTyped(c, '7.')).toBe(7.5);
    expect(parseTyped(c, '7,5')).toBe(7.5);
    expect(parseTyped(c, '11')).toBeNull();
    expect(parseTyped({ ...c, step: 1 }, '7.')).toBeNull();
    expect(parseTyped(c, 'x')).toBeNull();
  });
});
