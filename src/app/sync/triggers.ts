/**
 * When to sync (browser only; Safari has no Background Sync, so the page does it):
 * on start, when the browser says it is online again, when the app becomes visible, after each write, and on
 * a timer: every IDLE_SYNC_MS when all is well, with exponential backoff (1 s, 2 s, 4 s … 60 s) after failures.
 * After a 401 the timer stops until the person signs in again (the engine refuses to sync meanwhile).
 * `navigator.onLine` is only a hint: a successful request is the truth, so "offline" never stops the timer.
 *
 * After a write the sync waits WRITE_SYNC_DELAY_MS, and later writes in that time join the same sync: a teacher
 * tapping down a register sends a few pushes, not one per tap, and no push starts in the frame that paints a
 * tap. Such a sync pulls only if the last pull is older than WRITE_SYNC_PULL_MS (the timer's syncs always pull).
 * When the browser says it has no network, or the last attempt found none (Wi-Fi without a way through: the
 * browser still says online), writes do not start a sync: it could only fail, and each failed attempt costs a
 * tablet time it needs for the taps. The backoff timer and the `online` event still try.
 */
import type { SyncOptions, SyncResult } from './engine';
import type { SyncStatusStore } from './status';

export const IDLE_SYNC_MS = 30_000;
export const MAX_BACKOFF_MS = 60_000;
export const WRITE_SYNC_DELAY_MS = 300;
export const WRITE_SYNC_PULL_MS = 10_000;
export const STARTUP_SYNC_MAX_DELAY_MS = 1000;

export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

export interface TriggerOptions {
  sync: (options?: SyncOptions) => Promise<SyncResult>;
  status: SyncStatusStore;
  idleMs?: number;
}

export function startTriggers({ sync, status, idleMs = IDLE_SYNC_MS }: TriggerOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the scheduled tick fires (device ms), while one is scheduled. */
  let due: number | null = null;
  let stopped = false;
  let cancelStartup = () => undefined as void;
  /** The first sync has not been scheduled yet (it waits for an idle moment). */
  let startupPending = false;
  /** The scheduled sync was asked for by writes only. */
  let forWrites = false;

  function schedule(delay: number, writes = false) {
    if (stopped) return;
    startupPending = false;
    clearTimeout(timer);
    due = Date.now() + delay;
    forWrites = writes;
    timer = setTimeout(tick, delay);
  }

  /** Sync within `delay` for a write: an earlier scheduled sync stands. */
  function soonForWrite(delay: number) {
    if (timer !== undefined && due !== null && due <= Date.now() + delay) return;
    schedule(delay, true);
  }

  async function tick() {
    timer = undefined;
    due = null;
    const options: SyncOptions = forWrites ? { pullIfOlderThanMs: WRITE_SYNC_PULL_MS } : {};
    const result = await sync(options).catch(() => null);
    if (stopped || timer !== undefined) return; // stopped, or someone asked for a sooner sync meanwhile
    const state = status.getState();
    if (state.needsSignIn) return;
    schedule(result?.ok ? idleMs : backoffMs(state.failures));
  }

  const onOnline = () => {
    status.setState({ online: true });
    schedule(0);
  };
  const onOffline = () => status.setState({ online: false });
  const onVisible = () => {
    if (document.visibilityState === 'visible') schedule(0);
  };

  const hasWindow = typeof window !== 'undefined' && typeof document !== 'undefined';
  if (hasWindow) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);
  }
  // The first sync waits until the page is idle (at most a second): at a cold start the register is drawn
  // first, and the sync's reads and requests come after.
  if (hasWindow && typeof window.requestIdleCallback === 'function') {
    startupPending = true;
    const idle = window.requestIdleCallback(() => startupPending && schedule(0), { timeout: STARTUP_SYNC_MAX_DELAY_MS });
    cancelStartup = () => window.cancelIdleCallback(idle);
  } else schedule(0);

  return {
    syncSoon: () => schedule(0),
    afterWrite: () => {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
      if (!status.getState().online) return;
      soonForWrite(WRITE_SYNC_DELAY_MS);
    },
    stop() {
      stopped = true;
      cancelStartup();
      clearTimeout(timer);
      if (hasWindow) {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
        document.removeEventListener('visibilitychange', onVisible);
      }
    },
  };
}
