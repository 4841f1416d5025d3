// The API client: openapi-fetch typed by schema.d.ts, which the build
// generates from ../api/openapi.yaml (so a change of the contract breaks the
// build, not a user's screen), sending every request through the session's
// refresh-and-retry fetch. call() turns an error answer into an ApiError.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { absoluteV1, apiBase } from './config';
import { ApiError, networkError, type ErrorBody } from './errors';
import { browserLock, Session, type TokenStore, type Tokens } from '../lib/authFetch';

const storageKey = 'juri.session';

/** Tokens live in localStorage so every tab shares one session (and one refresh token). */
export const tokenStore: TokenStore = {
  get() {
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  },
  set(t) {
    if (t) localStorage.setItem(storageKey, JSON.stringify(t));
    else localStorage.removeItem(storageKey);
  },
};

type ExpiredListener = () => void;
const expiredListeners = new Set<ExpiredListener>();

/** Called when a refresh is refused: the app goes to sign-in and back. */
export function onSessionExpired(fn: ExpiredListener): () => void {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
}

export const session = new Session({
  fetch: (req) => fetch(req),
  store: tokenStore,
  refreshUrl: `${absoluteV1()}/auth/refresh`,
  onExpired: () => expiredListeners.forEach((fn) => fn()),
  lock: browserLock('juri-refresh'),
});

export const api = createClient<paths>({
  baseUrl: apiBase || window.location.origin,
  fetch: session.fetch,
});

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and answers its data, or throws an ApiError. */
export async function call<T>(p: Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await p;
  } catch {
    throw networkError();
  }
  if (r.error !== undefined || !r.response.ok) {
    throw new ApiError(r.response.status, r.error as ErrorBody, r.response.headers.get('X-Request-ID'));
  }
  return r.data as T;
}
