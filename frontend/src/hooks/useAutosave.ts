// React glue for lib/autosave: one queue per object and user, its state as
// React state, a flush when the network comes back or the tab is hidden, and a
// warning before leaving while changes are not on the server yet.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useBeforeUnload, useBlocker } from 'react-router';
import {
  Autosave,
  SendError,
  type AutosaveOptions,
  type AutosaveState,
  type Versioned,
} from '../lib/autosave';
import { isApiError } from '../api/errors';

/** Maps an API failure onto what the queue understands. */
export function toSendError<T>(
  e: unknown,
  current?: (raw: unknown) => Versioned<T> | undefined,
): SendError<T> {
  if (!isApiError(e) || e.isNetwork) return new SendError('network', 'network');
  if (e.status >= 500 || e.status === 429) return new SendError('network', e.message, { code: e.code });
  if (e.code === 'conflict' && e.current !== undefined && current) {
    return new SendError('conflict', e.message, { current: current(e.current), code: e.code });
  }
  return new SendError('refused', e.message, { code: e.code });
}

export function useAutosave<T>(
  key: string | null,
  server: Versioned<T> | null,
  options: Omit<AutosaveOptions<T>, 'key' | 'storage'>,
): { queue: Autosave<T> | null; state: AutosaveState<T> | null } {
  const [queue, setQueue] = useState<Autosave<T> | null>(null);
  // One queue per object: created when the server copy first arrives.
  useEffect(() => {
    if (!key || !server) return;
    const q = new Autosave<T>({ ...options, key, storage: window.localStorage }, server);
    // The queue is an external store with timers; it is made here, not during
    // render, so StrictMode's double render cannot start two.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setQueue(q);
    return () => {
      void q.flush();
      q.dispose();
      setQueue(null);
    };
    // The queue follows the object (key), not every new server copy.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, server === null]);

  const state = useSyncExternalStore(
    queue ? queue.subscribe : noopSubscribe,
    queue ? queue.getState : nullState,
  ) as AutosaveState<T> | null;

  useEffect(() => {
    if (!queue) return;
    const online = () => void queue.flush();
    const hidden = () => {
      if (document.visibilityState === 'hidden') void queue.flush();
    };
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [queue]);

  return { queue, state };
}

const noopSubscribe = () => () => undefined;
const nullState = () => null;

/** Warns before the tab closes or the app navigates away while changes are unsynced. */
export function useLeaveWarning(unsynced: boolean, message: string) {
  useBeforeUnload((e) => {
    if (!unsynced) return;
    e.preventDefault();
    e.returnValue = message;
  });
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => unsynced && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(message)) blocker.proceed();
    else blocker.reset();
  }, [blocker, message]);
}
