// Advance: choose the rule (top N, top N of each category, passing score),
// preview who advances (a dry run of the same endpoint), then confirm.
import { Alert, Button, Card, Group, List, NumberInput, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorState } from '../../../components/states';
import type { RankedEntry } from './logic';

type Round = components['schemas']['Round'];
type Mode = 'top_n' | 'per_category_top_n' | 'passing_score';

interface Props {
  competitionId: number;
  round: Round;
  next: Round | undefined;
  entries: RankedEntry[];
  method: components['schemas']['RankingMethod'];
  normalize: components['schemas']['Normalization'];
}

export function AdvancePanel({ competitionId, round, next, entries, method, normalize }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode>('top_n');
  const [value, setValue] = useState<number | string>(round.advance_top_n || 3);
  const [preview, setPreview] = useState<number[] | null>(null);
  const [done, setDone] = useState<{ n: number; added: number } | null>(null);

  const body = (dry: boolean) => ({ [mode]: Number(value), method, normalize, dry_run: dry });
  const run = useMutation({
    mutationFn: (dry: boolean) =>
      call(api.POST('/api/v1/rounds/{id}/advance', { params: { path: { id: round.id } }, body: body(dry) })),
    onSuccess: (res) => {
      if (res.dry_run) {
        setPreview(res.advanced);
        return;
      }
      setDone({ n: res.advanced.length, added: res.added });
      setPreview(null);
      void qc.invalidateQueries({ queryKey: qk.entries(competitionId) });
      void qc.invalidateQueries({ queryKey: qk.rankings(res.next_round_id) });
      void qc.invalidateQueries({ queryKey: qk.auditAll(competitionId) });
    },
  });
  const byId = new Map(entries.map((e) => [e.entry_id, e]));
  const valid = value !== '' && Number(value) >= (mode === 'passing_score' ? 0 : 1);

  if (!next) {
    return (
      <Card withBorder radius="md" padding="md">
        <Title order={3} size="h4">
          {t('results.advance.title')}
        </Title>
        <Text size="sm">{t('results.advance.lastRound')}</Text>
      </Card>
    );
  }
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('results.advance.title')}
        </Title>
        <Text size="sm">{t('results.advance.hint', { next: next.name })}</Text>
        <Radio.Group
          label={t('results.advance.rule')}
          value={mode}
          onChange={(v) => {
            setMode(v as Mode);
            setPreview(null);
            setValue(v === 'passing_score' ? (round.passing_score ?? 75) : round.advance_top_n || 3);
          }}
        >
          <Stack gap="xs" mt={4}>
            <Radio value="top_n" label={t('results.advance.topN')} />
            <Radio value="per_category_top_n" label={t('results.advance.perCategory')} />
            <Radio value="passing_score" label={t('results.advance.passing')} />
          </Stack>
        </Radio.Group>
        <NumberInput
          label={mode === 'passing_score' ? t('results.advance.scoreLabel') : t('results.advance.nLabel')}
          value={value}
          onChange={(v) => {
            setValue(v);
            setPreview(null);
          }}
          min={mode === 'passing_score' ? 0 : 1}
          max={mode === 'passing_score' ? 100 : 500}
          decimalScale={mode === 'passing_score' ? 2 : 0}
          maw={220}
        />
        <Group>
          <Button variant="light" onClick={() => run.mutate(true)} loading={run.isPending} disabled={!valid}>
            {t('results.advance.preview')}
          </Button>
        </Group>
        {run.isError && <ErrorState error={run.error} />}
        {preview && (
          <Stack gap="xs" data-testid="advance-preview">
            <Text fw={600}>
              {t('results.advance.willAdvance', { count: preview.length, next: next.name })}
            </Text>
            {preview.length > 0 && (
              <List type="ordered" size="sm">
                {preview.map((id) => (
                  <List.Item key={id}>
                    {byId.get(id)?.title ?? `#${id}`}{' '}
                    {byId.get(id) && (
                      <Text span c="dimmed" size="sm">
                        ({byId.get(id)!.category})
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
            {preview.length > 0 && (
              <ConfirmButton
                title={t('results.advance.confirmTitle')}
                message={t('results.advance.confirmText', { count: preview.length, next: next.name })}
                confirmLabel={t('results.advance.confirm', { count: preview.length })}
                onConfirm={() => run.mutateAsync(false)}
              >
                {t('results.advance.confirm', { count: preview.length })}
              </ConfirmButton>
            )}
          </Stack>
        )}
        {done && (
          <Alert color="green" variant="light" role="status">
            {t('results.advance.done', { count: done.n, added: done.added, next: next.name })}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
