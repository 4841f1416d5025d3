// The publication's digest, what it is in one line, and a button that
// recomputes it in the visitor's browser (Web Crypto) from the table on this
// page, saying clearly whether it matches.
import { Alert, Button, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canCheckDigest, checkDigest, type DigestCheck as Result } from '../../lib/canon';
import type { PublicEntry } from './api';

export function DigestCheck({ entries, digest }: { entries: PublicEntry[]; digest: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<Result | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const possible = canCheckDigest();

  const run = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setResult(await checkDigest(entries, digest));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" className="pub-digest">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('public.digest.title')}
        </Title>
        <Text size="sm">{t('public.digest.explain')}</Text>
        <Code block className="pub-hash" data-testid="published-digest">
          {digest}
        </Code>
        {possible ? (
          <div className="no-print">
            <Button variant="light" onClick={run} loading={busy} data-testid="check-digest">
              {t('public.digest.check')}
            </Button>
          </div>
        ) : (
          <Text size="sm" c="dimmed" className="no-print">
            {t('public.digest.unavailable')}
          </Text>
        )}
        {failed && (
          <Alert color="red" role="alert">
            {t('public.digest.error')}
          </Alert>
        )}
        {result && (
          <Alert
            color={result.matches ? 'green' : 'red'}
            variant="light"
            role="status"
            title={result.matches ? t('public.digest.match') : t('public.digest.mismatch')}
            data-testid="digest-result"
            data-match={result.matches ? 'yes' : 'no'}
            className="no-print"
          >
            <Stack gap={4}>
              <Text size="sm">
                {result.matches ? t('public.digest.matchText') : t('public.digest.mismatchText')}
              </Text>
              <Text size="sm">{t('public.digest.computed')}</Text>
              <Code block className="pub-hash" data-testid="computed-digest">
                {result.computed}
              </Code>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
