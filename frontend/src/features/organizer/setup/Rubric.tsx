// A round's rubric: its criteria in order, each with a weight, a score
// range, half or whole points and what a low, middle and high score mean.
// The weights' total is shown as it is typed and must reach 100 before the
// rubric can be saved; criteria move up and down by buttons (keyboard and
// touch alike). Once judges have scored in the round the server refuses any
// change (409): the editor then says so in the server's words and locks.
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { MoveButtons } from './MoveButtons';
import { checkCriteria, keyFrom, move, totalIsHundred, weightTotal, type CriterionForm } from './rules';
import { FormError, useProblemText, useServerErrors, notify } from './shared';

type Criterion = components['schemas']['Criterion'];

function toForm(c: Criterion): CriterionForm {
  return {
    key: c.key,
    name: c.name,
    description: c.description,
    weight: c.weight,
    min_score: c.min_score,
    max_score: c.max_score,
    step: c.step === 0.5 ? 0.5 : 1,
    descriptors: {
      low: c.descriptors.low ?? '',
      mid: c.descriptors.mid ?? '',
      high: c.descriptors.high ?? '',
    },
  };
}

export function WeightTotal({ total }: { total: number }) {
  const { t, i18n } = useTranslation();
  const ok = totalIsHundred(total);
  const shown = total.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'id-ID', {
    maximumFractionDigits: 2,
  });
  return (
    // Sticky under the header, so the total stays in sight while any weight is typed.
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid="weight-total"
      data-total={total}
      style={{ position: 'sticky', top: 72, zIndex: 2 }}
      shadow="xs"
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} aria-live="polite">
            {t('setup.rubric.total', { total: shown })}
          </Text>
          <Text c={ok ? 'teal.9' : 'red.9'} fw={600}>
            {ok
              ? t('setup.rubric.totalOk')
              : total < 100
                ? t('setup.rubric.totalShort', { n: Math.round((100 - total) * 100) / 100 })
                : t('setup.rubric.totalOver', { n: Math.round((total - 100) * 100) / 100 })}
          </Text>
        </Group>
        <Progress
          value={Math.min(total, 100)}
          color={ok ? 'teal' : total > 100 ? 'red' : 'yellow'}
          aria-label={t('setup.rubric.totalBar')}
        />
      </Stack>
    </Paper>
  );
}

