// Registration of an OPD's staff member: the OPD is chosen from the
// searchable list of the regency's units. The server mails a confirmation
// link (the account exists once it is followed, see Confirm.tsx) and answers
// the same whether or not the address is taken, so the page says "check your
// mail" either way.
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { useSettings } from '../../api/settings';
import { isApiError } from '../../api/errors';
import { checkRegistration, type Registration } from '../../lib/validation';
import { ErrorState, useErrorText } from '../../components/states';

export function RegisterPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const orgs = useQuery({
    queryKey: qk.organizations(),
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
    staleTime: 10 * 60_000,
  });
  const form = useForm<Registration>({
    initialValues: { name: '', email: '', password: '', password2: '', organization_id: null },
    validate: (v) => {
      const p = checkRegistration(v, settings.password.min_length);
      return Object.fromEntries(Object.entries(p).map(([k, pr]) => [k, t(pr.key, pr.values)]));
    },
  });

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await call(
        api.POST('/api/v1/auth/register', {
          body: {
            name: v.name.trim(),
            email: v.email.trim(),
            password: v.password,
            organization_id: Number(v.organization_id),
          },
        }),
      );
      setSentTo(v.email.trim());
    } catch (e) {
      if (isApiError(e) && e.code === 'validation_failed' && Object.keys(e.fields).length > 0) {
        for (const [k, msg] of Object.entries(e.fields)) form.setFieldError(k, msg);
      } else setError(errorText(e));
    }
  });

  const data = (orgs.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.name ?? '' }));

  if (sentTo) {
    return (
      <Container size={520} py="xl">
        <Stack>
          <Title order={1}>{t('auth.checkMailTitle')}</Title>
          <Alert color="teal" role="status" data-testid="check-mail">
            {t('auth.checkMailText', { email: sentTo })}
          </Alert>
          <Text>{t('auth.checkMailHint')}</Text>
          <Anchor component={Link} to="/masuk">
            {t('auth.signInLink')}
          </Anchor>
        </Stack>
      </Container>
    );
  }

  return (
    <Container size={520} py="xl">
      <Stack>
        <div>
          <Title order={1}>{t('auth.registerTitle')}</Title>
          <Text c="dimmed">{t('auth.registerLead')}</Text>
        </div>
        {orgs.isError && <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />}
        <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} noValidate>
          <Stack>
            <TextInput label={t('auth.name')} autoComplete="name" required {...form.getInputProps('name')} />
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('email')}
            />
            <Select
              label={t('auth.opd')}
              description={t('auth.opdHint')}
              placeholder={orgs.isPending ? t('common.loading') : t('auth.opdPlaceholder')}
              searchable
              required
              data={data}
              nothingFoundMessage={t('auth.opdNone')}
              limit={100}
              maxDropdownHeight={320}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('organization_id')}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
              rightSectionWidth={48}
              label={t('auth.password')}
              description={t('auth.passwordHint', { min: settings.password.min_length })}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
              rightSectionWidth={48}
              label={t('auth.password2')}
              autoComplete="new-password"
              required
              {...form.getInputProps('password2')}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('auth.register')}
            </Button>
          </Stack>
        </Paper>
        <Text>
          {t('auth.haveAccount')}{' '}
          <Anchor component={Link} to="/masuk">
            {t('auth.signInLink')}
          </Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
