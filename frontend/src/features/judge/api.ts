// The judge's server state: their assignments (each with its entry as the
// judge may see it: blind-aware), the rounds, rubrics and scorecards.
import { useQueries, useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import type { components } from '../../api/schema';

export type Assignment = components['schemas']['Assignment'];
export type Round = components['schemas']['Round'];
export type Criterion = components['schemas']['Criterion'];
export type Scorecard = components['schemas']['Scorecard'];

export function useMyAssignments() {
  return useQuery({
    queryKey: qk.myAssignments(),
    queryFn: () => call(api.GET('/api/v1/me/assignments')),
  });
}

export function useRounds(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['rounds', id] as const,
      queryFn: () => call(api.GET('/api/v1/rounds/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
}

export function useCriteria(roundId: number | undefined) {
  return useQuery({
    queryKey: qk.criteria(roundId ?? 0),
    queryFn: () => call(api.GET('/api/v1/rounds/{id}/criteria', { params: { path: { id: roundId! } } })),
    enabled: !!roundId,
    staleTime: 10 * 60_000,
  });
}

export function useScorecard(assignmentId: number) {
  return useQuery({
    queryKey: qk.scorecard(assignmentId),
    queryFn: () =>
      call(api.GET('/api/v1/assignments/{id}/scorecard', { params: { path: { id: assignmentId } } })),
    // The page keeps its own autosaved copy; a refetch would not replace it.
    staleTime: Infinity,
  });
}

export { byRound, nextUnfinished, neighbour, type RoundProgress } from './progress';
