// The entries by category, by kind of OPD and by status, as Mantine charts
// (recharts), each with its numbers in a table for screen readers and for
// anyone who wants the figures, so colour and shape are never the only signal.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Card, SimpleGrid, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';

type Stats = components['schemas']['CompetitionStats'];
const statusOrder = [
  'draft',
  'submitted',
  'returned',
  'eligible',
  'ineligible',
  'finalist',
  'withdrawn',
] as const;

type Row = Record<string, string | number>;
type Series = { name: string; label: string; color: string };

function ChartCard({
  title,
  rows,
  series,
  testId,
}: {
  title: string;
  rows: Row[];
  series: Series[];
  testId: string;
}) {
  // Long category names wrap onto two or three lines: give each row room.
  const height = Math.max(160, rows.length * 48 + 70);
  return (
    <Card withBorder radius="md" padding="md" data-testid={testId} component="figure" m={0}>
      <Title order={3} size="h4" component="figcaption" mb="sm">
        {title}
      </Title>
      <div aria-hidden>
        <BarChart
          h={height}
          data={rows}
          dataKey="label"
          orientation="vertical"
          series={series}
          withLegend={series.length > 1}
          yAxisProps={{ width: 170, interval: 0, tick: { fontSize: 12 } }}
          xAxisProps={{ allowDecimals: false }}
          maxBarWidth={22}
          gridAxis="none"
          tickLine="none"
          // The numbers are in the table below for screen readers and the
          // keyboard; the chart itself takes no focus.
          barChartProps={{ accessibilityLayer: false }}
        />
      </div>
      <VisuallyHidden>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{title}</Table.Th>
              {series.map((s) => (
                <Table.Th key={s.name}>{s.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={String(r.label)}>
                <Table.Td>{r.label}</Table.Td>
                {series.map((s) => (
                  <Table.Td key={s.name}>{r[s.name]}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Card>
  );
}

export function Charts({ st }: { st: Stats }) {
  const { t } = useTranslation();
  const anything = Object.values(st.entries_by_status).some((n) => (n ?? 0) > 0);
  const byCategory = st.by_category.map((c) => ({ label: c.name, entries: c.entries, drafts: c.drafts }));
  const byKind = st.by_organization_kind.map((k) => ({
    label: t(`dashboard.kind.${k.kind}`),
    organizations: k.organizations,
    with: k.organizations_with_entries,
  }));
  const byStatus = statusOrder
    .filter((s) => (st.entries_by_status[s] ?? 0) > 0)
    .map((s) => ({ label: t(`status.${s}`), entries: st.entries_by_status[s] ?? 0 }));
  return (
    <section aria-labelledby="charts-title">
      <Title order={2} size="h3" id="charts-title" mb="sm">
        {t('dashboard.charts')}
      </Title>
      {!anything ? (
        <Text c="dimmed">{t('dashboard.noEntriesYet')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <ChartCard
            title={t('dashboard.byCategory')}
            rows={byCategory}
            testId="chart-category"
            series={[
              { name: 'entries', label: t('dashboard.seriesEntries'), color: 'teal.7' },
              { name: 'drafts', label: t('dashboard.seriesDrafts'), color: 'yellow.5' },
            ]}
          />
          <ChartCard
            title={t('dashboard.byKind')}
            rows={byKind}
            testId="chart-kind"
            series={[
              { name: 'organizations', label: t('dashboard.seriesOrgs'), color: 'gray.5' },
              { name: 'with', label: t('dashboard.seriesOrgsWith'), color: 'blue.7' },
            ]}
          />
          <ChartCard
            title={t('dashboard.byStatus')}
            rows={byStatus}
            testId="chart-status"
            series={[{ name: 'entries', label: t('dashboard.seriesEntries'), color: 'grape.7' }]}
          />
        </SimpleGrid>
      )}
    </section>
  );
}
