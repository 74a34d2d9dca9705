/**
 * The headline figures: attendance and absence this term and this school year so far, each with its dates
 * and cohort, against the school's target when the answer gives one.
 */
import type { AttendanceResponse, AttendanceTotals } from '../../../protocol/officeFigures';
import { plural } from '../../components/pupilName';
import { percent } from './attendanceFigures';
import { rangeWords } from './dates';

export interface Term {
  name: string;
  from: string;
  to: string;
  figures: AttendanceResponse | null;
}

export function Headline({ year, term, cohortWords, target }: { year: AttendanceResponse | null; term: Term | null; cohortWords: string; target: number | null }) {
  if (!year) return null;
  return (
    <section aria-labelledby="headline-title" className="figures-headline">
      <h2 id="headline-title" className="visually-hidden">
        This term and the year so far
      </h2>
      <div className="headline-cards">
        {term && (
          <FiguresCard title={`This term (${term.name})`} from={term.from} to={term.to} totals={term.figures?.totals ?? null} cohortWords={cohortWords} target={target} />
        )}
        <FiguresCard title="This school year so far" from={year.from} to={year.to} totals={year.totals} cohortWords={cohortWords} target={target} />
      </div>
      {target === null && year.target === null && <p className="hint">The school has set no attendance target.</p>}
    </section>
  );
}

function FiguresCard({ title, from, to, totals, cohortWords, target }: { title: string; from: string; to: string; totals: AttendanceTotals | null; cohortWords: string; target: number | null }) {
  return (
    <section className="card headline-card" aria-label={title}>
      <h3>{title}</h3>
      <p className="hint">
        {rangeWords(from, to)}. {cohortWords}.
      </p>
      {totals === null ? (
        <p className="notice">Loading…</p>
      ) : (
        <>
          <p className="headline-figure">
            Attendance: <strong>{percent(totals.attendancePercent)}</strong>
          </p>
          <p className="headline-figure">
            Absence: <strong>{percent(totals.absencePercent)}</strong>
          </p>
          {target !== null && totals.attendancePercent !== null && <p className="against-target">{againstTarget(totals.attendancePercent, target)}</p>}
          {totals.unmarked > 0 && (
            <p className="hint">{plural(totals.unmarked, 'session has', 'sessions have')} no code yet and are not in these figures.</p>
          )}
          <p>
            {plural(totals.pupils, 'pupil', 'pupils')}; {totals.persistentAbsence} persistently absent (10% or more), {totals.severeAbsence} of them severely (50% or more).
          </p>
        </>
      )}
    </section>
  );
}

/** "Target 96.0%: 1.7 points below" — compared at the precision shown, so the words never contradict the figures. */
function againstTarget(attendance: number, target: number): string {
  const gap = Number(attendance.toFixed(1)) - Number(target.toFixed(1));
  if (Math.abs(gap) < 0.05) return `Target ${percent(target)}: met exactly`;
  return `Target ${percent(target)}: ${Math.abs(gap).toFixed(1)} points ${gap > 0 ? 'above' : 'below'}`;
}
