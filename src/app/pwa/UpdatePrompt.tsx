/**
 * Service worker registration (registerType 'prompt': a new version never takes over by itself) and the update
 * prompt (UpdateController). Looks for a new version every 30 minutes and when the app becomes visible
 * (updateChecks.ts).
 *
 * Why `onNeedReload`: without it vite-plugin-pwa reloads the page as soon as a new worker takes control, which
 * happens when ANOTHER tab tapped Reload. With it, this tab reloads only when its own person asked.
 */
import { useRef, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import type { RegisterDb } from '../db/schema';
import { UpdateController } from './UpdateController';
import { startUpdateChecks } from './updateChecks';

export function UpdatePrompt({ db }: { db: RegisterDb }) {
  const requested = useRef(false);
  const stopChecks = useRef<(() => void) | null>(null);
  const [updatedElsewhere, setUpdatedElsewhere] = useState(false);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(swUrl, registration) {
      // Lives as long as the page (the prompt is never unmounted), so it is never stopped.
      if (registration && !stopChecks.current) stopChecks.current = startUpdateChecks(registration, swUrl);
    },
    onNeedReload() {
      if (requested.current) window.location.reload();
      else setUpdatedElsewhere(true);
    },
  });

  return (
    <UpdateController
      db={db}
      needRefresh={needRefresh}
      updatedElsewhere={updatedElsewhere}
      applyUpdate={() => {
        requested.current = true;
        void updateServiceWorker(true);
      }}
      reload={() => window.location.reload()}
      onLater={() => setNeedRefresh(false)}
    />
  );
}
