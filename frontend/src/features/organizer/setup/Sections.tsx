// The proposal form: its sections in order, each with a key, a title, the
// guidance participants read, a word limit and whether it is required. The
// whole form is saved at once (PUT /competitions/:id/sections).
import { Button, Checkbox, Group, NumberInput, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { MoveButtons } from './MoveButtons';
import { checkSections, keyFrom, move, type SectionForm } from './rules';
import { FormError, useProblemText, useServerErrors, notify } from './shared';

function SectionsEditor({ competitionId, initial }: { competitionId: number; initial: SectionForm[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [list, setList] = useState<SectionForm[]>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (i: number, patch: Partial<SectionForm>) =>
    setList((l) => l.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  const save = async () => {
    setError(null);
    const p = problems(checkSections(list));
    setErrors(p);
    if (Object.keys(p).length > 0) return;
    setSaving(true);
    try {
      await call(
        api.PUT('/api/v1/competitions/{id}/sections', {
          params: { path: { id: competitionId } },
          body: list.map((s) => ({
            ...s,
            title: s.title.trim(),
            guidance: s.guidance.trim(),
            word_limit: Number(s.word_limit),
          })),
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.sections(competitionId) });
      notify('teal', t('setup.saved'));
    } catch (e) {
      const fields: Record<string, string> = {};
      setError(serverErrors(e, (k, msg) => ((fields[k] = msg), k.startsWith('sections['))));
      setErrors(fields);
    } finally {
      setSaving(false);
    }
  };
  const add = () =>
    setList((l) => [
      ...l,
      {
        key: keyFrom(
          t('setup.sections.newTitle'),
          l.map((s) => s.key),
        ),
        title: '',
        guidance: '',
        word_limit: 0,
        required: false,
      },
    ]);

  return (
    <Stack>
      <Text c="dimmed">{t('setup.sections.lead')}</Text>
      {list.length === 0 && (
        <EmptyState title={t('setup.sections.none')}>{t('setup.sections.noneHint')}</EmptyState>
      )}
      <Stack data-move-list>
        {list.map((s, i) => (
          <Paper key={i} withBorder p="md" radius="md" data-move-item data-testid="section-row">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600}>
                  {i + 1}. {s.title || t('setup.sections.untitled')}
                </Text>
                <MoveButtons
                  index={i}
                  count={list.length}
                  name={s.title || s.key}
                  onMove={(d) => setList((l) => move(l, i, d))}
                />
              </Group>
              <Group grow align="flex-start" wrap="wrap" gap="sm">
                <TextInput
                  label={t('setup.sections.title')}
                  required
                  value={s.title}
                  onChange={(e) => set(i, { title: e.currentTarget.value })}
                  error={errors[`sections[${i}].title`]}
                  miw={200}
                />
                <TextInput
                  label={t('setup.sections.key')}
                  description={t('setup.keyHint')}
                  required
                  value={s.key}
                  onChange={(e) => set(i, { key: e.currentTarget.value })}
                  error={errors[`sections[${i}].key`]}
                  miw={160}
                />
              </Group>
              <Textarea
                label={t('setup.sections.guidance')}
                autosize
                minRows={2}
                value={s.guidance}
                onChange={(e) => set(i, { guidance: e.currentTarget.value })}
              />
              <Group align="flex-end" wrap="wrap">
                <NumberInput
                  label={t('setup.sections.wordLimit')}
                  description={t('setup.sections.wordLimitHint')}
                  min={0}
                  max={20000}
                  allowDecimal={false}
                  value={s.word_limit}
                  onChange={(v) => set(i, { word_limit: v })}
                  error={errors[`sections[${i}].word_limit`]}
                  w={220}
                />
                <Checkbox
                  label={t('setup.sections.required')}
                  checked={s.required}
                  onChange={(e) => set(i, { required: e.currentTarget.checked })}
                  mb={8}
                />
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => setList((l) => l.filter((_, j) => j !== i))}
                  aria-label={t('setup.sections.removeOf', { name: s.title || s.key })}
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
        <Button variant="default" onClick={add}>
          {t('setup.sections.add')}
        </Button>
        <Button onClick={() => void save()} loading={saving}>
          {t('setup.sections.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function Sections({ competitionId }: { competitionId: number }) {
  const secs = useQuery({
    queryKey: qk.sections(competitionId),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/sections', { params: { path: { id: competitionId } } })),
  });
  if (secs.isPending) return <LoadingState />;
  if (secs.isError) return <ErrorState error={secs.error} onRetry={() => void secs.refetch()} />;
  return <SectionsEditor competitionId={competitionId} initial={secs.data.items.map((s) => ({ ...s }))} />;
}
