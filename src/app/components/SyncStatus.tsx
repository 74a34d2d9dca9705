/**
 * Always tells the person where the marks on this tablet are: "All marks sent", "N marks waiting to be sent"
 * (whose, when other people's are waiting too, and "no connection"), "Sending…", a request to sign in again,
 * whose marks wait for their author to sign in, a storage failure, and every mark the server refused with its
 * reason and what to do. Counts come straight from the outbox, so they cannot disagree with what is stored, plus
 * the marks "Mark all unmarked present" holds while its Undo is offered (they are not in the outbox yet, but
 * they are not sent either).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from 'zustand';
import { dismissRejected, rejectedEntries } from '../db/outbox';
import type { RegisterDb } from '../db/schema';
import type { SyncEngine } from '../sync/engine';
import { displayName, formatShortDate, objectPronoun, plural } from './pupilName';
import { waitingOnTablet, type WaitingPerson } from '../db/waiting';
import type { OutboxEntry } from '../db/types';

export function SyncStatus({
  db,
  engine,
  noun = 'marks',
}: {
  db: RegisterDb;
  engine: Pick<SyncEngine, 'status' | 'userId'>;
  /** What this person sends: teachers send marks, the office sends changes. */
  noun?: 'marks' | 'changes';
}) {
  const status = useStore(engine.status);
  // Marks "Mark all" still holds for its Undo count as waiting; read when the query runs, so it is never stale.
  const people = useLiveQuery(() => waitingOnTablet(db, engine.userId, engine.status.getState().held), [db, engine.userId, status.held]);
  const rejected = useLiveQuery(async () => {
    const entries = await rejectedEntries(db, engine.userId);
    const marks = entries.filter((e) => e.type === 'mark.set' || e.type === 'pupil.here');
    const pupils = await db.pupils.bulkGet(marks.map((e) => (e.args as { pupilId: string }).pupilId));
    return {
      marks: marks.map((entry, i) => ({ entry, name: pupils[i] ? displayName(pupils[i]!) : 'A pupil' })),
      others: entries.filter((e) => e.type !== 'mark.set' && e.type !== 'pupil.here'),
    };
  }, [db, engine.userId]);

  const total = people?.reduce((n, p) => n + p.count, 0);
  const onlyMarks = people?.every((p) => p.onlyMarks) ?? true;
  const word = total !== undefined && total > 0 && onlyMarks ? 'marks' : noun;
  let line: string;
  let tone: 'ok' | 'waiting' | 'busy' = 'ok';
  if (total === undefined) line = `Checking ${noun}…`;
  else if (total === 0) line = `All ${noun} sent`;
  else if (status.phase === 'sending') {
    line = 'Sending…';
    tone = 'busy';
  } else {
    line = `${plural(total, word.slice(0, -1), word)} waiting to be sent${whose(people!, engine.userId)}${status.online ? '' : ' — no connection'}`;
    tone = 'waiting';
  }
  const stranded = people?.filter((p) => p.userId !== engine.userId && !p.canSend) ?? [];

  return (
    <div className="sync-status">
      {/* An alert, not a polite status: a mark the tablet could not save must not go unnoticed. */}
      {status.storageProblem && (
        <p className="sync-problem sync-storage" role="alert">
          {status.storageProblem}
        </p>
      )}
      <div role="status" aria-live="polite">
        <p className={`sync-line sync-${tone}`}>{line}</p>
        {status.needsSignIn && (
          <p className="sync-problem">
            Your sign-in has expired, so marks cannot be sent. <a href="#/sign-in">Sign in again</a>; your marks stay on this tablet.
          </p>
        )}
        {stranded.map((p) => (
          <p key={p.userId} className="sync-problem">
            {p.onlyMarks ? 'Marks' : 'Changes'} by {p.name ?? 'someone who has signed out'} are waiting for {objectPronoun(p.name)} to sign in on this
            tablet.
          </p>
        ))}
        {!status.needsSignIn && status.problem && total !== 0 && <p className="sync-problem">{status.problem} It will try again shortly.</p>}
        {rejected && rejected.others.length > 0 && (
          <div className="rejected">
            <p className="rejected-title">{plural(rejected.others.length, 'change was', 'changes were')} not accepted by the school's server:</p>
            <ul>
              {rejected.others.map((entry) => (
                <li key={entry.key}>
                  <strong>{describeChange(entry)}:</strong> {entry.message}
                </li>
              ))}
            </ul>
            <button type="button" className="button secondary" onClick={() => void dismissRejected(db, rejected.others.map((e) => e.key!))}>
              I have read this
            </button>
          </div>
        )}
        {rejected && rejected.marks.length > 0 && (
          <div className="rejected">
            <p className="rejected-title">{plural(rejected.marks.length, 'mark was', 'marks were')} not accepted by the school's server:</p>
            <ul>
              {rejected.marks.map(({ entry, name }) => {
                const args = entry.args as { date: string; session: 'AM' | 'PM' };
                return (
                  <li key={entry.key}>
                    <strong>
                      {entry.type === 'pupil.here' ? `“Pupil is here” for ${name}` : name}, {args.session === 'AM' ? 'morning' : 'afternoon'} {formatShortDate(args.date)}:
                    </strong>{' '}
                    {entry.message}{' '}
                    {entry.type === 'pupil.here'
                      ? 'Tell the office in person that this pupil is in the room.'
                      : "Check the register, and tell the office if this pupil's mark still needs recording."}
                  </li>
                );
              })}
            </ul>
            <button type="button" className="button secondary" onClick={() => void dismissRejected(db, rejected.marks.map((r) => r.entry.key!))}>
              I have read this
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

/** What an office change refused by the server was, in a few words (the office screens show more). */
function describeChange(entry: OutboxEntry): string {
  const when = (a: { date: string; session?: 'AM' | 'PM' }) =>
    `${a.session ? (a.session === 'AM' ? 'morning ' : 'afternoon ') : ''}${formatShortDate(a.date)}`;
  switch (entry.type) {
    case 'code.set':
      return `Code ${entry.args.code} for a pupil, ${when(entry.args)}`;
    case 'contact.record':
      return `A contact with a family, ${when(entry.args)}`;
    case 'conflict.resolve':
      return 'Resolving a conflict';
    case 'pupil.signout':
      return 'Signing a pupil out';
    case 'pupil.signin':
      return 'Signing a pupil back in';
    case 'absence.plan':
      return `A planned absence (${entry.args.code}) from ${formatShortDate(entry.args.startDate)}`;
    case 'code.bulk':
      return `Code ${entry.args.code} for ${entry.args.groupId ? 'a class' : 'the whole school'}`;
    case 'cover.add':
      return 'A new cover';
    case 'cover.remove':
      return 'Removing a cover';
    case 'alert.record':
      return `What was done about an alert (${entry.args.action.replace(/_/g, ' ')})`;
    default:
      return 'A change';
  }
}

/** ": 2 yours, 3 by Ms Patel" when anyone else's are waiting; nothing when all are the signed-in person's. */
function whose(people: WaitingPerson[], me: string): string {
  const others = people.filter((p) => p.userId !== me);
  if (others.length === 0) return '';
  const mine = people.find((p) => p.userId === me)?.count ?? 0;
  const parts = [...(mine > 0 ? [`${mine} yours`] : []), ...others.map((p) => `${p.count} by ${p.name ?? 'someone who has signed out'}`)];
  return `: ${parts.join(', ')}`;
}
