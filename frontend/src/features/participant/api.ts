// The participant's server state: competitions open to them, their OPD's
// entries, one entry with its form, and the actions on it.
import { useQuery, useQueryClient, useMutation } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { isApiError } from '../../api/errors';
import type { components, paths } from '../../api/schema';

export type Entry = components['schemas']['Entry'];
export type Competition = components['schemas']['Competition'];
export type Section = components['schemas']['Section'];
export type Category = components['schemas']['Category'];
export type EntryFile = components['schemas']['File'];

/** The jury's released feedback (GET /entries/{id}/feedback). */
export type Feedback =
  paths['/api/v1/entries/{id}/feedback']['get']['responses']['200']['content']['application/json'];

export interface CompetitionWithEntries {
  competition: Competition;
  entries: Entry[];
}

export function useMyCompetitions() {
  return useQuery({
    queryKey: qk.myEntries(),
    queryFn: async (): Promise<CompetitionWithEntries[]> => {
      const comps = await call(api.GET('/api/v1/competitions', { params: { query: { limit: 200 } } }));
      const list = (comps.items ?? []).filter((c) => c.status !== 'draft');
      return Promise.all(
        list.map(async (competition) => {
          const entries = await call(
            api.GET('/api/v1/competitions/{id}/entries', {
              params: { path: { id: competition.id! }, query: { limit: 200 } },
            }),
          );
          return { competition, entries: entries.items ?? [] };
        }),
      );
    },
  });
}

export function useEntry(id: number) {
  return useQuery({
    queryKey: qk.entry(id),
    queryFn: () => call(api.GET('/api/v1/entries/{id}', { params: { path: { id } } })),
  });
}

export function useCompetition(id: number | undefined) {
  return useQuery({
    queryKey: qk.competition(id ?? 0),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useSections(competitionId: number | undefined) {
  return useQuery({
    queryKey: qk.sections(competitionId ?? 0),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/sections', { params: { path: { id: competitionId! } } })),
    enabled: !!competitionId,
    staleTime: 5 * 60_000,
  });
}

export function useCategories(competitionId: number | undefined) {
  return useQuery({
    queryKey: qk.categories(competitionId ?? 0),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/categories', { params: { path: { id: competitionId! } } })),
    enabled: !!competitionId,
    staleTime: 5 * 60_000,
  });
}

/**
 * The released feedback, or null while there is none to show (not released,
 * or a server without the endpoint yet).
 */
export function useFeedback(entryId: number, enabled: boolean) {
  return useQuery({
    queryKey: qk.feedback(entryId),
    enabled,
    queryFn: async (): Promise<Feedback | null> => {
      try {
        return await call(api.GET('/api/v1/entries/{id}/feedback', { params: { path: { id: entryId } } }));
      } catch (e) {
        // Not released to this caller (or an entry they may not see): nothing to show.
        if (isApiError(e) && (e.status === 404 || e.status === 403)) return null;
        throw e;
      }
    },
  });
}

export function useEntryActions(entry: Entry | undefined) {
  const qc = useQueryClient();
  const id = entry?.id ?? 0;
  const done = (e: Entry) => {
    qc.setQueryData(qk.entry(id), e);
    void qc.invalidateQueries({ queryKey: qk.myEntries() });
  };
  const submit = useMutation({
    mutationFn: () => call(api.POST('/api/v1/entries/{id}/submit', { params: { path: { id } } })),
    onSuccess: done,
  });
  const withdraw = useMutation({
    mutationFn: () => call(api.POST('/api/v1/entries/{id}/withdraw', { params: { path: { id } } })),
    onSuccess: done,
  });
  const removeFile = useMutation({
    mutationFn: (fileId: number) =>
      call(api.DELETE('/api/v1/files/{id}', { params: { path: { id: fileId } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.entry(id) }),
  });
  return { submit, withdraw, removeFile };
}

export function useCreateEntry(competitionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; category_id: number | null }) =>
      call(api.POST('/api/v1/competitions/{id}/entries', { params: { path: { id: competitionId } }, body })),
    onSuccess: (e) => {
      qc.setQueryData(qk.entry(e.id!), e);
      void qc.invalidateQueries({ queryKey: qk.myEntries() });
    },
  });
}

/** The deadline that applies to this entry: a returned entry may have its own. */
export function deadlineOf(entry: Entry, comp: Competition | undefined): string | null {
  const closes = comp?.submission_closes_at ?? null;
  const revise = entry.revise_until ?? null;
  if (revise && (!closes || revise > closes)) return revise;
  return closes;
}

export function windowOpen(
  comp: Competition | undefined,
  deadline: string | null,
  now = Date.now(),
): 'open' | 'notYet' | 'closed' {
  if (comp?.submission_opens_at && Date.parse(comp.submission_opens_at) > now) return 'notYet';
  if (deadline && Date.parse(deadline) <= now) return 'closed';
  return 'open';
}
