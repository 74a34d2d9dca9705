/**
 * The numbers behind a pattern chart, as a table under it (closed by default, like the trend's): possible
 * sessions, attendance and unauthorised absence for each row, one decimal. A row with nothing possible says
 * why rather than showing 0%.
 */
import { percent } from './attendanceFigures';
import { sessions, unauthorisedPercent, type PatternRow } from './patternFigures';

export function PatternTable({ caption, rowHeading, rows }: { caption: string; rowHeading: string; rows: PatternRow[] }) {
  return (
    <details className="trend-numbers">
      <summary>The figures as a table</summary>
      <table className="figures-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeading}</th>
            <th scope="col" className="number">
              Possible sessions
            </th>
            <th scope="col" className="number">
              Attendance
            </th>
            <th scope="col" className="number">
              Unauthorised absence
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {r.figures === null ? (
                <td colSpan={3}>No school days in these dates</td>
              ) : r.figures.attendancePercent === null ? (
                <>
                  <td className="number">{sessions(r.figures.possible)}</td>
                  <td colSpan={2}>No sessions counted</td>
                </>
              ) : (
                <>
                  <td className="number">{sessions(r.figures.possible)}</td>
                  <td className="number">{percent(r.figures.attendancePercent)}</td>
                  <td className="number">{percent(unauthorisedPercent(r.figures))}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
