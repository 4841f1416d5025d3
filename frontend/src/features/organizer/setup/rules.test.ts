import { describe, expect, it } from 'vitest';
import {
  checkCompetition,
  checkCriteria,
  checkRound,
  checkSections,
  fromZoneInput,
  keyFrom,
  move,
  toZoneInput,
  totalIsHundred,
  weightTotal,
  type CriterionForm,
} from './rules';

const crit = (key: string, weight: number | string, extra: Partial<CriterionForm> = {}): CriterionForm => ({
  key,
  name: key,
  description: '',
  weight,
  min_score: 0,
  max_score: 10,
  step: 1,
  descriptors: { low: '', mid: '', high: '' },
  ...extra,
});

describe('rubric', () => {
  it('totals weights live and wants exactly 100', () => {
    const list = [crit('a', 30), crit('b', 20), crit('c', '50')];
    expect(weightTotal(list)).toBe(100);
    expect(checkCriteria(list, 'scoring')).toEqual({});
    const short = [crit('a', 30), crit('b', 20)];
    expect(weightTotal(short)).toBe(50);
    expect(checkCriteria(short, 'scoring').weight).toEqual({
      key: 'setup.rule.weightSum',
      values: { total: 50 },
    });
    // 0.1 + 0.2 style noise does not fail a sum that is 100.
    expect(totalIsHundred(weightTotal([crit('a', 33.3), crit('b', 33.3), crit('c', 33.4)]))).toBe(true);
    expect(totalIsHundred(99.99)).toBe(false);
  });
  it('names every bad field as the server does', () => {
    const p = checkCriteria(
      [crit('Bad Key', 0), crit('x', 50, { max_score: 0 }), crit('x', 50, { name: ' ', min_score: -1 })],
      'scoring',
    );
    expect(Object.keys(p).sort()).toEqual([
      'criteria[0].key',
      'criteria[0].weight',
      'criteria[1].max_score',
      'criteria[2].key',
      'criteria[2].min_score',
      'criteria[2].name',
    ]);
    expect(checkCriteria([], 'scoring').criteria?.key).toBe('setup.rule.needCriterion');
    expect(checkCriteria([], 'screening')).toEqual({});
  });
  it('moves criteria up and down, not past the ends', () => {
    expect(move([1, 2, 3], 1, -1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 1, 1)).toEqual([1, 3, 2]);
    const l = [1, 2];
    expect(move(l, 0, -1)).toBe(l);
    expect(move(l, 1, 1)).toBe(l);
  });
  it('makes keys from names', () => {
    expect(keyFrom('Kebaruan / Nilai Tambah', [])).toBe('kebaruan_nilai_tambah');
    expect(keyFrom('Aspek', ['aspek'])).toBe('aspek_2');
    expect(keyFrom('123', [])).toBe('aspek');
  });
});

describe('forms', () => {
  it('checks a competition', () => {
    const ok = {
      name: 'KIPP 2026',
      year: 2026,
      description: '',
      blind: false,
      submission_opens_at: '2026-03-01T00:00',
      submission_closes_at: '2026-04-01T00:00',
      max_entries_per_organization: 10,
    };
    expect(checkCompetition(ok)).toEqual({});
    expect(
      Object.keys(
        checkCompetition({ ...ok, name: '', year: 1999, submission_closes_at: '2026-02-01T00:00' }),
      ).sort(),
    ).toEqual(['name', 'submission_closes_at', 'year']);
  });
  it('checks a round and sections', () => {
    const r = {
      name: 'Penilaian',
      kind: 'scoring' as const,
      opens_at: '',
      closes_at: '',
      judges_per_entry: 2,
      max_per_judge: 0,
      advance_top_n: 10,
      passing_score: '',
    };
    expect(checkRound(r)).toEqual({});
    expect(Object.keys(checkRound({ ...r, judges_per_entry: 0, passing_score: 101 })).sort()).toEqual([
      'judges_per_entry',
      'passing_score',
    ]);
    const s = { key: 'ringkasan', title: 'Ringkasan', guidance: '', word_limit: 200, required: true };
    expect(checkSections([s, { ...s }])['sections[1].key']?.key).toBe('setup.rule.duplicateKey');
    expect(checkSections([{ ...s, word_limit: 20001 }])['sections[0].word_limit']).toBeDefined();
  });
});

describe('times in the competition zone', () => {
  it('reads and writes WIB whatever the device zone', () => {
    expect(toZoneInput('2026-03-01T17:00:00Z', 'Asia/Jakarta')).toBe('2026-03-02T00:00');
    expect(fromZoneInput('2026-03-02T00:00', 'Asia/Jakarta')).toBe('2026-03-01T17:00:00Z');
    expect(fromZoneInput('', 'Asia/Jakarta')).toBeNull();
    expect(toZoneInput(null, 'Asia/Jakarta')).toBe('');
  });
});
