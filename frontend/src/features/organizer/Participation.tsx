// How many OPDs of the regency have entered a competition: the regent's
// question, answered first.
import { Card, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { ErrorState, LoadingState } from '../../components/states';
import type { components } from '../../api/schema';

type Competition = components['schemas']['Competition'];

export function Participation({ comp }: { comp: Competition }) {
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
