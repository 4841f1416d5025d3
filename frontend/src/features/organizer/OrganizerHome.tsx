// The organizer area's entry page, loaded as its own chunk (issue 11 builds
// setup, screening, assignment and ranking on top of it). For now it answers
// the regent's question for each competition: how many OPDs have entered.
import { Card, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import type { components } from '../../api/schema';

type Competition = components['schemas']['Competition'];

function Participation({ comp }: { comp: Competition }) {
  const { t } = useTranslation();
  const stats = useQuery({
    queryKey: qk.stats(comp.id!),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/stats', { params: { path: { id: comp.id! } } })),
  });
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h3">
        {comp.name}
      </Title>
      {stats.isPending && <LoadingState />}
      {stats.isError && <ErrorState error={stats.error} />}
      {stats.data && (
        <Stack gap={4} mt="xs">
          <Text fw={700} size="lg">
            {t('organizer.participation', {
              n: stats.data.organizations_with_entries ?? 0,
              total: stats.data.organizations_total ?? 0,
            })}
          </Text>
          <Progress
            value={
              ((stats.data.organizations_with_entries ?? 0) /
                Math.max(1, stats.data.organizations_total ?? 1)) *
              100
            }
            aria-label={t('organizer.participation', {
              n: stats.data.organizations_with_entries ?? 0,
              total: stats.data.organizations_total ?? 0,
            })}
          />
        </Stack>
      )}
    </Card>
  );
}

export default function OrganizerHome() {
  const { t } = useTranslation();
  const comps = useQuery({
    queryKey: qk.competitions(),
    queryFn: () => call(api.GET('/api/v1/competitions', { params: { query: { limit: 200 } } })),
  });
  const mine = (comps.data?.items ?? []).filter((c) => c.my_role === 'organizer');
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('nav.organizer')}</Title>
        <Text c="dimmed">{t('organizer.lead')}</Text>
      </div>
      {comps.isPending && <LoadingState />}
      {comps.isError && <ErrorState error={comps.error} onRetry={() => void comps.refetch()} />}
      {comps.data && mine.length === 0 && (
        <EmptyState title={t('organizer.none')}>{t('organizer.noneHint')}</EmptyState>
      )}
      {mine.map((c) => (
        <Participation key={c.id} comp={c} />
      ))}
    </Stack>
  );
}
