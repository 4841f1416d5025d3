// The legend of a table whose criterion columns are numbered K1, K2, ... (C1
// in English) so that seven criteria fit a page: each number with the
// criterion's name, weight and range. Used by the public results and the
// organizer's ranking.
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../lib/format';

export interface LegendCriterion {
  name: string;
  weight: number;
  max: number;
}

/** The short column heading of the nth criterion (1-based), naming it on hover. */
export function CriterionHeading({ n, name }: { n: number; name: string }) {
  const { t } = useTranslation();
  return <abbr title={name}>{t('criteria.short', { n })}</abbr>;
}

export function CriteriaLegend({
  criteria,
  children,
}: {
  criteria: LegendCriterion[];
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  if (criteria.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={600}>
        {t('criteria.legendTitle')}
      </Text>
      <ul className="criteria-legend">
        {criteria.map((c, i) => (
          <li key={i}>
            <Text size="sm" span fw={600}>
              {t('criteria.short', { n: i + 1 })}
            </Text>{' '}
            <Text size="sm" span>
              {t('criteria.legendItem', {
                name: c.name,
                weight: formatScore(c.weight, i18n.language),
                max: formatScore(c.max, i18n.language),
              })}
            </Text>
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
