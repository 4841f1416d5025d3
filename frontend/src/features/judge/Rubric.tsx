// The rubric side of the scoring page: every criterion, the running weighted
// total, the save state, and the actions (save and next, submit, recuse).
import {
  Alert,
  Button,
  Group,
  List,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { isApiError } from '../../api/errors';
import { useAuth } from '../auth/session';
import { toSendError, useAutosave } from '../../hooks/useAutosave';
import { SaveState } from '../../components/SaveState';
import { ConfirmButton } from '../../components/ConfirmButton';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorState } from '../../components/states';
import { formatScore } from '../../lib/format';
import { scoredCount, weightedTotal, type RubricCriterion } from '../../lib/total';
import { CriterionInput, type CriterionScore } from './CriterionInput';
import { ConflictDialog } from './ConflictDialog';
import { bodyOf, draftOf, type ScoreDraft } from './draft';
import { nextUnfinished, type Assignment, type Criterion, type Scorecard } from './api';

export function Rubric({
  assignment,
  items,
  criteria,
  card,
}: {
  assignment: Assignment;
  items: Assignment[];
  criteria: Criterion[];
  card: Scorecard;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [current, setCurrent] = useState<Scorecard>(card);
  const [missing, setMissing] = useState<string[] | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [conflictCard, setConflictCard] = useState<Scorecard | null>(null);
  const submitted = current.status === 'submitted';
  const id = assignment.id;

  const server = useMemo(() => ({ value: draftOf(card), version: card.version ?? 0 }), [card]);
  const send = useCallback(
    async (value: ScoreDraft, base: number) => {
      try {
        const saved = await call(
          api.PUT('/api/v1/assignments/{id}/scorecard', {
            params: { path: { id } },
            body: bodyOf(value, base),
          }),
        );
        setCurrent(saved);
        qc.setQueryData(qk.scorecard(id), saved);
        return { value, version: saved.version ?? base + 1 };
      } catch (e) {
        throw toSendError<ScoreDraft>(e, (raw) => {
          const c = raw as Scorecard;
          setConflictCard(c);
          return { value: draftOf(c), version: c.version ?? 0 };
        });
      }
    },
    [id, qc],
  );
  const { queue, state } = useAutosave<ScoreDraft>(
    submitted ? null : `juri.scorecard.${id}.${me?.id}`,
    submitted ? null : server,
    {
      send,
      delay: 600,
    },
  );
  const draft = state?.value ?? draftOf(current);

  const rubric: RubricCriterion[] = criteria.map((c) => ({
    id: c.id!,
    weight: c.weight,
    min_score: c.min_score ?? 0,
    max_score: c.max_score,
    step: c.step ?? 1,
  }));
  const values = Object.fromEntries(criteria.map((c) => [c.id!, draft.scores[c.id!]?.value ?? null]));
  const total = weightedTotal(rubric, values);
  const scored = scoredCount(rubric, values);

  const onScore = useCallback(
    (cid: number, s: CriterionScore) => {
      if (!queue) return;
      const cur = queue.getState().value;
      queue.edit({ ...cur, scores: { ...cur.scores, [cid]: s } });
    },
    [queue],
  );

  const saveNow = useCallback(async () => {
    if (!queue) return true;
    await queue.flush();
    const s = queue.getState();
    return !s.dirty && s.status === 'saved';
  }, [queue]);

  // Ctrl+Enter (or Cmd+Enter) saves at once, from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void saveNow().then((ok) =>
          notifications.show({
            message: ok ? t('save.savedNow') : t('save.notYet'),
            color: ok ? 'teal' : 'orange',
            autoClose: 2500,
          }),
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [saveNow, t]);

  const next = nextUnfinished(items, id);
  const goNext = async () => {
    const ok = await saveNow();
    if (!ok) {
      notifications.show({ title: t('save.notYetTitle'), message: t('save.notYet'), color: 'orange' });
      return;
    }
    void qc.invalidateQueries({ queryKey: qk.myAssignments() });
    navigate(next ? `/penilaian/${next.id}` : '/penilaian');
  };

  const submit = async () => {
    setMissing(null);
    setActionError(null);
    const ok = await saveNow();
    if (!ok) {
      setActionError(new Error('unsynced'));
      return;
    }
    try {
      const done = await call(
        api.POST('/api/v1/assignments/{id}/scorecard/submit', {
          params: { path: { id } },
          body: { version: queue?.getState().base ?? current.version },
        }),
      );
      setCurrent(done);
      qc.setQueryData(qk.scorecard(id), done);
      queue?.reset({ value: draftOf(done), version: done.version ?? 0 });
      void qc.invalidateQueries({ queryKey: qk.myAssignments() });
    } catch (e) {
      if (isApiError(e) && e.code === 'validation_failed') {
        const keys = Object.keys(e.fields).map((f) => f.replace(/^scores\./, ''));
        setMissing(criteria.filter((c) => keys.includes(c.key)).map((c) => c.name));
      } else setActionError(e);
    }
  };

  const recuse = async (reason: string) => {
    await call(api.POST('/api/v1/assignments/{id}/recuse', { params: { path: { id } }, body: { reason } }));
    queue?.reset(server);
    await qc.invalidateQueries({ queryKey: qk.myAssignments() });
    notifications.show({ message: t('recuse.done'), color: 'teal' });
    navigate('/penilaian');
  };

  const progress = criteria.length ? (scored / criteria.length) * 100 : 0;
  return (
    <Stack gap="md">
      <Paper
        withBorder
        radius="md"
        p="md"
        style={{ position: 'sticky', top: 68, zIndex: 5 }}
        data-testid="score-summary"
      >
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Text size="sm" c="dimmed">
              {t('scoring.total')}
            </Text>
            <Text fw={800} size="xl" data-testid="total" aria-live="polite">
              {t('scoring.totalValue', { total: formatScore(total, i18n.language) })}
            </Text>
          </div>
          {submitted ? (
            <StatusBadge status="submitted" kind="scorecard" />
          ) : (
            state && <SaveState status={state.status} savedAt={state.savedAt} />
          )}
        </Group>
        <Progress
          value={progress}
          mt="xs"
          aria-label={t('scoring.scoredOf', { n: scored, total: criteria.length })}
        />
        <Text size="sm" mt={4}>
          {t('scoring.scoredOf', { n: scored, total: criteria.length })}
        </Text>
      </Paper>
      {state?.status === 'offline' && (
        <Alert color="orange" role="status" title={t('save.offlineTitle')}>
          {t('save.offlineText')}
        </Alert>
      )}
      {state?.status === 'failed' && (
        <Alert color="red" role="alert" title={t('save.failedTitle')}>
          {t(`errors.${state.error?.code ?? 'unexpected'}`, { defaultValue: state.error?.message ?? '' })}{' '}
          {t('save.keptOnDevice')}
        </Alert>
      )}
      {submitted && (
        <Alert color="teal" title={t('scoring.submittedTitle')} data-testid="submitted">
          <Stack gap="xs">
            <Text>{t('scoring.submittedText')}</Text>
            {next ? (
              <Group>
                <Button onClick={() => navigate(`/penilaian/${next.id}`)} data-testid="next-assignment">
                  {t('scoring.nextAssignment')}
                </Button>
              </Group>
            ) : (
              <Text fw={600}>{t('scoring.allDone')}</Text>
            )}
          </Stack>
        </Alert>
      )}
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="rubric-title">
        <Stack gap="lg">
          <Title order={2} size="h3" id="rubric-title">
            {t('scoring.rubric')}
          </Title>
          {criteria.map((c, i) => (
            <CriterionInput
              key={c.id}
              criterion={c}
              index={i}
              score={draft.scores[c.id!] ?? { value: null, comment: '' }}
              readOnly={submitted}
              onChange={onScore}
            />
          ))}
          <Textarea
            label={t('scoring.note')}
            description={t('scoring.noteHint')}
            autosize
            minRows={3}
            value={draft.comment}
            readOnly={submitted}
            maxLength={10000}
            onChange={(e) => queue?.edit({ ...queue.getState().value, comment: e.currentTarget.value })}
          />
        </Stack>
      </Paper>
      {missing && (
        <Alert color="red" role="alert" title={t('scoring.missingTitle')}>
          <List>
            {missing.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {actionError !== null &&
        (actionError instanceof Error && actionError.message === 'unsynced' ? (
          <Alert color="orange" role="alert">
            {t('save.notYet')}
          </Alert>
        ) : (
          <ErrorState error={actionError} />
        ))}
      {!submitted && (
        <Paper withBorder radius="md" p="md" className="no-print">
          <Stack>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <Button variant="light" onClick={() => void goNext()} data-testid="save-next">
                {next ? t('scoring.saveNext') : t('scoring.saveBack')}
              </Button>
              <ConfirmButton
                title={t('scoring.submitTitle')}
                message={
                  scored < criteria.length
                    ? t('scoring.submitIncomplete', { n: criteria.length - scored })
                    : t('scoring.submitConfirm', { total: formatScore(total, i18n.language) })
                }
                confirmLabel={t('scoring.submit')}
                onConfirm={submit}
                data-testid="submit-scorecard"
              >
                {t('scoring.submit')}
              </ConfirmButton>
            </SimpleGrid>
            <ConfirmButton
              variant="subtle"
              danger
              title={t('recuse.title')}
              message={t('recuse.text')}
              confirmLabel={t('recuse.confirm')}
              withReason={t('recuse.reason')}
              onConfirm={recuse}
            >
              {t('recuse.button')}
            </ConfirmButton>
          </Stack>
        </Paper>
      )}
      {state?.status === 'conflict' && state.server && (
        <ConflictDialog
          criteria={criteria}
          mine={state.value}
          theirs={state.server.value}
          theirsSubmitted={conflictCard?.status === 'submitted'}
          onMine={() => void queue?.resolve('mine')}
          onTheirs={() => {
            const c = conflictCard;
            void queue?.resolve('theirs');
            if (c) {
              setCurrent(c);
              qc.setQueryData(qk.scorecard(id), c);
            }
          }}
        />
      )}
    </Stack>
  );
}
