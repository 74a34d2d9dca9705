/**
 * Export (#/office/export): the register as a CSV file for a spreadsheet, for a date range and optionally
 * one class.
 *
 * Guarantees:
 * - The download is a plain link to GET /api/office/export.csv: the browser fetches it with the session
 *   cookie and saves the file; nothing is held on this computer first.
 * - The link is offered only for a range the server accepts (both dates real, "To" not before "From", a
 *   year at most, at least one school day: GET /api/office/export-summary says); otherwise the screen says
 *   what to change, so nobody downloads an empty file without a word.
 * - The screen says what the file holds, and that fields a spreadsheet could run as formulas are made safe.
 */
import { useState } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate } from '../../components/pupilName';
import { academicYearStart, addDays, daysBetween, isValidDate, localDateOf } from '../../../domain/time';
import { officeApi } from '../../office/officeApi';
import type { PageProps as OfficePageProps } from '../../components/route';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import '../../office/officeRecords.css';
import { ClassSelect } from '../../office/ClassSelect';

/** The server refuses 366 days or more between the two dates (GET /api/office/export.csv, range_too_long). */
const MAX_DAYS_BETWEEN = 365;

export function exportProblem(from: string, to: string): string | null {
  if (!isValidDate(from)) return 'Enter the first date ("From").';
  if (!isValidDate(to)) return 'Enter the last date ("To").';
  if (to < from) return `"To" is before "From". Choose a "To" date on or after ${formatLongDate(from)}.`;
  if (daysBetween(from, to) > MAX_DAYS_BETWEEN) {
    return `An export covers a year at most. Choose a "To" date no later than ${formatLongDate(addDays(from, MAX_DAYS_BETWEEN))}, or a later "From" date.`;
  }
  return null;
}

/** "There are no school days from … to … (Half term), so there is nothing to export. …" */
export function noSchoolDaysMessage(from: string, to: string, closedLabels: string[]): string {
  const why = closedLabels.length ? ` (${closedLabels.join(', ')})` : '';
  const when = from === to ? `on ${formatLongDate(from)}` : `from ${formatLongDate(from)} to ${formatLongDate(to)}`;
  return `There are no school days ${when}${why}, so there is no register to export. Choose dates that include a school day.`;
}

export default function ExportCsv(_props: OfficePageProps) {
  const { clock, user } = useSignedIn();
  const today = localDateOf(clock.now(), user.timeZone || 'Europe/London');
  const [from, setFrom] = useState(academicYearStart(today));
  const [to, setTo] = useState(today);
  const [groupId, setGroupId] = useState('');
  const groups = useOfficeQuery((api) => api.officeGroups(), [], 0);

  const rangeProblem = exportProblem(from, to);
  // Asked for every range the server would accept; until it answers (or if it cannot), the link is offered and
  // the server itself refuses a range without school days.
  const summary = useOfficeQuery(
    (api) => (rangeProblem ? Promise.resolve(null) : officeApi.exportSummary(api, { from, to })),
    [from, to, rangeProblem],
    0,
  );
  const noSchoolDays = !rangeProblem && summary.data?.from === from && summary.data.to === to && summary.data.schoolDays === 0;
  const problem = rangeProblem ?? (noSchoolDays ? noSchoolDaysMessage(from, to, summary.data!.closedLabels) : null);
  const groupName = groups.data?.groups.find((g) => g.id === groupId)?.name;
  const fileName = `register-${from}-to-${to}${groupId ? `-${groupId.replace(/[^A-Za-z0-9_-]/g, '')}` : ''}.csv`;

  return (
    <main className="office office-records export-csv">
      <h1>Export the register (CSV)</h1>
      <form className="card export-form" onSubmit={(e) => e.preventDefault()} noValidate aria-label="What to export">
        <div className="export-fields">
          <div className="field">
            <label htmlFor="export-from">From</label>
            <input id="export-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby={problem ? 'export-problem' : undefined} aria-invalid={Boolean(problem) || undefined} />
          </div>
          <div className="field">
            <label htmlFor="export-to">To</label>
            <input id="export-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={problem ? 'export-problem' : undefined} aria-invalid={Boolean(problem) || undefined} />
          </div>
          <div className="field">
            <label htmlFor="export-group">Class</label>
            <ClassSelect id="export-group" value={groupId} onChange={setGroupId} classes={groups.data?.groups} emptyLabel="The whole school" />
          </div>
        </div>
        {groups.error && (
          <p className="error" role="alert">
            {groups.error} You can still export the whole school.
          </p>
        )}
        {problem ? (
          <>
            <p id="export-problem" className="error" role="alert">
              {problem}
            </p>
            <button type="button" className="button primary" disabled aria-describedby="export-problem">
              Download CSV
            </button>
          </>
        ) : (
          <>
            <a className="button primary" href={officeApi.exportHref({ from, to, groupId: groupId || undefined })} download={fileName}>
              Download CSV
            </a>
            <p className="hint">
              {groupName ?? 'The whole school'}, {formatLongDate(from)} to {formatLongDate(to)}: saved as {fileName}.
            </p>
          </>
        )}
      </form>
      <section className="card" aria-labelledby="export-about">
        <h2 id="export-about">What the file contains</h2>
        <p>One row for every register session that has a code in those dates (sessions with no code yet are not listed), with these columns:</p>
        <dl className="facts">
          <dt>pupil</dt>
          <dd>Surname, first name</dd>
          <dt>group</dt>
          <dd>The pupil's class on that date</dd>
          <dt>date</dt>
          <dd>The date, written YYYY-MM-DD</dd>
          <dt>session</dt>
          <dd>AM (morning) or PM (afternoon)</dd>
          <dt>code</dt>
          <dd>The attendance code</dd>
          <dt>class</dt>
          <dd>What the code counts as: present, aea (approved educational activity), authorised, unauthorised, not-possible, not-counted or not-collected</dd>
        </dl>
        <p>
          Rows are in class order, then by surname, first name, date and session. With a class chosen, only the pupils in that class on
          each date are included.
        </p>
        <p>
          Safe to open in a spreadsheet: any field that begins with =, +, -, @, a tab or a carriage return (which a spreadsheet could run as a formula) is
          saved with an apostrophe in front, so it shows as plain text.
        </p>
      </section>
    </main>
  );
}
