// The refresh-and-retry client: every request carries the access token; a 401
// spends the refresh token once (one refresh at a time, shared by every
// request that failed meanwhile, and across tabs through a lock) and retries
// the request once with the new token. When the refresh itself is refused the
// session is over: the tokens are dropped and onExpired tells the app, which
// sends the user to sign in and back. A network failure during a refresh keeps
// the session (the user may just be offline).

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

/** Runs fn while holding a lock shared by every tab of the app. */
export type Lock = <T>(fn: () => Promise<T>) => Promise<T>;

export interface SessionOptions {
  fetch: (req: Request) => Promise<Response>;
  store: TokenStore;
  refreshUrl: string;
  onExpired: () => void;
  lock?: Lock;
}

/** The lock of the Web Locks API where the browser has it, else none (one tab). */
export function browserLock(name: string): Lock {
  return (fn) => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request(name, fn) as Promise<Awaited<ReturnType<typeof fn>>>) : fn();
  };
}

export class Session {
  private inflight: Promise<Tokens | null> | null = null;
  private readonly o: SessionOptions;

  constructor(o: SessionOptions) {
    this.o = o;
  }

  accessToken(): string | null {
    return this.o.store.get()?.access_token ?? null;
  }

  /** Sends req with the access token, refreshing and retrying once on a 401. */
  fetch = async (req: Request): Promise<Response> => {
    const used = this.accessToken();
    const spare = used ? req.clone() : null;
    const res = await this.o.fetch(withToken(req, used));
    if (res.status !== 401 || !used || !spare || req.url.startsWith(this.o.refreshUrl)) return res;
    const fresh = await this.refresh(used);
    if (!fresh) return res;
    return this.o.fetch(withToken(spare, fresh.access_token));
  };

  /**
   * Replaces the access token `used` that the server refused. Requests failing
   * together share one refresh; a tab that finds another tab already refreshed
   * takes its tokens instead of spending the (now spent) refresh token again,
   * which the server would read as theft and answer by revoking the session.
   */
  refresh(used: string): Promise<Tokens | null> {
    if (!this.inflight) {
      const lock = this.o.lock ?? ((fn) => fn());
      this.inflight = lock(() => this.doRefresh(used)).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async doRefresh(used: string): Promise<Tokens | null> {
    const current = this.o.store.get();
    if (!current) {
      this.o.onExpired();
      return null;
    }
    if (current.access_token !== used) return current;
    const res = await this.o.fetch(
      new Request(this.o.refreshUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: current.refresh_token }),
      }),
    );
    if (res.ok) {
      const body = (await res.json()) as Tokens;
      const next = { access_token: body.access_token, refresh_token: body.refresh_token };
      this.o.store.set(next);
      return next;
    }
    if (res.status === 401 || res.status === 400 || res.status === 422) {
      this.o.store.set(null);
      this.o.onExpired();
      return null;
    }
    // 429 or 5xx: the session may still be good; the caller sees its 401.
    return null;
  }
}

function withToken(req: Request, token: string | null): Request {
  if (!token) return req;
  const headers = new Headers(req.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return new Request(req, { headers });
}
