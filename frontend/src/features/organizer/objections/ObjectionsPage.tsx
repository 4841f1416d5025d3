// Sanggahan: the public's objections to the competition's publications, by
// status (open, accepted, rejected), each with the entry it is about and a
// form to answer it. The answer is published and mailed to the objector.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { useCompetition } from '../CompetitionArea';

type Objection = components['schemas']['Objection'];
type Filter = 'open' | 'accepted' | 'rejected' | 'all';

// Dark enough for 4.5:1 on white; the mark and the word carry the meaning too.
const statusColor = { open: '#9a3412', accepted: '#166534', rejected: '#374151' } as const;
const statusMark = { open: '●', accepted: '✓', rejected: '✕' } as const;

function AnswerForm({ o, competitionId }: { o: Objection; competitionId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // An open objection has no decision yet: the organizer chooses one, the
  // form never suggests it.
  const [status, setStatus] = useState<'accepted' | 'rejected' | null>(o.status === 'open' ? null : o.status);
  const [response, setResponse] = useState(o.response);
  const answer = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/objections/{id}', {
          params: { path: { id: o.id } },
          body: { status: status!, response: response.trim() },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.objections(competitionId) });
      void qc.invalidateQueries({ queryKey: qk.auditAll(competitionId) });
      void qc.invalidateQueries({ queryKey: qk.publicationOf(o.publication_id) });
    },
  });
  const fields = isApiError(answer.error) ? answer.error.fields : undefined;
  return (
    <Stack gap="xs">
      <Radio.Group
        label={t('orgObjections.decision')}
        value={status}
        onChange={(v) => setStatus(v as 'accepted' | 'rejected')}
        required
      >
        <Group mt={4}>
          <Radio value="accepted" label={t('orgObjections.accept')} />
          <Radio value="rejected" label={t('orgObjections.reject')} />
        </Group>
      </Radio.Group>
      <Textarea
        label={t('orgObjections.response')}
        description={t('orgObjections.responseHint')}
        required
        autosize
        minRows={3}
        maxLength={5000}
        value={response}
        onChange={(e) => setResponse(e.currentTarget.value)}
        error={fields?.response}
      />
      {answer.isError && !fields && <ErrorState error={answer.error} />}
      <Group>
        <Button
          onClick={() => answer.mutate()}
          loading={answer.isPending}
          disabled={status === null || response.trim() === ''}
        >
          {o.status === 'open' ? t('orgObjections.send') : t('orgObjections.update')}
        </Button>
      </Group>
    </Stack>
  );
}

export default function ObjectionsPage() {
  const { t, i18n } = useTranslation();
  const comp = useCompetition();
  const compId = comp.id!;
  const [filter, setFilter] = useState<Filter>('open');
  // Four choices do not fit side by side on a phone: they stack there.
  const wide = useMediaQuery('(min-width: 36em)');
  const list = useQuery({
    queryKey: qk.objections(compId),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/objections', { params: { path: { id: compId } } })),
  });
  const pubIds = [...new Set((list.data?.items ?? []).map((o) => o.publication_id))];
  const pubs = useQueries({
    queries: pubIds.map((id) => ({
      queryKey: qk.publicationOf(id),
      // Revalidate (ETag): the organizer's own answers change it.
      queryFn: () =>
        call(api.GET('/api/v1/public/publications/{id}', { params: { path: { id } }, cache: 'no-cache' })),
    })),
  });
  const entryTitle = (o: Objection) => {
    const p = pubs[pubIds.indexOf(o.publication_id)]?.data;
    return p?.entries.find((e) => e.entry_id === o.entry_id)?.title ?? `#${o.entry_id}`;
  };
  const pubTitle = (o: Objection) =>
    pubs[pubIds.indexOf(o.publication_id)]?.data?.title ?? `#${o.publication_id}`;

  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  const count = (s: Filter) => (s === 'all' ? items.length : items.filter((o) => o.status === s).length);
  const shown = items.filter((o) => filter === 'all' || o.status === filter);

  return (
    <Stack gap="md">
      <Title order={2}>{t('orgObjections.title')}</Title>
      <Text size="sm">{t('orgObjections.lead')}</Text>
      <SegmentedControl
        aria-label={t('orgObjections.filter')}
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={(['open', 'accepted', 'rejected', 'all'] as const).map((s) => ({
          value: s,
          label: `${t(`orgObjections.status.${s}`)} (${count(s)})`,
        }))}
        orientation={wide ? 'horizontal' : 'vertical'}
        style={{ alignSelf: wide ? 'flex-start' : 'stretch', maxWidth: '100%' }}
      />
      {shown.length === 0 && (
        <EmptyState title={items.length === 0 ? t('orgObjections.none') : t('orgObjections.noneHere')}>
          {t('orgObjections.noneHint')}
        </EmptyState>
      )}
      {shown.map((o) => (
        <Card key={o.id} withBorder radius="md" padding="md" data-testid="objection">
          <Stack gap="xs">
            <Group justify="space-between" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
                  {entryTitle(o)}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('orgObjections.on')}{' '}
                  <Anchor component={Link} to={`/hasil/${o.publication_id}`} size="sm">
                    {pubTitle(o)}
                  </Anchor>
                </Text>
              </Stack>
              <Badge
                variant="outline"
                tt="none"
                style={{
                  color: statusColor[o.status],
                  borderColor: statusColor[o.status],
                  background: 'white',
                }}
              >
                {statusMark[o.status]} {t(`orgObjections.status.${o.status}`)}
              </Badge>
            </Group>
            <Text size="sm">
              {t('orgObjections.from', {
                name: o.name,
                email: o.email,
                at: formatDateTime(o.created_at, i18n.language),
              })}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} className="objection-text">
              {o.text}
            </Text>
            {o.status !== 'open' && (
              <Text size="sm" c="dimmed">
                {t('orgObjections.answeredAt', { at: formatDateTime(o.answered_at, i18n.language) })}
              </Text>
            )}
            <AnswerForm o={o} competitionId={compId} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
