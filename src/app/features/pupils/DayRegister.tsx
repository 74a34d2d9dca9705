/**
 * The day register (#/office/day, #/office/day/<groupId>/<date>): one class's register for one day, morning
 * and afternoon side by side, ready to print.
 *
 * Guarantees:
 * - Shows every pupil on roll in that class that day (from GET /api/office/registers), each session's code
 *   with its meaning (colour is never the only signal), who marked it, and the totals per session: present,
 *   absent, and not marked yet.
 * - The class and date are in the address, so a day register can be bookmarked or shared.
 * - Print prints the register alone (the menu, the controls and the top bar are hidden when printing).
 * - Each pupil's name opens their own register.
 * - A day that is not a school day (a weekend, a holiday, an INSET day) says so plainly, with the calendar's
 *   label, instead of showing the class's pupils as if it met; nothing to print. Only if codes were entered
 *   on it (before the calendar changed) are they shown, under that warning.
 */
import { useEffect, useState } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate, plural } from '../../components/pupilName';
import { navigate, officeHref } from '../../components/route';
import { findCode } from '../../../domain/codes';
import { isValidDate, localDateOf } from '../../../domain/time';
import type { OfficeRegister, OfficePupilMark } from '../../sync/api';
import type { PageProps as OfficePageProps } from '../../components/route';
import { formatInstant, groupOfCode, groupLabel } from './registerCells';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import '../../office/officeRecords.css';
import { ClassSelect } from '../../office/ClassSelect';

