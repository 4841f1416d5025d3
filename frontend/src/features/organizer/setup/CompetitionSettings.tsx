// A competition's settings ('pengaturan'): the competition itself (name,
// year, submission window, status), its categories and its proposal form
// (sections with guidance and word limits), each saved on its own.
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
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
import { Sections } from './Sections';
import {
  checkCategory,
  checkCompetition,
  fromZoneInput,
  toZoneInput,
  type CategoryForm,
  type CompetitionForm,
} from './rules';
import { FormError, useProblemText, useServerErrors, ZoneDateTime, notify } from './shared';

type Competition = components['schemas']['Competition'];
type Category = components['schemas']['Category'];
type Status = components['schemas']['CompetitionStatus'];

const statuses: Status[] = ['draft', 'open', 'judging', 'closed'];

function CompetitionDetails({ comp }: { comp: Competition }) {
  const { t } = useTranslation();
  const zone = useSettings().time_zone;
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(comp.status);
  const form = useForm<CompetitionForm>({
    initialValues: {
      name: comp.name,
      year: comp.year,
      description: comp.description,
      blind: comp.blind,
      submission_opens_at: toZoneInput(comp.submission_opens_at, zone),
      submission_closes_at: toZoneInput(comp.submission_closes_at, zone),
      max_entries_per_organization: comp.max_entries_per_organization,
    },
    validate: (v) => problems(checkCompetition(v)),
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await call(
        api.PATCH('/api/v1/competitions/{id}', {
          params: { path: { id: comp.id } },
          body: {
            name: v.name.trim(),
            year: Number(v.year),
            description: v.description.trim(),
            blind: v.blind,
            submission_opens_at: fromZoneInput(v.submission_opens_at, zone),
            submission_closes_at: fromZoneInput(v.submission_closes_at, zone),
            max_entries_per_organization: Number(v.max_entries_per_organization),
            ...(status !== comp.status ? { status } : {}),
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.competition(comp.id) });
      await qc.invalidateQueries({ queryKey: qk.competitions() });
      notify('teal', t('setup.saved'));
    } catch (e) {
      setError(
        serverErrors(e, (k, msg) => {
          if (!(k in form.values)) return false;
          form.setFieldError(k, msg);
          return true;
        }),
      );
    }
  });
  const order = statuses.indexOf(comp.status);
  return (
    <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('setup.competition.name')} required {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('setup.competition.year')}
            required
            min={2000}
            max={2100}
            allowDecimal={false}
            {...form.getInputProps('year')}
          />
          <Select
            label={t('setup.competition.status')}
            description={t('setup.competition.statusHint')}
            data={statuses.map((s, i) => ({ value: s, label: t(`setup.status.${s}`), disabled: i < order }))}
            value={status}
            onChange={(v) => v && setStatus(v as Status)}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Textarea
          label={t('setup.competition.description')}
          autosize
          minRows={3}
          {...form.getInputProps('description')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ZoneDateTime
            label={t('setup.competition.opensAt')}
            description={t('setup.zoneHint')}
            {...form.getInputProps('submission_opens_at')}
          />
          <ZoneDateTime
            label={t('setup.competition.closesAt')}
            description={t('setup.zoneHint')}
            {...form.getInputProps('submission_closes_at')}
          />
        </SimpleGrid>
        <NumberInput
          label={t('setup.competition.maxEntries')}
          description={t('setup.competition.maxEntriesHint')}
          min={0}
          max={1000}
          allowDecimal={false}
          {...form.getInputProps('max_entries_per_organization')}
        />
        <Checkbox
          label={t('setup.competition.blind')}
          description={t('setup.competition.blindHint')}
          {...form.getInputProps('blind', { type: 'checkbox' })}
        />
        <FormError text={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('setup.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const groups = ['umum', 'replikasi', 'khusus'] as const;

function CategoryRow({ cat, competitionId }: { cat: Category | null; competitionId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<CategoryForm>({
    initialValues: { name: cat?.name ?? '', group: cat?.group ?? 'umum' },
    validate: (v) => problems(checkCategory(v)),
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
    mutationFn: () => call(api.DELETE('/api/v1/categories/{id}', { params: { path: { id: cat!.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.categories(competitionId) }),
    onError,
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const body = { name: v.name.trim(), group: v.group as (typeof groups)[number] };
    try {
      if (cat) await call(api.PATCH('/api/v1/categories/{id}', { params: { path: { id: cat.id } }, body }));
      else {
        await call(
          api.POST('/api/v1/competitions/{id}/categories', { params: { path: { id: competitionId } }, body }),
        );
        form.reset();
      }
      await qc.invalidateQueries({ queryKey: qk.categories(competitionId) });
      if (cat) notify('teal', t('setup.saved'));
    } catch (e) {
      onError(e);
    }
  });
  const label = cat ? t('setup.categories.nameOf', { n: cat.position }) : t('setup.categories.newName');
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="form"
      onSubmit={submit}
      noValidate
      data-testid="category-row"
    >
      <Stack gap="xs">
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput label={label} style={{ flex: '1 1 220px' }} required {...form.getInputProps('name')} />
          <Select
            label={t('setup.categories.group')}
            w={160}
            data={groups.map((g) => ({ value: g, label: t(`setup.group.${g}`) }))}
            allowDeselect={false}
            {...form.getInputProps('group')}
          />
          <Group gap="xs">
            <Button
              type="submit"
              variant={cat ? 'default' : 'filled'}
              loading={form.submitting}
              disabled={cat !== null && !form.isDirty()}
            >
              {cat ? t('setup.save') : t('setup.categories.add')}
            </Button>
            {cat && (
              <Button
                color="red"
                variant="subtle"
                loading={remove.isPending}
                onClick={() => remove.mutate()}
                aria-label={t('setup.categories.deleteOf', { name: cat.name })}
              >
                {t('setup.delete')}
              </Button>
            )}
          </Group>
        </Group>
        <FormError text={error} />
      </Stack>
    </Paper>
  );
}

function Categories({ competitionId }: { competitionId: number }) {
  const { t } = useTranslation();
  const cats = useQuery({
    queryKey: qk.categories(competitionId),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/categories', { params: { path: { id: competitionId } } })),
  });
  if (cats.isPending) return <LoadingState />;
  if (cats.isError) return <ErrorState error={cats.error} onRetry={() => void cats.refetch()} />;
  return (
    <Stack>
      <Text c="dimmed">{t('setup.categories.lead')}</Text>
      {cats.data.items.length === 0 && (
        <EmptyState title={t('setup.categories.none')}>{t('setup.categories.noneHint')}</EmptyState>
      )}
      {cats.data.items.map((c) => (
        <CategoryRow key={`${c.id}-${c.name}-${c.group}`} cat={c} competitionId={competitionId} />
      ))}
      <Title order={3} size="h5">
        {t('setup.categories.addTitle')}
      </Title>
      <CategoryRow cat={null} competitionId={competitionId} />
    </Stack>
  );
}

export default function CompetitionSettings() {
  const { t } = useTranslation();
  const comp = useCompetition();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('setup.settingsTitle')}</Title>
        <Badge variant="light">{t(`setup.status.${comp.status}`)}</Badge>
      </Group>
      <Tabs defaultValue="competition" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="competition">{t('setup.tabs.competition')}</Tabs.Tab>
          <Tabs.Tab value="categories">{t('setup.tabs.categories')}</Tabs.Tab>
          <Tabs.Tab value="sections">{t('setup.tabs.sections')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="competition" pt="md">
          <CompetitionDetails key={comp.updated_at} comp={comp} />
        </Tabs.Panel>
        <Tabs.Panel value="categories" pt="md">
          <Categories competitionId={comp.id} />
        </Tabs.Panel>
        <Tabs.Panel value="sections" pt="md">
          <Sections competitionId={comp.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
