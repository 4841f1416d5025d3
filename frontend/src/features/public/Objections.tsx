// Objections (sanggahan) on a results page: the form while the window is
// open, with its countdown and the server's limits; the closed-window
// message otherwise; and every answered objection with its answer.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown';
import { useErrorText } from '../../components/states';
import { isApiError } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { ObjectionError, useFileObjection, type Publication } from './api';

export const maxObjectionText = 3000;

/** Minutes to wait, from a Retry-After in seconds (at least 1). */
export function retryMinutes(seconds: number | null): number {
  return Math.max(1, Math.ceil((seconds ?? 60) / 60));
}

function ObjectionForm({ p }: { p: Publication }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const file = useFileObjection(p.id);
  const [receipt, setReceipt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { entry: '', name: '', email: '', text: '' },
    validate: {
      entry: (v) => (v === '' ? t('public.objection.chooseEntry') : null),
      name: (v) =>
        v.trim() === ''
          ? t('form.required')
          : v.trim().length > 200
            ? t('public.objection.tooLong', { max: 200 })
            : null,
      email: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('public.objection.badEmail')),
      text: (v) =>
        v.trim() === ''
          ? t('public.objection.textRequired')
          : [...v.trim()].length > maxObjectionText
            ? t('public.objection.tooLong', { max: maxObjectionText })
            : null,
    },
  });

  const submit = form.onSubmit(async (v) => {
    setError(null);
    setReceipt(null);
    try {
      const r = await file.mutateAsync({
        entry_id: Number(v.entry),
        name: v.name.trim(),
        email: v.email.trim(),
        text: v.text.trim(),
      });
      setReceipt(r?.id ?? 0);
      form.reset();
    } catch (e) {
      if (e instanceof ObjectionError && e.status === 429) {
        setError(t('public.objection.tooMany', { count: retryMinutes(e.retryAfter) }));
      } else if (isApiError(e) && e.code === 'deadline_passed') {
        setError(t('public.objection.closedNow'));
      } else if (isApiError(e) && e.code === 'validation_failed') {
        const map: Record<string, string> = { entry_id: 'entry', name: 'name', email: 'email', text: 'text' };
        for (const [k, msg] of Object.entries(e.fields)) if (map[k]) form.setFieldError(map[k], msg);
        setError(errorText(e));
      } else {
        setError(errorText(e));
      }
    }
  });

  const length = [...form.values.text.trim()].length;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="objection-title" className="no-print">
      <Stack gap="sm">
        <Select
          label={t('public.objection.entry')}
          placeholder={t('public.objection.entryPlaceholder')}
          data={p.entries.map((e) => ({ value: String(e.entry_id), label: `${e.rank}. ${e.title}` }))}
          searchable
          required
          comboboxProps={{ withinPortal: true }}
          data-testid="objection-entry"
          {...form.getInputProps('entry')}
        />
        <TextInput
          label={t('public.objection.name')}
          autoComplete="name"
          required
          {...form.getInputProps('name')}
        />
        <TextInput
          label={t('public.objection.email')}
          description={t('public.objection.emailHint')}
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps('email')}
        />
        <Textarea
          label={t('public.objection.text')}
          description={t('public.objection.textHint')}
          autosize
          minRows={4}
          required
          {...form.getInputProps('text')}
        />
        <Text size="xs" c={length > maxObjectionText ? 'red.8' : 'dimmed'} aria-live="polite">
          {t('public.objection.count', { count: length, max: maxObjectionText })}
        </Text>
        {error && (
          <Alert color="red" role="alert" data-testid="objection-error">
            {error}
          </Alert>
        )}
        {receipt !== null && (
          <Alert color="green" role="status" data-testid="objection-receipt">
            {t('public.objection.received', { id: receipt })}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={file.isPending}>
            {t('public.objection.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ObjectionSection({ p }: { p: Publication }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3" id="objection-title">
          {t('public.objection.title')}
        </Title>
        {p.objections_open ? (
          <>
            <Countdown deadline={p.objections_close_at} label={t('public.objection.closes')} />
            <Text size="sm">{t('public.objection.lead')}</Text>
            <ObjectionForm p={p} />
          </>
        ) : (
          <Text data-testid="objection-closed">
            {p.objections_close_at
              ? t('public.objection.closed', { when: formatDateTime(p.objections_close_at, i18n.language) })
              : t('public.objection.none')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function AnsweredObjections({ p }: { p: Publication }) {
  const { t, i18n } = useTranslation();
  if (p.objections.length === 0) return null;
  const titleOf = (id: number) => p.entries.find((e) => e.entry_id === id)?.title ?? `#${id}`;
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('public.answers.title')}
      </Title>
      {p.objections.map((o) => (
        <Paper key={o.id} withBorder p="md" radius="md" data-testid="answered-objection">
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>{t('public.answers.about', { title: titleOf(o.entry_id) })}</Text>
              <Badge color={o.status === 'accepted' ? 'green' : 'gray'} variant="light">
                {t(`public.answers.status.${o.status}`)}
              </Badge>
            </Group>
            <Text size="sm" className="proposal-text">
              {o.text}
            </Text>
            <Text size="sm" fw={600}>
              {t('public.answers.response')}
            </Text>
            <Text size="sm" className="proposal-text" data-testid="objection-response">
              {o.response}
            </Text>
            {o.answered_at && (
              <Text size="xs" c="dimmed">
                {t('public.answers.answeredAt', { when: formatDateTime(o.answered_at, i18n.language) })}
              </Text>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
