// Word counting exactly as the server counts (proposal.Words in
// proposal/proposal.go): a word is a run of letters, digits, apostrophes
// (' and ’) and hyphens, so punctuation and line breaks never count. The
// browser shows the same number the server checks on submit.

const wordChar = /[\p{L}\p{Nd}'’-]/u;

/** Counts the words of text the way the server does. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  // for..of walks code points, as Go's range over a string walks runes.
  for (const ch of text) {
    const isWord = wordChar.test(ch);
    if (isWord && !inWord) n++;
    inWord = isWord;
  }
  return n;
}

export type WordState = 'empty' | 'ok' | 'near' | 'over';

/** How a section's count stands against its limit (0 = no limit). */
export function wordState(count: number, limit: number): WordState {
  if (count === 0) return 'empty';
  if (limit <= 0) return 'ok';
  if (count > limit) return 'over';
  if (count >= limit * 0.9) return 'near';
  return 'ok';
}
