/**
 * Day of the week: the chosen cohort's attendance on each weekday over the chosen dates, as a dot chart with
 * the numbers in its description and in a table. A weekday with no school day in the dates says so.
 */
import type { AttendancePatternsResponse } from '../../../protocol/officeFigures';
import { percent, cohortMidSentence } from './attendanceFigures';
import { rangeWords } from './dates';
import { attendanceScale, chartRows, rowsInWords, weekdayRows } from './patternFigures';
import { PatternTable } from './PatternTable';
import { RowChart } from './RowChart';

export function WeekdayPattern({ data, cohortWords }: { data: AttendancePatternsResponse; cohortWords: string }) {
  const range = rangeWords(data.from, data.to);
  const rows = weekdayRows(data.weekdays);
  const attendance = chartRows(rows, 'attendance');
  const about = `${range}: ${cohortMidSentence(cohortWords)}`;
  const withFigures = attendance.filter((r) => r.value !== null);
  const lowest = withFigures.reduce<(typeof withFigures)[number] | null>((low, r) => (low === null || r.value! < low.value! ? r : low), null);
  const description = `Attendance by day of the week: ${rowsInWords(attendance)}.` + (lowest && withFigures.length > 1 ? ` The lowest is ${lowest.label} (${percent(lowest.value)}).` : '');

  return (
    <section className="card" aria-labelledby="weekday-pattern-title">
      <h2 id="weekday-pattern-title">Day of the week</h2>
      <p className="hint">
        {range}. {cohortWords}.
      </p>
      <RowChart id="weekday-chart" title={`Attendance by day of the week, ${about}`} description={description} rows={attendance} scale={attendanceScale(attendance.map((r) => r.value))} />
      <PatternTable caption={`By day of the week, ${about}`} rowHeading="Day" rows={rows} />
    </section>
  );
}
