// The server's rules for a competition's setup, checked in the browser first
// (api/openapi.yaml and handlers/: competitions, categories, sections,
// rounds, criteria): each check answers an i18next key with its values, or
// nothing. The server still decides; its 422s land on the same fields.

export type Problem = { key: string; values?: Record<string, unknown> };
export type Problems = Record<string, Problem>;

export const keyPattern = /^[a-z][a-z0-9_]{0,63}$/;
export const codePattern = /^[A-Za-z0-9._-]{1,32}$/;

function text(v: string, max: number, required = true): Problem | undefined {
  const s = v.trim();
  if (required && s === '') return { key: 'setup.rule.required' };
  if ([...s].length > max) return { key: 'setup.rule.tooLong', values: { max } };
  return undefined;
}

function intIn(v: number | string, min: number, max: number): Problem | undefined {
  const n = typeof v === 'number' ? v : Number(v);
  if (v === '' || !Number.isInteger(n) || n < min || n > max)
    return { key: 'setup.rule.intRange', values: { min, max } };
  return undefined;
}

function put(p: Problems, field: string, pr: Problem | undefined) {
  if (pr && !p[field]) p[field] = pr;
}

export type CompetitionForm = {
  name: string;
  year: number | string;
  description: string;
  blind: boolean;
  submission_opens_at: string; // datetime-local text in the competition's zone, or ''
  submission_closes_at: string;
  max_entries_per_organization: number | string;
};

export function checkCompetition(v: CompetitionForm): Problems {
  const p: Problems = {};
  put(p, 'name', text(v.name, 200));
  put(p, 'year', intIn(v.year, 2000, 2100));
  put(p, 'max_entries_per_organization', intIn(v.max_entries_per_organization, 0, 1000));
  if (v.submission_opens_at && v.submission_closes_at && v.submission_closes_at <= v.submission_opens_at)
    put(p, 'submission_closes_at', { key: 'setup.rule.closesAfterOpens' });
  return p;
}

export type CategoryForm = { name: string; group: string };

export function checkCategory(v: CategoryForm): Problems {
  const p: Problems = {};
  put(p, 'name', text(v.name, 200));
  if (!['umum', 'replikasi', 'khusus'].includes(v.group)) put(p, 'group', { key: 'setup.rule.required' });
  return p;
}

export type SectionForm = {
  key: string;
  title: string;
  guidance: string;
  word_limit: number | string;
  required: boolean;
};

/** Field names as the server names them: sections[i].key, ... */
export function checkSections(list: SectionForm[]): Problems {
  const p: Problems = {};
  const seen = new Map<string, number>();
  list.forEach((s, i) => {
    if (!keyPattern.test(s.key)) put(p, `sections[${i}].key`, { key: 'setup.rule.key' });
    else if (seen.has(s.key))
      put(p, `sections[${i}].key`, { key: 'setup.rule.duplicateKey', values: { n: seen.get(s.key)! + 1 } });
    seen.set(s.key, i);
    put(p, `sections[${i}].title`, text(s.title, 200));
    put(p, `sections[${i}].word_limit`, intIn(s.word_limit, 0, 20000));
  });
  return p;
}

export type RoundForm = {
  name: string;
  kind: 'screening' | 'scoring';
  opens_at: string;
  closes_at: string;
  judges_per_entry: number | string;
  max_per_judge: number | string;
  advance_top_n: number | string;
  passing_score: number | string; // '' = none
};

export function checkRound(v: RoundForm): Problems {
  const p: Problems = {};
  put(p, 'name', text(v.name, 200));
  put(p, 'judges_per_entry', intIn(v.judges_per_entry, 1, 20));
  put(p, 'max_per_judge', intIn(v.max_per_judge, 0, 100000));
  put(p, 'advance_top_n', intIn(v.advance_top_n, 1, 100000));
  if (v.passing_score !== '') {
    const n = Number(v.passing_score);
    if (!Number.isFinite(n) || n < 0 || n > 100)
      put(p, 'passing_score', { key: 'setup.rule.numRange', values: { min: 0, max: 100 } });
  }
  if (v.opens_at && v.closes_at && v.closes_at <= v.opens_at)
    put(p, 'closes_at', { key: 'setup.rule.closesAfterOpens' });
  return p;
}

