/** Sign out, with a warning when marks have not been sent yet (they stay on the tablet for next time). */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSignedIn } from '../../components/services';
import { countPending } from '../../db/outbox';
import { plural } from '../../components/pupilName';

export function SignOutButton() {
  const { db, user, signOut } = useSignedIn();
  const pending = useLiveQuery(() => countPending(db, user.id), [db, user.id]) ?? 0;
  const [confirming, setConfirming] = useState(false);
  const [countAtTap, setCountAtTap] = useState(0);
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
    const waiting = await countPending(db, user.id);
    setCountAtTap(waiting);
    if (waiting > 0) setConfirming(true);
    else await doSignOut();
  }

  // Follows the live count once it moves (marks sent while the warning is open make it go away).
  useEffect(() => setCountAtTap(pending), [pending]);
  const shown = countAtTap;
  if (confirming && shown > 0) {
    return (
      <div className="confirm" role="alertdialog" aria-labelledby="sign-out-warning">
        <p id="sign-out-warning">
          {plural(shown, 'mark has', 'marks have')} not been sent yet. They stay on this tablet and are sent the next time you sign in
          here. Sign out anyway?
        </p>
        <button type="button" className="button danger" onClick={doSignOut} disabled={busy}>
          Sign out anyway
        </button>
        <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
          Stay signed in
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
