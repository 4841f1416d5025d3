// The regency's OPDs (/panitia/opd): search, add, edit, and import from CSV
// with every bad line shown before anything is written.
import {
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { codePattern, type Problems } from '../setup/rules';
import { FormError, useProblemText, useServerErrors, notify } from '../setup/shared';
import { CsvImport } from './CsvImport';

type Organization = components['schemas']['Organization'];
type Kind = components['schemas']['OrganizationKind'];
export const kinds: Kind[] = [
  'sekretariat',
  'inspektorat',
  'dinas',
  'badan',
  'kecamatan',
  'kelurahan',
  'puskesmas',
  'rsud',
  'other',
];

type OrgForm = { code: string; name: string; kind: string; parent_id: string | null };

function checkOrg(v: OrgForm): Problems {
  const p: Problems = {};
  if (!codePattern.test(v.code.trim())) p.code = { key: 'people.rule.code' };
  if (v.name.trim() === '') p.name = { key: 'setup.rule.required' };
  else if ([...v.name.trim()].length > 200) p.name = { key: 'setup.rule.tooLong', values: { max: 200 } };
  if (!kinds.includes(v.kind as Kind)) p.kind = { key: 'setup.rule.required' };
  return p;
}

function OrgEditor({
  org,
  all,
  onDone,
}: {
  org: Organization | null;
  all: Organization[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<OrgForm>({
    initialValues: {
      code: org?.code ?? '',
      name: org?.name ?? '',
      kind: org?.kind ?? 'dinas',
      parent_id: org?.parent_id ? String(org.parent_id) : null,
    },
    validate: (v) => problems(checkOrg(v)),
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      kind: v.kind as Kind,
      parent_id: v.parent_id ? Number(v.parent_id) : null,
    };
    try {
      if (org)
        await call(api.PATCH('/api/v1/organizations/{id}', { params: { path: { id: org.id } }, body }));
      else await call(api.POST('/api/v1/organizations', { body }));
      await qc.invalidateQueries({ queryKey: qk.organizations() });
      notify('teal', t('setup.saved'));
      form.reset();
      onDone();
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
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Group grow wrap="wrap" align="flex-start">
          <TextInput
            label={t('people.opd.code')}
            description={t('people.opd.codeHint')}
            required
            miw={160}
            {...form.getInputProps('code')}
          />
          <Select
            label={t('people.opd.kind')}
            required
            allowDeselect={false}
            miw={160}
            data={kinds.map((k) => ({ value: k, label: t(`people.kind.${k}`) }))}
            {...form.getInputProps('kind')}
          />
        </Group>
        <TextInput label={t('people.opd.name')} required {...form.getInputProps('name')} />
        <Select
          label={t('people.opd.parent')}
          description={t('people.opd.parentHint')}
          searchable
          clearable
          data={all
            .filter((o) => o.id !== org?.id)
            .map((o) => ({ value: String(o.id), label: `${o.name} (${o.code})` }))}
          nothingFoundMessage={t('people.opd.noneFound')}
          limit={50}
          {...form.getInputProps('parent_id')}
        />
        <FormError text={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {org ? t('setup.save') : t('people.opd.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function Organizations() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);
  const all = useQuery({
    queryKey: qk.organizations(),
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
  });
  const found = useQuery({
    queryKey: [...qk.organizations(), 'search', debounced],
    queryFn: () =>
      call(api.GET('/api/v1/organizations', { params: { query: { limit: 200, q: debounced } } })),
    enabled: debounced !== '',
    placeholderData: keepPreviousData,
  });
  const list = debounced === '' ? all : found;
  const byId = new Map((all.data?.items ?? []).map((o) => [o.id, o]));
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('people.opd.title')}</Title>
        <Text c="dimmed">{t('people.opd.lead')}</Text>
      </div>
      <Tabs defaultValue="list">
        <Tabs.List>
          <Tabs.Tab value="list">{t('people.opd.listTab')}</Tabs.Tab>
          <Tabs.Tab value="import">{t('people.opd.importTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <Stack>
            <Group justify="space-between" align="flex-end" wrap="wrap">
              <TextInput
                label={t('people.opd.search')}
                placeholder={t('people.opd.searchPlaceholder')}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                type="search"
                style={{ flex: '1 1 240px' }}
              />
              <Button onClick={() => setEditing('new')}>{t('people.opd.add')}</Button>
            </Group>
            {list.isPending && <LoadingState />}
            {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
            {list.data && list.data.items.length === 0 && (
              <EmptyState title={debounced ? t('people.opd.noneFound') : t('people.opd.none')}>
                {debounced ? t('people.opd.noneFoundHint') : t('people.opd.noneHint')}
              </EmptyState>
            )}
            {list.data && list.data.items.length > 0 && (
              <Paper withBorder radius="md">
                <Text size="sm" c="dimmed" p="sm" aria-live="polite">
                  {t('people.opd.count', { shown: list.data.items.length, total: list.data.total })}
                </Text>
                <Table.ScrollContainer minWidth={0}>
                  <Table striped highlightOnHover data-testid="opd-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('people.opd.name')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('people.opd.kind')}</Table.Th>
                        <Table.Th visibleFrom="md">{t('people.opd.parent')}</Table.Th>
                        <Table.Th>
                          <span className="visually-hidden">{t('people.actions')}</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.data.items.map((o) => (
                        <Table.Tr key={o.id}>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {o.name}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {o.code}
                              <Text span hiddenFrom="sm" size="xs">
                                {' · '}
                                {t(`people.kind.${o.kind}`)}
                              </Text>
                            </Text>
                          </Table.Td>
                          <Table.Td visibleFrom="sm">{t(`people.kind.${o.kind}`)}</Table.Td>
                          <Table.Td visibleFrom="md">
                            {o.parent_id ? (byId.get(o.parent_id)?.name ?? o.parent_id) : '—'}
                          </Table.Td>
                          <Table.Td>
                            <Button
                              variant="subtle"
                              size="compact-md"
                              onClick={() => setEditing(o)}
                              aria-label={t('people.opd.editOf', { name: o.name })}
                            >
                              {t('people.edit')}
                            </Button>
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
        <Tabs.Panel value="import" pt="md">
          <CsvImport
            path="/api/v1/organizations/import"
            columns="code,name,kind,parent_code"
            example={
              'code,name,kind,parent_code\nDINKES,Dinas Kesehatan,dinas,\nPKM-KAJEN1,Puskesmas Kajen I,puskesmas,DINKES'
            }
            title={t('people.opd.importTitle')}
            hint={t('people.opd.importHint', { kinds: kinds.join(', ') })}
            invalidate={qk.organizations()}
            testId="opd-import"
          />
        </Tabs.Panel>
      </Tabs>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('people.opd.add') : t('people.opd.edit')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        size="lg"
      >
        {editing !== null && (
          <OrgEditor
            org={editing === 'new' ? null : editing}
            all={all.data?.items ?? []}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
