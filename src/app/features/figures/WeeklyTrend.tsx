/**
 * The weekly trend of the chosen cohort: attendance week by week over the whole of the chosen dates, from the
 * one patterns read (GET /api/office/attendance/patterns). Every week has its point and its row in the table;
 * a holiday week is a gap in the line. Over a long range only some weeks are labelled under the axis (the
 * first of each month), so a year stays readable; the table names every week.
 */
import type { AttendancePatternsResponse } from '../../../protocol/officeFigures';
import { percent, cohortMidSentence } from './attendanceFigures';
import { rangeWords } from './dates';
import { trendPoints } from './patternFigures';
import { TrendChart } from './TrendChart';

export function WeeklyTrend({ data, cohortWords, target }: { data: AttendancePatternsResponse; cohortWords: string; target: number | null }) {
  const range = rangeWords(data.from, data.to);
  const points = trendPoints(data.weeks);
  const withFigures = points.filter((p) => p.value !== null);
  const sparse = points.some((p) => p.label === '');
  const lowest = withFigures.reduce<(typeof points)[number] | null>((low, p) => (low === null || p.value! < low.value! ? p : low), null);
  const title = `Attendance week by week, ${range}: ${cohortMidSentence(cohortWords)}`;
  const description =
    withFigures.length === 0
      ? 'No week in these dates has any sessions counted.'
      : `${withFigures.length} ${withFigures.length === 1 ? 'week' : 'weeks'} with figures, from ${percent(withFigures[0].value)} in the first to ${percent(withFigures[withFigures.length - 1].value)} in the last; the lowest was ${percent(lowest!.value)} (${lowest!.longLabel.replace(/^Week/, 'week')}).` +
        (target === null ? '' : ` The school's target is ${percent(target)}.`);

  return (
    <section className="card" aria-labelledby="weekly-trend-title">
      <h2 id="weekly-trend-title">Weekly trend</h2>
      <p className="hint">
        {range}. {cohortWords}.
        {sparse && ' Each month is labelled at its first week; every week is in the table.'}
      </p>
      {points.length === 0 ? (
        <p className="notice">The dates chosen have no school day in them.</p>
      ) : (
        <TrendChart id="weekly-trend-chart" title={title} description={description} points={points} target={target} />
      )}
    </section>
  );
}
