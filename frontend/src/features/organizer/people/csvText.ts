// The text of a chosen CSV file. Excel on Windows saves "CSV (Comma
// delimited)" in Windows-1252, not UTF-8; read as UTF-8 its accented
// letters (é, ñ, ü in names, the en dash) would turn into U+FFFD and be lost
// without a word. A file that is not valid UTF-8 is read as Windows-1252
// instead, and the page says so; what is sent to the server is UTF-8.

export type CsvText = { text: string; encoding: 'utf-8' | 'windows-1252' };

// Windows-1252's 0x80..0x9F, where it differs from Latin-1 (WHATWG's
// index). Browsers decode them so already; Node without full ICU gives the
// C1 controls U+0080..U+009F, which this maps. Holes stay as they are.
const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function decodeCsv(bytes: ArrayBuffer | Uint8Array): CsvText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = new TextDecoder('windows-1252')
      .decode(bytes)
      .replace(/[\u0080-\u009f]/g, (c) => high[c.charCodeAt(0) - 0x80] ?? c);
    return { text, encoding: 'windows-1252' };
  }
}
