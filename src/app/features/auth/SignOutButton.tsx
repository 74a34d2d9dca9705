/**
 * Sign out, with a clear warning when this person's marks have not been sent yet. Signing out never loses
 * them: they stay in the outbox under this person's device id, and go as theirs with their device key when
 * there is a connection (or, without a key, the next time they sign in here). Signing out removes the pupils'
 * data from the tablet (db/session.ts), never the outbox or device identities.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from 'zustand';
import { useSignedIn } from '../../components/services';
import { waitingOnTablet } from '../../db/waiting';
import { plural } from '../../components/pupilName';

interface Mine {
  count: number;
  onlyMarks: boolean;
  hasKey: boolean;
}

/** `held`: marks "Mark all" still holds for its Undo; tapping Sign out writes them, so they are waiting too. */
async function mine(db: Parameters<typeof waitingOnTablet>[0], userId: string, held: readonly string[]): Promise<Mine> {
  const me = (await waitingOnTablet(db, userId, held)).find((p) => p.userId === userId);
  return { count: me?.count ?? 0, onlyMarks: me?.onlyMarks ?? true, hasKey: me?.hasKey ?? false };
}

export function SignOutButton() {
  const { db, user, engine, signOut } = useSignedIn();
  const [confirming, setConfirming] = useState(false);
  // Watched only while the warning is open: a live query here would read the outbox again after every tap.
  const held = useStore(engine.status, (s) => s.held);
  const live = useLiveQuery(() => (confirming ? mine(db, user.id, engine.status.getState().held) : null), [db, user.id, engine, confirming, held]);
  const [atTap, setAtTap] = useState<Mine | null>(null);
  const [busy, setBusy] = useState(false);

  async function doSignOut() {
    setBusy(true);
    try {
      await signOut();
    } finally {
      setBusy(false);
    }
  }

  // Counted again at the tap: the live count may be a render behind a mark just made.
  async function askOrSignOut() {
    const waiting = await mine(db, user.id, engine.status.getState().held);
    setAtTap(waiting);
    if (waiting.count > 0) setConfirming(true);
    else await doSignOut();
  }

  // Follows the live count once it moves (marks sent while the warning is open make it go away).
  useEffect(() => {
    if (live) setAtTap(live);
  }, [live]);

  if (confirming && atTap && atTap.count > 0) {
    const what = atTap.onlyMarks ? plural(atTap.count, 'mark is', 'marks are') : plural(atTap.count, 'change is', 'changes are');
    const they = atTap.count === 1 ? 'It stays' : 'They stay';
    const when = atTap.hasKey ? 'when there is a connection' : 'the next time you sign in on this tablet';
    return (
      <div className="confirm" role="alertdialog" aria-labelledby="sign-out-warning" aria-modal="false">
        <p id="sign-out-warning">
          {what} not sent yet. {they} on this tablet and will be sent as yours {when}.
        </p>
        <button type="button" className="button secondary" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={doSignOut} disabled={busy}>
          Sign out anyway
        </button>
      </div>
    );
  }
  return (
    <button type="button" className="button secondary small" onClick={() => void askOrSignOut()} disabled={busy}>
      Sign out
    </button>
  );
}
