/**
 * Attendance by year group or by class for one answer of the endpoint, worked out in the browser from its
 * pupils, sortable by any column (a button in each column head; `aria-sort` says which column and which way).
 * The foot row is the answer's own totals, so the table and the headline never disagree.
 * A very large school's classes are drawn a hundred rows at a time, sorted as a whole first (a secondary school
 * of 1,500 has about 60 forms, all drawn); printing prints every row.
 */
import { useMemo, useState } from 'react';
import { ShowMore, usePaging, usePrintAll } from '../../components/Paged';
import type { AttendanceResponse } from '../../../protocol/officeFigures';
import { figuresByGroup, percent, sortGroups, type GroupBy, type Sort, type SortKey, cohortMidSentence } from './attendanceFigures';
import { rangeWords } from './dates';

const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: 'group', label: 'Group', numeric: false },
  { key: 'pupils', label: 'Pupils', numeric: true },
  { key: 'possible', label: 'Possible sessions', numeric: true },
  { key: 'attendancePercent', label: 'Attendance', numeric: true },
  { key: 'absencePercent', label: 'Absence', numeric: true },
  { key: 'authorised', label: 'Authorised absences', numeric: true },
  { key: 'unauthorised', label: 'Unauthorised absences', numeric: true },
  { key: 'persistentAbsence', label: 'Persistently absent pupils', numeric: true },
];

/** Rows drawn at a time. */
export const GROUP_ROWS = 100;

export function GroupTable({ data, cohortWords }: { data: AttendanceResponse; cohortWords: string }) {
  const [by, setBy] = useState<GroupBy>('yearGroup');
  const [sort, setSort] = useState<Sort>({ key: 'group', ascending: true });
  const rows = useMemo(() => sortGroups(figuresByGroup(data.pupils, by), sort), [data, by, sort]);
  const t = data.totals;
  const paging = usePaging(rows.length, GROUP_ROWS, by);
  const { printingAll } = usePrintAll();
  const drawn = printingAll ? rows : rows.slice(0, paging.shown);

  const sortBy = (key: SortKey) => setSort((s) => (s.key === key ? { key, ascending: !s.ascending } : { key, ascending: true }));
  const groupWord = by === 'yearGroup' ? 'Year group' : 'Class';

  return (
    <section className="card" aria-labelledby="by-group-title">
      <h2 id="by-group-title">By {by === 'yearGroup' ? 'year group' : 'class'}</h2>
      <fieldset className="group-by no-print">
        <legend>Show the figures</legend>
        <label>
          <input type="radio" name="group-by" checked={by === 'yearGroup'} onChange={() => setBy('yearGroup')} /> By year group
        </label>
        <label>
          <input type="radio" name="group-by" checked={by === 'class'} onChange={() => setBy('class')} /> By class
        </label>
      </fieldset>
      {data.pupils.length === 0 ? (
        <p className="notice">No pupil in this cohort was on roll in these dates.</p>
      ) : (
        <table className="figures-table">
          <caption>
            {groupWord === 'Class' ? 'By class' : 'By year group'}, {rangeWords(data.from, data.to)}: {cohortMidSentence(cohortWords)}. Choose a column's heading to sort by it.
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.ascending ? 'ascending' : 'descending') : undefined} className={c.numeric ? 'number' : undefined}>
                  <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
                    {c.key === 'group' ? groupWord : c.label}
                    <span aria-hidden="true" className="sort-arrow">
                      {sort.key === c.key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {drawn.map((g) => (
              <tr key={g.key}>
                <th scope="row">{g.label}</th>
                <td className="number">{g.pupils}</td>
                <td className="number">{g.possible}</td>
                <td className="number">{percent(g.attendancePercent)}</td>
                <td className="number">{percent(g.absencePercent)}</td>
                <td className="number">{g.authorised}</td>
                <td className="number">{g.unauthorised}</td>
                <td className="number">{g.persistentAbsence}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All</th>
              <td className="number">{t.pupils}</td>
              <td className="number">{t.possible}</td>
              <td className="number">{percent(t.attendancePercent)}</td>
              <td className="number">{percent(t.absencePercent)}</td>
              <td className="number">{t.authorised}</td>
              <td className="number">{t.unauthorised}</td>
              <td className="number">{t.persistentAbsence}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <ShowMore paging={paging} total={rows.length} pageSize={GROUP_ROWS} noun={by === 'yearGroup' ? 'year groups' : 'classes'} />
    </section>
  );
}