export type CriterionForm = {
  key: string;
  name: string;
  description: string;
  weight: number | string;
  min_score: number | string;
  max_score: number | string;
  step: 1 | 0.5;
  descriptors: { low: string; mid: string; high: string };
};

/** The rubric's total weight (float noise below a millionth removed, as the server tolerates). */
export function weightTotal(list: CriterionForm[]): number {
  const sum = list.reduce((s, c) => s + (Number.isFinite(Number(c.weight)) ? Number(c.weight) : 0), 0);
  return Math.round(sum * 1e6) / 1e6;
}

/** Whether total is 100 within the server's tolerance. */
export function totalIsHundred(total: number): boolean {
  return Math.abs(total - 100) < 1e-6;
}

/** Field names as the server names them: criteria[i].weight, ..., and weight for the sum. */
export function checkCriteria(list: CriterionForm[], kind: 'screening' | 'scoring'): Problems {
  const p: Problems = {};
  if (kind === 'screening') {
    if (list.length > 0) put(p, 'criteria', { key: 'setup.rule.screeningNoRubric' });
    return p;
  }
  if (list.length === 0) {
    put(p, 'criteria', { key: 'setup.rule.needCriterion' });
    return p;
  }
  const seen = new Map<string, number>();
  list.forEach((c, i) => {
    if (!keyPattern.test(c.key)) put(p, `criteria[${i}].key`, { key: 'setup.rule.key' });
    else if (seen.has(c.key))
      put(p, `criteria[${i}].key`, { key: 'setup.rule.duplicateKey', values: { n: seen.get(c.key)! + 1 } });
    seen.set(c.key, i);
    put(p, `criteria[${i}].name`, text(c.name, 200));
    const w = Number(c.weight);
    if (c.weight === '' || !Number.isFinite(w) || w <= 0 || w > 100)
      put(p, `criteria[${i}].weight`, { key: 'setup.rule.weight' });
    const lo = Number(c.min_score);
    const hi = Number(c.max_score);
    if (c.min_score === '' || !Number.isFinite(lo) || lo < 0)
      put(p, `criteria[${i}].min_score`, { key: 'setup.rule.minScore' });
    if (c.max_score === '' || !Number.isFinite(hi) || hi > 1000)
      put(p, `criteria[${i}].max_score`, { key: 'setup.rule.maxScore' });
    else if (Number.isFinite(lo) && hi <= lo)
      put(p, `criteria[${i}].max_score`, { key: 'setup.rule.maxAboveMin' });
  });
  const total = weightTotal(list);
  if (!totalIsHundred(total)) put(p, 'weight', { key: 'setup.rule.weightSum', values: { total } });
  return p;
}

/** A copy of list with the item at i moved by delta (-1 up, +1 down); unchanged at the ends. */
export function move<T>(list: T[], i: number, delta: -1 | 1): T[] {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return list;
  const out = list.slice();
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** A key made from a name, for a new criterion or section ("Kebaruan / Nilai" -> "kebaruan_nilai"). */
export function keyFrom(name: string, taken: string[]): string {
  let base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 48);
  if (!base) base = 'aspek';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

// Times: the inputs hold "YYYY-MM-DDTHH:mm" in the competition's zone (WIB),
// whatever the device's zone is; the API speaks RFC 3339 in UTC.

function zoneOffsetMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUTC = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUTC - Math.floor(at.getTime() / 60000) * 60000) / 60000);
}

/** An API time as the text of a datetime-local input in zone. */
export function toZoneInput(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const local = new Date(d.getTime() + zoneOffsetMinutes(d, zone) * 60000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local text read in zone, as an API time (null when empty or unreadable). */
export function fromZoneInput(value: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const asUTC = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const guess = new Date(asUTC - zoneOffsetMinutes(new Date(asUTC), zone) * 60000);
  return new Date(asUTC - zoneOffsetMinutes(guess, zone) * 60000).toISOString().replace('.000Z', 'Z');
}
