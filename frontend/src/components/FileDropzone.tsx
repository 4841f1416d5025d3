// Drop or pick files for an entry: checked in the browser against the
// server's published limits first, then uploaded one by one with a progress
// bar each, and the server's answer (413, 415, ...) shown in plain words.
import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../api/settings';
import { uploadFile, type StoredFile } from '../api/upload';
import { isApiError } from '../api/errors';
import { acceptAttribute, checkFile, formatBytes, typeNames } from '../lib/validation';
import { useErrorText } from './states';

interface Item {
  id: number;
  name: string;
  progress: number;
  state: 'uploading' | 'done' | 'refused';
  message?: string;
}

let nextItem = 1;

export function FileDropzone({
  entryId,
  kind,
  disabled,
  onUploaded,
}: {
  entryId: number;
  kind: 'proposal' | 'supporting';
  disabled?: boolean;
  onUploaded: (f: StoredFile) => void;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const errorText = useErrorText();
  const [items, setItems] = useState<Item[]>([]);
  const types = kind === 'proposal' ? settings.upload.proposal_types : settings.upload.supporting_types;
  const update = (id: number, patch: Partial<Item>) =>
    setItems((list) => list.map((it) => (it.id === id ? { ...it, ...patch } : it)));

  const start = async (file: File) => {
    const id = nextItem++;
    const problem = checkFile(file, kind, settings.upload);
    if (problem) {
      setItems((l) => [
        ...l,
        { id, name: file.name, progress: 0, state: 'refused', message: t(problem.key, problem.values) },
      ]);
      return;
    }
    setItems((l) => [...l, { id, name: file.name, progress: 0, state: 'uploading' }]);
    try {
      const stored = await uploadFile(entryId, file, kind, (p) => update(id, { progress: p })).promise;
      update(id, { state: 'done', progress: 1 });
      onUploaded(stored);
    } catch (e) {
      let message = errorText(e);
      if (isApiError(e) && e.code === 'unsupported_media_type')
        message = t('upload.serverType', { name: file.name, types: typeNames(types) });
      if (isApiError(e) && e.code === 'payload_too_large')
        message = t('upload.serverSize', { name: file.name, max: formatBytes(settings.upload.max_bytes) });
      update(id, { state: 'refused', message });
    }
  };

  const onDrop = (files: File[]) => {
    for (const f of files) void start(f);
  };
  // Files the picker itself refused still get our words (and our check).
  const onReject = (rejections: FileRejection[]) => onDrop(rejections.map((r) => r.file));

  return (
    <Stack gap="xs">
      <Dropzone
        onDrop={onDrop}
        onReject={onReject}
        accept={acceptAttribute(types)}
        multiple={kind === 'supporting'}
        disabled={disabled}
        // The size check is ours, so the message can name both sizes.
        maxSize={Number.MAX_SAFE_INTEGER}
        aria-label={t(kind === 'proposal' ? 'upload.proposalLabel' : 'upload.supportingLabel')}
        inputProps={{
          'aria-label': t(kind === 'proposal' ? 'upload.proposalLabel' : 'upload.supportingLabel'),
        }}
        data-testid={`dropzone-${kind}`}
        p="lg"
      >
        <Stack gap={4} align="center" ta="center" style={{ pointerEvents: 'none' }}>
          <Text fw={600}>{t(kind === 'proposal' ? 'upload.dropProposal' : 'upload.dropSupporting')}</Text>
          <Text size="sm" c="dimmed">
            {t('upload.rules', { types: typeNames(types), max: formatBytes(settings.upload.max_bytes) })}
          </Text>
        </Stack>
      </Dropzone>
      {items.map((it) => (
        <div key={it.id} data-testid="upload-item" data-state={it.state}>
          {it.state === 'refused' ? (
            <Alert color="red" role="alert" title={t('upload.refused')} p="sm">
              {it.message}
            </Alert>
          ) : (
            <Stack gap={2}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" truncate>
                  {it.name}
                </Text>
                <Text size="sm" fw={600}>
                  {it.state === 'done' ? t('upload.done') : `${Math.round(it.progress * 100)}%`}
                </Text>
              </Group>
              <Progress
                value={it.progress * 100}
                color={it.state === 'done' ? 'teal' : 'blue'}
                aria-label={t('upload.progress', { name: it.name })}
                data-testid="upload-progress"
                animated={it.state === 'uploading'}
              />
            </Stack>
          )}
        </div>
      ))}
    </Stack>
  );
}
