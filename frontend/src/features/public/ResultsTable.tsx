// A publication's table: on phones one card per entry, on wider screens and
// on paper a table whose criteria are numbered columns (K1, K2, ...) with a
// legend, so that even seven criteria fit an A4 page. Only what was
// published: ranks, titles, OPDs, categories, the final score and the mean of
// each criterion over the jury, never one judge's values.
import { Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CriteriaLegend, CriterionHeading } from '../../components/CriteriaLegend';
import { formatScore } from '../../lib/format';

/** Two decimals always in the table (8,50 under 8,33), as published. */
export function twoDecimals(v: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(v);
}
import type { PublicEntry } from './api';

export interface CriterionHead {
  name: string;
  weight: number;
  max: number;
}

/** The rubric as the table publishes it: the criteria of the first row that has any. */
export function rubricOf(entries: PublicEntry[]): CriterionHead[] {
  const row = entries.find((e) => e.criteria && e.criteria.length > 0);
  return (row?.criteria ?? []).map(({ name, weight, max }) => ({ name, weight, max }));
}

export function ResultsTable({ entries, scored }: { entries: PublicEntry[]; scored: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rubric = rubricOf(entries);
  const withheld = entries.length > 0 && entries.every((e) => e.organization === '');
  const mean = (e: PublicEntry, i: number) => {
    const c = e.criteria?.[i];
    return c ? twoDecimals(c.mean, lang) : '–';
  };
  // Once the table carries means, a row without any and with a score of 0
  // was not scored at all: say so rather than show a 0. A row with a score
  // but no means was scored by one judge alone, whose values stay private.
  const unscored = (e: PublicEntry) => scored && rubric.length > 0 && !e.criteria?.length && !e.score;
  const oneJudge = scored && rubric.length > 0 && entries.some((e) => !e.criteria?.length && !!e.score);
  const score = (e: PublicEntry) =>
    unscored(e)
      ? t('public.table.unscored')
      : e.score === null || e.score === undefined
        ? '–'
        : twoDecimals(e.score, lang);

  return (
    <Stack gap="sm">
      {withheld && (
        <Text size="sm" c="dimmed">
          {t('public.table.withheld')}
        </Text>
      )}
      <div className="pub-table">
        <Table
          striped
          withTableBorder
          verticalSpacing="xs"
          horizontalSpacing="xs"
          data-testid="results-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{scored ? t('public.table.rank') : t('public.table.number')}</Table.Th>
              <Table.Th scope="col">{t('public.table.entry')}</Table.Th>
              {rubric.map((c, i) => (
                <Table.Th key={i} scope="col" ta="right" title={c.name}>
                  <CriterionHeading n={i + 1} name={c.name} />
                </Table.Th>
              ))}
              {scored && (
                <Table.Th scope="col" ta="right">
                  {t('public.table.score')}
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.entry_id} data-testid="results-row">
                <Table.Td fw={700}>{e.rank}</Table.Td>
                <Table.Td>
                  <Text fw={600} size="sm" className="pub-title">
                    {e.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[e.organization, e.category].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                {rubric.map((_, i) => (
                  <Table.Td key={i} ta="right" data-testid="criterion-mean">
                    {mean(e, i)}
                  </Table.Td>
                ))}
                {scored && (
                  <Table.Td ta="right" fw={unscored(e) ? 400 : 700} data-testid="final-score">
                    {score(e)}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>

      <Stack gap="xs" className="pub-cards">
        {entries.map((e) => (
          <Paper key={e.entry_id} withBorder p="sm" radius="md" data-testid="results-card">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge
                  size="lg"
                  variant="light"
                  miw={36}
                  style={{ flexShrink: 0 }}
                  aria-label={t('public.table.rankOf', { rank: e.rank })}
                >
                  {e.rank}
                </Badge>
                <div>
                  <Text fw={600} className="pub-title">
                    {e.title}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {[e.organization, e.category].filter(Boolean).join(' · ')}
                  </Text>
                </div>
              </Group>
              {scored && (
                <div style={{ textAlign: 'right', flexShrink: 0 }}>
                  <Text size="xs" c="dimmed">
                    {t('public.table.score')}
                  </Text>
                  <Text fw={unscored(e) ? 400 : 800} size={unscored(e) ? 'sm' : 'lg'}>
                    {score(e)}
                  </Text>
                </div>
              )}
            </Group>
            {e.criteria && e.criteria.length > 0 && (
              <dl className="pub-means">
                {e.criteria.map((c, i) => (
                  <div key={i}>
                    <dt>
                      {t('criteria.short', { n: i + 1 })} {c.name}
                    </dt>
                    <dd>
                      {twoDecimals(c.mean, lang)} / {formatScore(c.max, lang)}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </Paper>
        ))}
      </Stack>

      <CriteriaLegend criteria={rubric}>
        <Text size="sm" c="dimmed">
          {t('public.table.meansExplained')}
        </Text>
        {oneJudge && (
          <Text size="sm" c="dimmed" data-testid="one-judge-note">
            {t('public.table.oneJudge')}
          </Text>
        )}
      </CriteriaLegend>
    </Stack>
  );
}
