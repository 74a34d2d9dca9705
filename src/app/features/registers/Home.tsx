/** The teacher's or TA's home: today's date and today's registers for them, with progress and waiting marks. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from 'zustand';
import { cellKey } from '../../db/keys';
import { useSignedIn } from '../../components/services';
import { useNow } from '../../components/useNow';
import { registerHref } from '../../components/route';
import { formatLongDate, plural, sessionLabel } from '../../components/pupilName';
import { countCodes, progressText, registersFor, type TodayRegister } from './model';
import { useSchoolDay } from './useSchoolDay';

export function Home() {
  const { db, user, engine } = useSignedIn();
  const now = useNow(engine);
  const { school, today, day, isSchoolDay, loaded } = useSchoolDay(db, user, now);
  const online = useStore(engine.status, (s) => s.online);
  const lastSyncedAt = useStore(engine.status, (s) => s.lastSyncedAt);

  const registers = useLiveQuery(async () => {
    const [assignments, groups] = await Promise.all([db.assignments.where('staffId').equals(user.id).toArray(), db.groups.toArray()]);
    const list = registersFor(user.id, today, assignments, groups, school);
    return Promise.all(
      list.map(async (r) => {
        const pupils = await db.pupils.where('groupId').equals(r.groupId).toArray();
        const cells = await db.cells.bulkGet(pupils.map((p) => cellKey(p.id, today, r.session)));
        return { ...r, counts: countCodes(cells.map((c) => c?.code)), waiting: cells.filter((c) => c?.pending).length };
      }),
    );
  }, [db, user.id, today, school]);

  return (
    <main className="home">
      <h1>{formatLongDate(today)}</h1>
      {!school && (
        <p className="notice">
          {online
            ? 'Getting your registers from the school server…'
            : 'Your registers are not on this tablet yet. Connect to the school network once to download them.'}
        </p>
      )}
      {loaded && !isSchoolDay && (
        <p className="notice">
          There is no school today{day?.label ? `: ${day.label}` : ''}. No registers need taking.
        </p>
      )}
      {school && isSchoolDay && registers && registers.length === 0 && (
        <p className="notice">You have no registers to take today. If that is wrong, ask the office.</p>
      )}
      {isSchoolDay && registers && registers.length > 0 && (
        <ul className="register-list">
          {registers.map((r) => (
            <RegisterCard key={`${r.groupId}|${r.session}`} register={r} date={today} />
          ))}
        </ul>
      )}
      {lastSyncedAt === null && school && !online && <p className="hint">Working offline: showing what was last downloaded.</p>}
    </main>
  );
}

function RegisterCard({
  register: r,
  date,
}: {
  register: TodayRegister & { counts: ReturnType<typeof countCodes>; waiting: number };
  date: string;
}) {
  const progress = progressText(r.counts);
  return (
    <li>
      <a className={`register-card ${progress === 'Complete' ? 'complete' : ''}`} href={registerHref(r.groupId, date, r.session)}>
        <span className="register-title">
          {r.groupName} <span className="session-tag">{sessionLabel(r.session)}</span>
          {r.kind === 'cover' && <span className="cover-tag">Cover</span>}
        </span>
        <span className="register-meta">{r.opensAt ? `Opens ${r.opensAt}` : ''}</span>
        <span className="register-progress">{progress}</span>
        {r.waiting > 0 && <span className="register-waiting">{plural(r.waiting, 'mark', 'marks')} waiting to be sent</span>}
      </a>
    </li>
  );
}
