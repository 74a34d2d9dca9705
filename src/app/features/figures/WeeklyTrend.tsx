/**
 * The weekly trend of the chosen cohort: attendance week by week over the last weeks of the range. The
 * endpoint's answer has no per-week figures, so each week is asked for on its own (from its Monday to its
 * Friday), and only once the office opens the chart: nobody waits for twelve reads they did not ask for.
 */
import { useState } from 'react';
import { officeApi } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { formatLongDate } from '../../components/pupilName';
import { describeCohort, percent, weeksOfRange, type Cohort } from './attendanceFigures';
import { formatDay, rangeWords } from './dates';
import { TrendChart } from './TrendChart';

/** A term's worth of weeks: enough to see a trend, few enough reads to come back quickly. */
export const TREND_WEEKS = 12;

export function WeeklyTrend({ cohort, from, to, target }: { cohort: Cohort; from: string; to: string; target: number | null }) {
  const [shown, setShown] = useState(false);
  return (
    <section className="card" aria-labelledby="weekly-trend-title">
      <h2 id="weekly-trend-title">Weekly trend</h2>
      <button type="button" className="button secondary small no-print" aria-expanded={shown} onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide the weekly trend' : 'Show the weekly trend'}
      </button>
      {shown && <WeeklyTrendChart cohort={cohort} from={from} to={to} target={target} />}
    </section>
  );
}

function WeeklyTrendChart({ cohort, from, to, target }: { cohort: Cohort; from: string; to: string; target: number | null }) {
  const weeks = weeksOfRange(from, to, TREND_WEEKS);
  const query = useOfficeQuery(
    (api) => Promise.all(weeks.map((w) => officeApi.attendance(api, { ...cohort, from: w.from, to: w.to }).then((r) => ({ week: w, value: r.totals.attendancePercent })))),
    [JSON.stringify(cohort), from, to],
    0,
  );
  const cohortWords = describeCohort(cohort);
  if (query.error && !query.data) return <p className="error" role="alert">{query.error}</p>;
  if (!query.data) return <p className="notice">Loading the weekly figures…</p>;
  if (query.data.length === 0) return <p className="notice">The dates chosen have no weekday in them.</p>;

  const first = query.data[0].week;
  const last = query.data[query.data.length - 1].week;
  const points = query.data.map(({ week, value }) => ({ label: formatDay(week.monday, false), longLabel: `Week of ${formatLongDate(week.monday)}`, value }));
  const withFigures = points.filter((p) => p.value !== null);
  const lowest = withFigures.reduce<(typeof points)[number] | null>((low, p) => (low === null || p.value! < low.value! ? p : low), null);
  const title = `Attendance week by week, ${rangeWords(first.from, last.to)}: ${cohortWords.toLowerCase()}`;
  const description =
    withFigures.length === 0
      ? 'No week in these dates has any sessions counted.'
      : `${withFigures.length} weeks with figures, from ${percent(withFigures[0].value)} in the first to ${percent(withFigures[withFigures.length - 1].value)} in the last; the lowest was ${percent(lowest!.value)} (${lowest!.longLabel.replace(/^Week/, 'week')}).` +
        (target === null ? '' : ` The school's target is ${percent(target)}.`);
  return (
    <>
      {query.error && <p className="error" role="alert">{query.error}</p>}
      <p className="hint">
        The last {query.data.length} weeks of the dates chosen, {rangeWords(first.from, last.to)}. {cohortWords}.
      </p>
      <TrendChart id="weekly-trend-chart" title={title} description={description} points={points} target={target} />
    </>
  );
}
