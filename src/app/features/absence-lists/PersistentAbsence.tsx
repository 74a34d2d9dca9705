/**
 * Persistent and severe absence (#/office/persistent, issue 11): every pupil at or over 10% absence in the
 * dates chosen (default: the school year to today), marked when at or over 50%, with their figure, how it
 * moved over the last four weeks, their class and flags, and a link to their register; printable, as a CSV
 * made in the browser, and as letters to families (AttendanceLetters).
 *
 * Guarantees:
 * - Who is listed is the server's decision (persistentAbsence / severeAbsence of GET /api/office/attendance);
 *   the movement compares with a second read of the same dates ending four weeks earlier.
 * - Every figure says its dates; percentages are shown to one decimal place.
 * - Print prints the list alone (every row, not only those shown on screen); the CSV holds the rows the list
 *   shows, formula-safe (absenceCsv.ts).
 * - The flags column says plainly when the server's answer carries no flags, rather than showing none.
 */
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useSignedIn } from '../../components/services';
import { formatLongDate, plural } from '../../components/pupilName';
import { officeHref, type PageProps } from '../../components/route';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { officeApi } from '../../office/officeApi';
import { academicYearStart, isValidDate, localDateOf } from '../../../domain/time';
import { absenceRows, changeText, earlierTo, percentText, type AbsenceRow } from './absenceListModel';
import { absenceCsv, downloadText } from './absenceCsv';
import { AttendanceLetters } from './AttendanceLetters';
import '../../office/officeRecords.css';
import './absenceLists.css';

/** Rows drawn at a time on screen: a secondary school's list stays quick; printing draws them all. */
export const PAGE_ROWS = 100;

function rangeProblem(from: string, to: string): string | null {
  if (!isValidDate(from)) return 'Enter the first date ("From").';
  if (!isValidDate(to)) return 'Enter the last date ("To").';
  if (to < from) return '"To" is before "From". Choose a "To" date on or after the "From" date.';
  return null;
}

