// Accounts (/panitia/pengguna): the directory with search and filters,
// participants who registered themselves waiting to be verified, a form for
// one new account and a CSV import. Organizers may only create accounts
// (judges and participants), never change existing ones: their single new
// account goes through the import, which enforces exactly that; the admin
// creates any role (POST /users) and may set a password.
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { ApiError, type ErrorBody } from '../../../api/errors';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { useSettings } from '../../../api/settings';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../../components/states';
import { useAuth } from '../../auth/session';
import type { Problems } from '../setup/rules';
import { FormError, useProblemText, useServerErrors, notify } from '../setup/shared';
import { CsvImport } from './CsvImport';

type Role = components['schemas']['Role'];
type UserForm = { email: string; name: string; role: Role; organization_id: string | null; password: string };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkUser(v: UserForm, minPassword: number, admin: boolean): Problems {
  const p: Problems = {};
  if (!emailPattern.test(v.email.trim())) p.email = { key: 'people.rule.email' };
  if (v.name.trim() === '') p.name = { key: 'setup.rule.required' };
  else if ([...v.name.trim()].length > 200) p.name = { key: 'setup.rule.tooLong', values: { max: 200 } };
  if (v.role === 'participant' && !v.organization_id)
    p.organization_id = { key: 'people.rule.opdForParticipant' };
  if (!admin && (v.role === 'admin' || v.role === 'organizer')) p.role = { key: 'people.rule.adminOnlyRole' };
  if (admin && v.password !== '' && v.password.length < minPassword)
    p.password = { key: 'people.rule.password', values: { min: minPassword } };
  return p;
}

