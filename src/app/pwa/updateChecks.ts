/**
 * Looking for a new version of the app: every 30 minutes and whenever the app comes back to the screen.
 *
 * Guarantees:
 * - Never asks while the browser says it is offline, while a new worker is already installing, or when the
 *   server does not answer for the service worker script (a school network without the server): a failed
 *   check is silent and simply tried again next time (vite-plugin-pwa's "periodic updates" recipe).
 * - Only looks: installing the new version and reloading are the update prompt's business, never this.
 */
export const UPDATE_CHECK_MS = 30 * 60_000;

export interface RegistrationLike {
  installing: unknown;
  update(): Promise<unknown>;
}

export interface UpdateCheckOptions {
  intervalMs?: number;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  isOnline?: () => boolean;
  doc?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

export function startUpdateChecks(registration: RegistrationLike, swUrl: string, options: UpdateCheckOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? UPDATE_CHECK_MS;
  const doFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const isOnline = options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
  const doc = options.doc ?? (typeof document === 'undefined' ? undefined : document);
  let checking = false;

  async function check(): Promise<void> {
    if (checking || registration.installing || !isOnline()) return;
    checking = true;
    try {
      const response = await doFetch(swUrl, { cache: 'no-store', headers: { cache: 'no-store', 'cache-control': 'no-cache' } });
      if (response.status === 200) await registration.update();
    } catch {
      // offline or server down: try again at the next interval or visibility change
    } finally {
      checking = false;
    }
  }

  const onVisible = () => {
    if (doc?.visibilityState === 'visible') void check();
  };
  const timer = setInterval(() => void check(), intervalMs);
  doc?.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(timer);
    doc?.removeEventListener('visibilitychange', onVisible);
  };
}
