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

const statusColor: Record<string, string> = { open: 'green', judging: 'blue', closed: 'gray' };

export function CompetitionStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status] ?? 'gray'} variant="light">
      {t(`public.competitionStatus.${status}`)}
    </Badge>
  );
}
