// Friendly pages for a path that does not exist and for a page that broke,
// with the request id when the server gave one, and a way back.
import { Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './states';
import { isApiError } from '../api/errors';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>{t('errors.notFoundTitle')}</Title>
        <Text>{t('errors.notFoundText')}</Text>
        <Group>
          <Button component={Link} to="/">
            {t('errors.home')}
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}

export function RouteErrorPage() {
  const { t } = useTranslation();
  const err = useRouteError();
  if (isRouteErrorResponse(err) && err.status === 404) return <NotFoundPage />;
  if (isApiError(err) && err.code === 'not_found') return <NotFoundPage />;
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>{t('errors.brokenTitle')}</Title>
        <Text>{t('errors.brokenText')}</Text>
        <ErrorState error={err} />
        <Group>
          <Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>
          <Button variant="default" component="a" href="/">
            {t('errors.home')}
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
