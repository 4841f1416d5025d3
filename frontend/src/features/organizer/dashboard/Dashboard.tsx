// The organizer's dashboard: the regent's question first ("N dari 72 OPD
// sudah berinovasi"), where each OPD stands, who has not entered (with a
// reminder), the entries by category, kind of OPD and status, and each
// round's judging progress per judge (with a reminder to those behind).
import { Button, Card, Group, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { ErrorState, LoadingState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { useCompetition } from '../CompetitionArea';
import { Charts } from './Charts';
import { JudgingProgress } from './JudgingProgress';
import { lastReminder, ReminderActions } from './Reminder';
import { nameLines } from './whatsapp';

type Stats = components['schemas']['CompetitionStats'];
type Stage = components['schemas']['FunnelStage'];

export const stages: Stage[] = ['no_entry', 'draft_only', 'submitted', 'eligible', 'finalist'];
const stageColor: Record<Stage, string> = {
  no_entry: 'gray.6',
  draft_only: 'yellow.6',
  submitted: 'blue.6',
  eligible: 'teal.6',
  finalist: 'grape.6',
};

export default function Dashboard() {
  const { t } = useTranslation();
  const comp = useCompetition();
  const stats = useQuery({
    queryKey: qk.stats(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/stats', { params: { path: { id: comp.id } } })),
  });
  const reminders = useQuery({
    queryKey: qk.reminders(comp.id),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/reminders', { params: { path: { id: comp.id } } })),
  });
  const rounds = useQuery({
    queryKey: qk.rounds(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/rounds', { params: { path: { id: comp.id } } })),
  });
  if (stats.isPending) return <LoadingState />;
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const st = stats.data;
  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="md">
        <Title order={2} data-testid="dashboard-headline">
          {t('dashboard.headline', { n: st.organizations_with_entries, total: st.organizations_total })}
        </Title>
        <Progress
          mt="sm"
          size="lg"
          value={(st.organizations_with_entries / Math.max(1, st.organizations_total)) * 100}
          aria-label={t('dashboard.headline', {
            n: st.organizations_with_entries,
            total: st.organizations_total,
          })}
        />
        <Text size="sm" c="dimmed" mt="xs">
          {t('dashboard.headlineHint')}
        </Text>
      </Card>
      <Funnel st={st} />
      <MissingOrganizations st={st} reminders={reminders.data?.items} />
      <Charts st={st} />
      <JudgingProgress st={st} rounds={rounds.data?.items ?? []} reminders={reminders.data?.items} />
    </Stack>
  );
}

function Funnel({ st }: { st: Stats }) {
  const { t } = useTranslation();
  const total = Math.max(1, st.organizations_total);
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h3">
        {t('dashboard.funnel')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('dashboard.funnelHint')}
      </Text>
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="funnel"
      >
        {stages.map((s) => {
          const n = st.funnel[s];
          return (
            <li key={s} data-testid={`funnel-${s}`} data-count={n}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {t(`dashboard.stage.${s}`)}
                </Text>
                <Text size="sm" fw={700}>
                  {t('dashboard.stageCount', { count: n })}
                </Text>
              </Group>
              <Progress
                value={(n / total) * 100}
                color={stageColor[s]}
                size="md"
                aria-label={`${t(`dashboard.stage.${s}`)}: ${t('dashboard.stageCount', { count: n })}`}
              />
            </li>
          );
        })}
      </Stack>
    </Card>
  );
}

const shortList = 10;

function MissingOrganizations({
  st,
  reminders,
}: {
  st: Stats;
  reminders: components['schemas']['Reminder'][] | undefined;
}) {
  const { t, i18n } = useTranslation();
  const comp = useCompetition();
  const [filter, setFilter] = useState<'all' | 'no_entry' | 'draft_only'>('all');
  const [all, setAll] = useState(false);
  const missing = st.by_organization.filter(
    (o) => (o.stage === 'no_entry' || o.stage === 'draft_only') && (filter === 'all' || o.stage === filter),
  );
  const shown = all ? missing : missing.slice(0, shortList);
  const names = st.organizations_without_entries.map((o) => o.name);
  const waText = t('dashboard.waOpd', {
    competition: comp.name,
    names: nameLines(names, 30, (n) => (i18n.language === 'en' ? `… and ${n} more` : `… dan ${n} lainnya`)),
    deadline: formatDateTime(comp.submission_closes_at, i18n.language) || '—',
    url: `${window.location.origin}/proposal`,
    interpolation: { escapeValue: false },
  });
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h3" mb="sm">
        {t('dashboard.missing', { count: st.organizations_without_entries.length })}
      </Title>
      {st.organizations_without_entries.length === 0 ? (
        <Text>{t('dashboard.missingNone')}</Text>
      ) : (
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('dashboard.showStage')}
            value={filter}
            onChange={(v) => setFilter(v as typeof filter)}
            fullWidth
            data={[
              { value: 'all', label: t('dashboard.stageAll') },
              { value: 'no_entry', label: t('dashboard.stage.no_entry') },
              { value: 'draft_only', label: t('dashboard.stage.draft_only') },
            ]}
            styles={{ label: { whiteSpace: 'normal' } }}
          />
          <Table.ScrollContainer minWidth={0}>
            <Table striped data-testid="missing-opds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.colName')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('dashboard.colKind')}</Table.Th>
                  <Table.Th>{t('dashboard.colStage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {o.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {o.code}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{t(`dashboard.kind.${o.kind}`)}</Table.Td>
                    <Table.Td>{t(`dashboard.stage.${o.stage}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {missing.length > shortList && (
            <Group>
              <Button variant="subtle" onClick={() => setAll((a) => !a)}>
                {all ? t('dashboard.showLess') : t('dashboard.showMore', { count: missing.length })}
              </Button>
            </Group>
          )}
          <ReminderActions
            competitionId={comp.id}
            to="organizations_without_entries"
            label={t('dashboard.remindOpd')}
            last={lastReminder(reminders, 'organizations_without_entries')}
            whatsappText={waText}
            testId="remind-opds"
          />
        </Stack>
      )}
    </Card>
  );
}
