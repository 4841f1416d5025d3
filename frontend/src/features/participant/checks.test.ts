import { describe, expect, it } from 'vitest';
import { serverGaps, submissionGaps } from './checks';

const sections = [
  { key: 'ringkasan', title: 'Ringkasan', guidance: '', word_limit: 5, required: true },
  { key: 'kebaruan', title: 'Kebaruan', guidance: '', word_limit: 0, required: true },
  { key: 'lain', title: 'Lain-lain', guidance: '', word_limit: 3, required: false },
];

describe('submissionGaps', () => {
  it('lists every gap the server would find', () => {
    const gaps = submissionGaps(
      sections,
      { title: ' ', category_id: null, sections: { ringkasan: 'satu dua tiga empat lima enam', lain: '' } },
      false,
    );
    expect(gaps.map((g) => g.field)).toEqual([
      'title',
      'category_id',
      'sections.ringkasan',
      'sections.kebaruan',
      'files',
    ]);
    expect(gaps[2]).toEqual({
      field: 'sections.ringkasan',
      key: 'gaps.overLimit',
      values: { title: 'Ringkasan', count: 6, limit: 5 },
    });
  });
  it('is empty for a complete draft', () => {
    expect(
      submissionGaps(
        sections,
        { title: 'Judul', category_id: 2, sections: { ringkasan: 'satu dua', kebaruan: 'baru' } },
        true,
      ),
    ).toEqual([]);
  });
  it('counts words as the server does at the limit', () => {
    // Five words with punctuation and a hyphenated word: exactly at the limit.
    const gaps = submissionGaps(
      sections,
      { title: 'J', category_id: 1, sections: { ringkasan: 'e-KTP, KIA; dan (akta) lahir.', kebaruan: 'x' } },
      true,
    );
    expect(gaps).toEqual([]);
  });
});

describe('serverGaps', () => {
  it('names sections by their title', () => {
    expect(serverGaps({ 'sections.kebaruan': 'Kebaruan is required', files: 'upload' }, sections)).toEqual([
      {
        field: 'sections.kebaruan',
        key: 'gaps.server',
        values: { title: 'Kebaruan', message: 'Kebaruan is required' },
      },
      { field: 'files', key: 'gaps.proposalFile', values: {} },
    ]);
  });
});
