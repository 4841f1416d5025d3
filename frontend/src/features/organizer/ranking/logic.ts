// Pure helpers of the ranking page: how an entry's rank moved between the raw
// and the normalized ranking, the sort by disagreement, and the reading of the
// jury's agreement figure.
import type { components } from '../../../api/schema';

export type RankedEntry = components['schemas']['RankedEntry'];
export type Reliability = components['schemas']['Reliability'];

/** Raw rank minus normalized rank: positive means the entry moved up. */
export function rankChanges(raw: RankedEntry[], shown: RankedEntry[]): Map<number, number> {
  const before = new Map(raw.map((e) => [e.entry_id, e.rank]));
  const out = new Map<number, number>();
  for (const e of shown) {
    const r = before.get(e.entry_id);
    if (r !== undefined) out.set(e.entry_id, r - e.rank);
  }
  return out;
}

export type SortKey = 'rank' | 'disagreement';

/** The entries in rank order, or most disagreed on first (largest spread, then rank). */
export function sortEntries(entries: RankedEntry[], key: SortKey): RankedEntry[] {
  const out = [...entries];
  if (key === 'disagreement') out.sort((a, b) => b.stddev - a.stddev || a.rank - b.rank);
  else out.sort((a, b) => a.rank - b.rank);
  return out;
}

export type AgreementLevel = 'none' | 'negative' | 'poor' | 'moderate' | 'good' | 'excellent';

/** The usual reading of an ICC (docs/judging.md): below 0.5 poor, to 0.75 moderate, to 0.9 good. */
export function agreementLevel(r: Reliability): AgreementLevel {
  if (r.icc === null || r.method === 'none') return 'none';
  if (r.icc < 0) return 'negative';
  if (r.icc < 0.5) return 'poor';
  if (r.icc < 0.75) return 'moderate';
  if (r.icc < 0.9) return 'good';
  return 'excellent';
}
