// Publish: title, note and objection window, after a confirmation that says
// publishing freezes the scores; afterwards the link to the public page.
import {
  Alert,
  Anchor,
  Card,
  Code,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { qk } from '../../../api/queryKeys';
import type { components } from '../../../api/schema';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';

type Round = components['schemas']['Round'];

interface Props {
  competitionId: number;
  round: Round;
  latest: { id: number; version: number; digest: string; published_at: string } | undefined;
  method: components['schemas']['RankingMethod'];
  normalize: components['schemas']['Normalization'];
}

export function PublishPanel({ competitionId, round, latest, method, normalize }: Props) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [title, setTitle] = useState(t('results.publish.defaultTitle', { round: round.name }));
  const [note, setNote] = useState('');
  const [days, setDays] = useState<number | string>(5);
  const publish = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/rounds/{id}/publish', {
          params: { path: { id: round.id } },
          body: { title: title.trim(), note, objection_days: Number(days), method, normalize },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.rounds(competitionId) });
      void qc.invalidateQueries({ queryKey: qk.publicationsOfAll() });
      void qc.invalidateQueries({ queryKey: qk.auditAll(competitionId) });
    },
  });
  const fields = isApiError(publish.error) ? publish.error.fields : undefined;
  const shown = publish.data
    ? {
        id: publish.data.id,
        version: publish.data.version,
        digest: publish.data.digest,
        published_at: publish.data.published_at,
      }
    : latest;
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('results.publish.title')}
        </Title>
        {shown && (
          <Alert
            color="green"
            variant="light"
            title={t('results.publish.publishedTitle', { version: shown.version })}
          >
            <Stack gap={4}>
              <Text size="sm">{formatDateTime(shown.published_at, i18n.language)}</Text>
              <Text size="sm">
                {t('results.publish.digest')} <Code style={{ overflowWrap: 'anywhere' }}>{shown.digest}</Code>
              </Text>
              <Anchor component={Link} to={`/hasil/${shown.id}`} fw={600} data-testid="public-link">
                {t('results.publish.open')}
              </Anchor>
            </Stack>
          </Alert>
        )}
        <Text size="sm">{shown ? t('results.publish.again') : t('results.publish.hint')}</Text>
        <TextInput
          label={t('results.publish.titleLabel')}
          required
          value={title}
          maxLength={300}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={fields?.title}
        />
        <Textarea
          label={t('results.publish.note')}
          description={t('results.publish.noteHint')}
          autosize
          minRows={2}
          value={note}
          maxLength={10000}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fields?.note}
        />
        <NumberInput
          label={t('results.publish.days')}
          description={t('results.publish.daysHint')}
          value={days}
          onChange={setDays}
          min={0}
          max={60}
          allowDecimal={false}
          maw={220}
          error={fields?.objection_days}
        />
        {publish.isError && !fields && <ErrorState error={publish.error} />}
        <div>
          <ConfirmButton
            title={t('results.publish.confirmTitle')}
            message={t('results.publish.confirmText', { round: round.name })}
            confirmLabel={t('results.publish.confirm')}
            onConfirm={() => publish.mutateAsync().catch(() => undefined)}
            disabled={title.trim() === ''}
          >
            {shown ? t('results.publish.buttonAgain') : t('results.publish.button')}
          </ConfirmButton>
        </div>
      </Stack>
    </Card>
  );
}
