// The judge x entry matrix of a round: each cell a scorecard status chip
// (words and a mark, never colour alone) with × to remove, or + to assign;
// conflicts of interest marked. From 'md' up a table, below it a list with
// one card per entry.
import {
  ActionIcon,
  Box,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  Button,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { StatusBadge } from '../../../components/StatusBadge';

// An entry short of judges: dark orange, 7:1 on white (Mantine's orange.9 is under 4.5:1).
const SHORT = '#9a3412';

type Round = components['schemas']['Round'];
type Entry = components['schemas']['Entry'];
type Member = components['schemas']['Member'];
type Assignment = components['schemas']['Assignment'];
type Conflict = components['schemas']['Conflict'];

export interface Cell {
  entryId: number;
  entryTitle: string;
  judgeId: number;
  judgeName: string;
  assignmentId?: number;
}

interface Props {
  round: Round;
  entries: Entry[];
  judges: Member[];
  assignments: Assignment[];
  conflicts: Conflict[];
  busy: boolean;
  disabled: boolean;
  onAssign: (c: Cell) => void;
  onUnassign: (c: Cell) => void;
}

function conflictOf(conflicts: Conflict[], judgeId: number, e: Entry): Conflict | undefined {
  return conflicts.find(
    (c) =>
      c.judge_id === judgeId &&
      (c.entry_id === e.id || (c.organization_id !== null && c.organization_id === e.organization?.id)),
  );
}

export function Matrix(p: Props) {
  const { t } = useTranslation();
  const byPair = new Map(p.assignments.map((a) => [`${a.entry_id}:${a.judge_id}`, a]));
  const load = new Map<number, number>();
  for (const a of p.assignments) load.set(a.judge_id, (load.get(a.judge_id) ?? 0) + 1);
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h4">
        {t('assignment.matrix')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('assignment.matrixHint')}
      </Text>
      <Box visibleFrom="md">
        <Table.ScrollContainer minWidth={Math.max(600, 220 + p.judges.length * 150)}>
          <Table withTableBorder withColumnBorders data-testid="matrix">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('assignment.entry')}</Table.Th>
                {p.judges.map((j) => (
                  <Table.Th key={j.user_id} scope="col" style={{ minWidth: 140 }}>
                    <Text size="sm" fw={700} lineClamp={2}>
                      {j.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('assignment.loadOf', { count: load.get(j.user_id) ?? 0 })}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.entries.map((e) => {
                const have = p.assignments.filter((a) => a.entry_id === e.id).length;
                return (
                  <Table.Tr key={e.id} data-entry={e.id}>
                    <Table.Th scope="row" style={{ fontWeight: 400 }}>
                      <Text size="sm" fw={600}>
                        {e.title}
                      </Text>
                      <Text size="xs" c={have < p.round.judges_per_entry ? SHORT : 'dimmed'}>
                        {t('assignment.countJudges', { count: have, want: p.round.judges_per_entry })}
                        {have < p.round.judges_per_entry &&
                          ` · ${t('assignment.short', { count: p.round.judges_per_entry - have })}`}
                      </Text>
                    </Table.Th>
                    {p.judges.map((j) => (
                      <Table.Td key={j.user_id} data-judge={j.user_id} data-testid="matrix-cell">
                        <CellView {...p} entry={e} judge={j} a={byPair.get(`${e.id}:${j.user_id}`)} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
      <Box hiddenFrom="md">
        <Stack gap="sm" data-testid="matrix-list">
          {p.entries.map((e) => (
            <EntryCard key={e.id} {...p} entry={e} byPair={byPair} />
          ))}
        </Stack>
      </Box>
    </Card>
  );
}

function CellView({
  entry,
  judge,
  a,
  conflicts,
  busy,
  disabled,
  onAssign,
  onUnassign,
}: Props & { entry: Entry; judge: Member; a: Assignment | undefined }) {
  const { t } = useTranslation();
  const cell: Cell = {
    entryId: entry.id,
    entryTitle: entry.title,
    judgeId: judge.user_id,
    judgeName: judge.name,
    assignmentId: a?.id,
  };
  if (a) {
    return (
      <Group gap={4} wrap="nowrap" justify="space-between">
        <Stack gap={2}>
          <StatusBadge status={a.status} kind="scorecard" />
          {a.conflict_flagged && (
            <Text size="xs" c="red.9">
              ⚠ {t('assignment.flagged')}
            </Text>
          )}
        </Stack>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('assignment.unassign', { judge: judge.name, entry: entry.title })}
          disabled={busy || disabled || (a.status === 'submitted' && !a.conflict_flagged)}
          onClick={() => onUnassign(cell)}
          data-testid="unassign"
        >
          ×
        </ActionIcon>
      </Group>
    );
  }
  const c = conflictOf(conflicts, judge.user_id, entry);
  return (
    <Group gap={4} wrap="nowrap" justify="space-between">
      {c ? (
        <Tooltip label={c.reason || t('assignment.conflictWhy', { judge: judge.name })} multiline w={240}>
          <Text size="xs" c="red.9" tabIndex={0} data-testid="conflict-mark">
            ⚠ {t('assignment.conflict')}
          </Text>
        </Tooltip>
      ) : (
        <Text size="xs" c="dimmed" aria-hidden>
          —
        </Text>
      )}
      <ActionIcon
        variant="light"
        aria-label={t('assignment.assign', { judge: judge.name, entry: entry.title })}
        disabled={busy || disabled}
        onClick={() => onAssign(cell)}
        data-testid="assign"
      >
        +
      </ActionIcon>
    </Group>
  );
}

function EntryCard(p: Props & { entry: Entry; byPair: Map<string, Assignment> }) {
  const { t } = useTranslation();
  const [pick, setPick] = useState<string | null>(null);
  const e = p.entry;
  const mine = p.judges.filter((j) => p.byPair.has(`${e.id}:${j.user_id}`));
  const free = p.judges.filter((j) => !p.byPair.has(`${e.id}:${j.user_id}`));
  return (
    <Card withBorder padding="sm" radius="sm" data-entry={e.id}>
      <Text fw={600} size="sm">
        {e.title}
      </Text>
      <Text size="xs" c={mine.length < p.round.judges_per_entry ? SHORT : 'dimmed'} mb="xs">
        {t('assignment.countJudges', { count: mine.length, want: p.round.judges_per_entry })}
      </Text>
      <Stack gap={6}>
        {mine.map((j) => {
          const a = p.byPair.get(`${e.id}:${j.user_id}`)!;
          return (
            <Group key={j.user_id} justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {j.name}
                </Text>
                <StatusBadge status={a.status} kind="scorecard" />
              </Stack>
              <ActionIcon
                variant="subtle"
                color="red"
                size={44}
                aria-label={t('assignment.unassign', { judge: j.name, entry: e.title })}
                disabled={p.busy || p.disabled || (a.status === 'submitted' && !a.conflict_flagged)}
                onClick={() =>
                  p.onUnassign({
                    entryId: e.id,
                    entryTitle: e.title,
                    judgeId: j.user_id,
                    judgeName: j.name,
                    assignmentId: a.id,
                  })
                }
              >
                ×
              </ActionIcon>
            </Group>
          );
        })}
        {free.length > 0 && !p.disabled && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label={t('assignment.addJudge')}
              placeholder={t('assignment.addJudgePlaceholder')}
              data={free.map((j) => ({
                value: String(j.user_id),
                label: conflictOf(p.conflicts, j.user_id, e)
                  ? `${j.name} (⚠ ${t('assignment.conflict')})`
                  : j.name,
              }))}
              value={pick}
              onChange={setPick}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Button
              disabled={!pick || p.busy}
              onClick={() => {
                const j = free.find((x) => String(x.user_id) === pick);
                if (j)
                  p.onAssign({ entryId: e.id, entryTitle: e.title, judgeId: j.user_id, judgeName: j.name });
                setPick(null);
              }}
            >
              {t('assignment.add')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
