// /hasil/:id, a publication as a citizen reads it: linkable and printable.
import { Alert, Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/states';
import { isApiError } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { usePublication, validId, type Publication } from './api';
import { ResultsTable } from './ResultsTable';
import { DigestCheck } from './DigestCheck';
import { AnsweredObjections, ObjectionSection } from './Objections';
import { NotPublished } from './common';
import './public.css';

function Versions({ p }: { p: Publication }) {
  const { t, i18n } = useTranslation();
  if (p.versions.length < 2) return null;
  return (
    <Stack gap="xs" className="no-print">
      <Title order={2} size="h3">
        {t('public.versions.title')}
      </Title>
      <List spacing="xs" data-testid="versions">
        {p.versions.map((v) => (
          <List.Item key={v.id}>
            {v.id === p.id ? (
              <Text span fw={700} aria-current="page">
                {t('public.versions.item', {
                  version: v.version,
                  when: formatDateTime(v.published_at, i18n.language),
                })}{' '}
                {t('public.versions.this')}
              </Text>
            ) : (
              <Anchor component={Link} to={`/hasil/${v.id}`}>
                {t('public.versions.item', {
                  version: v.version,
                  when: formatDateTime(v.published_at, i18n.language),
                })}
              </Anchor>
            )}
            <Text size="sm" c="dimmed">
              {v.title}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function Method({ p }: { p: Publication }) {
  const { t } = useTranslation();
  if (!p.method) return <Text size="sm">{t('public.results.screeningLead')}</Text>;
  return (
    <Text size="sm">
      {t('public.results.scoreLead', {
        method: t(`public.method.${p.method}`),
      })}{' '}
      {p.normalize === 'zscore' ? t('public.results.normalized') : ''}
    </Text>
  );
}

export function ResultsPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const q = usePublication(id);
  if (q.isPending && q.fetchStatus !== 'idle') return <LoadingState />;
  if (q.isError || !q.data) {
    if (!q.data && (!validId(id) || (isApiError(q.error) && q.error.status === 404))) return <NotPublished />;
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }
  const p = q.data;
  const superseded = p.latest_version_id !== p.id;
  return (
    <Stack gap="lg" className="pub-page" data-testid="results-page">
      <Anchor component={Link} to={`/kompetisi/${p.competition.id}`} className="no-print" size="sm">
        ← {p.competition.name}
      </Anchor>
      <div>
        <Text c="dimmed" fw={600}>
          {p.competition.name} · {p.round.name}
        </Text>
        <Title order={1}>{p.title}</Title>
        <Text size="sm" data-testid="published-at">
          {t('public.results.published', {
            when: formatDateTime(p.published_at, i18n.language),
            version: p.version,
          })}
        </Text>
      </div>
      {superseded && (
        <Alert
          color="yellow"
          role="status"
          title={t('public.results.supersededTitle')}
          data-testid="superseded"
        >
          <Anchor component={Link} to={`/hasil/${p.latest_version_id}`}>
            {t('public.results.supersededLink')}
          </Anchor>
        </Alert>
      )}
      {p.note && (
        <Text className="proposal-text" data-testid="publication-note">
          {p.note}
        </Text>
      )}
      <Method p={p} />
      {p.entries.length === 0 ? (
        <Text>{t('public.results.emptyTable')}</Text>
      ) : (
        <ResultsTable entries={p.entries} scored={Boolean(p.method)} />
      )}
      <DigestCheck entries={p.entries} digest={p.digest} />
      <ObjectionSection p={p} />
      <AnsweredObjections p={p} />
      <Versions p={p} />
      <Group className="no-print">
        <Button variant="default" onClick={() => window.print()}>
          {t('public.results.print')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" className="print-only">
        {t('public.results.printedFrom', { url: window.location.href })}
      </Text>
    </Stack>
  );
}
