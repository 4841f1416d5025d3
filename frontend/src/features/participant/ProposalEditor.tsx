// The proposal editor: each section with its guidance and word counter,
// autosaved to the device and the server with a visible state; documents;
// submit showing exactly what is missing; read-only (saying why) when the
// entry may no longer change; the organizers' reason on top of a returned
// entry; withdraw with confirmation; the jury's feedback once released.
import { Alert, Anchor, Group, List, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { isApiError } from '../../api/errors';
import { useAuth } from '../auth/session';
import { StatusBadge } from '../../components/StatusBadge';
import { Countdown } from '../../components/Countdown';
import { SaveState } from '../../components/SaveState';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorState, LoadingState } from '../../components/states';
import { NotFoundPage } from '../../components/ErrorPage';
import { toSendError, useAutosave, useLeaveWarning } from '../../hooks/useAutosave';
import { checkVideoUrl } from '../../lib/validation';
import { formatDateTime } from '../../lib/format';
import { SectionField } from './SectionField';
import { EntryFiles } from './EntryFiles';
import { FeedbackPanel } from './Feedback';
import { serverGaps, submissionGaps, type Gap } from './checks';
import {
  deadlineOf,
  useCategories,
  useCompetition,
  useEntry,
  useEntryActions,
  useSections,
  windowOpen,
  type Entry,
} from './api';

export interface EntryDraft {
  title: string;
  category_id: number | null;
  video_url: string;
  sections: Record<string, string>;
}

const draftOf = (e: Entry): EntryDraft => ({
  title: e.title ?? '',
  category_id: e.category_id ?? null,
  video_url: e.video_url ?? '',
  sections: { ...(e.sections ?? {}) },
});

export function ProposalEditorPage() {
  const id = Number(useParams().id);
  const entry = useEntry(id);
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (entry.isPending) return <LoadingState />;
  if (entry.isError) {
    if (isApiError(entry.error) && entry.error.status === 404) return <NotFoundPage />;
    return <ErrorState error={entry.error} onRetry={() => void entry.refetch()} />;
  }
  return <Editor entry={entry.data} />;
}

