// A competition's people ('juri'): its judges with the categories they are
// expert in (automatic assignment prefers them), its organizers, and the
// conflicts of interest: each judge's own OPD (always), those the organizers
// set (which they may remove) and those judges declared (which stand).
import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../../components/states';
import { useCompetition } from '../CompetitionArea';
import { FormError, useServerErrors, notify } from '../setup/shared';

type Member = components['schemas']['Member'];
type Category = components['schemas']['Category'];
type MemberRole = components['schemas']['MemberRole'];

function useCategories(id: number) {
  return useQuery({
    queryKey: qk.categories(id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/categories', { params: { path: { id } } })),
  });
}

function useOrganizations() {
  return useQuery({
    queryKey: qk.organizations(),
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
  });
}

function ExpertiseEditor({ m, cats, competitionId }: { m: Member; cats: Category[]; competitionId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [value, setValue] = useState(m.expertise_category_ids.map(String));
  const save = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/competitions/{id}/members', {
          params: { path: { id: competitionId } },
          body: { user_id: m.user_id, role: 'judge', expertise_category_ids: value.map(Number) },
        }),
      ),
    onSuccess: () => {
      notify('teal', t('setup.saved'));
      return qc.invalidateQueries({ queryKey: qk.members(competitionId) });
    },
    onError: (e) => notify('red', errorText(e)),
  });
  const changed = value.slice().sort().join() !== m.expertise_category_ids.map(String).sort().join();
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <MultiSelect
        label={t('people.members.expertiseOf', { name: m.name })}
        data={cats.map((c) => ({ value: String(c.id), label: c.name }))}
        value={value}
        onChange={setValue}
        placeholder={value.length === 0 ? t('people.members.noExpertise') : undefined}
        style={{ flex: '1 1 260px', minWidth: 0, maxWidth: '100%' }}
        clearable
      />
      {changed && (
        <Button variant="light" onClick={() => save.mutate()} loading={save.isPending}>
          {t('setup.save')}
        </Button>
      )}
    </Group>
  );
}

