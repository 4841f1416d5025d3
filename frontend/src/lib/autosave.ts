// The autosave queue behind the proposal editor and the scoring page: every
// change is written to the device at once (localStorage, so it survives a
// reload, a closed tab and a lost connection) and sent to the server shortly
// after, one request at a time, retried with backoff while the network is
// down. When the server says the object changed elsewhere (409 with its
// current state) the queue stops and holds both versions until the user
// chooses; nothing the user typed is dropped without their say.

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'failed';

export interface Versioned<T> {
  value: T;
  version: number;
}

export interface AutosaveState<T> {
  status: SaveStatus;
  value: T;
  /** The server version the local value builds on. */
  base: number;
  /** Local changes the server does not have yet. */
  dirty: boolean;
  /** On conflict: the server's version. */
  server: Versioned<T> | null;
  /** On failed: why (the server's message or code). */
  error: SendError | null;
  savedAt: number | null;
}

/** What send() throws: a lost network, a conflict carrying the server's state, or a refusal. */
export class SendError<T = unknown> extends Error {
  readonly kind: 'network' | 'conflict' | 'refused';
  readonly current?: Versioned<T>;
  readonly code?: string;
  constructor(
    kind: 'network' | 'conflict' | 'refused',
    message: string,
    opts: { current?: Versioned<T>; code?: string } = {},
  ) {
    super(message);
    this.kind = kind;
    this.current = opts.current;
    this.code = opts.code;
  }
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AutosaveOptions<T> {
  /** Where the draft lives on the device (one key per object and user). */
  key: string;
  storage: KeyValueStore;
  /** Saves value on top of version base; answers the server's new version. */
  send: (value: T, base: number) => Promise<Versioned<T>>;
  equal?: (a: T, b: T) => boolean;
  delay?: number;
  retryDelay?: (attempt: number) => number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

interface Stored<T> {
  value: T;
  base: number;
  dirty: boolean;
  at: number;
}

const defaultEqual = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

export class Autosave<T> {
  private state: AutosaveState<T>;
  private readonly o: Required<AutosaveOptions<T>>;
  private listeners = new Set<() => void>();
  private timer: unknown = null;
  private sending = false;
  private edits = 0;
  private attempt = 0;
  private disposed = false;

  /**
   * Starts from the server's copy, unless the device holds changes not yet
   * sent: those win when they build on the same version, and meet the
   * server's copy as a conflict when the server moved on meanwhile.
   */
  constructor(options: AutosaveOptions<T>, server: Versioned<T>) {
    this.o = {
      equal: defaultEqual,
      delay: 800,
      retryDelay: (n) => Math.min(30000, 1000 * 2 ** Math.min(n, 5)),
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      ...options,
    };
    const local = this.read();
    const fresh: AutosaveState<T> = {
      status: 'saved',
      value: server.value,
      base: server.version,
      dirty: false,
      server: null,
      error: null,
      savedAt: null,
    };
    if (!local || !local.dirty || this.o.equal(local.value, server.value)) {
      this.state = fresh;
      if (local) this.o.storage.removeItem(this.o.key);
    } else if (local.base === server.version) {
      this.state = { ...fresh, status: 'pending', value: local.value, dirty: true };
      this.schedule(0);
    } else {
      this.state = {
        ...fresh,
        status: 'conflict',
        value: local.value,
        base: local.base,
        dirty: true,
        server,
      };
    }
  }

  getState = (): AutosaveState<T> => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Records a change: on the device now, on the server soon. */
  edit(value: T): void {
    if (this.disposed) return;
    this.edits++;
    const status =
      this.state.status === 'conflict' || this.state.status === 'failed' ? this.state.status : 'pending';
    this.set({ value, dirty: true, status });
    this.write();
    if (status === 'pending') this.schedule(this.o.delay);
  }

  /** Sends now (Ctrl+Enter, leaving the page, the network coming back). */
  flush(): Promise<void> {
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = null;
    return this.run();
  }

  /** Settles a conflict: keep the local value on top of the server's version, or take the server's. */
  resolve(choice: 'mine' | 'theirs'): Promise<void> {
    const server = this.state.server;
    if (!server) return Promise.resolve();
    if (choice === 'theirs') {
      this.set({
        status: 'saved',
        value: server.value,
        base: server.version,
        dirty: false,
        server: null,
        error: null,
      });
      this.o.storage.removeItem(this.o.key);
      return Promise.resolve();
    }
    this.set({ status: 'pending', base: server.version, server: null, error: null });
    this.write();
    return this.flush();
  }

  /** Takes a newer copy from the server (e.g. after submitting) and forgets local changes. */
  reset(server: Versioned<T>): void {
    this.edits++;
    this.set({
      status: 'saved',
      value: server.value,
      base: server.version,
      dirty: false,
      server: null,
      error: null,
    });
    this.o.storage.removeItem(this.o.key);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.listeners.clear();
  }

  private async run(): Promise<void> {
    if (this.disposed || this.sending || !this.state.dirty) return;
    if (this.state.status === 'conflict') return;
    this.sending = true;
    const edits = this.edits;
    const value = this.state.value;
    this.set({ status: 'saving' });
    try {
      const saved = await this.o.send(value, this.state.base);
      this.attempt = 0;
      if (this.edits === edits) {
        this.set({
          status: 'saved',
          base: saved.version,
          value: saved.value,
          dirty: false,
          error: null,
          savedAt: this.o.now(),
        });
        this.o.storage.removeItem(this.o.key);
      } else {
        // Changed while the request was out: send the newer value next.
        this.set({ status: 'pending', base: saved.version });
        this.write();
        this.schedule(0);
      }
    } catch (e) {
      const err = e instanceof SendError ? e : new SendError('network', String(e));
      if (err.kind === 'conflict' && err.current) {
        this.set({ status: 'conflict', server: err.current as Versioned<T>, error: err });
      } else if (err.kind === 'network') {
        this.set({ status: 'offline', error: err });
        this.schedule(this.o.retryDelay(this.attempt++));
      } else {
        this.set({ status: 'failed', error: err });
      }
    } finally {
      this.sending = false;
    }
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = this.o.setTimer(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private read(): Stored<T> | null {
    try {
      const raw = this.o.storage.getItem(this.o.key);
      return raw ? (JSON.parse(raw) as Stored<T>) : null;
    } catch {
      return null;
    }
  }

  private write(): void {
    const s: Stored<T> = {
      value: this.state.value,
      base: this.state.base,
      dirty: this.state.dirty,
      at: this.o.now(),
    };
    try {
      this.o.storage.setItem(this.o.key, JSON.stringify(s));
    } catch {
      // A full or disabled storage must not stop the server copy.
    }
  }

  private set(patch: Partial<AutosaveState<T>>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }
}