function Editor({ entry }: { entry: Entry }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const comp = useCompetition(entry.competition_id);
  const sections = useSections(entry.competition_id);
  const cats = useCategories(entry.competition_id);
  const actions = useEntryActions(entry);
  // Once the user tried to submit, the gaps follow the text live, so a fixed
  // field stops showing its problem; the server's own list lasts until the next edit.
  const [checked, setChecked] = useState(false);
  const [serverGapList, setServerGapList] = useState<Gap[] | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);

  const deadline = deadlineOf(entry, comp.data);
  const w = windowOpen(comp.data, deadline);
  const statusEditable = entry.status === 'draft' || entry.status === 'returned';
  const editable = statusEditable && w === 'open';

  const server = useMemo(() => ({ value: draftOf(entry), version: 0 }), [entry]);
  const send = useCallback(
    async (value: EntryDraft) => {
      try {
        const saved = await call(
          api.PATCH('/api/v1/entries/{id}', {
            params: { path: { id: entry.id! } },
            body: {
              title: value.title,
              category_id: value.category_id,
              video_url: value.video_url.trim(),
              sections: value.sections,
            },
          }),
        );
        qc.setQueryData(qk.entry(entry.id!), saved);
        return { value, version: 0 };
      } catch (e) {
        throw toSendError<EntryDraft>(e);
      }
    },
    [entry.id, qc],
  );
  const { queue, state } = useAutosave<EntryDraft>(
    editable ? `juri.entry.${entry.id}.${me?.id}` : null,
    editable ? server : null,
    {
      send,
      delay: 1500,
    },
  );
  const draft = state?.value ?? server.value;
  useLeaveWarning(!!state && state.dirty, t('editor.leaveWarning'));

  const change = useCallback(
    (patch: Partial<EntryDraft>) => {
      setServerGapList(null);
      queue?.edit({ ...queue.getState().value, ...patch });
    },
    [queue],
  );
  const changeSection = useCallback(
    (key: string, text: string) => {
      if (!queue) return;
      const cur = queue.getState().value;
      setServerGapList(null);
      queue.edit({ ...cur, sections: { ...cur.sections, [key]: text } });
    },
    [queue],
  );

  if (comp.isPending || sections.isPending) return <LoadingState />;
  if (comp.isError || sections.isError) return <ErrorState error={comp.error ?? sections.error} />;
  const form = sections.data.items ?? [];
  const hasProposal = (entry.files ?? []).some((f) => f.kind === 'proposal');
  const videoProblem = checkVideoUrl(draft.video_url);
  const liveGaps = checked ? submissionGaps(form, draft, hasProposal) : [];
  const gaps = [
    ...liveGaps,
    ...(serverGapList ?? []).filter((g) => !liveGaps.some((l) => l.field === g.field)),
  ];
  const fieldErrors = Object.fromEntries(gaps.map((g) => [g.field, t(g.key, g.values)]));

  const submit = async () => {
    setSubmitError(null);
    setChecked(true);
    if (submissionGaps(form, draft, hasProposal).length > 0) return;
    try {
      await queue?.flush();
      await actions.submit.mutateAsync();
      setChecked(false);
      setServerGapList(null);
      queue?.reset({ value: draft, version: 0 });
    } catch (e) {
      if (isApiError(e) && e.code === 'validation_failed') setServerGapList(serverGaps(e.fields, form));
      else if (isApiError(e) && e.status === 403) setSubmitError(new Error(t('editor.unverifiedSubmit')));
      else setSubmitError(e);
    }
  };

  const readOnlyReason = !statusEditable
    ? t(`editor.readOnly.${entry.status}`)
    : w === 'closed'
      ? t('editor.readOnly.deadline', { when: formatDateTime(deadline, i18n.language) })
      : w === 'notYet'
        ? t('editor.readOnly.notYet', { when: formatDateTime(comp.data.submission_opens_at, i18n.language) })
        : null;

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/proposal">
        ← {t('nav.myProposals')}
      </Anchor>
      {entry.status === 'returned' && entry.screening_reason && (
        <Alert color="orange" title={t('editor.returnedTitle')} role="alert" data-testid="returned-reason">
          <Text>{entry.screening_reason}</Text>
          {entry.revise_until && (
            <Text mt="xs">
              {t('editor.reviseUntil', { when: formatDateTime(entry.revise_until, i18n.language) })}
            </Text>
          )}
        </Alert>
      )}
      {entry.status === 'ineligible' && entry.screening_reason && (
        <Alert color="red" title={t('editor.ineligibleTitle')}>
          {entry.screening_reason}
        </Alert>
      )}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ flex: '1 1 300px', minWidth: 0 }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {draft.title || t('entry.untitled')}
          </Title>
          <Text c="dimmed">{comp.data.name}</Text>
          {statusEditable && <Countdown deadline={deadline} />}
        </Stack>
        <Group gap="xs">
          <StatusBadge status={entry.status!} />
          {state && <SaveState status={state.status} savedAt={state.savedAt} />}
        </Group>
      </Group>
      {readOnlyReason && (
        <Alert color="gray" title={t('editor.readOnlyTitle')} data-testid="read-only">
          {readOnlyReason}
        </Alert>
      )}
      {state?.status === 'failed' && (
        <Alert color="red" role="alert" title={t('save.failedTitle')}>
          {t(`errors.${state.error?.code ?? 'unexpected'}`, { defaultValue: state.error?.message ?? '' })}
          <Text size="sm">{t('save.keptOnDevice')}</Text>
        </Alert>
      )}
      {!editable ? (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <div>
              <Text size="sm" c="dimmed">
                {t('entry.category')}
              </Text>
              <Text>
                {cats.data?.items?.find((c) => c.id === draft.category_id)?.name ?? t('scoring.emptySection')}
              </Text>
            </div>
            {draft.video_url && (
              <div>
                <Text size="sm" c="dimmed">
                  {t('entry.video')}
                </Text>
                <Text style={{ overflowWrap: 'anywhere' }}>{draft.video_url}</Text>
              </div>
            )}
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder p="md" radius="md">
          <Stack>
            <TextInput
              label={t('entry.title')}
              required
              value={draft.title}
              readOnly={!editable}
              maxLength={300}
              onChange={(e) => change({ title: e.currentTarget.value })}
              error={fieldErrors.title}
            />
            <Select
              label={t('entry.category')}
              placeholder={t('entry.categoryPlaceholder')}
              data={(cats.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name ?? '' }))}
              value={draft.category_id ? String(draft.category_id) : null}
              onChange={(v) => change({ category_id: v ? Number(v) : null })}
              readOnly={!editable}
              required
              error={fieldErrors.category_id}
            />
            <TextInput
              label={t('entry.video')}
              description={t('entry.videoHint')}
              type="url"
              value={draft.video_url}
              readOnly={!editable}
              onChange={(e) => change({ video_url: e.currentTarget.value })}
              error={videoProblem ? t(videoProblem.key) : undefined}
            />
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sections-title">
        <Stack>
          <Title order={2} size="h3" id="sections-title">
            {t('editor.sections')}
          </Title>
          {form.map((s) => (
            <SectionField
              key={s.key}
              section={s}
              value={draft.sections[s.key] ?? ''}
              readOnly={!editable}
              serverError={fieldErrors[`sections.${s.key}`]}
              onChange={changeSection}
            />
          ))}
        </Stack>
      </Paper>
      <EntryFiles entry={entry} editable={editable} />
      {editable && (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="submit-title">
          <Stack>
            <Title order={2} size="h3" id="submit-title">
              {t('editor.submitTitle')}
            </Title>
            <Text>{t('editor.submitLead')}</Text>
            {me?.verified === false && (
              <Alert color="blue" role="status" title={t('entry.unverifiedTitle')} data-testid="unverified">
                {t('editor.unverifiedSubmit')}
              </Alert>
            )}
            {gaps.length > 0 && (
              <Alert
                color="red"
                role="alert"
                title={t('editor.gapsTitle', { count: gaps.length })}
                data-testid="gaps"
              >
                <List>
                  {gaps.map((g) => (
                    <List.Item key={g.field}>{t(g.key, g.values)}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {submitError instanceof Error ? (
              <Alert color="red" role="alert">
                {submitError.message}
              </Alert>
            ) : (
              submitError !== null && <ErrorState error={submitError} />
            )}
            <Group>
              <ConfirmButton
                title={t('editor.submitConfirmTitle')}
                message={t('editor.submitConfirm')}
                confirmLabel={t('editor.submit')}
                onConfirm={submit}
              >
                {t('editor.submit')}
              </ConfirmButton>
            </Group>
          </Stack>
        </Paper>
      )}
      {['submitted', 'eligible', 'ineligible', 'finalist'].includes(entry.status!) && (
        <FeedbackPanel entryId={entry.id!} />
      )}
      {['draft', 'submitted', 'returned', 'eligible', 'finalist'].includes(entry.status!) && (
        <Group>
          <ConfirmButton
            variant="outline"
            danger
            title={t('editor.withdrawTitle')}
            message={t('editor.withdrawConfirm')}
            confirmLabel={t('editor.withdraw')}
            onConfirm={async () => {
              await actions.withdraw.mutateAsync();
              queue?.reset({ value: draft, version: 0 });
            }}
          >
            {t('editor.withdraw')}
          </ConfirmButton>
          {actions.withdraw.isError && <ErrorState error={actions.withdraw.error} />}
        </Group>
      )}
    </Stack>
  );
}
