/**
 * Service worker registration (registerType 'prompt': a new version never takes over by itself) and the update
 * prompt. Guarantee: the page is never reloaded for an update while any mark on this device waits to be sent.
 * Checks for a new version every hour when online.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useRegisterSW } from 'virtual:pwa-register/react';
import type { RegisterDb } from '../db/schema';
import { countPending } from '../db/outbox';
import { UpdateBanner } from './UpdateBanner';

const UPDATE_CHECK_MS = 60 * 60_000;

export function UpdatePrompt({ db }: { db: RegisterDb }) {
  const pending = useLiveQuery(() => countPending(db), [db]) ?? 0;
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
  });

  if (!needRefresh) return null;
  return (
    <UpdateBanner
      pending={pending}
      onReload={() => {
        // Re-checked at the moment of the tap: the button may be stale by a render.
        void countPending(db).then((n) => (n === 0 ? updateServiceWorker(true) : undefined));
      }}
      onLater={() => setNeedRefresh(false)}
    />
  );
}
