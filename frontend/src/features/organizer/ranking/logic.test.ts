import { describe, expect, it } from 'vitest';
import { agreementLevel, rankChanges, sortEntries, type RankedEntry, type Reliability } from './logic';

const e = (entry_id: number, rank: number, stddev = 0): RankedEntry =>
  ({ entry_id, rank, stddev }) as RankedEntry;

describe('ranking logic', () => {
  it('says how far each entry moved between raw and normalized', () => {
    const raw = [e(1, 1), e(2, 2), e(3, 3)];
    const norm = [e(2, 1), e(3, 2), e(1, 3)];
    const ch = rankChanges(raw, norm);
    expect(ch.get(2)).toBe(1);
    expect(ch.get(3)).toBe(1);
    expect(ch.get(1)).toBe(-2);
  });
  it('sorts by disagreement, ties in rank order', () => {
    const list = [e(1, 1, 2), e(2, 2, 20), e(3, 3, 20), e(4, 4, 0)];
    expect(sortEntries(list, 'disagreement').map((x) => x.entry_id)).toEqual([2, 3, 1, 4]);
    expect(sortEntries(list.reverse(), 'rank').map((x) => x.entry_id)).toEqual([1, 2, 3, 4]);
  });
  it('reads the ICC as docs/judging.md does', () => {
    const r = (icc: number | null, method: Reliability['method'] = 'ICC(2,k)') =>
      agreementLevel({ icc, method, icc_single: null, judges: 3, entries: 3 });
    expect(r(null, 'none')).toBe('none');
    expect(r(-0.1)).toBe('negative');
    expect(r(0.3)).toBe('poor');
    expect(r(0.56)).toBe('moderate');
    expect(r(0.8)).toBe('good');
    expect(r(0.93)).toBe('excellent');
  });
});
