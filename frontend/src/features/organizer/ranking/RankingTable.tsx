// The ranked entries: a table on wide screens, one card per entry on phones.
// Each row has its rank (and how far normalization moved it), score,
// per-criterion means, spread, top-N probability as a bar, and its flags,
// explained on hover, keyboard focus or a tap.
import { Badge, Card, Group, Progress, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { CriteriaLegend, CriterionHeading } from '../../../components/CriteriaLegend';
import type { components } from '../../../api/schema';
import type { RankedEntry } from './logic';

type Criterion = components['schemas']['Criterion'];

const num = (x: number, lang: string, d = 2) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    minimumFractionDigits: d,
    maximumFractionDigits: d,
  }).format(x);

function Flag({ flag }: { flag: string }) {
  const { t } = useTranslation();
  // Dark enough for 4.5:1 on white and on a striped row; the mark and the word carry the meaning too.
  const color = flag === 'disagreement' ? '#9a3412' : flag === 'tied' ? '#1e40af' : '#374151';
  const mark = flag === 'disagreement' ? '⚠' : flag === 'tied' ? '=' : '…';
  const label = t(`results.flag.${flag}`, { defaultValue: flag });
  const why = t(`results.flagWhy.${flag}`, { defaultValue: '' });
  return (
    <Tooltip label={why} multiline w={260} events={{ hover: true, focus: true, touch: true }} withArrow>
      <UnstyledButton
        aria-label={`${label}: ${why}`}
        style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center' }}
      >
        <Badge
          variant="outline"
          tt="none"
          style={{ cursor: 'help', color, borderColor: color, background: 'white', overflow: 'visible' }}
          styles={{ label: { overflow: 'visible' } }}
        >
          {mark} {label}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  );
}

function Change({ delta }: { delta: number | undefined }) {
  const { t } = useTranslation();
  if (delta === undefined) return null;
  if (delta === 0)
    return (
      <Text size="xs" c="#374151">
        {t('results.change.same')}
      </Text>
    );
  return (
    <Text size="xs" c={delta > 0 ? '#166534' : '#991b1b'} fw={600}>
      {delta > 0
        ? `▲ ${t('results.change.up', { n: delta })}`
        : `▼ ${t('results.change.down', { n: -delta })}`}
    </Text>
  );
}

function Probability({ p, topN }: { p: number; topN: number }) {
  const { t, i18n } = useTranslation();
  const pct = Math.round(p * 100);
  const label = t('results.probability', { pct, n: topN });
  return (
    <Stack gap={2} miw={90}>
      <Progress
        value={pct}
        aria-label={label}
        color={pct >= 90 ? 'green.8' : pct >= 50 ? 'blue.8' : 'gray.6'}
      />
      <Text size="xs">{num(pct, i18n.language, 0)}%</Text>
    </Stack>
  );
}

interface Props {
  entries: RankedEntry[];
  criteria: Criterion[];
  changes: Map<number, number> | null;
  topN: number;
}

export function RankingTable({ entries, criteria, changes, topN }: Props) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)');
  const lang = i18n.language;
  if (!wide) {
    return (
      <Stack gap="sm">
        {entries.map((e) => (
          <Card key={e.entry_id} withBorder radius="md" padding="sm" data-testid="ranked-entry">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={0}>
                <Text fw={700} size="lg">
                  #{e.rank}
                </Text>
                {changes && <Change delta={changes.get(e.entry_id)} />}
              </Stack>
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {e.title}
                </Text>
                <Text size="sm" c="dimmed">
                  {e.organization} · {e.category}
                </Text>
              </Stack>
              <Text fw={700} size="lg">
                {e.judges > 0 ? num(e.score, lang) : '–'}
              </Text>
            </Group>
            <Group gap="xs" mt="xs">
              {e.flags.map((f) => (
                <Flag key={f} flag={f} />
              ))}
            </Group>
            <Text size="sm" mt="xs">
              {t('results.judgesOf', { n: e.judges, of: e.assigned })} · {t('results.spread')}{' '}
              {num(e.stddev, lang)}
            </Text>
            <Text size="sm" mt={4}>
              {t('results.topN', { n: topN })}
            </Text>
            <Probability p={e.top_n_probability} topN={topN} />
            <details>
              <summary className="results-summary">{t('results.criteriaMeans')}</summary>
              <Table>
                <Table.Tbody>
                  {criteria.map((c) => (
                    <Table.Tr key={c.key}>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td ta="right">
                        {e.criteria[c.key] !== undefined ? num(e.criteria[c.key]!, lang) : '–'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </details>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={820 + criteria.length * 56}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('results.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('results.col.rank')}</Table.Th>
              <Table.Th>{t('results.col.entry')}</Table.Th>
              <Table.Th ta="right">{t('results.col.score')}</Table.Th>
              <Table.Th>{t('results.col.judges')}</Table.Th>
              <Table.Th ta="right">{t('results.col.spread')}</Table.Th>
              <Table.Th>{t('results.topN', { n: topN })}</Table.Th>
              <Table.Th>{t('results.col.flags')}</Table.Th>
              {criteria.map((c, i) => (
                <Table.Th key={c.key} ta="right">
                  <CriterionHeading n={i + 1} name={c.name} />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.entry_id} data-testid="ranked-entry">
                <Table.Td>
                  <Text fw={700}>{e.rank}</Text>
                  {changes && <Change delta={changes.get(e.entry_id)} />}
                </Table.Td>
                <Table.Td miw={240} maw={340}>
                  <Text fw={600} size="sm">
                    {e.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {e.organization} · {e.category}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text fw={700}>{e.judges > 0 ? num(e.score, lang) : '–'}</Text>
                </Table.Td>
                <Table.Td>{t('results.judgesShort', { n: e.judges, of: e.assigned })}</Table.Td>
                <Table.Td ta="right">{num(e.stddev, lang)}</Table.Td>
                <Table.Td>
                  <Probability p={e.top_n_probability} topN={topN} />
                </Table.Td>
                <Table.Td miw={150}>
                  <Group gap={4}>
                    {e.flags.map((f) => (
                      <Flag key={f} flag={f} />
                    ))}
                  </Group>
                </Table.Td>
                {criteria.map((c) => (
                  <Table.Td key={c.key} ta="right">
                    {e.criteria[c.key] !== undefined ? num(e.criteria[c.key]!, lang) : '–'}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CriteriaLegend
        criteria={criteria.map((c) => ({ name: c.name, weight: c.weight, max: c.max_score }))}
      />
    </Stack>
  );
}

export { num };
