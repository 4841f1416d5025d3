import { describe, expect, it } from 'vitest';
import { decodeCsv } from './csvText';

describe('decodeCsv', () => {
  it('reads UTF-8, with or without its byte-order mark', () => {
    const utf8 = new TextEncoder().encode('email,name\nandré@dinkes.go.id,André Wijaya – Kepala\n');
    expect(decodeCsv(utf8)).toEqual({
      text: 'email,name\nandré@dinkes.go.id,André Wijaya – Kepala\n',
      encoding: 'utf-8',
    });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('code,name\n')]);
    expect(decodeCsv(bom).text).toBe('code,name\n');
  });

  it("reads Excel's Windows-1252 without losing the accented letters", () => {
    // "José Müller – Dinas" as Excel on Windows saves it: é 0xE9, ü 0xFC, en dash 0x96.
    const cp1252 = new Uint8Array([
      0x4a, 0x6f, 0x73, 0xe9, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x96, 0x20, 0x44, 0x69, 0x6e,
      0x61, 0x73,
    ]);
    const got = decodeCsv(cp1252);
    expect(got.encoding).toBe('windows-1252');
    expect(got.text).toBe('José Müller – Dinas');
    expect(got.text).not.toContain('\uFFFD');
    // The ends of the range that differs from Latin-1: the euro and Ÿ.
    expect(decodeCsv(new Uint8Array([0x80, 0x9f, 0xff])).text).toBe('€Ÿÿ');
  });
});
