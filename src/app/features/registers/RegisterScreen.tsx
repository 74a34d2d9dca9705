/**
 * Taking one register. A tap paints the new mark at once (local state), then the mark and its outbox entry are
 * saved in one transaction; if saving fails the row goes back to what is stored and an error says so, so the
 * screen never shows as saved a mark that is not.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { cellKey } from '../../db/keys';
import { EARLY_OPENING_MINUTES, registerOpensAt } from '../../../domain/registerWindow';
import { localTimeOf } from '../../../domain/time';
import { useSignedIn } from '../../components/services';
import { useNow } from '../../components/useNow';
import { compareByRegisterOrder, displayName, formatLongDate, sessionLabel } from '../../components/pupilName';
import { countCodes, sessionsFor, type Session } from './model';
import { PupilRow } from './PupilRow';
import { useSchoolDay } from './useSchoolDay';

interface Optimistic {
  code: string;
  token: number;
  committed: boolean;
}

export function RegisterScreen({ groupId, date, session }: { groupId: string; date: string; session: Session }) {
  const { db, user, engine } = useSignedIn();
  const now = useNow(engine);
  const { school, today, timeZone } = useSchoolDay(db, user, now);
  const data = useLiveQuery(async () => {
    const [group, pupils, assignments] = await Promise.all([
      db.groups.get(groupId),
      db.pupils.where('groupId').equals(groupId).toArray(),
      db.assignments.where('staffId').equals(user.id).toArray(),
    ]);
    pupils.sort(compareByRegisterOrder);
    const cells = await db.cells.bulkGet(pupils.map((p) => cellKey(p.id, date, session)));
    return { group, pupils, cells, allowed: sessionsFor(assignments, user.id, groupId, date).includes(session) };
  }, [db, groupId, date, session, user.id]);

  const [optimistic, setOptimistic] = useState<Record<string, Optimistic>>({});
  const [error, setError] = useState<string | null>(null);
  const tokens = useRef(0);

  // Once the stored cell shows a committed tap, the stored value takes over again.
  useEffect(() => {
    if (!data) return;
    setOptimistic((current) => {
      let changed = false;
      const next = { ...current };
      data.pupils.forEach((p, i) => {
        const o = next[p.id];
        if (o?.committed && data.cells[i]?.code === o.code) {
          delete next[p.id];
          changed = true;
        }
      });
      return changed ? next : current;
    });
  }, [data]);

  const opensAt = school ? registerOpensAt(date, session, timeZone, school.sessions) : null;
  const earliest = opensAt === null ? null : opensAt - EARLY_OPENING_MINUTES * 60_000;
  let blocked: string | null = null;
  if (date !== today) blocked = "You can only take today's registers. Ask the office to change marks on other days.";
  else if (data && !data.allowed) blocked = 'You are not down to take this register today. Ask the office if that is wrong.';
  else if (earliest !== null && now < earliest)
    blocked = `This register opens at ${school!.sessions[session].opensAt}. You can start marking from ${localTimeOf(earliest, timeZone)}.`;

  const names = useRef(new Map<string, string>());
  names.current = useMemo(() => new Map(data?.pupils.map((p) => [p.id, displayName(p)])), [data?.pupils]);

  const onMark = useCallback(
    (pupilId: string, mark: string) => {
      const token = ++tokens.current;
      setError(null);
      setOptimistic((o) => ({ ...o, [pupilId]: { code: mark, token, committed: false } }));
      const forget = (o: Record<string, Optimistic>) => {
        if (o[pupilId]?.token !== token) return o;
        const { [pupilId]: _dropped, ...rest } = o;
        return rest;
      };
      engine.recordMark({ pupilId, date, session, mark }).then(
        () => {
          setOptimistic((o) => (o[pupilId]?.token === token ? { ...o, [pupilId]: { ...o[pupilId], committed: true } } : o));
          setTimeout(() => setOptimistic(forget), 2000);
        },
        () => {
          setOptimistic(forget);
          setError(`The mark for ${names.current.get(pupilId) ?? 'this pupil'} was not saved on this tablet. Try again.`);
        },
      );
    },
    [engine, date, session],
  );

  if (!data) return <main className="register" aria-busy="true" />;
  if (!data.group)
    return (
      <main className="register">
        <a href="#/" className="back">← Today's registers</a>
        <p className="notice">This register is not on this tablet. Go back and choose one of today's registers.</p>
      </main>
    );

  const rows = data.pupils.map((p, i) => {
    const cell = data.cells[i];
    const o = optimistic[p.id];
    const code = o ? o.code : (cell?.code ?? null);
    const source = o ? 'teacher' : (cell?.source ?? null);
    return { pupil: p, code, source, pending: Boolean(o) || Boolean(cell?.pending) };
  });
  const counts = countCodes(rows.map((r) => r.code));

  return (
    <main className="register">
      <a href="#/" className="back">← Today's registers</a>
      <h1>
        {data.group.name}: {sessionLabel(session).toLowerCase()} register
      </h1>
      <p className="register-date">
        {formatLongDate(date)}
        {school ? `, opens ${school.sessions[session].opensAt}` : ''}
      </p>
      <p className="counts" aria-live="polite">
        <span>Present: {counts.present}</span> <span>Absent: {counts.absent}</span> <span>Not marked: {counts.unmarked}</span>
      </p>
      {blocked && <p className="notice">{blocked}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 && <p className="notice">There are no pupils in this group on this tablet.</p>}
      <ul className="pupil-list">
        {rows.map((r) => (
          <PupilRow
            key={r.pupil.id}
            pupilId={r.pupil.id}
            name={displayName(r.pupil)}
            legalName={r.pupil.preferredName ? `${r.pupil.firstName} ${r.pupil.lastName}` : null}
            code={r.code}
            source={r.source}
            pending={r.pending}
            session={session}
            disabled={blocked !== null}
            onMark={onMark}
          />
        ))}
      </ul>
    </main>
  );
}