export default function DayRegister({ params }: OfficePageProps) {
  const { clock, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const today = localDateOf(clock.now(), timeZone);
  const [groupId, setGroupId] = useState(params[0] ?? '');
  const [date, setDate] = useState(params[1] && isValidDate(params[1]) ? params[1] : today);

  // Following the address when it changes (back button, a link from elsewhere).
  useEffect(() => {
    if (params[0] !== undefined) setGroupId(params[0]);
    if (params[1] !== undefined && isValidDate(params[1])) setDate(params[1]);
  }, [params[0], params[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  const groups = useOfficeQuery((api) => api.officeGroups(), [], 0);
  const day = useOfficeQuery((api) => (isValidDate(date) ? api.officeRegisters(date) : Promise.resolve(null)), [date], 30_000);

  function choose(next: { groupId?: string; date?: string }) {
    const g = next.groupId ?? groupId;
    const d = next.date ?? date;
    if (next.groupId !== undefined) setGroupId(g);
    if (next.date !== undefined) setDate(d);
    if (g && isValidDate(d)) navigate(officeHref('day', g, d));
  }

  const am = day.data?.registers.find((r) => r.groupId === groupId && r.session === 'AM');
  const pm = day.data?.registers.find((r) => r.groupId === groupId && r.session === 'PM');
  const groupName = am?.groupName ?? groups.data?.groups.find((g) => g.id === groupId)?.name ?? '';
  const closed = Boolean(day.data && !day.data.isSchoolDay);
  const codesOnClosedDay = closed && (am?.marked ?? 0) + (pm?.marked ?? 0) > 0;
  const showTable = Boolean(am && pm) && (!closed || codesOnClosedDay);

  return (
    <main className="office office-records day-register">
      <h1>Day register{groupName && isValidDate(date) ? `: ${groupName}, ${formatLongDate(date)}` : ''}</h1>
      <form className="day-controls no-print" onSubmit={(e) => e.preventDefault()} aria-label="Choose the register">
        <div className="field">
          <label htmlFor="day-group">Class</label>
          <ClassSelect id="day-group" value={groupId} onChange={(g) => choose({ groupId: g })} classes={groups.data?.groups} emptyLabel="Choose a class…" />
        </div>
        <div className="field">
          <label htmlFor="day-date">Date</label>
          <input id="day-date" type="date" value={date} onChange={(e) => choose({ date: e.target.value })} aria-describedby={isValidDate(date) ? undefined : 'day-date-problem'} />
          {!isValidDate(date) && (
            <p id="day-date-problem" className="field-problem">
              Enter a date.
            </p>
          )}
        </div>
        <button type="button" className="button secondary small" onClick={() => window.print()} disabled={!showTable}>
          Print
        </button>
      </form>
      {(groups.error || day.error) && (
        <p className="error" role="alert">
          {groups.error ?? day.error}
        </p>
      )}
      {!groupId && <p className="notice no-print">Choose a class to see its register.</p>}
      {groupId && isValidDate(date) && !day.data && !day.error && <p className="notice">Loading the register…</p>}
      {day.data && closed && (
        <p className="notice" role="status">
          <NotASchoolDay date={day.data.date} label={day.data.dayLabel} today={today} groupName={groupId ? groupName : ''} />
          {codesOnClosedDay && ' Codes were entered on this day before the calendar closed it; they are shown below.'}
        </p>
      )}
      {groupId && day.data && !closed && !am && <p className="notice">No pupils were on roll in this class on {formatLongDate(day.data.date)}.</p>}
      {showTable && <DayTable am={am!} pm={pm!} date={day.data!.date} timeZone={timeZone} printedAt={clock.now()} />}
    </main>
  );
}

/** "Saturday 5 December 2026 was not a school day (Weekend), so Year 1 Hazel had no register." */
function NotASchoolDay({ date, label, today, groupName }: { date: string; label: string | null; today: string; groupName: string }) {
  const past = date < today;
  const why = label ? ` (${label})` : '';
  const register = groupName ? `, so ${groupName} ${past ? 'had' : 'has'} no register that day` : ', so there are no registers that day';
  return <>{`${formatLongDate(date)} ${past ? 'was' : 'is'} not a school day${why}${register}.`}</>;
}

function DayTable({ am, pm, date, timeZone, printedAt }: { am: OfficeRegister; pm: OfficeRegister; date: string; timeZone: string; printedAt: number }) {
  const pmByPupil = new Map(pm.pupils.map((p) => [p.pupilId, p]));
  const staff = (r: OfficeRegister) => [...r.takenBy, ...r.coveredBy.map((c) => `${c} (cover)`)].join(', ') || 'No one assigned';
  const notMarked = (r: OfficeRegister) => r.total - r.marked;
  return (
    <>
      <p className="register-meta">
        Morning register opens {am.opensAt}, taken by {staff(am)}. Afternoon register opens {pm.opensAt}, taken by {staff(pm)}.
      </p>
      <table className="day-table">
        <caption>
          {am.groupName}, {formatLongDate(date)}: {plural(am.total, 'pupil', 'pupils')} on roll
        </caption>
        <thead>
          <tr>
            <th scope="col">Pupil</th>
            <th scope="col">Morning</th>
            <th scope="col">Marked by</th>
            <th scope="col">Afternoon</th>
            <th scope="col">Marked by</th>
          </tr>
        </thead>
        <tbody>
          {am.pupils.map((p) => {
            const later = pmByPupil.get(p.pupilId);
            return (
              <tr key={p.pupilId}>
                <th scope="row">
                  <a href={officeHref('pupils', p.pupilId)}>{p.name}</a>
                </th>
                <CodeCell mark={p} />
                <td>{p.markedBy ?? ''}</td>
                <CodeCell mark={later ?? null} />
                <td>{later?.markedBy ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Present</th>
            <td colSpan={2}>{am.present}</td>
            <td colSpan={2}>{pm.present}</td>
          </tr>
          <tr>
            <th scope="row">Absent</th>
            <td colSpan={2}>{am.absent}</td>
            <td colSpan={2}>{pm.absent}</td>
          </tr>
          <tr>
            <th scope="row">Not marked</th>
            <td colSpan={2}>{notMarked(am)}</td>
            <td colSpan={2}>{notMarked(pm)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">
        Present counts /, \ and L. Absent counts authorised and unauthorised absence (N and U included). Approved activities and codes that
        are not counted are in neither.
      </p>
      <p className="print-only">Printed {formatInstant(new Date(printedAt).toISOString(), timeZone)}.</p>
    </>
  );
}

function CodeCell({ mark }: { mark: OfficePupilMark | null }) {
  if (!mark || mark.code === null) return <td className="unmarked">Not marked</td>;
  const group = groupOfCode(mark.code);
  return (
    <td>
      <span className={`code register-cell cell-${group}`} title={groupLabel(group)}>
        {mark.code}
      </span>{' '}
      {findCode(mark.code)?.plainMeaning ?? ''}
      {mark.source === 'office' && <span className="set-by"> (office)</span>}
    </td>
  );
}
