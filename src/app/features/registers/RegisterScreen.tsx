/**
 * Taking one register: one row per pupil, one tap per mark, counts always in view. A tap paints at once and is
 * then saved with its outbox entry (useMarking); "Mark all unmarked present" is held back while its Undo is
 * offered. Another day's register is read-only, with a banner saying so. Office and admin may take any class's
 * register here (for an absent teacher); a teacher or TA only the registers they are down for.
 */
import { useCallback, useMemo, useState } from 'react';
import { EARLY_OPENING_MINUTES, registerClosesAt, registerOpensAt } from '../../../domain/registerWindow';
import { localTimeOf } from '../../../domain/time';
import { useSignedIn } from '../../components/services';
import { useNow } from '../../components/useNow';
import { displayName, formatLongDate, sessionLabel } from '../../components/pupilName';
import { comparePupils, initials, legalNameIfDifferent, matchesFilter, type Session } from './model';
import { PupilRow } from './PupilRow';
import { flagPupilHere } from './pupilHere';
import { LiveSummary, type SummaryRow } from './LiveSummary';
import { closingNote } from './RegisterSummary';
import { RegisterTools } from './RegisterTools';
import { DEFAULT_UNDO_MS, useMarking } from './useMarking';
import { useRegisterData } from './useRegisterData';
import { useSchoolDay } from './useSchoolDay';
import { useSortOrder } from './useSortOrder';
import './registers.css';

const NO_CODES: ReadonlyMap<string, string | null> = new Map();

export interface RegisterScreenProps {
  groupId: string;
  date: string;
  session: Session;
  /** How long "Mark all" can be undone before its marks are written (tests shorten it). */
  undoMs?: number;
  /** Where the back link goes: a teacher's today (the default), or the office's list of registers to take. */
  back?: { href: string; label: string };
}

const TEACHER_BACK = { href: '#/', label: "Today's registers" };

export function RegisterScreen({ groupId, date, session, undoMs = DEFAULT_UNDO_MS, back = TEACHER_BACK }: RegisterScreenProps) {
  const { db, user, engine } = useSignedIn();
  const now = useNow(engine);
  const { school, today, timeZone } = useSchoolDay(db, user, now);
  const data = useRegisterData(db, user.id, groupId, date, session);
  const [order, setOrder] = useSortOrder();
  const [filter, setFilter] = useState('');

  const opensAt = school ? registerOpensAt(date, session, timeZone, school.sessions) : null;
  const names = useMemo(() => new Map(data?.pupils.map((p) => [p.id, displayName(p)])), [data?.pupils]);
  const marking = useMarking({
    engine,
    date,
    session,
    stored: data?.stored ?? NO_CODES,
    opensAt,
    nameOf: (id) => names.get(id) ?? 'this pupil',
    undoMs,
  });
  const onHere = useCallback((pupilId: string) => flagPupilHere(engine, { pupilId, date, session }), [engine, date, session]);
  const pupils = data?.pupils;
  const sorted = useMemo(() => (pupils ? [...pupils].sort(comparePupils(order)) : []), [pupils, order]);
  const inBulk = useMemo(() => new Set(marking.bulk?.ids), [marking.bulk]);

  // The office takes a register for an absent teacher (docs/decisions.md); the server checks the same.
  const mayTakeAnyRegister = user.role === 'office' || user.role === 'admin';
  const earliest = opensAt === null ? null : opensAt - EARLY_OPENING_MINUTES * 60_000;
  let blocked: string | null = null;
  if (date < today) blocked = "You can only take today's registers. Ask the office to change marks on other days.";
  else if (date > today) blocked = "This register is for a later day. You can only take today's registers.";
  else if (data && !data.allowed && !mayTakeAnyRegister) blocked = 'You are not down to take this register today. Ask the office if that is wrong.';
  else if (earliest !== null && now < earliest)
    blocked = `This register opens at ${school!.sessions[session].opensAt}. You can start marking from ${localTimeOf(earliest, timeZone)}.`;

  if (!data) return <main className="register" aria-busy="true" />;
  if (!data.group)
    return (
      <main className="register">
        <a href={back.href} className="back">
          ← {back.label}
        </a>
        <p className="notice">This register is not on this {mayTakeAnyRegister ? 'computer' : 'tablet'}. Go back and choose one of today's registers.</p>
      </main>
    );

  // What is stored for each pupil; a tap not yet stored is the row's own business (tapStore.ts), so a tap does
  // not render this screen again.
  const rows = sorted.map((p) => {
    const cell = data.cells.get(p.id);
    // N changed to present after the register opened, and still waiting to be sent.
    const storedLate = Boolean(cell?.pending) && cell?.base?.code === 'N' && (opensAt === null || Date.parse(cell.markedAt ?? '') >= opensAt);
    const held = !cell?.code && inBulk.has(p.id);
    return { pupil: p, cell, storedLate, held, stored: cell?.code ?? null };
  });
  const summaryRows: SummaryRow[] = rows.map((r) => ({ pupilId: r.pupil.id, stored: r.stored, held: r.held }));
  const visible = filter.trim() ? rows.filter((r) => matchesFilter(r.pupil, filter)) : rows;
  const history = date < today;
  // Today's register says when it closes; a present mark after that is still the teacher's (the office is told).
  const closesAt = school && date === today ? registerClosesAt(date, session, timeZone, school.sessions) : null;

  return (
    <main className={`register ${blocked ? 'read-only' : ''}`}>
      <a href={back.href} className="back">
        ← {back.label}
      </a>
      <h1>
        {data.group.name}: {sessionLabel(session).toLowerCase()} register
      </h1>
      <p className="register-date">
        {formatLongDate(date)}
        {school ? `, opens ${school.sessions[session].opensAt}` : ''}
      </p>
      {history ? (
        <div className="history-banner" role="note">
          <strong>Earlier register: read only.</strong> {blocked}
        </div>
      ) : (
        blocked && <p className="notice">{blocked}</p>
      )}
      {marking.error && (
        <p className="error" role="alert">
          {marking.error}
        </p>
      )}
      <LiveSummary
        rows={summaryRows}
        taps={marking.taps}
        session={session}
        closing={closesAt === null ? null : closingNote(closesAt, now, timeZone)}
        canMark={blocked === null && rows.length > 0}
        bulk={marking.bulk}
        announcement={marking.announcement}
        undoMs={undoMs}
        onMarkAll={marking.markAll}
        onUndo={marking.undo}
      />
      {rows.length === 0 ? (
        <p className="notice">There are no pupils in this group on this tablet.</p>
      ) : (
        <RegisterTools filter={filter} onFilter={setFilter} order={order} onOrder={setOrder} />
      )}
      {rows.length > 0 && visible.length === 0 && <p className="notice">No pupil in this register matches “{filter.trim()}”.</p>}
      <ul className="pupil-list">
        {visible.map((r) => (
          <PupilRow
            key={r.pupil.id}
            pupilId={r.pupil.id}
            name={names.get(r.pupil.id) ?? displayName(r.pupil)}
            legalName={legalNameIfDifferent(r.pupil)}
            initials={initials(r.pupil)}
            photo={data.photos.get(r.pupil.id)}
            storedCode={r.stored}
            storedSource={r.cell?.source ?? null}
            storedPending={Boolean(r.cell?.pending)}
            storedLate={r.storedLate}
            held={r.held}
            late={marking.late.has(r.pupil.id)}
            taps={marking.taps}
            session={session}
            disabled={blocked !== null}
            here={data.here.get(r.pupil.id) ?? 'none'}
            onMark={marking.onMark}
            onHere={onHere}
          />
        ))}
      </ul>
    </main>
  );
}
