// The three states every screen has besides its content: loading, empty
// (saying what to do next) and failed (saying why, with the request id).
import { Alert, Button, Center, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text>{label ?? t('common.loading')}</Text>
      </Group>
    </Center>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="sm" ta="center">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children && <Text c="dimmed">{children}</Text>}
        {action}
      </Stack>
    </Paper>
  );
}

/** The reason of a failed call in the user's language; the server's words as a last resort. */
export function useErrorText() {
  const { t } = useTranslation();
  return (err: unknown): string => {
    if (!isApiError(err)) return t('errors.unexpected');
    const key = `errors.${err.code}`;
    const known = t(key, { defaultValue: '' });
    return known || err.message;
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <Alert color="red" variant="light" title={t('errors.title')} role="alert">
      <Stack gap="xs">
        <Text>{text(error)}</Text>
        {isApiError(error) && !error.isNetwork && error.message && text(error) !== error.message && (
          <Text size="sm" c="dimmed">
            {error.message}
          </Text>
        )}
        {requestId && (
          <Text size="sm">
            {t('errors.requestId')} <Code>{requestId}</Code>
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button variant="default" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
