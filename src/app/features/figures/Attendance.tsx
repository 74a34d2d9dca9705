/**
 * Attendance (#/office/attendance, issue 11): the school's attendance and absence this term and this school
 * year so far against its target, by year group and by class, for a cohort (SEN, free school meals, EAL,
 * looked after, gender) and a date range, with the weekly trend and the morning/afternoon and weekday patterns.
 *
 * Guarantees:
 * - Every figure says the dates it covers and the cohort it counts; percentages are shown to one decimal.
 * - The figures are the server's (GET /api/office/attendance, and GET /api/office/attendance/patterns for the
 *   trend and patterns, read alongside); the screen only sums pupils' counts per group.
 * - A failed read says so once, keeping the last good figures on screen; nothing here polls (the figures move
 *   slowly), but a change sent from this device reads them again.
 * - The target is shown only when the answer gives it (the office cannot read the school's settings).
 */
import { useState } from 'react';
import type { AttendanceResponse } from '../../../protocol/officeFigures';
import type { PageProps } from '../../components/route';
import { officeApi } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { describeCohort, type Cohort, type Range } from './attendanceFigures';
import { CohortFilters, RangeForm } from './AttendanceFilters';
import { Headline, type Term } from './Headline';
import { GroupTable } from './GroupTable';
import { Patterns } from './Patterns';
import './figures.css';

export default function Attendance(_props: PageProps) {
  const [cohort, setCohort] = useState<Cohort>({});
  const [range, setRange] = useState<Range>({});
  const cohortKey = JSON.stringify(cohort);
  const isYearSoFar = range.from === undefined && range.to === undefined;

  const selected = useOfficeQuery((api) => officeApi.attendance(api, { ...cohort, ...range }), [cohortKey, range.from, range.to], 0);
  const patterns = useOfficeQuery((api) => officeApi.attendancePatterns(api, { ...cohort, ...range }), [cohortKey, range.from, range.to], 0);
  // With the default dates the chosen range is the year so far: one read serves both.
  const yearQuery = useOfficeQuery((api) => (isYearSoFar ? Promise.resolve(null) : officeApi.attendance(api, cohort)), [cohortKey, isYearSoFar], 0);
  const year = isYearSoFar ? selected.data : yearQuery.data;
  const term = termOf(year);
  const termQuery = useOfficeQuery(
    (api) => (term ? officeApi.attendance(api, { ...cohort, from: term.from, to: term.to }) : Promise.resolve(null)),
    [cohortKey, term?.from, term?.to],
    0,
  );

  const cohortWords = describeCohort(cohort);
  const target = year?.target ?? selected.data?.target ?? null;
  // Every read fails together when the connection drops: say it once.
  const errors = [...new Set([selected.error, yearQuery.error, termQuery.error, patterns.error].filter((e): e is string => !!e))];

  return (
    <main className="office office-figures">
      <h1>Attendance</h1>
      {errors.length > 0 && (
        <p className="error" role="alert">
          {errors.join(' ')}
        </p>
      )}
      <CohortFilters cohort={cohort} onChange={setCohort} />
      <Headline year={year} term={term ? { ...term, figures: termQuery.data } : null} cohortWords={cohortWords} target={target} />
      {selected.data && <RangeForm key={`${selected.data.from}|${selected.data.to}`} from={selected.data.from} to={selected.data.to} isYearSoFar={isYearSoFar} onChange={setRange} />}
      {!selected.data && !selected.error && <p className="notice">Loading the attendance figures…</p>}
      {selected.data && <GroupTable data={selected.data} cohortWords={cohortWords} />}
      <Patterns query={patterns} cohortWords={cohortWords} target={target} />
    </main>
  );
}

/** The current term's name and dates (the server's), up to the year's last day counted (today). */
function termOf(year: AttendanceResponse | null | undefined): Omit<Term, 'figures'> | null {
  const term = year?.term;
  if (!term || !year) return null;
  return { name: term.name, from: term.from, to: term.to < year.to ? term.to : year.to };
}
