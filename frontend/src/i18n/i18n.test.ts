// Every key the code uses exists in both languages, and both languages hold
// the same keys (English may add plural forms).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { translations } from './resources';

const { id, en } = translations;

function flatten(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? flatten(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const base = (k: string) => k.replace(/_(one|other)$/, '');
const idKeys = new Set(flatten(id).map(base));
const enKeys = new Set(flatten(en).map(base));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') ? [p] : [];
  });
}

describe('translations', () => {
  it('hold the same keys in Indonesian and English', () => {
    expect([...idKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !idKeys.has(k))).toEqual([]);
  });
  it('hold every literal key the code uses', () => {
    const used = new Set<string>();
    for (const file of sources(join(import.meta.dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/key: '([a-z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'(next\.[a-zA-Z]+|upload\.[a-zA-Z]+Label|upload\.drop[a-zA-Z]+)'/g))
        used.add(m[1]!);
    }
    expect([...used].filter((k) => !idKeys.has(k))).toEqual([]);
  });
  it('name every status, save state and error code', () => {
    for (const s of ['draft', 'submitted', 'returned', 'eligible', 'ineligible', 'withdrawn', 'finalist']) {
      expect(idKeys.has(`status.${s}`)).toBe(true);
    }
    for (const s of ['saved', 'pending', 'saving', 'offline', 'conflict', 'failed']) {
      expect(idKeys.has(`save.${s}`) && idKeys.has(`save.hint.${s}`)).toBe(true);
    }
    for (const c of [
      'validation_failed',
      'conflict',
      'deadline_passed',
      'payload_too_large',
      'unsupported_media_type',
      'network',
    ]) {
      expect(idKeys.has(`errors.${c}`)).toBe(true);
    }
  });
});
