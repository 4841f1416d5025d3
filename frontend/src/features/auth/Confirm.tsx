// The page a registration's confirmation link opens (/konfirmasi?token=...):
// it spends the token (POST /auth/confirm), which makes the account and signs
// it in, then goes on to the participant's proposals.
import { Alert, Anchor, Container, Stack, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from './session';
import { LoadingState, useErrorText } from '../../components/states';

export function ConfirmPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { confirm } = useAuth();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  const token = params.get('token') ?? '';

  useEffect(() => {
    // A token is spent once; StrictMode's second effect must not spend it again.
    if (started.current || !token) return;
    started.current = true;
    confirm(token)
      .then(() => navigate('/proposal', { replace: true }))
      .catch((e: unknown) => setError(errorText(e)));
  }, [token, confirm, navigate, errorText]);

  return (
    <Container size={520} py="xl">
      <Stack>
        <Title order={1}>{t('auth.confirmTitle')}</Title>
        {!token || error ? (
          <Alert color="red" role="alert" title={t('auth.confirmFailed')}>
            {error ?? t('auth.confirmNoToken')}
          </Alert>
        ) : (
          <LoadingState label={t('auth.confirming')} />
        )}
        {(error || !token) && (
          <Anchor component={Link} to="/daftar">
            {t('auth.registerLink')}
          </Anchor>
        )}
      </Stack>
    </Container>
  );
}
