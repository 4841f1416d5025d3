import { Anchor, Badge } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/states';

export function NotPublished() {
  const { t } = useTranslation();
  return (
    <EmptyState
      title={t('public.notFound.title')}
      action={
        <Anchor component={Link} to="/kompetisi">
          {t('public.notFound.link')}
        </Anchor>
      }
    >
      {t('public.notFound.text')}
    </EmptyState>
  );
}

// Filled and dark, so the small text keeps a 4.5:1 contrast.
const statusColor: Record<string, string> = { open: 'teal.9', judging: 'blue.9', closed: 'gray.7' };

export function CompetitionStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status] ?? 'gray.7'} variant="filled" style={{ flexShrink: 0 }}>
      {t(`public.competitionStatus.${status}`)}
    </Badge>
  );
}
