import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, SendError, type KeyValueStore, type Versioned } from './autosave';

type Card = { scores: Record<number, number> };

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

// A fake server holding one versioned scorecard, like PUT /assignments/:id/scorecard.
function server(initial: Card) {
  let current: Versioned<Card> = { value: initial, version: 0 };
  let offline = false;
  const sent: Versioned<Card>[] = [];
  return {
    get current() {
      return current;
    },
    setOffline: (v: boolean) => void (offline = v),
    changeElsewhere: (value: Card) => void (current = { value, version: current.version + 1 }),
    sent,
    send: vi.fn(async (value: Card, base: number) => {
      if (offline) throw new SendError('network', 'Failed to fetch');
      if (base !== current.version) throw new SendError('conflict', 'stale', { current });
      sent.push({ value, version: base });
      current = { value, version: base + 1 };
      return current;
    }),
  };
}

const flushAll = async () => {
  await vi.runAllTimersAsync();
};

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes to the device at once and to the server after the pause', async () => {
    const srv = server({ scores: {} });
    const storage = memory();
    const q = new Autosave({ key: 'k', storage, send: srv.send }, srv.current);
    q.edit({ scores: { 1: 7 } });
    expect(q.getState().status).toBe('pending');
    expect(JSON.parse(storage.data.get('k')!).value).toEqual({ scores: { 1: 7 } });
    expect(srv.send).not.toHaveBeenCalled();
    await flushAll();
    expect(q.getState()).toMatchObject({ status: 'saved', dirty: false, base: 1 });
    expect(storage.data.has('k')).toBe(false);
  });

  it('coalesces quick changes into one request', async () => {
    const srv = server({ scores: {} });
    const q = new Autosave({ key: 'k', storage: memory(), send: srv.send }, srv.current);
    q.edit({ scores: { 1: 1 } });
    q.edit({ scores: { 1: 2 } });
    q.edit({ scores: { 1: 3 } });
    await flushAll();
    expect(srv.send).toHaveBeenCalledTimes(1);
    expect(srv.current.value).toEqual({ scores: { 1: 3 } });
  });

  it('sends a change made while a request was out right after it', async () => {
    const srv = server({ scores: {} });
    const q = new Autosave({ key: 'k', storage: memory(), send: srv.send }, srv.current);
    q.edit({ scores: { 1: 1 } });
    const first = q.flush();
    q.edit({ scores: { 1: 2 } });
    await first;
    await flushAll();
    expect(srv.sent.map((s) => s.value.scores[1])).toEqual([1, 2]);
    expect(q.getState()).toMatchObject({ status: 'saved', base: 2, dirty: false });
  });

  it('keeps changes while offline and syncs them when the network is back', async () => {
    const srv = server({ scores: {} });
    const storage = memory();
    const q = new Autosave({ key: 'k', storage, send: srv.send, retryDelay: () => 1000 }, srv.current);
    srv.setOffline(true);
    q.edit({ scores: { 1: 4 } });
    await vi.advanceTimersByTimeAsync(900);
    expect(q.getState().status).toBe('offline');
    q.edit({ scores: { 1: 4, 2: 5 } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(q.getState().status).toBe('offline');
    expect(JSON.parse(storage.data.get('k')!).value).toEqual({ scores: { 1: 4, 2: 5 } });
    srv.setOffline(false);
    await q.flush();
    expect(q.getState()).toMatchObject({ status: 'saved', dirty: false });
    expect(srv.current.value).toEqual({ scores: { 1: 4, 2: 5 } });
  });

  it('picks up unsent changes from the device after a reload', async () => {
    const srv = server({ scores: {} });
    const storage = memory();
    srv.setOffline(true);
    const before = new Autosave({ key: 'k', storage, send: srv.send }, srv.current);
    before.edit({ scores: { 3: 9 } });
    await vi.advanceTimersByTimeAsync(1000);
    before.dispose(); // the tab closes
    srv.setOffline(false);
    const after = new Autosave({ key: 'k', storage, send: srv.send }, srv.current);
    expect(after.getState()).toMatchObject({ value: { scores: { 3: 9 } }, dirty: true });
    await flushAll();
    expect(srv.current.value).toEqual({ scores: { 3: 9 } });
    expect(after.getState().status).toBe('saved');
  });

  it('holds both versions on a conflict until the user keeps their own', async () => {
    const srv = server({ scores: {} });
    const q = new Autosave({ key: 'k', storage: memory(), send: srv.send }, srv.current);
    srv.changeElsewhere({ scores: { 1: 2 } }); // another tab saved
    q.edit({ scores: { 1: 8 } });
    await flushAll();
    const s = q.getState();
    expect(s.status).toBe('conflict');
    expect(s.value).toEqual({ scores: { 1: 8 } });
    expect(s.server).toEqual({ value: { scores: { 1: 2 } }, version: 1 });
    // Further edits stay local while the choice is open.
    q.edit({ scores: { 1: 9 } });
    await flushAll();
    expect(srv.send).toHaveBeenCalledTimes(1);
    await q.resolve('mine');
    expect(q.getState()).toMatchObject({ status: 'saved', base: 2 });
    expect(srv.current.value).toEqual({ scores: { 1: 9 } });
  });

  it('takes the server version when the user chooses it', async () => {
    const srv = server({ scores: {} });
    const storage = memory();
    const q = new Autosave({ key: 'k', storage, send: srv.send }, srv.current);
    srv.changeElsewhere({ scores: { 1: 2 } });
    q.edit({ scores: { 1: 8 } });
    await flushAll();
    await q.resolve('theirs');
    expect(q.getState()).toMatchObject({
      status: 'saved',
      value: { scores: { 1: 2 } },
      base: 1,
      dirty: false,
    });
    expect(storage.data.has('k')).toBe(false);
    expect(srv.send).toHaveBeenCalledTimes(1);
  });

  it('meets a device copy built on an older version as a conflict', () => {
    const storage = memory();
    storage.setItem('k', JSON.stringify({ value: { scores: { 1: 5 } }, base: 0, dirty: true, at: 1 }));
    const q = new Autosave({ key: 'k', storage, send: vi.fn() }, { value: { scores: { 1: 6 } }, version: 3 });
    expect(q.getState()).toMatchObject({
      status: 'conflict',
      value: { scores: { 1: 5 } },
      server: { version: 3 },
    });
  });

  it('stops on a refusal and says why, keeping the value', async () => {
    const send = vi.fn(async () => {
      throw new SendError('refused', 'the submission deadline passed', { code: 'deadline_passed' });
    });
    const q = new Autosave<Card>(
      { key: 'k', storage: memory(), send },
      { value: { scores: {} }, version: 0 },
    );
    q.edit({ scores: { 1: 1 } });
    await flushAll();
    expect(q.getState()).toMatchObject({ status: 'failed', dirty: true, value: { scores: { 1: 1 } } });
    expect(q.getState().error?.code).toBe('deadline_passed');
    q.edit({ scores: { 1: 2 } });
    await flushAll();
    expect(send).toHaveBeenCalledTimes(1);
  });
});
