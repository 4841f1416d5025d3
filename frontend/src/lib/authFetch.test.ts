import { describe, expect, it, vi } from 'vitest';
import { Session, type Tokens } from './authFetch';

const api = 'http://juri.test/api/v1';

// A fake server: access tokens "a1", "a2", ... and refresh tokens "r1", "r2",
// ...; only the newest access token is accepted, each refresh token once.
function fakeServer(opts: { refreshFails?: number; offline?: boolean } = {}) {
  let gen = 1;
  const spent = new Set<string>();
  const calls: string[] = [];
  const fetch = vi.fn(async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname.endsWith('/auth/refresh')) {
      calls.push('refresh');
      if (opts.offline) throw new TypeError('Failed to fetch');
      const { refresh_token } = (await req.json()) as { refresh_token: string };
      if (opts.refreshFails || spent.has(refresh_token) || refresh_token !== `r${gen}`) {
        return new Response(JSON.stringify({ error: { code: 'unauthorized' } }), { status: 401 });
      }
      spent.add(refresh_token);
      gen++;
      return Response.json({ access_token: `a${gen}`, refresh_token: `r${gen}` });
    }
    const auth = req.headers.get('Authorization');
    calls.push(
      `${req.method} ${url.pathname} ${auth ?? '-'} ${req.method === 'GET' ? '' : await req.text()}`,
    );
    if (auth !== `Bearer a${gen}`) return new Response('{}', { status: 401 });
    return Response.json({ ok: true });
  });
  return { fetch, calls, rotate: () => gen++ };
}

function memoryStore(initial: Tokens | null) {
  let t = initial;
  return { get: () => t, set: (n: Tokens | null) => void (t = n) };
}

describe('Session', () => {
  it('sends the access token and passes answers through', async () => {
    const srv = fakeServer();
    const s = new Session({
      fetch: srv.fetch,
      store: memoryStore({ access_token: 'a1', refresh_token: 'r1' }),
      refreshUrl: `${api}/auth/refresh`,
      onExpired: vi.fn(),
    });
    const res = await s.fetch(new Request(`${api}/me`));
    expect(res.status).toBe(200);
    expect(srv.calls).toEqual(['GET /api/v1/me Bearer a1 ']);
  });

  it('refreshes once on a 401 and retries the request with its body', async () => {
    const srv = fakeServer();
    srv.rotate(); // the server moved on: a1 is expired, r1 is... not current
    const store = memoryStore({ access_token: 'a1', refresh_token: 'r2' });
    const onExpired = vi.fn();
    const s = new Session({ fetch: srv.fetch, store, refreshUrl: `${api}/auth/refresh`, onExpired });
    const res = await s.fetch(new Request(`${api}/entries/1`, { method: 'PATCH', body: '{"title":"x"}' }));
    expect(res.status).toBe(200);
    expect(srv.calls).toEqual([
      'PATCH /api/v1/entries/1 Bearer a1 {"title":"x"}',
      'refresh',
      'PATCH /api/v1/entries/1 Bearer a3 {"title":"x"}',
    ]);
    expect(store.get()).toEqual({ access_token: 'a3', refresh_token: 'r3' });
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('shares one refresh between requests that fail together', async () => {
    const srv = fakeServer();
    srv.rotate();
    const store = memoryStore({ access_token: 'a1', refresh_token: 'r2' });
    const s = new Session({ fetch: srv.fetch, store, refreshUrl: `${api}/auth/refresh`, onExpired: vi.fn() });
    const answers = await Promise.all([1, 2, 3].map((i) => s.fetch(new Request(`${api}/x/${i}`))));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(srv.calls.filter((c) => c === 'refresh')).toHaveLength(1);
  });

  it('takes the tokens another tab refreshed instead of spending the refresh token twice', async () => {
    const srv = fakeServer();
    const store = memoryStore({ access_token: 'a1', refresh_token: 'r1' });
    const s = new Session({ fetch: srv.fetch, store, refreshUrl: `${api}/auth/refresh`, onExpired: vi.fn() });
    // Another tab refreshed while this request was on its way with a1.
    srv.rotate();
    store.set({ access_token: 'a2', refresh_token: 'r2' });
    const res = await s.refresh('a1');
    expect(res).toEqual({ access_token: 'a2', refresh_token: 'r2' });
    expect(srv.calls).not.toContain('refresh');
  });

  it('ends the session when the refresh is refused, and does not retry', async () => {
    const srv = fakeServer({ refreshFails: 1 });
    srv.rotate();
    const store = memoryStore({ access_token: 'a1', refresh_token: 'r1' });
    const onExpired = vi.fn();
    const s = new Session({ fetch: srv.fetch, store, refreshUrl: `${api}/auth/refresh`, onExpired });
    const res = await s.fetch(new Request(`${api}/me`));
    expect(res.status).toBe(401);
    expect(onExpired).toHaveBeenCalledOnce();
    expect(store.get()).toBeNull();
    expect(srv.calls).toEqual(['GET /api/v1/me Bearer a1 ', 'refresh']);
  });

  it('keeps the session when the network fails during the refresh', async () => {
    const srv = fakeServer({ offline: true });
    srv.rotate();
    const store = memoryStore({ access_token: 'a1', refresh_token: 'r1' });
    const onExpired = vi.fn();
    const s = new Session({ fetch: srv.fetch, store, refreshUrl: `${api}/auth/refresh`, onExpired });
    await expect(s.fetch(new Request(`${api}/me`))).rejects.toThrow('Failed to fetch');
    expect(onExpired).not.toHaveBeenCalled();
    expect(store.get()).not.toBeNull();
  });

  it('sends requests without a session as they are', async () => {
    const srv = fakeServer();
    const s = new Session({
      fetch: srv.fetch,
      store: memoryStore(null),
      refreshUrl: `${api}/auth/refresh`,
      onExpired: vi.fn(),
    });
    const res = await s.fetch(new Request(`${api}/organizations`));
    expect(res.status).toBe(401);
    expect(srv.calls).toEqual(['GET /api/v1/organizations - ']);
  });
});
