// Dates and times as people in Indonesia read them: in the user's language,
// always in the competition's zone (WIB, Asia/Jakarta), with the zone named.

export const defaultTimeZone = 'Asia/Jakarta';

const zoneNames: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

function locale(lang: string): string {
  return lang === 'en' ? 'en-GB' : 'id-ID';
}

/** "12 Maret 2020 pukul 16.00 WIB" / "12 March 2020, 16:00 WIB". */
export function formatDateTime(iso: string | null | undefined, lang: string, zone = defaultTimeZone): string {
  if (!iso) return '';
  const d = new Date(iso);
  const s = new Intl.DateTimeFormat(locale(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).format(d);
  return `${s} ${zoneNames[zone] ?? zone}`;
}

export function formatDate(iso: string | null | undefined, lang: string, zone = defaultTimeZone): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: zone,
  }).format(new Date(iso));
}

export interface Remaining {
  past: boolean;
  days: number;
  hours: number;
  minutes: number;
  /** Under a day: the page should say it loudly. */
  urgent: boolean;
}

/** The time left until deadline. */
export function remaining(deadline: string | Date, now: number): Remaining {
  const ms = new Date(deadline).getTime() - now;
  const past = ms <= 0;
  const m = Math.max(0, Math.floor(ms / 60000));
  return {
    past,
    days: Math.floor(m / 1440),
    hours: Math.floor((m % 1440) / 60),
    minutes: m % 60,
    urgent: !past && ms < 86400000,
  };
}

/** A score with its decimals as the language writes them: 82,5 / 82.5. */
export function formatScore(v: number | null | undefined, lang: string, digits = 2): string {
  if (v === null || v === undefined) return '–';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(v);
}
