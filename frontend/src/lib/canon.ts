// The canonical JSON of a publication's table, exactly as the server writes
// it (Go package canon): object keys sorted by code point, no whitespace, no
// HTML escaping, numbers in their shortest form, and its SHA-256. The
// results page recomputes a publication's digest with these from its own
// data; canon.test.ts checks them against fixtures the Go tests write.

function quote(s: string): string {
  // JSON.stringify escapes what Go escapes (quote, backslash, control
  // characters, \b \f \n \r \t, lower-case \u00xx), except U+2028 and U+2029,
  // which Go's encoder always escapes.
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

const utf8 = new TextEncoder();

/** Orders keys as Go does: by their UTF-8 bytes, which is code-point order (not UTF-16 units). */
function compareKeys(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function number(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a JSON number: ${v}`);
  // Go writes negative zero as -0; JavaScript's shortest form is otherwise
  // the same (exponent from 1e21 up and below 1e-6).
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

export function canonicalJSON(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return number(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return quote(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort(compareKeys);
      return `{${keys.map((k) => `${quote(k)}:${canonicalJSON(o[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`not a JSON value: ${typeof v}`);
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hex SHA-256 of text's UTF-8 bytes, with Web Crypto. */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('no Web Crypto');
  return hex(new Uint8Array(await subtle.digest('SHA-256', utf8.encode(text))));
}

/** Web Crypto exists only on https:// pages (and on localhost). */
export function canCheckDigest(): boolean {
  return Boolean(globalThis.crypto?.subtle);
}

export interface DigestCheck {
  computed: string;
  matches: boolean;
}

/** Recomputes a publication's digest from its table, and compares it with the published one. */
export async function checkDigest(entries: unknown, published: string): Promise<DigestCheck> {
  const computed = await sha256Hex(canonicalJSON(entries));
  return { computed, matches: computed === published.toLowerCase() };
}
