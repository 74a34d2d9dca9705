/**
 * The update prompt's decisions, apart from the service worker plumbing so they can be tested.
 *
 * Guarantees:
 * - The page is never reloaded for an update while any entry on this tablet (anyone's) waits to be sent: the
 *   Reload button is disabled with the reason, and the count is read again from the database at the tap.
 * - The page is reloaded only because the person tapped Reload. A new version taking control because another
 *   tab updated (`updatedElsewhere`) shows the same banner instead of reloading by itself.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { RegisterDb } from '../db/schema';
import { countPending } from '../db/outbox';
import { UpdateBanner } from './UpdateBanner';

export interface UpdateControllerProps {
  db: RegisterDb;
  /** A new version is installed and waiting. */
  needRefresh: boolean;
  /** A new version already controls this page (another tab applied it): only a reload is left to do. */
  updatedElsewhere: boolean;
  /** Activates the waiting version and reloads (vite-plugin-pwa's updateServiceWorker(true)). */
  applyUpdate: () => void;
  reload: () => void;
  onLater: () => void;
}

export function UpdateController({ db, needRefresh, updatedElsewhere, applyUpdate, reload, onLater }: UpdateControllerProps) {
  const [dismissed, setDismissed] = useState(false);
  const offered = (needRefresh || updatedElsewhere) && !dismissed;
  // Counted only while a new version is offered: a live count would read the outbox after every tap.
  const pending = useLiveQuery(() => (offered ? countPending(db) : 0), [db, offered]);
  // "Later" put off the waiting version; a version that has since taken control must be offered again.
  useEffect(() => {
    if (updatedElsewhere) setDismissed(false);
  }, [updatedElsewhere]);
  if ((!needRefresh && !updatedElsewhere) || dismissed) return null;
  return (
    <UpdateBanner
      pending={pending ?? 0}
      onReload={() => {
        // Re-checked at the moment of the tap: the button may be a render behind a mark just made.
        void countPending(db).then((n) => {
          if (n > 0) return;
          if (updatedElsewhere) reload();
          else applyUpdate();
        });
      }}
      onLater={() => {
        setDismissed(true);
        onLater();
      }}
    />
  );
}
