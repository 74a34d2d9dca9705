/**
 * The sync engine for one signed-in person on one device: records marks, pushes the outbox, pulls changes,
 * keeps the clock offset, and reports its status. Works in the browser and in Node (inject `fetch`, `baseUrl`).
 *
 * Guarantees:
 * - `recordMark` commits the cell and its outbox entry in one strict transaction before anything is sent.
 * - Pushes and pulls of one engine never overlap (serial lock; plus Web Locks across tabs when available).
 * - `sync()` = push then pull. It never throws for network or server trouble: it reports it in the result and
 *   the status store, and leaves every mark in the outbox. Calls made while a sync runs are coalesced into
 *   one more sync after it, so a mark written during a push is sent by the next one.
 * - Automatic syncing (timers, online/visibility events, after each write) happens only after `start()`.
 */
import type { Session } from '../../domain/codes';
import type { RegisterDb } from '../db/schema';
import { recordMark as recordMarkInDb, type RecordedMark } from '../db/marks';
import { createApiClient, type ApiClient, type FetchLike } from './api';
import { createClock, type Clock } from './clock';
import { browserLocks, createSerialLock, type LockLike } from './lock';
import { pushOutbox, type PushOutcome } from './push';
import { pullChanges, type PullOutcome } from './pull';
import { createSyncStatusStore, type SyncStatusStore } from './status';
import { startTriggers } from './triggers';

export interface SyncEngineOptions {
  db: RegisterDb;
  userId: string;
  /** Shown as "marked by" on the device until the server's value arrives. */
  displayName?: string;
  fetch?: FetchLike;
  /** '' in the browser; e.g. 'http://127.0.0.1:8080' in Node. */
  baseUrl?: string;
  /** The DEVICE clock (default Date.now). The app's "now" is this plus the estimated offset. */
  now?: () => number;
  /** A Web Locks-like manager; default navigator.locks when present, null to disable. */
  locks?: LockLike | null;
  /**
   * Share an api client and clock (the app signs in before an engine exists). If you pass `api`, wire its
   * `onServerTime` to `clock.observe` yourself; by default both are built here from fetch/baseUrl/now.
   */
  api?: ApiClient;
  clock?: Clock;
}

export interface SyncResult {
  ok: boolean;
  push: PushOutcome;
  pull: PullOutcome | null;
}

export interface MarkInput {
  pupilId: string;
  date: string;
  session: Session;
  /** '/', '\\' or 'N' (present is stored as the session's symbol). */
  mark: string;
}

export interface SyncEngine {
  readonly userId: string;
  readonly db: RegisterDb;
  readonly api: ApiClient;
  readonly clock: Clock;
  readonly status: SyncStatusStore;
  /** Resolves when the persisted clock offset has been loaded. */
  readonly ready: Promise<void>;
  /** The corrected clock: device clock + estimated offset, ms. */
  now(): number;
  recordMark(input: MarkInput): Promise<RecordedMark>;
  push(): Promise<PushOutcome>;
  pull(): Promise<PullOutcome>;
  sync(): Promise<SyncResult>;
  /** Ask for a sync soon (no-op before start()). */
  requestSync(): void;
  /** Starts the timer and browser triggers; returns stop. */
  start(): () => void;
  stop(): void;
  /** After the person signed in again following a 401. */
  signedInAgain(): void;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, userId } = options;
  const deviceNow = options.now ?? Date.now;
  const status = createSyncStatusStore();
  let clock: Clock | undefined = options.clock;
  const api =
    options.api ??
    createApiClient({
      fetch: options.fetch,
      baseUrl: options.baseUrl,
      now: deviceNow,
      onServerTime: (t0, t1, serverTime) => void clock?.observe(t0, t1, serverTime),
    });
  clock ??= createClock(db, deviceNow);
  const activeClock = clock;
  const run = createSerialLock(`school-register-sync:${userId}`, options.locks === undefined ? browserLocks() : options.locks);
  let stopTriggers: (() => void) | null = null;

  function noteFailure(outcome: { kind: string; message: string }) {
    if (outcome.kind === 'network') status.setState({ online: false });
    else if (outcome.kind === 'auth') status.setState({ online: true, needsSignIn: true });
    else status.setState({ online: true, problem: outcome.message });
  }

  async function doPush(): Promise<PushOutcome> {
    await activeClock.ready;
    try {
      const outcome = await pushOutbox({ db, api, userId, onSending: () => status.setState({ phase: 'sending' }) });
      if (outcome.kind === 'done') status.setState({ online: true, problem: null });
      else noteFailure(outcome);
      return outcome;
    } finally {
      status.setState({ phase: 'idle' });
    }
  }

  async function doPull(): Promise<PullOutcome> {
    await activeClock.ready;
    status.setState({ phase: 'receiving' });
    try {
      const outcome = await pullChanges({ db, api, userId });
      if (outcome.kind === 'done') status.setState({ online: true, problem: null });
      else noteFailure(outcome);
      return outcome;
    } finally {
      status.setState({ phase: 'idle' });
    }
  }

  async function syncOnce(): Promise<SyncResult> {
    if (status.getState().needsSignIn) {
      const push: PushOutcome = { kind: 'auth', message: 'Sign in again to send your marks.' };
      return { ok: false, push, pull: null };
    }
    const push = await doPush();
    if (push.kind !== 'done') return finish({ ok: false, push, pull: null });
    const pull = await doPull();
    return finish({ ok: pull.kind === 'done' && push.retried === 0, push, pull });
  }

  function finish(result: SyncResult): SyncResult {
    if (result.ok) status.setState({ lastSyncedAt: activeClock.now(), failures: 0 });
    else status.setState((s) => ({ failures: s.failures + 1 }));
    return result;
  }

  let running: Promise<SyncResult> | null = null;
  let queued: Promise<SyncResult> | null = null;
  function sync(): Promise<SyncResult> {
    if (!running) {
      running = run(syncOnce).finally(() => {
        running = null;
      });
      return running;
    }
    if (!queued) {
      queued = running.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        queued = null;
        return sync();
      });
    }
    return queued;
  }

  const engine: SyncEngine = {
    userId,
    db,
    api,
    clock: activeClock,
    status,
    ready: activeClock.ready,
    now: () => activeClock.now(),
    async recordMark(input) {
      await activeClock.ready;
      const recorded = await recordMarkInDb(db, {
        userId,
        markedBy: options.displayName ?? userId,
        ...input,
        deviceNow: deviceNow(),
        clockOffsetMs: activeClock.offsetMs(),
      });
      engine.requestSync();
      return recorded;
    },
    push: () => run(doPush),
    pull: () => run(doPull),
    sync,
    requestSync: () => undefined,
    start() {
      if (!stopTriggers) {
        const triggers = startTriggers({ sync, status });
        engine.requestSync = triggers.syncSoon;
        stopTriggers = () => {
          triggers.stop();
          engine.requestSync = () => undefined;
        };
      }
      return () => engine.stop();
    },
    stop() {
      stopTriggers?.();
      stopTriggers = null;
    },
    signedInAgain() {
      status.setState({ needsSignIn: false, problem: null });
      engine.requestSync();
    },
  };
  return engine;
}
