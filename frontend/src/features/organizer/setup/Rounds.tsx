// A competition's rounds ('tahap'): each round's window, how many judges
// score an entry, the most entries a judge gets, how many advance and the
// passing score, and, for scoring rounds, its rubric. New rounds are added
// at the end.
import {
  Accordion,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { useSettings } from '../../../api/settings';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useCompetition } from '../CompetitionArea';
import { Rubric } from './Rubric';
import { checkRound, fromZoneInput, toZoneInput, type RoundForm } from './rules';
import { FormError, useProblemText, useServerErrors, ZoneDateTime, notify } from './shared';

type Round = components['schemas']['Round'];

function RoundEditor({
  round,
  competitionId,
  onCreated,
}: {
  round: Round | null;
  competitionId: number;
  onCreated?: () => void;
}) {
  const { t } = useTranslation();
  const zone = useSettings().time_zone;
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<RoundForm>({
    initialValues: {
      name: round?.name ?? '',
      kind: round?.kind ?? 'scoring',
      opens_at: toZoneInput(round?.opens_at, zone),
      closes_at: toZoneInput(round?.closes_at, zone),
      judges_per_entry: round?.judges_per_entry ?? 2,
      max_per_judge: round?.max_per_judge ?? 0,
      advance_top_n: round?.advance_top_n ?? 10,
      passing_score: round?.passing_score ?? '',
    },
    validate: (v) => problems(checkRound(v)),
  });
  const onError = (e: unknown) =>
    setError(
      serverErrors(e, (k, msg) => {
        if (!(k in form.values)) return false;
        form.setFieldError(k, msg);
        return true;
      }),
    );
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/rounds/{id}', { params: { path: { id: round!.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.rounds(competitionId) }),
    onError,
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const body = {
      name: v.name.trim(),
      kind: v.kind,
      opens_at: fromZoneInput(v.opens_at, zone),
      closes_at: fromZoneInput(v.closes_at, zone),
      judges_per_entry: Number(v.judges_per_entry),
      max_per_judge: Number(v.max_per_judge),
      advance_top_n: Number(v.advance_top_n),
      passing_score: v.passing_score === '' ? null : Number(v.passing_score),
    };
    try {
      if (round) await call(api.PATCH('/api/v1/rounds/{id}', { params: { path: { id: round.id } }, body }));
      else
        await call(
          api.POST('/api/v1/competitions/{id}/rounds', { params: { path: { id: competitionId } }, body }),
        );
      await qc.invalidateQueries({ queryKey: qk.rounds(competitionId) });
      notify('teal', t('setup.saved'));
      if (!round) {
        form.reset();
        onCreated?.();
      }
    } catch (e) {
      onError(e);
    }
  });
  const scoring = form.values.kind === 'scoring';
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('setup.rounds.name')} required {...form.getInputProps('name')} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id={`kind-${round?.id ?? 'new'}`}>
              {t('setup.rounds.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby={`kind-${round?.id ?? 'new'}`}
              data={[
                { value: 'screening', label: t('setup.rounds.kindScreening') },
                { value: 'scoring', label: t('setup.rounds.kindScoring') },
              ]}
              {...form.getInputProps('kind')}
            />
          </Stack>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ZoneDateTime
            label={t('setup.rounds.opensAt')}
            description={t('setup.zoneHint')}
            {...form.getInputProps('opens_at')}
          />
          <ZoneDateTime
            label={t('setup.rounds.closesAt')}
            description={t('setup.zoneHint')}
            {...form.getInputProps('closes_at')}
          />
        </SimpleGrid>
        {scoring && (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <NumberInput
              label={t('setup.rounds.judgesPerEntry')}
              description={t('setup.rounds.judgesPerEntryHint')}
              min={1}
              max={20}
              allowDecimal={false}
              {...form.getInputProps('judges_per_entry')}
            />
            <NumberInput
              label={t('setup.rounds.maxPerJudge')}
              description={t('setup.rounds.maxPerJudgeHint')}
              min={0}
              max={100000}
              allowDecimal={false}
              {...form.getInputProps('max_per_judge')}
            />
            <NumberInput
              label={t('setup.rounds.topN')}
              description={t('setup.rounds.topNHint')}
              min={1}
              max={100000}
              allowDecimal={false}
              {...form.getInputProps('advance_top_n')}
            />
            <NumberInput
              label={t('setup.rounds.passingScore')}
              description={t('setup.rounds.passingScoreHint')}
              min={0}
              max={100}
              decimalScale={2}
              {...form.getInputProps('passing_score')}
            />
          </SimpleGrid>
        )}
        <FormError text={error} />
        <Group justify="flex-end">
          {round && (
            <Button color="red" variant="subtle" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('setup.rounds.delete')}
            </Button>
          )}
          <Button type="submit" loading={form.submitting}>
            {round ? t('setup.rounds.save') : t('setup.rounds.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function Rounds() {
  const { t } = useTranslation();
  const comp = useCompetition();
  const [adding, setAdding] = useState(false);
  const rounds = useQuery({
    queryKey: qk.rounds(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/rounds', { params: { path: { id: comp.id } } })),
  });
  return (
    <Stack>
      <div>
        <Title order={2}>{t('setup.rounds.title')}</Title>
        <Text c="dimmed">{t('setup.rounds.lead')}</Text>
      </div>
      {rounds.isPending && <LoadingState />}
      {rounds.isError && <ErrorState error={rounds.error} onRetry={() => void rounds.refetch()} />}
      {rounds.data && rounds.data.items.length === 0 && (
        <EmptyState title={t('setup.rounds.none')}>{t('setup.rounds.noneHint')}</EmptyState>
      )}
      {rounds.data && rounds.data.items.length > 0 && (
        <Accordion variant="separated" multiple chevronPosition="left">
          {rounds.data.items.map((r) => (
            <Accordion.Item key={r.id} value={String(r.id)} data-testid="round-item">
              <Accordion.Control>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>
                    {r.position}. {r.name}
                  </Text>
                  <Badge variant="light" color={r.kind === 'scoring' ? 'blue' : 'gray'}>
                    {r.kind === 'scoring' ? t('setup.rounds.kindScoring') : t('setup.rounds.kindScreening')}
                  </Badge>
                  <Badge variant="outline" color="dark">
                    {t(`setup.roundStatus.${r.status}`)}
                  </Badge>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="lg">
                  <RoundEditor key={JSON.stringify(r)} round={r} competitionId={comp.id} />
                  {r.kind === 'scoring' && (
                    <Stack gap="sm">
                      <Title order={3} size="h4">
                        {t('setup.rubric.title', { round: r.name })}
                      </Title>
                      <Rubric roundId={r.id} frozen={r.rubric_frozen} />
                    </Stack>
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      {adding ? (
        <Paper withBorder p="lg" radius="md">
          <Title order={3} size="h4" mb="sm">
            {t('setup.rounds.addTitle')}
          </Title>
          <RoundEditor round={null} competitionId={comp.id} onCreated={() => setAdding(false)} />
        </Paper>
      ) : (
        <Group>
          <Button variant="default" onClick={() => setAdding(true)}>
            {t('setup.rounds.addTitle')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
