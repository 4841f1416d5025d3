// The entry as the judge may see it: its sections and its documents, the
// proposal PDF rendered in the page. In a blind competition the server sends
// no OPD, team or uploader and neutral file names, and nothing here adds any.
import { Button, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../components/states';
import { formatBytes } from '../../lib/validation';
import { absoluteV1 } from '../../api/config';
import { session } from '../../api/client';
import type { Assignment } from './api';
import type { components } from '../../api/schema';

const PdfViewer = lazy(() => import('../../components/PdfViewer'));

type Section = components['schemas']['Section'];

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

export function ProposalPane({ assignment, sections }: { assignment: Assignment; sections: Section[] }) {
  const { t } = useTranslation();
  const entry = assignment.entry;
  const files = entry?.files ?? [];
  const pdf = files.find((f) => f.kind === 'proposal' && f.content_type === 'application/pdf');
  const texts = entry?.sections ?? {};
  const shown =
    sections.length > 0 ? sections : Object.keys(texts).map((key) => ({ key, title: key }) as Section);
  return (
    <Paper withBorder radius="md" p="sm">
      <Tabs defaultValue="pdf" keepMounted={false}>
        <Tabs.List grow>
          <Tabs.Tab value="pdf" style={{ minHeight: 44 }}>
            {t('scoring.tabPdf')}
          </Tabs.Tab>
          <Tabs.Tab value="text" style={{ minHeight: 44 }}>
            {t('scoring.tabText')}
          </Tabs.Tab>
          <Tabs.Tab value="files" style={{ minHeight: 44 }}>
            {t('scoring.tabFiles', { count: files.length })}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pdf" pt="sm">
          {pdf ? (
            <Suspense fallback={<LoadingState label={t('pdf.loading')} />}>
              <PdfViewer key={pdf.id} fileId={pdf.id} filename={pdf.filename} />
            </Suspense>
          ) : (
            <Text c="dimmed">{t('scoring.noPdf')}</Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Stack>
            {entry?.organization && (
              <Text>
                {t('scoring.opd')}: {entry.organization.name}
              </Text>
            )}
            {shown.map((s) => (
              <div key={s.key}>
                <Title order={3} size="h5">
                  {s.title}
                </Title>
                <Text className="proposal-text">{texts[s.key] || t('scoring.emptySection')}</Text>
              </div>
            ))}
            {entry?.video_url && (
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
            {files.length === 0 && <Text c="dimmed">{t('files.noneAtAll')}</Text>}
            {files.map((f) => (
              <Group key={f.id} justify="space-between" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600} truncate data-testid="judge-file-name">
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
    </Paper>
  );
}
