// The entry's documents: the proposal PDF and supporting documents, each with
// its size and a way to remove it while the entry may change, and the
// dropzones to add more.
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FileDropzone } from '../../components/FileDropzone';
import { useErrorText } from '../../components/states';
import { qk } from '../../api/queryKeys';
import { formatBytes } from '../../lib/validation';
import { useEntryActions, type Entry, type EntryFile } from './api';

function FileRow({
  file,
  editable,
  onRemove,
}: {
  file: EntryFile;
  editable: boolean;
  onRemove: (id: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="entry-file">
      <div style={{ minWidth: 0 }}>
        <Text fw={600} truncate>
          {file.filename}
        </Text>
        <Text size="sm" c="dimmed">
          {t(`files.kind.${file.kind}`)} · {formatBytes(file.size)}
        </Text>
      </div>
      {editable && (
        <Button
          variant="default"
          size="sm"
          onClick={() => onRemove(file.id)}
          aria-label={t('files.remove', { name: file.filename })}
        >
          {t('files.removeShort')}
        </Button>
      )}
    </Group>
  );
}

export function EntryFiles({ entry, editable }: { entry: Entry; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { removeFile } = useEntryActions(entry);
  const files = entry.files ?? [];
  const proposal = files.filter((f) => f.kind === 'proposal');
  const supporting = files.filter((f) => f.kind === 'supporting');
  const refresh = () => void qc.invalidateQueries({ queryKey: qk.entry(entry.id!) });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="files-title">
      <Stack>
        <Title order={2} size="h3" id="files-title">
          {t('files.title')}
        </Title>
        {removeFile.isError && (
          <Alert color="red" role="alert">
            {errorText(removeFile.error)}
          </Alert>
        )}
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('files.proposal')}
          </Title>
          {proposal.length === 0 && (
            <Text size="sm" c={editable ? '#a33b00' : 'dimmed'}>
              {t('files.noProposal')}
            </Text>
          )}
          {proposal.map((f) => (
            <FileRow key={f.id} file={f} editable={editable} onRemove={(id) => removeFile.mutate(id)} />
          ))}
          {editable && proposal.length === 0 && (
            <FileDropzone entryId={entry.id!} kind="proposal" onUploaded={refresh} />
          )}
          {editable && proposal.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('files.replaceHint')}
            </Text>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('files.supporting')}
          </Title>
          {supporting.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('files.noSupporting')}
            </Text>
          )}
          {supporting.map((f) => (
            <FileRow key={f.id} file={f} editable={editable} onRemove={(id) => removeFile.mutate(id)} />
          ))}
          {editable && <FileDropzone entryId={entry.id!} kind="supporting" onUploaded={refresh} />}
        </Stack>
      </Stack>
    </Paper>
  );
}
