/**
 * The patterns' arithmetic, from one answer of GET /api/office/attendance/patterns: the weekly trend's points
 * (every week of the range, a holiday week as a gap, labels thinned so a year stays readable), the morning and
 * afternoon rows, the weekday rows, and the scales of their charts. The wire's percentages are unrounded; the
 * screen rounds them with `percent`.
 */
import type { AttendanceFigures, AttendancePatternsResponse, WeekFigures } from '../../../protocol/officeFigures';
import { addDays } from '../../../domain/time';
import { formatLongDate } from '../../components/pupilName';
import { percent } from './attendanceFigures';
import { formatDay } from './dates';
import type { TrendPoint } from './TrendChart';

/** At most this many labels under the trend's axis: more would run into each other. */
export const MAX_TREND_LABELS = 12;

/**
 * A point for every Monday from the first week of the answer to its last. A week the answer leaves out has no
 * school day (a holiday): it is a gap, said as such in the table. Up to `maxLabels` weeks, each is labelled;
 * beyond that, only the first week of each month (and of those, every second or third if there are still too
 * many), so a whole year reads 7 Sep, 5 Oct, 2 Nov… while every week still has its point and its row in the table.
 */
export function trendPoints(weeks: readonly WeekFigures[], maxLabels = MAX_TREND_LABELS): TrendPoint[] {
  if (weeks.length === 0) return [];
  const byMonday = new Map(weeks.map((w) => [w.monday, w]));
  const mondays: string[] = [];
  for (let m = weeks[0].monday; m <= weeks[weeks.length - 1].monday; m = addDays(m, 7)) mondays.push(m);

  const labelled = new Set<number>();
  if (mondays.length <= maxLabels) mondays.forEach((_, i) => labelled.add(i));
  else {
    const monthStarts = mondays.flatMap((m, i) => (i === 0 || m.slice(0, 7) !== mondays[i - 1].slice(0, 7) ? [i] : []));
    // A first week just before a month's first (31 Aug, then 7 Sep) would print over it: the month wins.
    if (monthStarts.length > 1 && monthStarts[1] - monthStarts[0] < Math.ceil(mondays.length / maxLabels)) monthStarts.shift();
    const stride = Math.ceil(monthStarts.length / maxLabels);
    monthStarts.forEach((i, n) => n % stride === 0 && labelled.add(i));
  }

  return mondays.map((monday, i) => {
    const week = byMonday.get(monday);
    return {
      label: labelled.has(i) ? formatDay(monday, false) : '',
      longLabel: `Week of ${formatLongDate(monday)}`,
      value: week ? week.attendancePercent : null,
      ...(week ? {} : { note: 'No school days' }),
    };
  });
}

/** Unauthorised absence as a share of possible sessions, unrounded; null when nothing was possible. */
export function unauthorisedPercent(f: AttendanceFigures): number | null {
  return f.possible > 0 ? (f.unauthorised / f.possible) * 100 : null;
}

export interface PatternRow {
  key: string;
  label: string;
  /** Null when the row has no school day in the range at all (a weekday); its figures are then empty. */
  figures: AttendanceFigures | null;
}

export function sessionRows(sessions: AttendancePatternsResponse['sessions']): PatternRow[] {
  return [
    { key: 'AM', label: 'Morning (AM)', figures: sessions.AM },
    { key: 'PM', label: 'Afternoon (PM)', figures: sessions.PM },
  ];
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Monday to Friday always (a day with no school day in the range says so), and a weekend day when the answer has one. */
export function weekdayRows(weekdays: AttendancePatternsResponse['weekdays']): PatternRow[] {
  const given = new Map(weekdays.map((w) => [w.weekday as number, w]));
  const days = [...new Set([1, 2, 3, 4, 5, ...given.keys()])].sort((a, b) => a - b);
  return days.map((d) => ({ key: String(d), label: WEEKDAY_NAMES[d], figures: given.get(d) ?? null }));
}

export type Measure = 'attendance' | 'unauthorised';

/** One row of a dot chart: its figure, or why it has none. */
export interface ChartRow {
  key: string;
  label: string;
  value: number | null;
  note: string;
}

export function chartRows(rows: readonly PatternRow[], measure: Measure): ChartRow[] {
  return rows.map(({ key, label, figures }) => ({
    key,
    label,
    value: figures === null ? null : measure === 'attendance' ? figures.attendancePercent : unauthorisedPercent(figures),
    note: figures === null ? 'No school days' : 'No sessions counted',
  }));
}

/** "Monday 95.0%, Tuesday no sessions counted, …", for a chart's description. */
export function rowsInWords(rows: readonly ChartRow[]): string {
  return rows.map((r) => `${r.label} ${r.value === null ? r.note.toLowerCase() : percent(r.value)}`).join(', ');
}

/** How the second figure compares with the first, in points as shown on screen (both rounded first): "1.7 points lower". */
export function pointsApart(first: number | null, second: number | null): string | null {
  if (first === null || second === null) return null;
  const difference = Math.round(Number(second.toFixed(1)) * 10 - Number(first.toFixed(1)) * 10) / 10;
  if (difference === 0) return 'the same';
  const size = Math.abs(difference).toFixed(1);
  return `${size} ${size === '1.0' ? 'point' : 'points'} ${difference < 0 ? 'lower' : 'higher'}`;
}

export interface Scale {
  from: number;
  to: number;
  ticks: number[];
}

function withTicks(from: number, to: number): Scale {
  const span = to - from;
  const step = span > 40 ? 20 : span > 20 ? 10 : span > 10 ? 5 : span > 5 ? 2 : 1;
  const ticks: number[] = [];
  for (let t = from; t <= to; t += step) ticks.push(t);
  return { from, to, ticks };
}

/** Up to 100%, from a multiple of 5 under the lowest figure, so that a point or two of difference can be seen. */
export function attendanceScale(values: ReadonlyArray<number | null>): Scale {
  const lowest = Math.min(100, ...values.filter((v): v is number => v !== null));
  return withTicks(Math.max(0, Math.floor((lowest - 1) / 5) * 5), 100);
}

/** From 0%, to a multiple of 5 at or over the highest figure (at least 5%). */
export function absenceScale(values: ReadonlyArray<number | null>): Scale {
  const highest = Math.max(0, ...values.filter((v): v is number => v !== null));
  return withTicks(0, Math.min(100, Math.max(5, Math.ceil(highest / 5) * 5)));
}

/** A count of sessions as written on screen: "4,000". */
export const sessions = (n: number) => n.toLocaleString('en-GB');
