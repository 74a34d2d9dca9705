/**
 * Always tells the person where their marks are: "All marks sent", "N marks waiting to be sent" (and "no
 * connection"), "Sending…", a request to sign in again, and every mark the server refused with its reason and
 * what to do. Counts come straight from the outbox, so they cannot disagree with what is stored.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from 'zustand';
import { countPending, dismissRejected, rejectedEntries } from '../db/outbox';
import type { RegisterDb } from '../db/schema';
import type { SyncEngine } from '../sync/engine';
import { displayName, formatShortDate, plural } from './pupilName';

export function SyncStatus({ db, engine }: { db: RegisterDb; engine: Pick<SyncEngine, 'status' | 'userId'> }) {
  const status = useStore(engine.status);
  const pending = useLiveQuery(() => countPending(db, engine.userId), [db, engine.userId]);
  const rejected = useLiveQuery(async () => {
    const entries = await rejectedEntries(db, engine.userId);
    const pupils = await db.pupils.bulkGet(entries.map((e) => e.args.pupilId));
    return entries.map((entry, i) => ({ entry, name: pupils[i] ? displayName(pupils[i]!) : 'A pupil' }));
  }, [db, engine.userId]);

  let line: string;
  let tone: 'ok' | 'waiting' | 'busy' = 'ok';
  if (pending === undefined) line = 'Checking marks…';
  else if (pending === 0) line = 'All marks sent';
  else if (status.phase === 'sending') {
    line = 'Sending…';
    tone = 'busy';
  } else {
    line = `${plural(pending, 'mark', 'marks')} waiting to be sent${status.online ? '' : ' — no connection'}`;
    tone = 'waiting';
  }

  return (
    <div className="sync-status" role="status" aria-live="polite">
      <p className={`sync-line sync-${tone}`}>{line}</p>
      {status.needsSignIn && (
        <p className="sync-problem">
          Your sign-in has expired, so marks cannot be sent. <a href="#/sign-in">Sign in again</a>; your marks stay on this tablet.
        </p>
      )}
      {!status.needsSignIn && status.problem && pending !== 0 && <p className="sync-problem">{status.problem} It will try again shortly.</p>}
      {rejected && rejected.length > 0 && (
        <div className="rejected">
          <p className="rejected-title">{plural(rejected.length, 'mark was', 'marks were')} not accepted by the school's server:</p>
          <ul>
            {rejected.map(({ entry, name }) => (
              <li key={entry.key}>
                <strong>
                  {name}, {entry.args.session === 'AM' ? 'morning' : 'afternoon'} {formatShortDate(entry.args.date)}:
                </strong>{' '}
                {entry.message} Check the register, and tell the office if this pupil's mark still needs recording.
              </li>
            ))}
          </ul>
          <button type="button" className="button secondary" onClick={() => void dismissRejected(db, rejected.map((r) => r.entry.key!))}>
            I have read this
          </button>
        </div>
      )}
    </div>
  );
}
