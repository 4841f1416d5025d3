// /kompetisi: the public competitions and the latest announcements, for a
// visitor without an account; /kompetisi/:id: one competition's page (what it
// is, its categories, the timeline of its rounds, how to take part, its
// published results).
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { isApiError } from '../../api/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import {
  useLatestPublications,
  usePublicCompetition,
  usePublicCompetitions,
  validId,
  type PublicCompetition,
} from './api';
import { CompetitionStatus, NotPublished } from './common';
import './public.css';

export function CompetitionsPage() {
  const { t, i18n } = useTranslation();
  const comps = usePublicCompetitions();
  const latest = useLatestPublications();
  return (
    <Stack gap="lg" className="pub-page">
      <div>
        <Title order={1}>{t('public.list.title')}</Title>
        <Text c="dimmed">{t('public.list.lead')}</Text>
      </div>
      {comps.isPending ? (
        <LoadingState />
      ) : comps.isError ? (
        <ErrorState error={comps.error} onRetry={() => void comps.refetch()} />
      ) : comps.data.items.length === 0 ? (
        <EmptyState title={t('public.list.emptyTitle')}>{t('public.list.emptyText')}</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {comps.data.items.map((c) => (
            <Paper key={c.id} withBorder p="md" radius="md" data-testid="competition-card">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Title order={2} size="h3">
                    <Anchor component={Link} to={`/kompetisi/${c.id}`} inherit>
                      {c.name}
                    </Anchor>
                  </Title>
                  <CompetitionStatus status={c.status} />
                </Group>
                {c.description && (
                  <Text size="sm" lineClamp={3}>
                    {c.description}
                  </Text>
                )}
                <Text size="sm" c="dimmed">
                  {c.publications > 0 && c.last_published_at
                    ? t('public.list.published', {
                        count: c.publications,
                        when: formatDate(c.last_published_at, i18n.language),
                      })
                    : t('public.list.nothingYet')}
                </Text>
                {c.submissions_open && (
                  <Text size="sm" fw={600}>
                    {c.submission_closes_at
                      ? t('public.list.submissionsUntil', {
                          when: formatDate(c.submission_closes_at, i18n.language),
                        })
                      : t('public.list.submissionsOpen')}
                  </Text>
                )}
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {latest.data && latest.data.items.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('public.list.latest')}
          </Title>
          {latest.data.items.map((p) => (
            <Paper key={p.id} withBorder p="sm" radius="md">
              <Anchor component={Link} to={`/hasil/${p.id}`} fw={600}>
                {p.title}
              </Anchor>
              <Text size="sm" c="dimmed">
                {p.competition.name} · {p.round.name} · {t('public.versionShort', { version: p.version })} ·{' '}
                {formatDateTime(p.published_at, i18n.language)}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function HowToTakePart({ c }: { c: PublicCompetition }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [now] = useState(() => Date.now());
  const notYet =
    c.status === 'open' && c.submission_opens_at && new Date(c.submission_opens_at).getTime() > now;
  return (
    <Paper withBorder p="md" radius="md" data-testid="take-part">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('public.competition.takePart')}
        </Title>
        {c.submissions_open ? (
          <>
            <Text>
              {c.submission_closes_at
                ? t('public.competition.openUntil', { when: formatDateTime(c.submission_closes_at, lang) })
                : t('public.competition.openNoEnd')}
            </Text>
            <Text size="sm">{t('public.competition.steps')}</Text>
            {c.max_entries_per_organization > 0 && (
              <Text size="sm">
                {t('public.competition.limit', { count: c.max_entries_per_organization })}
              </Text>
            )}
            <Group>
              <Button component={Link} to="/daftar">
                {t('public.competition.register')}
              </Button>
              <Anchor component={Link} to="/masuk">
                {t('public.competition.signIn')}
              </Anchor>
            </Group>
          </>
        ) : notYet ? (
          <Text>
            {t('public.competition.opensAt', { when: formatDateTime(c.submission_opens_at, lang) })}
          </Text>
        ) : (
          <Text>
            {c.submission_closes_at
              ? t('public.competition.closedAt', { when: formatDateTime(c.submission_closes_at, lang) })
              : t('public.competition.closed')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Rounds({ c }: { c: PublicCompetition }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (c.rounds.length === 0) return <Text c="dimmed">{t('public.competition.noRounds')}</Text>;
  const active = c.rounds.reduce((last, r, i) => (r.status !== 'open' || r.publication ? i : last), -1);
  return (
    <Timeline active={active} bulletSize={22} lineWidth={3} data-testid="rounds">
      {c.rounds.map((r) => (
        <Timeline.Item
          key={r.id}
          title={
            <Text fw={700} component="h3" size="md" m={0}>
              {r.position}. {r.name}
            </Text>
          }
        >
          <Text size="sm" c="dimmed">
            {/* An open round may not have started: only a closed or published one says where it is. */}
            {[
              t(`public.roundKind.${r.kind}`),
              r.publication
                ? t('public.roundStatus.published')
                : r.status === 'closed'
                  ? t('public.roundStatus.closed')
                  : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {(r.opens_at || r.closes_at) && (
            <Text size="sm">
              {[formatDate(r.opens_at, lang), formatDate(r.closes_at, lang)].filter(Boolean).join(' – ')}
            </Text>
          )}
          {r.publication && (
            <Anchor component={Link} to={`/hasil/${r.publication.id}`} size="sm" fw={600}>
              {t('public.competition.seeResults', { title: r.publication.title })}
            </Anchor>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

export function CompetitionPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const q = usePublicCompetition(id);
  if (q.isPending && q.fetchStatus !== 'idle') return <LoadingState />;
  if (q.isError || !q.data) {
    if (!q.data && (!validId(id) || (isApiError(q.error) && q.error.status === 404))) return <NotPublished />;
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }
  const c = q.data;
  const groups = ['umum', 'replikasi', 'khusus'].filter((g) => c.categories.some((x) => x.group === g));
  return (
    <Stack gap="lg" className="pub-page" data-testid="competition-page">
      <Anchor component={Link} to="/kompetisi" size="sm">
        ← {t('public.list.title')}
      </Anchor>
      <div>
        <Group gap="sm" align="center">
          <Title order={1}>{c.name}</Title>
          <CompetitionStatus status={c.status} />
        </Group>
        {c.description && (
          <Text mt="xs" className="proposal-text">
            {c.description}
          </Text>
        )}
      </div>
      <HowToTakePart c={c} />
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('public.competition.results')}
        </Title>
        {c.publications.length === 0 ? (
          <Text c="dimmed">{t('public.competition.noResults')}</Text>
        ) : (
          c.publications.map((p) => (
            <Paper key={p.id} withBorder p="sm" radius="md" data-testid="competition-publication">
              <Anchor component={Link} to={`/hasil/${p.id}`} fw={600}>
                {p.title}
              </Anchor>
              <Text size="sm" c="dimmed">
                {p.round.name} · {t('public.versionShort', { version: p.version })} ·{' '}
                {formatDateTime(p.published_at, i18n.language)}
              </Text>
            </Paper>
          ))
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('public.competition.timeline')}
        </Title>
        <Rounds c={c} />
      </Stack>
      {c.categories.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('public.competition.categories')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: groups.length > 1 ? 2 : 1 }}>
            {groups.map((g) => (
              <div key={g}>
                <Text fw={600} size="sm">
                  {t(`public.group.${g}`)}
                </Text>
                <ul className="pub-legend">
                  {c.categories
                    .filter((x) => x.group === g)
                    .map((x) => (
                      <li key={x.id}>
                        <Text size="sm">{x.name}</Text>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
