/**
 * The sync engine for one signed-in person on one device: records marks, pushes the outbox, pulls changes,
 * keeps the clock offset, and reports its status. Works in the browser and in Node (inject `fetch`, `baseUrl`).
 *
 * Guarantees:
 * - `recordMark` commits the cell and its outbox entry in one strict transaction before anything is sent;
 *   `enqueue` does the same for any other mutation type. A write that fails for want of storage rejects with
 *   a StorageProblem (and the status says what to do); a lost connection is reopened and retried once,
 *   idempotently (db/connection.ts).
 * - Pushes and pulls never overlap (serial lock; plus a device-wide Web Lock across tabs when available: a
 *   push sends every person's waiting entries on this tablet, so two people's engines must not push at once).
 * - The push sends the signed-in person's entries with the session and anyone else's with their device key
 *   (push.ts). `pull: false` (office screens read the server directly) pushes only, except while the office is
 *   taking one class's register (`takeRegisterOf`): then it pulls that class and nothing else.
 * - `sync()` = push then pull. It never throws for network or server trouble: it reports it in the result and
 *   the status store, and leaves every mark in the outbox. Calls made while a sync runs are coalesced into
 *   one more sync after it, so a mark written during a push is sent by the next one.
 * - Automatic syncing (timers, online/visibility events, after each write) happens only after `start()`.
 */
import { recordMark as recordMarkInDb, type RecordedMark } from '../db/marks';
import { enqueueMutation } from '../db/mutations';
import { isQuotaError, StorageProblem, SYNC_STORAGE_FULL, writeWithReopen } from '../db/connection';
import { metaKeys, setMeta } from '../db/meta';
import { registerDeviceKey, type DeviceKeyOutcome } from './deviceKey';
import { createApiClient } from './api';
import { createClock, type Clock } from './clock';
import { browserLocks, createSerialLock } from './lock';
import { pushOutbox, type PushOutcome } from './push';
import { pullChanges, type PullOutcome } from './pull';
import { createSyncStatusStore } from './status';
import { startTriggers } from './triggers';
import type { SyncEngine, SyncEngineOptions, SyncOptions, SyncResult } from './engineTypes';

