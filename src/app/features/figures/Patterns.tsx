/**
 * The weekly trend, morning against afternoon and the day of the week, all from one read of
 * GET /api/office/attendance/patterns for the chosen cohort and dates. The read is small (a few dozen figures,
 * not every pupil), so it is made with the screen's other reads rather than behind a button. Why a failed read
 * failed is said once at the top of the screen; here the office can try again.
 */
import type { AttendancePatternsResponse } from '../../../protocol/officeFigures';
import type { OfficeQuery } from '../../components/useOfficeQuery';
import { SessionPattern } from './SessionPattern';
import { WeekdayPattern } from './WeekdayPattern';
import { WeeklyTrend } from './WeeklyTrend';

export function Patterns({ query, cohortWords, target }: { query: OfficeQuery<AttendancePatternsResponse>; cohortWords: string; target: number | null }) {
  const { data, error } = query;
  if (!data && error)
    return (
      <section className="card" aria-labelledby="patterns-title">
        <h2 id="patterns-title">Weekly trend and patterns</h2>
        <p className="notice">The weekly trend and the morning, afternoon and weekday patterns could not be loaded.</p>
        <button type="button" className="button secondary small no-print" disabled={query.loading} onClick={() => void query.reload()}>
          Try again
        </button>
      </section>
    );
  if (!data) return <p className="notice">Loading the weekly trend and patterns…</p>;
  return (
    <>
      <WeeklyTrend data={data} cohortWords={cohortWords} target={target} />
      <SessionPattern data={data} cohortWords={cohortWords} />
      <WeekdayPattern data={data} cohortWords={cohortWords} />
    </>
  );
}
