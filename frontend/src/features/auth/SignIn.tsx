import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeOf, useAuth } from './session';
import { isApiError } from '../../api/errors';
import { useErrorText } from '../../components/states';

/** Only paths inside this app may be a destination after sign-in. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, signedIn, me } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() === '' ? t('form.required') : null),
      password: (v) => (v === '' ? t('form.required') : null),
    },
  });

  if (signedIn && me) return <Navigate to={next ?? homeOf(me.role)} replace />;

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const who = await signIn(v.email.trim(), v.password);
      navigate(next ?? homeOf(who.role), { replace: true });
    } catch (e) {
      if (isApiError(e) && e.status === 401) setError(t('auth.wrongPassword'));
      else if (isApiError(e) && e.status === 429) setError(t('auth.locked'));
      else setError(errorText(e));
    }
  });

  return (
    <Container size={440} py="xl">
      <Stack>
        <div>
          <Title order={1}>{t('auth.signInTitle')}</Title>
          <Text c="dimmed">{t('auth.signInLead')}</Text>
        </div>
        {params.get('sesi') === 'habis' && (
          <Alert color="yellow" role="status" title={t('auth.expiredTitle')}>
            {t('auth.expiredText')}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
              rightSectionWidth={48}
              label={t('auth.password')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('auth.signIn')}
            </Button>
          </Stack>
        </Paper>
        <Text>
          {t('auth.noAccount')}{' '}
          <Anchor component={Link} to="/daftar">
            {t('auth.registerLink')}
          </Anchor>
        </Text>
        <Text>
          <Anchor component={Link} to="/kompetisi" data-testid="public-link">
            {t('public.signInLink')}
          </Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
