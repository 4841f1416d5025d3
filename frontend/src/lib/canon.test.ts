import { describe, expect, it } from 'vitest';
import fixtures from './canon.fixtures.json';
import { canonicalJSON, checkDigest, sha256Hex } from './canon';

// The fixtures are written by the Go test canon/fixtures_test.go with the
// server's own code: both sides are checked against the same file.
describe('canonical JSON, as the server computes it', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });
  for (const f of fixtures) {
    it(f.name, async () => {
      const parsed: unknown = JSON.parse(f.input);
      expect(canonicalJSON(parsed)).toBe(f.canonical);
      // Canonicalizing the canonical form changes nothing.
      expect(canonicalJSON(JSON.parse(f.canonical))).toBe(f.canonical);
      expect(await sha256Hex(canonicalJSON(parsed))).toBe(f.digest);
      expect(await checkDigest(parsed, f.digest)).toEqual({ computed: f.digest, matches: true });
    });
  }

  it('notices one changed mean', async () => {
    const table = JSON.parse(fixtures[0]!.input) as { criteria?: { mean: number }[] }[];
    table[0]!.criteria![0]!.mean += 0.01;
    const r = await checkDigest(table, fixtures[0]!.digest);
    expect(r.matches).toBe(false);
    expect(r.computed).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sorts keys by code point like Go, not by UTF-16 unit', () => {
    expect(canonicalJSON({ '\uffff': 1, '🙂': 2 })).toBe('{"\uffff":1,"🙂":2}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJSON(Number.NaN)).toThrow();
    expect(() => canonicalJSON(() => 1)).toThrow();
  });
});