export default function PersistentAbsence(_props: PageProps) {
  const { clock, user } = useSignedIn();
  const today = localDateOf(clock.now(), user.timeZone || 'Europe/London');
  const [from, setFrom] = useState(academicYearStart(today));
  const [to, setTo] = useState(today);
  const [severeOnly, setSevereOnly] = useState(false);
  const [shown, setShown] = useState(PAGE_ROWS);
  const [printing, setPrinting] = useState<'list' | 'letters'>('list');

  const problem = rangeProblem(from, to);
  const compareTo = problem ? null : earlierTo(from, to);
  const now = useOfficeQuery((api) => (problem ? Promise.resolve(null) : officeApi.attendance(api, { from, to })), [from, to, problem], 0);
  const earlier = useOfficeQuery((api) => (compareTo ? officeApi.attendance(api, { from, to: compareTo }) : Promise.resolve(null)), [from, compareTo], 0);

  const current = now.data && now.data.from === from && now.data.to === to ? now.data : null;
  const rows = current ? absenceRows(current, earlier.data, severeOnly) : [];
  const errors = [...new Set([now.error, earlier.error].filter((e): e is string => !!e))];
  const dates = `${formatLongDate(from)} to ${formatLongDate(to)}`;

  function print(what: 'list' | 'letters') {
    flushSync(() => {
      setPrinting(what);
      setShown(Infinity);
    });
    window.print();
  }

  return (
    <main className={`office office-records persistent-absence printing-${printing}`}>
      <h1 className="list-part">Persistent and severe absence</h1>
      <form className="day-controls no-print" onSubmit={(e) => e.preventDefault()} noValidate aria-label="Which pupils">
        <div className="field">
          <label htmlFor="pa-from">From</label>
          <input id="pa-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={Boolean(problem) || undefined} aria-describedby={problem ? 'pa-problem' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="pa-to">To</label>
          <input id="pa-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={Boolean(problem) || undefined} aria-describedby={problem ? 'pa-problem' : undefined} />
        </div>
        <fieldset className="field pa-severity">
          <legend>Show</legend>
          <label>
            <input type="radio" name="pa-severity" checked={!severeOnly} onChange={() => setSevereOnly(false)} /> 10% absence or more
          </label>
          <label>
            <input type="radio" name="pa-severity" checked={severeOnly} onChange={() => setSevereOnly(true)} /> Severe only (50% or more)
          </label>
        </fieldset>
        <button type="button" className="button secondary small" disabled={!current || rows.length === 0} onClick={() => print('list')}>
          Print the list
        </button>
        <button
          type="button"
          className="button secondary small"
          disabled={!current || rows.length === 0}
          onClick={() => downloadText(`${severeOnly ? 'severe' : 'persistent'}-absence-${from}-to-${to}.csv`, absenceCsv(rows))}
        >
          Download CSV
        </button>
      </form>
      {problem && (
        <p id="pa-problem" className="error no-print" role="alert">
          {problem}
        </p>
      )}
      {errors.length > 0 && (
        <p className="error no-print" role="alert">
          {errors.join(' ')}
        </p>
      )}
      {!problem && !current && !now.error && <p className="notice">Loading the figures…</p>}
      {current && (
        <section className="list-part" aria-labelledby="pa-summary">
          <p id="pa-summary" role="status">
            {summary(current.totals.persistentAbsence, current.totals.severeAbsence, current.totals.pupils, severeOnly)} {dates}.
          </p>
          <p className="hint">
            {compareTo
              ? `"Four weeks" compares each pupil's absence with the figure from ${formatLongDate(from)} to ${formatLongDate(compareTo)}.`
              : 'The dates are shorter than four weeks, so there is no earlier figure to compare with.'}
          </p>
          {rows.length > 0 && <AbsenceTable rows={rows.slice(0, shown)} dates={dates} severeOnly={severeOnly} />}
          {rows.length > shown && (
            <p className="no-print">
              Showing {shown} of {rows.length}.{' '}
              <button type="button" className="button secondary small" onClick={() => setShown(shown + PAGE_ROWS)}>
                Show {Math.min(PAGE_ROWS, rows.length - shown)} more
              </button>
            </p>
          )}
        </section>
      )}
      {current && <AttendanceLetters pupils={current.pupils} from={from} to={to} today={today} onPrint={() => print('letters')} />}
    </main>
  );
}

function summary(persistent: number, severe: number, pupils: number, severeOnly: boolean): string {
  const of = `of ${plural(pupils, 'pupil', 'pupils')}`;
  if (severeOnly) return `${plural(severe, 'pupil is', 'pupils are')} severely absent (50% or more) ${of},`;
  return `${plural(persistent, 'pupil is', 'pupils are')} persistently absent (10% or more), ${severe} of them severely (50% or more), ${of},`;
}

function AbsenceTable({ rows, dates, severeOnly }: { rows: AbsenceRow[]; dates: string; severeOnly: boolean }) {
  const noFlags = rows.some((r) => r.flags === null);
  return (
    <>
      <table className="day-table pa-table">
        <caption>
          {severeOnly ? 'Severe absence' : 'Persistent and severe absence'}, {dates}
        </caption>
        <thead>
          <tr>
            <th scope="col">Pupil</th>
            <th scope="col">Class</th>
            <th scope="col">Absence</th>
            <th scope="col">Last four weeks</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.pupil.pupilId}>
              <th scope="row">
                <a href={officeHref('pupils', r.pupil.pupilId)}>{r.pupil.name}</a>
              </th>
              <td>{r.pupil.groupName ?? 'No class'}</td>
              <td>
                {percentText(r.absencePercent)} {r.severity === 'severe' && <strong className="pa-severe">Severe</strong>}
              </td>
              <td>
                {changeText(r)}
                {r.earlierPercent !== null && <span className="hint"> (was {percentText(r.earlierPercent)})</span>}
              </td>
              <td>{r.flags === null ? 'Not given' : r.flags.join(', ') || 'None'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {noFlags && <p className="hint no-print">The school server does not send pupils' flags with these figures yet, so they show as "Not given".</p>}
    </>
  );
}
