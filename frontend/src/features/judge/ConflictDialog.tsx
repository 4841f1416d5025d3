// When the scorecard changed elsewhere (another tab or device) the server
// answers 409 with its copy; this dialog shows both versions side by side and
// lets the judge keep theirs or take the saved one. Nothing is lost silently.
import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../lib/format';
import type { Criterion } from './api';
import type { ScoreDraft } from './draft';

export function ConflictDialog({
  criteria,
  mine,
  theirs,
  theirsSubmitted,
  onMine,
  onTheirs,
}: {
  criteria: Criterion[];
  mine: ScoreDraft;
  theirs: ScoreDraft;
  theirsSubmitted: boolean;
  onMine: () => void;
  onTheirs: () => void;
}) {
  const { t, i18n } = useTranslation();
  const f = (v: number | null | undefined) => formatScore(v, i18n.language);
  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={t('conflict.title')}
      size="lg"
      centered
    >
      <Stack>
        <Text>{theirsSubmitted ? t('conflict.submittedText') : t('conflict.text')}</Text>
        <Table.ScrollContainer minWidth={300}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('conflict.criterion')}</Table.Th>
                <Table.Th>{t('conflict.mine')}</Table.Th>
                <Table.Th>{t('conflict.theirs')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {criteria.map((c) => {
                const a = mine.scores[c.id!]?.value ?? null;
                const b = theirs.scores[c.id!]?.value ?? null;
                return (
                  <Table.Tr key={c.id} data-differs={a !== b || undefined}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td fw={a !== b ? 700 : undefined}>
                      {f(a)}
                      {a !== b && <span> *</span>}
                    </Table.Td>
                    <Table.Td fw={a !== b ? 700 : undefined}>{f(b)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="sm" c="dimmed">
          {t('conflict.legend')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onTheirs} data-testid="conflict-theirs">
            {t('conflict.useTheirs')}
          </Button>
          {!theirsSubmitted && (
            <Button onClick={onMine} data-testid="conflict-mine">
              {t('conflict.useMine')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