function AddMember({
  competitionId,
  cats,
  members,
}: {
  competitionId: number;
  cats: Category[];
  members: Member[];
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ role: MemberRole; user_id: string | null; expertise: string[] }>({
    initialValues: { role: 'judge', user_id: null, expertise: [] },
    validate: { user_id: (v) => (v ? null : t('people.members.pickUser')) },
  });
  const role = form.values.role;
  const users = useQuery({
    queryKey: [...qk.users(), { role }],
    queryFn: async () => {
      const roles = role === 'judge' ? (['judge'] as const) : (['organizer', 'admin'] as const);
      const lists = await Promise.all(
        roles.map((r) => call(api.GET('/api/v1/users', { params: { query: { role: r, limit: 200 } } }))),
      );
      return lists.flatMap((l) => l.items);
    },
  });
  const taken = new Set(members.map((m) => m.user_id));
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await call(
        api.POST('/api/v1/competitions/{id}/members', {
          params: { path: { id: competitionId } },
          body: {
            user_id: Number(v.user_id),
            role: v.role,
            expertise_category_ids: v.role === 'judge' ? v.expertise.map(Number) : [],
          },
        }),
      );
      // A judge's own OPD is a conflict: the conflicts list changes too.
      await qc.invalidateQueries({ queryKey: qk.members(competitionId) });
      await qc.invalidateQueries({ queryKey: qk.conflicts(competitionId) });
      notify('teal', t('people.members.added'));
      form.setValues({ user_id: null, expertise: [] });
    } catch (e) {
      setError(
        serverErrors(e, (k, msg) => {
          const field = k === 'expertise_category_ids' ? 'expertise' : k;
          if (!['user_id', 'role', 'expertise'].includes(field)) return false;
          form.setFieldError(field, msg);
          return true;
        }),
      );
    }
  });
  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="form"
      onSubmit={submit}
      noValidate
      data-testid="add-member"
    >
      <Stack>
        <Title order={3} size="h4">
          {t('people.members.addTitle')}
        </Title>
        <SegmentedControl
          aria-label={t('people.members.role')}
          data={[
            { value: 'judge', label: t('people.members.judge') },
            { value: 'organizer', label: t('people.members.organizer') },
          ]}
          {...form.getInputProps('role')}
          onChange={(v) => form.setValues({ role: v as MemberRole, user_id: null, expertise: [] })}
        />
        <Select
          label={role === 'judge' ? t('people.members.pickJudge') : t('people.members.pickOrganizer')}
          description={role === 'judge' ? t('people.members.pickJudgeHint') : undefined}
          searchable
          required
          data={(users.data ?? [])
            .filter((u) => !taken.has(u.id) && !u.disabled)
            .map((u) => ({ value: String(u.id), label: `${u.name} (${u.email})` }))}
          nothingFoundMessage={t('people.members.noUsers')}
          limit={50}
          {...form.getInputProps('user_id')}
        />
        {role === 'judge' && (
          <MultiSelect
            label={t('people.members.expertise')}
            description={t('people.members.expertiseHint')}
            data={cats.map((c) => ({ value: String(c.id), label: c.name }))}
            clearable
            {...form.getInputProps('expertise')}
          />
        )}
        <FormError text={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('people.members.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Conflicts({ competitionId, judges }: { competitionId: number; judges: Member[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const serverErrors = useServerErrors();
  const orgs = useOrganizations();
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: qk.conflicts(competitionId),
    queryFn: () =>
      call(api.GET('/api/v1/competitions/{id}/conflicts', { params: { path: { id: competitionId } } })),
  });
  // A conflict is with a whole OPD (every proposal it sends) or with one
  // proposal (a judge who coached its team, say).
  const entries = useQuery({
    queryKey: qk.entries(competitionId),
    queryFn: () =>
      call(
        api.GET('/api/v1/competitions/{id}/entries', {
          params: { path: { id: competitionId }, query: { limit: 200 } },
        }),
      ),
  });
  const form = useForm<{
    with: 'organization' | 'entry';
    judge_id: string | null;
    organization_id: string | null;
    entry_id: string | null;
    reason: string;
  }>({
    initialValues: {
      with: 'organization',
      judge_id: null,
      organization_id: null,
      entry_id: null,
      reason: '',
    },
    validate: {
      judge_id: (v) => (v ? null : t('people.conflicts.pickJudge')),
      organization_id: (v, all) => (all.with !== 'organization' || v ? null : t('people.conflicts.pickOpd')),
      entry_id: (v, all) => (all.with !== 'entry' || v ? null : t('people.conflicts.pickEntry')),
      reason: (v) =>
        v.trim() === ''
          ? t('setup.rule.required')
          : v.trim().length > 2000
            ? t('setup.rule.tooLong', { max: 2000 })
            : null,
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) =>
      call(
        api.DELETE('/api/v1/competitions/{id}/conflicts/{conflict_id}', {
          params: { path: { id: competitionId, conflict_id: id } },
        }),
      ),
    onSuccess: () => {
      notify('teal', t('people.conflicts.removed'));
      return qc.invalidateQueries({ queryKey: qk.conflicts(competitionId) });
    },
    onError: (e) => notify('red', errorText(e)),
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const k = await call(
        api.POST('/api/v1/competitions/{id}/conflicts', {
          params: { path: { id: competitionId } },
          body: {
            judge_id: Number(v.judge_id),
            ...(v.with === 'entry'
              ? { entry_id: Number(v.entry_id) }
              : { organization_id: Number(v.organization_id) }),
            reason: v.reason.trim(),
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.conflicts(competitionId) });
      const n = k.removed_assignments?.length ?? 0;
      notify('teal', n > 0 ? t('people.conflicts.addedRemoved', { count: n }) : t('people.conflicts.added'));
      form.reset();
    } catch (e) {
      setError(
        serverErrors(e, (key, msg) => {
          if (!(key in form.values)) return false;
          form.setFieldError(key, msg);
          return true;
        }),
      );
    }
  });
  const judgeName = new Map(judges.map((j) => [j.user_id, j.name]));
  const orgName = new Map((orgs.data?.items ?? []).map((o) => [o.id, o.name]));
  const entryItems = (entries.data?.items ?? []).filter((e) => e.status !== 'withdrawn');
  const entryTitle = new Map((entries.data?.items ?? []).map((e) => [e.id, e.title]));
  return (
    <Stack>
      <div>
        <Title order={2}>{t('people.conflicts.title')}</Title>
        <Text c="dimmed">{t('people.conflicts.lead')}</Text>
      </div>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title={t('people.conflicts.none')}>{t('people.conflicts.noneHint')}</EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={0}>
            <Table striped data-testid="conflict-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('people.conflicts.judge')}</Table.Th>
                  <Table.Th>{t('people.conflicts.with')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('people.conflicts.reason')}</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">{t('people.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((k, i) => (
                  <Table.Tr key={k.id ?? `own-${i}`}>
                    <Table.Td>
                      <Text size="sm">{judgeName.get(k.judge_id) ?? `#${k.judge_id}`}</Text>
                      <Badge size="sm" variant="outline" color={k.source === 'organizer' ? 'blue.9' : 'dark'}>
                        {t(`people.conflicts.source.${k.source}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {k.organization_id
                          ? (orgName.get(k.organization_id) ?? `OPD #${k.organization_id}`)
                          : k.entry_id !== null && entryTitle.has(k.entry_id)
                            ? t('people.conflicts.entryTitled', { title: entryTitle.get(k.entry_id) })
                            : t('people.conflicts.entry', { id: k.entry_id })}
                      </Text>
                      <Text size="xs" c="dimmed" hiddenFrom="sm">
                        {k.source === 'own_organization' ? t('people.conflicts.ownReason') : k.reason}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      {k.source === 'own_organization' ? t('people.conflicts.ownReason') : k.reason}
                    </Table.Td>
                    <Table.Td>
                      {k.source === 'organizer' && k.id !== null && (
                        <Button
                          size="compact-md"
                          variant="subtle"
                          color="red"
                          loading={remove.isPending && remove.variables === k.id}
                          onClick={() => remove.mutate(k.id!)}
                          aria-label={t('people.conflicts.removeOf', {
                            name: judgeName.get(k.judge_id) ?? '',
                          })}
                        >
                          {t('setup.remove')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {judges.length > 0 && (
        <Paper
          withBorder
          p="lg"
          radius="md"
          component="form"
          onSubmit={submit}
          noValidate
          data-testid="add-conflict"
        >
          <Stack>
            <Title order={3} size="h4">
              {t('people.conflicts.addTitle')}
            </Title>
            <Select
              label={t('people.conflicts.judge')}
              required
              data={judges.map((j) => ({ value: String(j.user_id), label: j.name }))}
              {...form.getInputProps('judge_id')}
            />
            <Radio.Group label={t('people.conflicts.with')} {...form.getInputProps('with')}>
              <Group mt={4}>
                <Radio value="organization" label={t('people.conflicts.withOpd')} />
                <Radio value="entry" label={t('people.conflicts.withEntry')} />
              </Group>
            </Radio.Group>
            {form.values.with === 'organization' ? (
              <Select
                label={t('people.conflicts.opd')}
                required
                searchable
                data={(orgs.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.name }))}
                limit={50}
                {...form.getInputProps('organization_id')}
              />
            ) : (
              <Select
                label={t('people.conflicts.entryLabel')}
                required
                searchable
                nothingFoundMessage={t('people.conflicts.noEntries')}
                data={entryItems.map((e) => ({
                  value: String(e.id),
                  label: e.organization ? `${e.title} (${e.organization.name})` : e.title,
                }))}
                limit={50}
                {...form.getInputProps('entry_id')}
              />
            )}
            <Textarea
              label={t('people.conflicts.reason')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
            />
            <Text size="sm" c="dimmed">
              {t('people.conflicts.effect')}
            </Text>
            <FormError text={error} />
            <Group justify="flex-end">
              <Button type="submit" loading={form.submitting}>
                {t('people.conflicts.add')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

export default function Members() {
  const { t } = useTranslation();
  const comp = useCompetition();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const cats = useCategories(comp.id);
  const orgs = useOrganizations();
  const members = useQuery({
    queryKey: qk.members(comp.id),
    queryFn: () => call(api.GET('/api/v1/competitions/{id}/members', { params: { path: { id: comp.id } } })),
  });
  const remove = useMutation({
    mutationFn: (userId: number) =>
      call(
        api.DELETE('/api/v1/competitions/{id}/members/{user_id}', {
          params: { path: { id: comp.id, user_id: userId } },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: qk.members(comp.id) });
      await qc.invalidateQueries({ queryKey: qk.conflicts(comp.id) });
    },
    onError: (e) => notify('red', errorText(e)),
  });
  if (members.isPending || cats.isPending) return <LoadingState />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  if (cats.isError) return <ErrorState error={cats.error} onRetry={() => void cats.refetch()} />;
  const judges = members.data.items.filter((m) => m.role === 'judge');
  const organizers = members.data.items.filter((m) => m.role === 'organizer');
  const orgName = new Map((orgs.data?.items ?? []).map((o) => [o.id, o.name]));
  return (
    <Stack gap="xl">
      <Stack>
        <div>
          <Title order={2}>{t('people.members.judgesTitle', { count: judges.length })}</Title>
          <Text c="dimmed">{t('people.members.lead')}</Text>
        </div>
        {judges.length === 0 && (
          <EmptyState title={t('people.members.noJudges')}>{t('people.members.noJudgesHint')}</EmptyState>
        )}
        {judges.map((m) => (
          <Paper key={m.user_id} withBorder p="md" radius="md" data-testid="judge-member">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{m.name}</Text>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {m.email}
                    {m.organization_id ? ` · ${orgName.get(m.organization_id) ?? ''}` : ''}
                  </Text>
                </div>
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => remove.mutate(m.user_id)}
                  loading={remove.isPending && remove.variables === m.user_id}
                  aria-label={t('people.members.removeOf', { name: m.name })}
                >
                  {t('setup.remove')}
                </Button>
              </Group>
              <ExpertiseEditor
                key={m.expertise_category_ids.join()}
                m={m}
                cats={cats.data.items}
                competitionId={comp.id}
              />
            </Stack>
          </Paper>
        ))}
        <Title order={2} size="h3">
          {t('people.members.organizersTitle')}
        </Title>
        <Group gap="xs">
          {organizers.map((m) => (
            <Badge key={m.user_id} size="lg" variant="light" tt="none">
              {m.name}
            </Badge>
          ))}
        </Group>
        <AddMember competitionId={comp.id} cats={cats.data.items} members={members.data.items} />
      </Stack>
      <Conflicts competitionId={comp.id} judges={judges} />
    </Stack>
  );
}
