// "Proposal saya": the OPD's entries per competition, each with its status,
// the deadline counting down and what to do next; and a way to start one.
import { Alert, Button, Card, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge';
import { Countdown } from '../../components/Countdown';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/states';
import { useAuth } from '../auth/session';
import {
  deadlineOf,
  useCategories,
  useCreateEntry,
  useMyCompetitions,
  windowOpen,
  type Competition,
  type Entry,
} from './api';

export function nextStepKey(entry: Entry, windowState: 'open' | 'notYet' | 'closed'): string {
  switch (entry.status) {
    case 'draft':
      return windowState === 'closed' ? 'next.draftClosed' : 'next.draft';
    case 'returned':
      return windowState === 'closed' ? 'next.returnedClosed' : 'next.returned';
    default:
      return `next.${entry.status}`;
  }
}

function EntryCard({ entry, comp }: { entry: Entry; comp: Competition }) {
  const { t } = useTranslation();
  const deadline = deadlineOf(entry, comp);
  const w = windowOpen(comp, deadline);
  const editable = (entry.status === 'draft' || entry.status === 'returned') && w === 'open';
  return (
    <Card withBorder radius="md" padding="md" data-testid="entry-card">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Title order={3} size="h4" style={{ overflowWrap: 'anywhere', flex: '1 1 200px' }}>
            {entry.title || t('entry.untitled')}
          </Title>
          <StatusBadge status={entry.status!} />
        </Group>
        <Text>{t(nextStepKey(entry, w), { reason: entry.screening_reason ?? '' })}</Text>
        {(entry.status === 'draft' || entry.status === 'returned') && <Countdown deadline={deadline} />}
        <Group>
          <Button component={Link} to={`/proposal/${entry.id}`} variant={editable ? 'filled' : 'light'}>
            {editable ? t('entry.continue') : t('entry.view')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function NewEntryButton({ comp }: { comp: Competition }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const errorText = useErrorText();
  const cats = useCategories(opened ? comp.id : undefined);
  const create = useCreateEntry(comp.id!);
  const form = useForm({
    initialValues: { title: '', category_id: null as string | null },
    validate: {
      title: (v) =>
        v.trim() === '' ? t('form.required') : v.length > 300 ? t('form.tooLong', { max: 300 }) : null,
    },
  });
  const submit = form.onSubmit(async (v) => {
    const e = await create.mutateAsync({
      title: v.title.trim(),
      category_id: v.category_id ? Number(v.category_id) : null,
    });
    close();
    navigate(`/proposal/${e.id}`);
  });
  return (
    <>
      <Button onClick={open}>{t('entry.new')}</Button>
      <Modal
        opened={opened}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={t('entry.newTitle')}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t('entry.title')}
              description={t('entry.titleHint')}
              required
              data-autofocus
              {...form.getInputProps('title')}
            />
            <Select
              label={t('entry.category')}
              placeholder={t('entry.categoryPlaceholder')}
              data={(cats.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name ?? '' }))}
              clearable
              {...form.getInputProps('category_id')}
            />
            {create.isError && (
              <Alert color="red" role="alert">
                {errorText(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('entry.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

export function MyProposalsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const q = useMyCompetitions();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('nav.myProposals')}</Title>
        {me?.organization && <Text c="dimmed">{me.organization.name}</Text>}
      </div>
      {me?.verified === false && (
        <Alert color="blue" role="status" title={t('entry.unverifiedTitle')}>
          {t('entry.unverifiedText')}
        </Alert>
      )}
      {q.isPending && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && (
        <EmptyState title={t('entry.noCompetitions')}>{t('entry.noCompetitionsHint')}</EmptyState>
      )}
      {q.data?.map(({ competition: comp, entries }) => {
        const w = windowOpen(comp, comp.submission_closes_at ?? null);
        return (
          <Stack key={comp.id} gap="sm" component="section" aria-labelledby={`comp-${comp.id}`}>
            <Group justify="space-between" align="flex-end">
              <div>
                <Title order={2} size="h3" id={`comp-${comp.id}`}>
                  {comp.name}
                </Title>
                {comp.status === 'open' && (
                  <Countdown deadline={comp.submission_closes_at} label={t('deadline.submission')} />
                )}
              </div>
              {comp.status === 'open' && w === 'open' && <NewEntryButton comp={comp} />}
            </Group>
            {entries.length === 0 ? (
              <EmptyState title={t('entry.none')}>
                {w === 'open' ? t('entry.noneHint') : t('entry.noneClosed')}
              </EmptyState>
            ) : (
              entries.map((e) => <EntryCard key={e.id} entry={e} comp={comp} />)
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
