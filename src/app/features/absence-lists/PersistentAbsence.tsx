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
 * - The list is sortable by pupil, class, absence or the four-week movement (most absence first to begin
 *   with); sorting and the severity filter apply to the whole list, which is then drawn a hundred rows at a
 *   time (components/Paged.tsx), with "Show 100 more" and "Show all".
 * - Printing prints the list alone, every row of it in the order chosen, whether from "Print the list" or the
 *   browser's own Print; the CSV holds every row of the list in the order chosen, formula-safe (absenceCsv.ts).
 * - The flags column says plainly when the server's answer carries no flags, rather than showing none.
 */
import { useMemo, useState } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate, plural } from '../../components/pupilName';
import { officeHref, type PageProps } from '../../components/route';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { officeApi } from '../../office/officeApi';
import { academicYearStart, isValidDate, localDateOf } from '../../../domain/time';
import { ShowMore, usePaging, usePrintAll } from '../../components/Paged';
import { absenceRows, changeText, earlierTo, firstDirection, MOST_ABSENT_FIRST, percentText, sortAbsenceRows, type AbsenceRow, type AbsenceSort, type AbsenceSortKey } from './absenceListModel';
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
  const [sort, setSort] = useState<AbsenceSort>(MOST_ABSENT_FIRST);
  // What the page prints: the list, unless "Print letters" was pressed (the browser's Print prints the list).
  const [printing, setPrinting] = useState<'list' | 'letters'>('list');
  const { printingAll, print } = usePrintAll(() => setPrinting('list'));

  const problem = rangeProblem(from, to);
  const compareTo = problem ? null : earlierTo(from, to);
  const now = useOfficeQuery((api) => (problem ? Promise.resolve(null) : officeApi.attendance(api, { from, to })), [from, to, problem], 0);
  const earlier = useOfficeQuery((api) => (compareTo ? officeApi.attendance(api, { from, to: compareTo }) : Promise.resolve(null)), [from, compareTo], 0);

  const current = now.data && now.data.from === from && now.data.to === to ? now.data : null;
  const earlierData = earlier.data;
  const rows = useMemo(() => (current ? sortAbsenceRows(absenceRows(current, earlierData, severeOnly), sort) : []), [current, earlierData, severeOnly, sort]);
  const paging = usePaging(rows.length, PAGE_ROWS, `${from}|${to}|${severeOnly}`);
  const drawn = printingAll && printing === 'list' ? rows : rows.slice(0, paging.shown);
  const errors = [...new Set([now.error, earlier.error].filter((e): e is string => !!e))];
  const dates = `${formatLongDate(from)} to ${formatLongDate(to)}`;

  const printThe = (what: 'list' | 'letters') => print(() => setPrinting(what));
  const sortBy = (key: AbsenceSortKey) => setSort((s) => (s.key === key ? { key, ascending: !s.ascending } : { key, ascending: firstDirection(key) }));

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
        <button type="button" className="button secondary small" disabled={!current || rows.length === 0} onClick={() => printThe('list')}>
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
          {rows.length > 0 && <AbsenceTable rows={drawn} dates={dates} severeOnly={severeOnly} sort={sort} onSort={sortBy} />}
          <ShowMore paging={paging} total={rows.length} pageSize={PAGE_ROWS} noun="pupils" />
        </section>
      )}
      {current && <AttendanceLetters pupils={current.pupils} from={from} to={to} today={today} printingAll={printingAll && printing === 'letters'} onPrint={() => printThe('letters')} />}
    </main>
  );
}

function summary(persistent: number, severe: number, pupils: number, severeOnly: boolean): string {
  const of = `of ${plural(pupils, 'pupil', 'pupils')}`;
  if (severeOnly) return `${plural(severe, 'pupil is', 'pupils are')} severely absent (50% or more) ${of},`;
  return `${plural(persistent, 'pupil is', 'pupils are')} persistently absent (10% or more), ${severe} of them severely (50% or more), ${of},`;
}

const COLUMNS: Array<{ key: AbsenceSortKey | null; label: string }> = [
  { key: 'pupil', label: 'Pupil' },
  { key: 'class', label: 'Class' },
  { key: 'absence', label: 'Absence' },
  { key: 'change', label: 'Last four weeks' },
  { key: null, label: 'Flags' },
];

function AbsenceTable({ rows, dates, severeOnly, sort, onSort }: { rows: AbsenceRow[]; dates: string; severeOnly: boolean; sort: AbsenceSort; onSort: (key: AbsenceSortKey) => void }) {
  const noFlags = rows.some((r) => r.flags === null);
  return (
    <>
      <table className="day-table pa-table">
        <caption>
          {severeOnly ? 'Severe absence' : 'Persistent and severe absence'}, {dates}
          <span className="no-print">. Choose a column's heading to sort by it.</span>
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) =>
              c.key === null ? (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ) : (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.ascending ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className="sort-button" onClick={() => onSort(c.key!)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-arrow">
                      {sort.key === c.key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ),
            )}
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
