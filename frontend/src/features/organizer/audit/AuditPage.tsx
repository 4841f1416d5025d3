// Catatan audit: the competition's append-only log, newest first, page by
// page, with the check of its hash chain said in plain words.
import { Alert, Card, Code, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { useCompetition } from '../CompetitionArea';

type AuditEntry = components['schemas']['AuditEntry'];
const perPage = 25;

function Verify({ competitionId }: { competitionId: number }) {
  const { t } = useTranslation();
  const v = useQuery({
    queryKey: [...qk.auditAll(competitionId), 'verify'],
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/audit/verify', { params: { path: { id: competitionId } } })),
  });
  if (v.isPending) return <LoadingState label={t('orgAudit.verifying')} />;
  if (v.isError) return <ErrorState error={v.error} onRetry={() => void v.refetch()} />;
  const r = v.data;
  if (r.valid)
    return (
      <Alert color="green" variant="light" title={`✓ ${t('orgAudit.validTitle')}`} data-testid="audit-verify">
        <Text size="sm">{t('orgAudit.valid', { n: r.entries })}</Text>
        {r.head && (
          <Text size="xs" mt={4}>
            {t('orgAudit.head')} <Code style={{ overflowWrap: 'anywhere' }}>{r.head}</Code>
          </Text>
        )}
      </Alert>
    );
  return (
    <Alert
      color="red"
      variant="light"
      title={`✕ ${t('orgAudit.brokenTitle')}`}
      data-testid="audit-verify"
      role="alert"
    >
      <Text size="sm">{t('orgAudit.broken', { id: r.broken_at ?? '?', n: r.entries })}</Text>
      {r.reason && (
        <Text size="sm" mt={4}>
          {t('orgAudit.reason')} {r.reason}
        </Text>
      )}
    </Alert>
  );
}

function action(t: TFunction, a: string): string {
  return t(`orgAudit.action.${a.replace('.', '_')}`, { defaultValue: a });
}

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const code = /^[a-z][a-z_]*$/;

/**
 * A value as a clerk reads it: lists and maps without JSON's braces, times in
 * the competition's zone, and codes (statuses, roles, methods) in words.
 */
function plain(t: TFunction, lang: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.map((x) => plain(t, lang, x)).join(', ');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${plain(t, lang, x)}`)
      .join(', ');
  if (typeof v === 'boolean') return v ? t('orgAudit.yes') : t('orgAudit.no');
  if (typeof v === 'string' && isoTime.test(v)) return formatDateTime(v, lang);
  if (typeof v === 'string' && code.test(v)) return t(`orgAudit.value.${v}`, { defaultValue: v });
  return String(v);
}

/** The details as "field: value" pairs, field names in the reader's language. */
function details(t: TFunction, lang: string, d: AuditEntry['details']): string {
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d as Record<string, unknown>)
    .map(([k, v]) =>
      // A seal lists every scorecard history it vouches for: their number says enough.
      k === 'chains' && v && typeof v === 'object'
        ? t('orgAudit.sealed', { count: Object.keys(v).length })
        : `${t(`orgAudit.field.${k}`, { defaultValue: k })}: ${plain(t, lang, v)}`,
    )
    .join(' · ');
}

/** What the entry is about: "tugas penilaian #12", "pengumuman #2". */
function object(t: TFunction, e: AuditEntry): string {
  return `${t(`orgAudit.object.${e.object_type}`, { defaultValue: e.object_type })} #${e.object_id}`;
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const comp = useCompetition();
  const compId = comp.id!;
  const [page, setPage] = useState(1);
  const wide = useMediaQuery('(min-width: 62em)');
  const log = useQuery({
    queryKey: qk.audit(compId, page),
    queryFn: () =>
      call(
        api.GET('/api/v1/competitions/{id}/audit', {
          params: { path: { id: compId }, query: { limit: perPage, offset: (page - 1) * perPage } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const who = (e: AuditEntry) => e.actor_email || t('orgAudit.system');
  const pages = Math.max(1, Math.ceil((log.data?.total ?? 0) / perPage));
  return (
    <Stack gap="md">
      <Title order={2}>{t('orgAudit.title')}</Title>
      <Text size="sm">{t('orgAudit.lead')}</Text>
      <Verify competitionId={compId} />
      {log.isPending && <LoadingState />}
      {log.isError && <ErrorState error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && log.data.items.length === 0 && (
        <EmptyState title={t('orgAudit.empty')}>{t('orgAudit.emptyHint')}</EmptyState>
      )}
      {log.data && log.data.items.length > 0 && (
        <>
          <Text size="sm" c="dimmed">
            {t('orgAudit.count', { total: log.data.total, page, pages })}
          </Text>
          {wide ? (
            <Table striped verticalSpacing="xs" aria-label={t('orgAudit.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orgAudit.col.no')}</Table.Th>
                  <Table.Th>{t('orgAudit.col.at')}</Table.Th>
                  <Table.Th>{t('orgAudit.col.who')}</Table.Th>
                  <Table.Th>{t('orgAudit.col.what')}</Table.Th>
                  <Table.Th>{t('orgAudit.col.details')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {log.data.items.map((e) => (
                  <Table.Tr key={e.id} data-testid="audit-row">
                    <Table.Td>{e.id}</Table.Td>
                    <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{who(e)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {action(t, e.action)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {object(t, e)}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={420}>
                      <Text size="xs" style={{ overflowWrap: 'anywhere' }} lineClamp={3}>
                        {details(t, i18n.language, e.details)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Stack gap="xs">
              {log.data.items.map((e) => (
                <Card key={e.id} withBorder padding="sm" radius="md" data-testid="audit-row">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={600}>
                      {action(t, e.action)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      #{e.id}
                    </Text>
                  </Group>
                  <Text size="xs">{formatDateTime(e.at, i18n.language)}</Text>
                  <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                    {who(e)} · {object(t, e)}
                  </Text>
                  {details(t, i18n.language, e.details) && (
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} lineClamp={3}>
                      {details(t, i18n.language, e.details)}
                    </Text>
                  )}
                </Card>
              ))}
            </Stack>
          )}
          {pages > 1 && (
            <Pagination
              total={pages}
              size="lg"
              siblings={1}
              boundaries={1}
              value={page}
              onChange={setPage}
              getControlProps={(c) => ({ 'aria-label': t(`orgAudit.page.${c}`) })}
              getItemProps={(p) => ({ 'aria-label': t('orgAudit.page.n', { n: p }) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
