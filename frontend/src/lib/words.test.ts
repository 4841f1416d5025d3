import { describe, expect, it } from 'vitest';
import { countWords, wordState } from './words';

// The cases of proposal/proposal_test.go plus the edges where a naive
// split(/\s+/) would differ from the server.
describe('countWords', () => {
  const cases: [string, number][] = [
    ['', 0],
    ['   \n\t ', 0],
    ['satu', 1],
    ['satu dua tiga', 3],
    ['Inovasi "Jemput Bola" di 19 kecamatan.', 6],
    ['a,b;c', 3],
    ['— – ... !!!', 0],
    ['e-KTP dan QR-code', 3],
    ["Jum'at pagi", 2],
    ['Jum’at pagi', 2],
    ['line\nbreak\r\nwords', 3],
    ['2020/2021', 2],
    ['Rp 1.500.000', 4],
    ['naïve café', 2],
    ['日本語 テキスト', 2],
    ['١٢٣ ٤٥', 2],
    ['emoji 🎉 tidak', 2],
    ['x²', 1],
    ['Ⅻ roman', 1],
  ];
  for (const [text, want] of cases) {
    it(`counts ${JSON.stringify(text)} as ${want}`, () => {
      expect(countWords(text)).toBe(want);
    });
  }
  it('counts a long text in one pass', () => {
    expect(countWords('kata '.repeat(10001))).toBe(10001);
  });
});

describe('wordState', () => {
  it('reads a count against its limit', () => {
    expect(wordState(0, 200)).toBe('empty');
    expect(wordState(10, 0)).toBe('ok');
    expect(wordState(179, 200)).toBe('ok');
    expect(wordState(180, 200)).toBe('near');
    expect(wordState(200, 200)).toBe('near');
    expect(wordState(201, 200)).toBe('over');
  });
});
