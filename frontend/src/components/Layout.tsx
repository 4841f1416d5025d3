// The shell around every page: the header with the app's name, navigation by
// role, the language switch and the user's menu; a drawer on phones.
import {
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  SegmentedControl,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../features/auth/session';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('nav.language')}
      size="sm"
      value={i18n.language}
      onChange={(v) => void i18n.changeLanguage(v)}
      data={[
        { value: 'id', label: 'ID' },
        { value: 'en', label: 'EN' },
      ]}
      styles={{ label: { minHeight: 36, display: 'flex', alignItems: 'center' } }}
    />
  );
}

function useNavItems() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const items: { to: string; label: string }[] = [];
  if (me?.role === 'participant') items.push({ to: '/proposal', label: t('nav.myProposals') });
  if (me?.role === 'judge') items.push({ to: '/penilaian', label: t('nav.myAssignments') });
  if (me?.role === 'organizer' || me?.role === 'admin')
    items.push({ to: '/panitia', label: t('nav.organizer') });
  return items;
}

export function Layout() {
  const { t } = useTranslation();
  const { me, signOut, signedIn } = useAuth();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const items = useNavItems();
  const active = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);

  const out = async () => {
    await signOut();
    navigate('/masuk', { replace: true });
  };

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {items.length > 0 && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" aria-label={t('nav.menu')} size="md" />
            )}
            <UnstyledButton
              component={Link}
              to="/"
              aria-label={t('nav.home')}
              style={{ minHeight: 44, display: 'flex', alignItems: 'center' }}
            >
              <Text fw={800} size="xl" c="juri.7">
                Juri
              </Text>
            </UnstyledButton>
            <Group gap={4} visibleFrom="sm" component="nav" aria-label={t('nav.main')}>
              {items.map((it) => (
                <Button
                  key={it.to}
                  component={Link}
                  to={it.to}
                  variant={active(it.to) ? 'light' : 'subtle'}
                  aria-current={active(it.to) ? 'page' : undefined}
                >
                  {it.label}
                </Button>
              ))}
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            {signedIn && me && (
              <Group gap="xs" wrap="nowrap" visibleFrom="sm">
                <Text size="sm" maw={220} truncate title={me.name}>
                  {me.name}
                </Text>
                <Button variant="default" onClick={out}>
                  {t('nav.signOut')}
                </Button>
              </Group>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.main')}>
        <Stack gap="xs">
          {items.map((it) => (
            <NavLink
              key={it.to}
              component={Link}
              to={it.to}
              label={it.label}
              active={active(it.to)}
              onClick={close}
              style={{ minHeight: 44 }}
            />
          ))}
          {me && (
            <>
              <Text size="sm" c="dimmed" mt="md">
                {me.name}
              </Text>
              <Button variant="default" onClick={out}>
                {t('nav.signOut')}
              </Button>
            </>
          )}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <div style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
