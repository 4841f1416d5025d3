// What the server publishes about its limits (GET /api/v1/settings): upload
// sizes and types, word rules, password length, languages and time zone. The
// browser checks with these before it sends. Until the answer arrives (or
// when it cannot, offline) the server's defaults below stand in.
import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import { qk } from './queryKeys';
import type { paths } from './schema';

export type Settings = paths['/api/v1/settings']['get']['responses']['200']['content']['application/json'];

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
    extensions: {},
    max_files_per_entry: 20,
    max_bytes_per_entry: 100 << 20,
    max_bytes_per_organization: 1000 << 20,
    max_bytes_per_unverified: 50 << 20,
    per_minute: 20,
    at_once: 3,
  },
  words: { hard_cap: 10000, rule: 'letters_digits_apostrophes_hyphens' },
  password: { min_length: 10, max_bytes: 256 },
  list: { default_limit: 100, max_limit: 200 },
};

async function fetchSettings(): Promise<Settings> {
  try {
    return await call(api.GET('/api/v1/settings'));
  } catch {
    return fallbackSettings;
  }
}

export function useSettings(): Settings {
  const q = useQuery({ queryKey: qk.settings(), queryFn: fetchSettings, staleTime: 10 * 60_000 });
  return q.data ?? fallbackSettings;
}
