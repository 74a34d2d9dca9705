/**
 * Morning against afternoon: the chosen cohort's attendance and unauthorised absence in AM and in PM sessions
 * over the chosen dates, as two dot charts (each on its own scale: attendance near 100%, unauthorised absence
 * near 0%) with the numbers in their descriptions and in a table.
 */
import type { AttendancePatternsResponse } from '../../../protocol/officeFigures';
import { rangeWords } from './dates';
import { absenceScale, attendanceScale, chartRows, pointsApart, rowsInWords, sessionRows, type ChartRow } from './patternFigures';
import { PatternTable } from './PatternTable';
import { RowChart } from './RowChart';
import { cohortMidSentence } from './attendanceFigures';

export function SessionPattern({ data, cohortWords }: { data: AttendancePatternsResponse; cohortWords: string }) {
  const range = rangeWords(data.from, data.to);
  const rows = sessionRows(data.sessions);
  const attendance = chartRows(rows, 'attendance');
  const unauthorised = chartRows(rows, 'unauthorised');
  const about = `${range}: ${cohortMidSentence(cohortWords)}`;

  return (
    <section className="card" aria-labelledby="session-pattern-title">
      <h2 id="session-pattern-title">Morning and afternoon</h2>
      <p className="hint">
        {range}. {cohortWords}.
      </p>
      <div className="pattern-charts">
        <RowChart id="session-attendance-chart" title={`Attendance, morning and afternoon, ${about}`} description={describe('Attendance', attendance)} rows={attendance} scale={attendanceScale(attendance.map((r) => r.value))} />
        <RowChart
          id="session-unauthorised-chart"
          title={`Unauthorised absence, morning and afternoon, ${about}`}
          description={describe('Unauthorised absence', unauthorised)}
          rows={unauthorised}
          scale={absenceScale(unauthorised.map((r) => r.value))}
        />
      </div>
      <PatternTable caption={`Morning and afternoon, ${about}`} rowHeading="Session" rows={rows} />
    </section>
  );
}

function describe(measure: string, [am, pm]: ChartRow[]): string {
  const apart = pointsApart(am.value, pm.value);
  return `${measure}: ${rowsInWords([am, pm])}.` + (apart === null ? '' : apart === 'the same' ? ' The same in the afternoon as in the morning.' : ` ${apart.charAt(0).toUpperCase()}${apart.slice(1)} in the afternoon than in the morning.`);
}
