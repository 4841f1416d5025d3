// The session: whether tokens are held, who the user is (GET /me), signing in
// and out. A refresh the server refuses ends the session with `expired` set,
// and RequireAuth sends the user to sign-in and back to the page they were on.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, onSessionExpired, tokenStore } from '../../api/client';
import { qk } from '../../api/queryKeys';
import type { components } from '../../api/schema';

export type Me = components['schemas']['Me'];
export type Role = components['schemas']['Role'];

interface AuthValue {
  signedIn: boolean;
  expired: boolean;
  me: Me | undefined;
  meLoading: boolean;
  meError: unknown;
  signIn: (email: string, password: string) => Promise<Me>;
  /** Spends a registration's confirmation token: the account is made and signed in. */
  confirm: (token: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => tokenStore.get() !== null);
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      onSessionExpired(() => {
        setSignedIn(false);
        setExpired(true);
      }),
    [],
  );

  // Signing in or out in another tab does the same here.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key !== 'juri.session') return;
      const has = tokenStore.get() !== null;
      setSignedIn(has);
      if (!has) qc.clear();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [qc]);

  const meQuery = useQuery({
    queryKey: qk.me(),
    queryFn: () => call(api.GET('/api/v1/me')),
    enabled: signedIn,
    // Cheap, and an organizer's verification shows on the next page.
    staleTime: 0,
    refetchOnMount: 'always',
  });

  const start = useCallback(
    async (body: { access_token?: string; refresh_token?: string }) => {
      tokenStore.set({ access_token: body.access_token ?? '', refresh_token: body.refresh_token ?? '' });
      qc.clear();
      const me = await call(api.GET('/api/v1/me'));
      qc.setQueryData(qk.me(), me);
      setExpired(false);
      setSignedIn(true);
      return me;
    },
    [qc],
  );
  const signIn = useCallback(
    async (email: string, password: string) =>
      start(await call(api.POST('/api/v1/auth/login', { body: { email, password } }))),
    [start],
  );
  const confirm = useCallback(
    async (token: string) => start(await call(api.POST('/api/v1/auth/confirm', { body: { token } }))),
    [start],
  );

  const signOut = useCallback(async () => {
    const t = tokenStore.get();
    if (t) {
      try {
        await call(api.POST('/api/v1/auth/logout', { body: { refresh_token: t.refresh_token } }));
      } catch {
        // Signing out must work offline too; the refresh token dies with its lifetime.
      }
    }
    tokenStore.set(null);
    qc.clear();
    setExpired(false);
    setSignedIn(false);
  }, [qc]);

  const value = useMemo<AuthValue>(
    () => ({
      signedIn,
      expired,
      me: signedIn ? meQuery.data : undefined,
      meLoading: signedIn && meQuery.isPending,
      meError: meQuery.error,
      signIn,
      confirm,
      signOut,
    }),
    [signedIn, expired, meQuery.data, meQuery.isPending, meQuery.error, signIn, confirm, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** Where each role starts. */
export function homeOf(role: Role | undefined): string {
  switch (role) {
    case 'participant':
      return '/proposal';
    case 'judge':
      return '/penilaian';
    case 'organizer':
    case 'admin':
      return '/panitia';
    default:
      return '/masuk';
  }
}
