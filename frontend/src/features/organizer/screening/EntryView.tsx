// One entry as the screening organizer reads it: who sent it and when, the
// proposal PDF drawn in the page (pdf.js, loaded on demand), the section
// texts and the supporting documents.
import { Button, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, session } from '../../../api/client';
import { absoluteV1 } from '../../../api/config';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { LoadingState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { formatBytes } from '../../../lib/validation';
import { useCompetition } from '../CompetitionArea';

const PdfViewer = lazy(() => import('../../../components/PdfViewer'));

type Entry = components['schemas']['Entry'];

async function download(fileId: number, name: string) {
  const res = await session.fetch(new Request(`${absoluteV1()}/files/${fileId}/content`));
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function EntryView({ entry }: { entry: Entry }) {
  const { t, i18n } = useTranslation();
  const comp = useCompetition();
  const sections = useQuery({
    queryKey: qk.sections(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/sections', { params: { path: { id: comp.id } } })),
  });
  const categories = useQuery({
    queryKey: qk.categories(comp.id),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/categories', { params: { path: { id: comp.id } } })),
  });
  const category = categories.data?.items.find((c) => c.id === entry.category_id);
  const pdf = entry.files.find((f) => f.kind === 'proposal' && f.content_type === 'application/pdf');
  const texts = entry.sections ?? {};
  const form = sections.data?.items ?? Object.keys(texts).map((key) => ({ key, title: key }));
  return (
    <Card withBorder radius="md" padding="md" data-testid="entry-view">
      <Stack gap="xs">
        <Title order={3} data-testid="entry-title">
          {entry.title}
        </Title>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            <b>{t('screening.opd')}:</b> {entry.organization?.name ?? '—'}
          </Text>
          <Text size="sm">
            <b>{t('screening.category')}:</b> {category?.name ?? '—'}
          </Text>
          {entry.submitted_at && (
            <Text size="sm">
              <b>{t('screening.submittedAt')}:</b> {formatDateTime(entry.submitted_at, i18n.language)}
            </Text>
          )}
        </Group>
        <Tabs defaultValue="pdf" keepMounted={false}>
          <Tabs.List grow>
            <Tabs.Tab value="pdf" style={{ minHeight: 44 }}>
              {t('scoring.tabPdf')}
            </Tabs.Tab>
            <Tabs.Tab value="text" style={{ minHeight: 44 }}>
              {t('screening.sections')}
            </Tabs.Tab>
            <Tabs.Tab value="files" style={{ minHeight: 44 }}>
              {t('scoring.tabFiles', { count: entry.files.length })}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="pdf" pt="sm">
            {pdf ? (
              <Suspense fallback={<LoadingState label={t('pdf.loading')} />}>
                <PdfViewer key={pdf.id} fileId={pdf.id} filename={pdf.filename} />
              </Suspense>
            ) : (
              <Text c="dimmed">{t('screening.noPdf')}</Text>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="sm">
            <Stack>
              {form.map((s) => (
                <div key={s.key}>
                  <Title order={4} size="h5">
                    {s.title}
                  </Title>
                  <Text className="proposal-text">{texts[s.key] || t('scoring.emptySection')}</Text>
                </div>
              ))}
              {entry.video_url && (
                <Text>
                  {t('entry.video')}:{' '}
                  <a href={entry.video_url} target="_blank" rel="noreferrer noopener">
                    {entry.video_url}
                  </a>
                </Text>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="files" pt="sm">
            <Stack gap="xs">
              {entry.files.length === 0 && <Text c="dimmed">{t('files.noneAtAll')}</Text>}
              {entry.files.map((f) => (
                <Group key={f.id} justify="space-between" wrap="nowrap">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600} truncate>
                      {f.filename}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t(`files.kind.${f.kind}`)} · {formatBytes(f.size)}
                    </Text>
                  </div>
                  <Button
                    variant="default"
                    size="sm"
                    onClick={() => void download(f.id, f.filename)}
                    aria-label={t('files.download', { name: f.filename })}
                  >
                    {t('pdf.download')}
                  </Button>
                </Group>
              ))}
            </Stack>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Card>
  );
}
