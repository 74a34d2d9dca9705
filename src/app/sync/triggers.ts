/**
 * When to sync (browser only; Safari has no Background Sync, so the page does it):
 * on start, when the browser says it is online again, when the app becomes visible, after each write, and on
 * a timer: every IDLE_SYNC_MS when all is well, with exponential backoff (1 s, 2 s, 4 s … 60 s) after failures.
 * After a 401 the timer stops until the person signs in again (the engine refuses to sync meanwhile).
 * `navigator.onLine` is only a hint: a successful request is the truth, so "offline" never stops the timer.
 */
import type { SyncResult } from './engine';
import type { SyncStatusStore } from './status';

export const IDLE_SYNC_MS = 30_000;
export const MAX_BACKOFF_MS = 60_000;

export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

export interface TriggerOptions {
  sync: () => Promise<SyncResult>;
  status: SyncStatusStore;
  idleMs?: number;
}

export function startTriggers({ sync, status, idleMs = IDLE_SYNC_MS }: TriggerOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  async function tick() {
    timer = undefined;
    const result = await sync().catch(() => null);
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
  schedule(0);

  return {
    syncSoon: () => schedule(0),
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (hasWindow) {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
        document.removeEventListener('visibilitychange', onVisible);
      }
    },
  };
}
