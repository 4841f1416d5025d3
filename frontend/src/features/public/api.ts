// The public pages' server state: competitions, publications and objections,
// read without signing in (the server ignores any token it is sent).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ApiError, networkError, type ErrorBody } from '../../api/errors';
import { qk } from '../../api/queryKeys';
import type { components } from '../../api/schema';

export type PublicCompetition = components['schemas']['PublicCompetition'];
export type PublicCompetitionList = components['schemas']['PublicCompetitionList'];
export type Publication = components['schemas']['Publication'];
export type PublicationHead = components['schemas']['PublicationHead'];
export type PublicEntry = components['schemas']['PublicEntry'];
export type PublicObjection = components['schemas']['PublicObjection'];

export const publicKeys = {
  competitions: () => [...qk.publicRoot(), 'competitions'] as const,
  competition: (id: number) => [...qk.publicRoot(), 'competitions', id] as const,
  publications: () => [...qk.publicRoot(), 'publications'] as const,
  publication: (id: number) => [...qk.publicRoot(), 'publications', id] as const,
};

/** A path id that can name a row: a whole number from 1 (/hasil/0, /hasil/x and /hasil/-1 name nothing). */
export function validId(id: number): boolean {
  return Number.isInteger(id) && id > 0;
}

export function usePublicCompetitions() {
  return useQuery({
    queryKey: publicKeys.competitions(),
    queryFn: () => call(api.GET('/api/v1/public/competitions', { params: { query: { limit: 100 } } })),
  });
}

export function useLatestPublications() {
  return useQuery({
    queryKey: publicKeys.publications(),
    queryFn: () => call(api.GET('/api/v1/public/publications', { params: { query: { limit: 10 } } })),
  });
}

export function usePublicCompetition(id: number) {
  return useQuery({
    queryKey: publicKeys.competition(id),
    queryFn: () => call(api.GET('/api/v1/public/competitions/{id}', { params: { path: { id } } })),
    enabled: validId(id),
  });
}

export function usePublication(id: number) {
  return useQuery({
    queryKey: publicKeys.publication(id),
    // Revalidate every read with the ETag (a 304 costs nothing), so an answer
    // or a new version shows at once instead of after the 60 s max-age.
    queryFn: () =>
      call(api.GET('/api/v1/public/publications/{id}', { params: { path: { id } }, cache: 'no-cache' })),
    enabled: validId(id),
  });
}

/** A refused objection; on 429 it says how long to wait (Retry-After, in seconds). */
export class ObjectionError extends ApiError {
  readonly retryAfter: number | null;
  constructor(
    status: number,
    body: ErrorBody | undefined,
    requestId: string | null,
    retryAfter: number | null,
  ) {
    super(status, body, requestId);
    this.retryAfter = retryAfter;
  }
}

export interface ObjectionInput {
  entry_id: number;
  name: string;
  email: string;
  text: string;
}

async function postObjection(id: number, body: ObjectionInput) {
  let r;
  try {
    r = await api.POST('/api/v1/public/publications/{id}/objections', { params: { path: { id } }, body });
  } catch {
    throw networkError();
  }
  if (r.error !== undefined || !r.response.ok) {
    const ra = Number(r.response.headers.get('Retry-After'));
    throw new ObjectionError(
      r.response.status,
      r.error as ErrorBody,
      r.response.headers.get('X-Request-ID'),
      Number.isFinite(ra) && ra > 0 ? ra : null,
    );
  }
  return r.data;
}

export function useFileObjection(publicationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ObjectionInput) => postObjection(publicationId, body),
    // A closed window shows on the page once it is read again.
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'deadline_passed')
        void qc.invalidateQueries({ queryKey: publicKeys.publication(publicationId) });
    },
  });
}
