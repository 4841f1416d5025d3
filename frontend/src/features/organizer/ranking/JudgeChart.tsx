// How lenient or strict each judge is: their mean minus the round's mean, as
// bars, with the same in words for those who cannot see the chart.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Card, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { num } from './RankingTable';

type JudgeStat = components['schemas']['JudgeStat'];

/** "dr. Lestari Handayani, M.Kes. (Dinas Kesehatan)" -> "dr. Lestari Handayani". */
export function shortName(name: string): string {
  const s = name.split(/[,(]/)[0]!.trim();
  return s.length > 22 ? `${s.slice(0, 21)}…` : s;
}

export function JudgeChart({ judges }: { judges: JudgeStat[] }) {
  const { t, i18n } = useTranslation();
  if (judges.length === 0) return null;
  // The chart's axis does not wrap: a short name there, the full one in the sentence below.
  const data = judges.map((j) => ({ judge: shortName(j.name), offset: j.offset }));
  const sorted = [...judges].sort((a, b) => b.offset - a.offset);
  const most = sorted[0]!;
  const least = sorted[sorted.length - 1]!;
  const summary = t('results.leniency.summary', {
    lenient: most.name,
    plus: num(most.offset, i18n.language),
    strict: least.name,
    minus: num(least.offset, i18n.language),
  });
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h4">
        {t('results.leniency.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('results.leniency.hint')}
      </Text>
      <div role="img" aria-label={summary}>
        <BarChart
          h={Math.max(160, judges.length * 44)}
          data={data}
          dataKey="judge"
          orientation="vertical"
          yAxisProps={{ width: 150 }}
          series={[{ name: 'offset', label: t('results.leniency.offset'), color: 'blue.7' }]}
          valueFormatter={(v) => num(v, i18n.language)}
          withTooltip={false}
          withBarValueLabel
          gridAxis="x"
        />
      </div>
      <Text size="sm" mt="sm">
        {summary}
      </Text>
    </Card>
  );
}