export type { MarkInput, SyncEngine, SyncEngineOptions, SyncOptions, SyncResult } from './engineTypes';


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
  const run = createSerialLock('school-register-sync', options.locks === undefined ? browserLocks() : options.locks);
  const courier = options.courier === true;
  /** The class an office computer is taking the register of (takeRegisterOf), or null. */
  let registerGroup: string | null = null;
  const pullEnabled = () => !courier && (options.pull !== false || registerGroup !== null);
  const displayName = options.displayName ?? userId;
  let stopTriggers: (() => void) | null = null;
  let syncAfterWrite: () => void = () => undefined;
  let keyAsked = courier;
  /** When the last pull that reached the server finished (device ms). */
  let lastPullAt: number | null = null;

  /** A local write: storage trouble goes to the status (and is rethrown); success clears it. */
  async function write<T>(fn: (retry: boolean) => Promise<T>): Promise<T> {
    await activeClock.ready;
    try {
      const result = await writeWithReopen(db, fn);
      if (status.getState().storageProblem) status.setState({ storageProblem: null });
      syncAfterWrite();
      return result;
    } catch (error) {
      if (error instanceof StorageProblem) status.setState({ storageProblem: error.message });
      throw error;
    }
  }

  async function askForKey(): Promise<DeviceKeyOutcome> {
    if (courier) return 'unavailable';
    keyAsked = true;
    return registerDeviceKey(db, api, userId, displayName);
  }

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
      const outcome = await pullChanges({ db, api, userId, groupId: registerGroup ?? undefined }).catch((error: unknown) => {
        // A full disk while saving the registers must be said, not lost in a rejected timer callback.
        if (!isQuotaError(error)) throw error;
        status.setState({ storageProblem: SYNC_STORAGE_FULL });
        return { kind: 'server' as const, message: SYNC_STORAGE_FULL };
      });
      if (outcome.kind === 'done') {
        lastPullAt = deviceNow();
        status.setState({ online: true, problem: null });
        if (status.getState().storageProblem === SYNC_STORAGE_FULL) status.setState({ storageProblem: null });
      } else noteFailure(outcome);
      return outcome;
    } finally {
      status.setState({ phase: 'idle' });
    }
  }

  async function syncOnce(options: SyncOptions): Promise<SyncResult> {
    if (status.getState().needsSignIn) {
      const push: PushOutcome = { kind: 'auth', message: 'Sign in again to send your marks.' };
      return { ok: false, push, pull: null };
    }
    const push = await doPush();
    if (push.kind === 'auth') return finish({ ok: false, push, pull: null });
    const pushed = push.kind === 'done' && push.retried === 0;
    // A person signed in before device keys existed gets one at their first good sync (once per engine).
    if (push.kind === 'done' && !keyAsked) await askForKey();
    if (!pullEnabled()) return finish({ ok: pushed, push, pull: null });
    // A sync started by taps: while the teacher taps on, one pull every so often is enough (each pull is a
    // request and a write over every register table, on the tablet that is drawing the taps).
    const pulledLately = lastPullAt !== null && options.pullIfOlderThanMs !== undefined && deviceNow() - lastPullAt < options.pullIfOlderThanMs;
    if (pushed && pulledLately) return finish({ ok: true, push, pull: null });
    // A failed push (someone else's marks refused, a server fault, a push request that did not get through)
    // must not keep this person's registers from arriving: pull anyway. Only when the browser says it has no
    // network at all is the pull skipped: it could only fail too.
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    if (push.kind === 'network' && offline) return finish({ ok: false, push, pull: null });
    const pull = await doPull();
    return finish({ ok: pushed && pull.kind === 'done', push, pull });
  }

  async function finish(result: SyncResult): Promise<SyncResult> {
    // A push-only sync with nothing to send never reached the server: it proves nothing about the connection.
    const reachedServer = result.pull !== null || (result.push.kind === 'done' && result.push.applied + result.push.rejected + result.push.retried > 0);
    if (result.ok && !reachedServer) status.setState({ failures: 0 });
    else if (result.ok) {
      const at = activeClock.now();
      status.setState({ lastSyncedAt: at, failures: 0 });
      if (!courier) await setMeta(db, metaKeys.lastSync(userId), at).catch(() => undefined);
    } else status.setState((s) => ({ failures: s.failures + 1 }));
    return result;
  }

  let running: Promise<SyncResult> | null = null;
  let queued: Promise<SyncResult> | null = null;
  /** The options of the queued sync: any caller that asked for a full sync gets one. */
  let queuedOptions: SyncOptions = {};
  function sync(options: SyncOptions = {}): Promise<SyncResult> {
    if (!running) {
      running = run(() => syncOnce(options)).finally(() => {
        running = null;
      });
      return running;
    }
    if (!queued) {
      queuedOptions = options;
      queued = running.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        queued = null;
        return sync(queuedOptions);
      });
    } else if (options.pullIfOlderThanMs === undefined) queuedOptions = {};
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
    recordMark(input): Promise<RecordedMark> {
      const id = crypto.randomUUID();
      const at = deviceNow();
      return write((retry) =>
        recordMarkInDb(db, {
          userId,
          markedBy: displayName,
          ...input,
          deviceNow: at,
          clockOffsetMs: activeClock.offsetMs(),
          newId: () => id,
          retry,
        }),
      );
    },
    enqueue(type, args, opts = {}) {
      const id = crypto.randomUUID();
      const at = deviceNow();
      return write((retry) =>
        enqueueMutation(db, {
          userId,
          displayName,
          type,
          args,
          cellKey: opts.cellKey,
          rememberAs: opts.rememberAs,
          deviceNow: at,
          clockOffsetMs: activeClock.offsetMs(),
          id,
          retry,
        }),
      );
    },
    registerDeviceKey: askForKey,
    push: () => run(doPush),
    pull: () => run(doPull),
    sync,
    requestSync: () => undefined,
    start() {
      if (!stopTriggers) {
        const triggers = startTriggers({ sync, status });
        engine.requestSync = triggers.syncSoon;
        syncAfterWrite = triggers.afterWrite;
        stopTriggers = () => {
          triggers.stop();
          engine.requestSync = () => undefined;
          syncAfterWrite = () => undefined;
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
    takeRegisterOf(groupId) {
      registerGroup = groupId;
      return groupId === null ? Promise.resolve(null) : sync();
    },
  };
  return engine;
}