function RubricEditor({
  roundId,
  initial,
  frozen,
}: {
  roundId: number;
  initial: CriterionForm[];
  frozen: boolean;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [list, setList] = useState<CriterionForm[]>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  // The round says up front when judges have scored (rubric_frozen); a save
  // refused with 409 (scores arrived meanwhile) locks it with the server's words.
  const [locked, setLocked] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const total = weightTotal(list);
  const set = (i: number, patch: Partial<CriterionForm>) =>
    setList((l) => l.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const setDesc = (i: number, level: 'low' | 'mid' | 'high', v: string) =>
    setList((l) => l.map((c, j) => (j === i ? { ...c, descriptors: { ...c.descriptors, [level]: v } } : c)));

  const save = async () => {
    setError(null);
    const p = problems(checkCriteria(list, 'scoring'));
    setErrors(p);
    if (Object.keys(p).length > 0) {
      setError(p.weight ?? p.criteria ?? t('setup.fixFields'));
      return;
    }
    setSaving(true);
    try {
      await call(
        api.PUT('/api/v1/rounds/{id}/criteria', {
          params: { path: { id: roundId } },
          body: list.map((c) => ({
            key: c.key,
            name: c.name.trim(),
            description: c.description.trim(),
            weight: Number(c.weight),
            min_score: Number(c.min_score),
            max_score: Number(c.max_score),
            step: c.step,
            descriptors: Object.fromEntries(
              Object.entries(c.descriptors)
                .map(([k, v]) => [k, v.trim()])
                .filter(([, v]) => v !== ''),
            ),
          })),
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.criteria(roundId) });
      notify('teal', t('setup.rubric.saved'));
    } catch (e) {
      if (isApiError(e) && e.code === 'conflict') {
        setLocked(e.message);
        return;
      }
      const fields: Record<string, string> = {};
      setError(serverErrors(e, (k, msg) => ((fields[k] = msg), k.startsWith('criteria[') || k === 'weight')));
      setErrors(fields);
      if (fields.weight) setError(fields.weight);
    } finally {
      setSaving(false);
    }
  };
  const add = () =>
    setList((l) => [
      ...l,
      {
        key: keyFrom(
          t('setup.rubric.newName'),
          l.map((c) => c.key),
        ),
        name: '',
        description: '',
        weight: Math.max(0, Math.round((100 - weightTotal(l)) * 100) / 100) || '',
        min_score: 0,
        max_score: 10,
        step: 1,
        descriptors: { low: '', mid: '', high: '' },
      },
    ]);
  const dis = frozen || locked !== null;

  return (
    <Stack>
      {dis && (
        <Alert
          color="orange"
          title={t('setup.rubric.lockedTitle')}
          role={locked ? 'alert' : undefined}
          data-testid="rubric-locked"
        >
          <Text>{t('setup.rubric.lockedText')}</Text>
          {locked && (
            <Text size="sm" c="dimmed" mt={4}>
              {t('setup.rubric.serverSays', { message: locked })}
            </Text>
          )}
        </Alert>
      )}
      <WeightTotal total={total} />
      {list.length === 0 && (
        <EmptyState title={t('setup.rubric.none')}>{t('setup.rubric.noneHint')}</EmptyState>
      )}
      <Stack data-move-list>
        {list.map((c, i) => (
          <Paper key={i} withBorder p="md" radius="md" data-move-item data-testid="criterion-row">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600}>
                  {i + 1}. {c.name || t('setup.rubric.untitled')}
                </Text>
                <MoveButtons
                  index={i}
                  count={list.length}
                  name={c.name || c.key}
                  onMove={(d) => setList((l) => move(l, i, d))}
                  disabled={dis}
                />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('setup.rubric.name')}
                  required
                  disabled={dis}
                  value={c.name}
                  onChange={(e) => set(i, { name: e.currentTarget.value })}
                  error={errors[`criteria[${i}].name`]}
                />
                <TextInput
                  label={t('setup.rubric.key')}
                  description={t('setup.keyHint')}
                  required
                  disabled={dis}
                  value={c.key}
                  onChange={(e) => set(i, { key: e.currentTarget.value })}
                  error={errors[`criteria[${i}].key`]}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
                <NumberInput
                  label={t('setup.rubric.weight')}
                  required
                  disabled={dis}
                  min={0}
                  max={100}
                  decimalScale={2}
                  value={c.weight}
                  onChange={(v) => set(i, { weight: v })}
                  error={errors[`criteria[${i}].weight`]}
                  data-testid="criterion-weight"
                />
                <NumberInput
                  label={t('setup.rubric.min')}
                  disabled={dis}
                  min={0}
                  value={c.min_score}
                  onChange={(v) => set(i, { min_score: v })}
                  error={errors[`criteria[${i}].min_score`]}
                />
                <NumberInput
                  label={t('setup.rubric.max')}
                  required
                  disabled={dis}
                  max={1000}
                  value={c.max_score}
                  onChange={(v) => set(i, { max_score: v })}
                  error={errors[`criteria[${i}].max_score`]}
                />
                <Select
                  label={t('setup.rubric.step')}
                  disabled={dis}
                  allowDeselect={false}
                  data={[
                    { value: '1', label: t('setup.rubric.stepWhole') },
                    { value: '0.5', label: t('setup.rubric.stepHalf') },
                  ]}
                  value={String(c.step)}
                  onChange={(v) => set(i, { step: v === '0.5' ? 0.5 : 1 })}
                  error={errors[`criteria[${i}].step`]}
                />
              </SimpleGrid>
              <Textarea
                label={t('setup.rubric.description')}
                autosize
                minRows={2}
                disabled={dis}
                value={c.description}
                onChange={(e) => set(i, { description: e.currentTarget.value })}
              />
              <Title order={4} size="h6">
                {t('setup.rubric.descriptors')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                {(['low', 'mid', 'high'] as const).map((lv) => (
                  <Textarea
                    key={lv}
                    label={t(`setup.rubric.level.${lv}`)}
                    autosize
                    minRows={2}
                    disabled={dis}
                    value={c.descriptors[lv]}
                    onChange={(e) => setDesc(i, lv, e.currentTarget.value)}
                  />
                ))}
              </SimpleGrid>
              {errors[`criteria[${i}].descriptors`] && (
                <Text c="red.9" size="sm">
                  {errors[`criteria[${i}].descriptors`]}
                </Text>
              )}
              <Group justify="flex-end">
                <Button
                  variant="subtle"
                  color="red"
                  disabled={dis}
                  onClick={() => setList((l) => l.filter((_, j) => j !== i))}
                  aria-label={t('setup.rubric.removeOf', { name: c.name || c.key })}
                >
                  {t('setup.remove')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
      <FormError text={error} />
      <Group justify="space-between">
        <Button variant="default" onClick={add} disabled={dis}>
          {t('setup.rubric.add')}
        </Button>
        <Button onClick={() => void save()} loading={saving} disabled={dis} data-testid="rubric-save">
          {t('setup.rubric.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function Rubric({ roundId, frozen }: { roundId: number; frozen: boolean }) {
  const crit = useQuery({
    queryKey: qk.criteria(roundId),
    queryFn: () => call(api.GET('/api/v1/rounds/{id}/criteria', { params: { path: { id: roundId } } })),
  });
  if (crit.isPending) return <LoadingState />;
  if (crit.isError) return <ErrorState error={crit.error} onRetry={() => void crit.refetch()} />;
  return (
    <RubricEditor
      key={crit.dataUpdatedAt}
      roundId={roundId}
      initial={crit.data.items.map(toForm)}
      frozen={frozen}
    />
  );
}
