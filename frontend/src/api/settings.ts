// What the server publishes about its limits (GET /api/v1/settings): upload
// sizes and types, word rules, password length, languages and time zone. The
// browser checks with these before it sends. Until a server answers the
// endpoint, the values below (this server's defaults) stand in, so older
// servers still get the browser-side checks.
import { useQuery } from '@tanstack/react-query';
import { absoluteV1 } from './config';
import { qk } from './queryKeys';

export interface Settings {
  version: string;
  languages: string[];
  default_language: string;
  time_zone: string;
  upload: {
    max_bytes: number;
    proposal_types: string[];
    supporting_types: string[];
    max_files_per_entry: number;
    max_bytes_per_entry: number;
  };
  words: { hard_cap: number; rule: string };
  password: { min_length: number };
}

export const fallbackSettings: Settings = {
  version: '',
  languages: ['id', 'en'],
  default_language: 'id',
  time_zone: 'Asia/Jakarta',
  upload: {
    max_bytes: 25 << 20,
    proposal_types: ['application/pdf'],
    supporting_types: [
      'application/pdf',
      'image/png',
      'image/jpeg',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    max_files_per_entry: 0,
    max_bytes_per_entry: 0,
  },
  words: { hard_cap: 10000, rule: 'letters_digits_apostrophes_hyphens' },
  password: { min_length: 10 },
};

async function fetchSettings(): Promise<Settings> {
  try {
    const res = await fetch(`${absoluteV1()}/settings`);
    if (!res.ok) return fallbackSettings;
    const s = (await res.json()) as Partial<Settings>;
    return { ...fallbackSettings, ...s, upload: { ...fallbackSettings.upload, ...s.upload } };
  } catch {
    return fallbackSettings;
  }
}

export function useSettings(): Settings {
  const q = useQuery({ queryKey: qk.settings(), queryFn: fetchSettings, staleTime: 10 * 60_000 });
  return q.data ?? fallbackSettings;
}