/** One CSV field, quoted when it must be. */
function csvField(s: string): string {
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function NewUser() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const admin = me?.role === 'admin';
  const settings = useSettings();
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const orgs = useQuery({
    queryKey: qk.organizations(),
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
  });
  const form = useForm<UserForm>({
    initialValues: { email: '', name: '', role: 'judge', organization_id: null, password: '' },
    validate: (v) => problems(checkUser(v, settings.password.min_length, admin)),
  });
  const roles: Role[] = admin ? ['judge', 'participant', 'organizer', 'admin'] : ['judge', 'participant'];
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      if (admin) {
        await call(
          api.POST('/api/v1/users', {
            body: {
              email: v.email.trim(),
              name: v.name.trim(),
              role: v.role,
              organization_id: v.organization_id ? Number(v.organization_id) : null,
              ...(v.password ? { password: v.password } : {}),
            },
          }),
        );
      } else {
        const code = (orgs.data?.items ?? []).find((o) => String(o.id) === v.organization_id)?.code ?? '';
        const text = `email,name,role,organization_code\n${[v.email.trim(), v.name.trim(), v.role, code].map(csvField).join(',')}\n`;
        const r = await api.POST('/api/v1/users/import', {
          body: text,
          bodySerializer: (b) => b as string,
          headers: { 'Content-Type': 'text/csv' },
        });
        if (!r.response.ok) {
          const body = r.error as (ErrorBody & { errors?: { line: number; message: string }[] }) | undefined;
          const line = body?.errors?.[0]?.message;
          throw new ApiError(
            r.response.status,
            line ? { error: { ...body?.error, message: line } } : body,
            r.response.headers.get('X-Request-ID'),
          );
        }
        if (r.data && r.data.created === 0) throw new Error(t('people.users.exists'));
      }
      await qc.invalidateQueries({ queryKey: qk.users() });
      notify('teal', t('people.users.created', { email: v.email.trim() }));
      form.reset();
    } catch (e) {
      if (e instanceof ApiError || !(e instanceof Error)) {
        setError(
          serverErrors(e, (k, msg) => {
            if (!(k in form.values)) return false;
            form.setFieldError(k, msg);
            return true;
          }),
        );
      } else setError(e.message);
    }
  });
  return (
    <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} noValidate data-testid="new-user">
      <Stack>
        <div>
          <Title order={2} size="h3">
            {t('people.users.newTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {admin ? t('people.users.newHintAdmin') : t('people.users.newHint')}
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('people.users.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('people.users.email')} type="email" required {...form.getInputProps('email')} />
          <Select
            label={t('people.users.role')}
            required
            allowDeselect={false}
            data={roles.map((r) => ({ value: r, label: t(`people.role.${r}`) }))}
            {...form.getInputProps('role')}
          />
          <Select
            label={t('people.users.opd')}
            description={t('people.users.opdHint')}
            searchable
            clearable
            data={(orgs.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.name }))}
            limit={50}
            {...form.getInputProps('organization_id')}
          />
          {admin && (
            <PasswordInput
              label={t('people.users.password')}
              description={t('people.users.passwordHint', { min: settings.password.min_length })}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
              {...form.getInputProps('password')}
            />
          )}
        </SimpleGrid>
        <FormError text={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('people.users.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * The admin sets (or resets) one account's password: how an account that an
 * organizer created, or whose owner forgot the password, gets in. The admin
 * hands the password over outside Juri; the owner can change it afterwards.
 */
function SetPassword({ user, onClose }: { user: components['schemas']['User']; onClose: () => void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const qc = useQueryClient();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const min = settings.password.min_length;
  const form = useForm({
    initialValues: { password: '' },
    validate: {
      password: (v) => (v.length < min ? t('people.rule.password', { min }) : null),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await call(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { password: v.password },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.users() });
      notify('teal', t('people.users.passwordSet', { name: user.name }));
      onClose();
    } catch (e) {
      setError(
        serverErrors(e, (k, msg) => {
          if (k !== 'password') return false;
          form.setFieldError(k, msg);
          return true;
        }),
      );
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('people.users.setPasswordTitle', { name: user.name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate data-testid="set-password">
        <Stack>
          <Text size="sm">{t('people.users.setPasswordHint', { email: user.email })}</Text>
          <PasswordInput
            label={t('people.users.newPassword')}
            description={t('people.users.passwordHint', { min })}
            autoComplete="new-password"
            required
            data-autofocus
            {...form.getInputProps('password')}
          />
          <FormError text={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('people.users.setPasswordSave')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type Filter = 'all' | 'unverified' | Role;

export default function Users() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [filter, setFilter] = useState<Filter>('all');
  const [passwordFor, setPasswordFor] = useState<components['schemas']['User'] | null>(null);
  const { me } = useAuth();
  const admin = me?.role === 'admin';
  const wide = useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });
  const orgs = useQuery({
    queryKey: qk.organizations(),
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
  });
  const query = {
    limit: 200,
    ...(debounced ? { q: debounced } : {}),
    ...(filter === 'unverified' ? { verified: false, role: 'participant' as const } : {}),
    ...(filter !== 'all' && filter !== 'unverified' ? { role: filter } : {}),
  };
  const users = useQuery({
    queryKey: [...qk.users(), query],
    queryFn: () => call(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/v1/users/{id}/verify', { params: { path: { id } } })),
    onSuccess: (u) => {
      notify('teal', t('people.users.verified', { name: u.name }));
      return qc.invalidateQueries({ queryKey: qk.users() });
    },
    onError: (e) => notify('red', errorText(e)),
  });
  const orgName = new Map((orgs.data?.items ?? []).map((o) => [o.id, o.name]));
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('people.users.title')}</Title>
        <Text c="dimmed">{t('people.users.lead')}</Text>
      </div>
      <Tabs defaultValue="list">
        <Tabs.List>
          <Tabs.Tab value="list">{t('people.users.listTab')}</Tabs.Tab>
          <Tabs.Tab value="new">{t('people.users.newTitle')}</Tabs.Tab>
          <Tabs.Tab value="import">{t('people.users.importTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <Stack>
            <Stack gap="sm">
              <TextInput
                label={t('people.users.search')}
                placeholder={t('people.users.searchPlaceholder')}
                type="search"
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
              />
              <div style={{ overflowX: 'auto' }}>
                <SegmentedControl
                  aria-label={t('people.users.filter')}
                  orientation={wide ? 'horizontal' : 'vertical'}
                  value={filter}
                  onChange={(v) => setFilter(v as Filter)}
                  data={[
                    { value: 'all', label: t('people.users.all') },
                    { value: 'unverified', label: t('people.users.unverified') },
                    { value: 'judge', label: t('people.role.judge') },
                    { value: 'participant', label: t('people.role.participant') },
                    { value: 'organizer', label: t('people.role.organizer') },
                  ]}
                />
              </div>
            </Stack>
            {users.isPending && <LoadingState />}
            {users.isError && <ErrorState error={users.error} onRetry={() => void users.refetch()} />}
            {users.data && users.data.items.length === 0 && (
              <EmptyState
                title={filter === 'unverified' ? t('people.users.noneUnverified') : t('people.users.none')}
              >
                {filter === 'unverified' ? t('people.users.noneUnverifiedHint') : t('people.users.noneHint')}
              </EmptyState>
            )}
            {users.data && users.data.items.length > 0 && (
              <Paper withBorder radius="md">
                <Text size="sm" c="dimmed" p="sm" aria-live="polite">
                  {t('people.users.count', { shown: users.data.items.length, total: users.data.total })}
                </Text>
                <Table.ScrollContainer minWidth={0}>
                  <Table striped data-testid="user-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('people.users.name')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('people.users.role')}</Table.Th>
                        <Table.Th visibleFrom="md">{t('people.users.opd')}</Table.Th>
                        <Table.Th>{t('people.users.state')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {users.data.items.map((u) => (
                        <Table.Tr key={u.id}>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {u.name}
                            </Text>
                            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                              {u.email}
                            </Text>
                            <Text size="xs" hiddenFrom="sm">
                              {t(`people.role.${u.role}`)}
                              {u.organization_id ? ` · ${orgName.get(u.organization_id) ?? ''}` : ''}
                            </Text>
                          </Table.Td>
                          <Table.Td visibleFrom="sm">{t(`people.role.${u.role}`)}</Table.Td>
                          <Table.Td visibleFrom="md">
                            {u.organization_id ? (orgName.get(u.organization_id) ?? u.organization_id) : '—'}
                          </Table.Td>
                          <Table.Td>
                            <Group gap={6} wrap="wrap">
                              {u.disabled && (
                                <Badge color="dark" miw="max-content">
                                  {t('people.users.disabled')}
                                </Badge>
                              )}
                              {!u.has_password && (
                                <Badge color="dark" variant="outline" miw="max-content">
                                  {t('people.users.noPassword')}
                                </Badge>
                              )}
                              {admin && u.id !== me?.id && (
                                <Button
                                  size="compact-md"
                                  variant="default"
                                  onClick={() => setPasswordFor(u)}
                                  aria-label={t('people.users.setPasswordOf', { name: u.name })}
                                >
                                  {t('people.users.setPassword')}
                                </Button>
                              )}
                              {u.role === 'participant' && !u.verified ? (
                                <Button
                                  size="compact-md"
                                  onClick={() => verify.mutate(u.id)}
                                  loading={verify.isPending && verify.variables === u.id}
                                  aria-label={t('people.users.verifyOf', { name: u.name })}
                                >
                                  {t('people.users.verify')}
                                </Button>
                              ) : (
                                u.role === 'participant' && (
                                  <Badge color="teal.9" variant="filled" miw="max-content">
                                    {t('people.users.isVerified')}
                                  </Badge>
                                )
                              )}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="new" pt="md">
          <NewUser />
        </Tabs.Panel>
        <Tabs.Panel value="import" pt="md">
          <CsvImport
            path="/api/v1/users/import"
            columns="email,name,role,organization_code"
            example={
              'email,name,role,organization_code\ndr.sari@unikal.ac.id,Dr. Sari Dewi,judge,\nstaf@dinkes.go.id,Budi Santoso,participant,DINKES'
            }
            title={t('people.users.importTitle')}
            hint={t('people.users.importHint')}
            invalidate={qk.users()}
            testId="user-import"
          />
        </Tabs.Panel>
      </Tabs>
      <Text size="sm" c="dimmed">
        {admin ? t('people.users.passwordNoteAdmin') : t('people.users.passwordNote')}
      </Text>
      {passwordFor && <SetPassword user={passwordFor} onClose={() => setPasswordFor(null)} />}
    </Stack>
  );
}
