/**
 * One pupil's statutory alerts (issue 11, DOMAIN.md §7) in a date range, from their cells with the codes the
 * alerts count (G, N, O, U, I, L) and the school calendar. The rules themselves are the domain's
 * (penaltyNotice.ts, thresholds.ts); this says which occurrences are in the range, names each by a key, and
 * words the evidence.
 *
 * An occurrence is in the range when its evidence has a session from `from` to `to`. Cells after `to` are
 * not passed, so everything is as it stood on `to`.
 *
 * Keys: the office records an action against a key, so a key must stay the same while nothing new happens
 * and change when something new does (docs/office-api.md, "Alerts"):
 * - `penaltyNotice:<Monday of the window's first week>`: a window is fixed by its first counted session;
 *   later sessions in the same 10 weeks add to it, and a session beyond it starts a new window (a new key).
 * - `continuousUnauthorised:<first day>:<10, 20, 30...>`: the run's length rounded down to a multiple of 10
 *   school days, so the local authority is told again when the run reaches another 10 days, not every day.
 * - `illness:cumulative:<1 September of the year>`: once a year, on the 15th day of illness.
 *   `illness:run:<first day>`: a run of 15 days in a row, unless a listed year's 15th day fell within it
 *   (then it is the same illness, already that year's alert): a long illness after the year's alert, or one
 *   that began in a year the range does not list.
 * - `lateness:<Monday of the week>`.
 */
import { academicYearStart, addDays, parseDate } from '../../domain/calendarDate.js';
import { findCode } from '../../domain/codes.js';
import { PENALTY_NOTICE_CODES, PENALTY_NOTICE_RULE, penaltyNoticeWindows } from '../../domain/penaltyNotice.js';
import type { RegisterCell } from '../../domain/registerCells.js';
import type { IsSchoolDay } from '../../domain/schoolDays.js';
import { isSchoolWeek, MAX_WEEKS_WITHOUT_A_SCHOOL_DAY, weekStartOf } from '../../domain/schoolWeeks.js';
import {
  CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS, ILLNESS_SCHOOL_DAYS, illnessDays, latesInWeek, unauthorisedDayRuns, type SchoolDayRun,
} from '../../domain/thresholds.js';
import type { AlertEvidence, AlertKind } from '../../protocol/officeFigures.js';

export interface AlertOccurrence {
  kind: AlertKind;
  key: string;
  evidence: AlertEvidence;
}

export interface AlertRange {
  from: string;
  to: string;
  isSchoolDay: IsSchoolDay;
  /** Lates in one week that make an alert (the school's setting). */
  latesInWeek: number;
}

/**
 * How far before `from` the cells must go: the Monday 9 school weeks before the week of `from` (a penalty
 * notice window of 10 school weeks may end in the range), and at least the start of its academic year (illness
 * is counted over the year).
 */
export function lookbackStart(from: string, isSchoolDay: IsSchoolDay): string {
  let week = weekStartOf(from);
  for (let found = 0, empty = 0; found < PENALTY_NOTICE_RULE.schoolWeeks - 1 && empty <= MAX_WEEKS_WITHOUT_A_SCHOOL_DAY;) {
    week = addDays(week, -7);
    if (isSchoolWeek(week, isSchoolDay)) {
      found += 1;
      empty = 0;
    } else {
      empty += 1;
    }
  }
  const yearStart = academicYearStart(from);
  return week < yearStart ? week : yearStart;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Jan 2026": the same on every machine, whatever its locale. */
export function shortDate(date: string): string {
  const { year, month, day } = parseDate(date);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const isUnauthorised = (code: string) => findCode(code)?.class === 'unauthorised';
const wire = (cells: readonly RegisterCell[]) => cells.map((c) => ({ date: c.date, session: c.session, code: c.code }));

/** `cells`: one pupil's, sorted by date and session, one per session, none after `to`. */
export function pupilAlerts(cells: readonly RegisterCell[], range: AlertRange): AlertOccurrence[] {
  const { from, to, isSchoolDay } = range;
  const inRange = (list: readonly RegisterCell[]) => list.some((c) => c.date >= from && c.date <= to);
  const alerts: AlertOccurrence[] = [];

  for (const w of penaltyNoticeWindows(cells, isSchoolDay)) {
    if (!inRange(w.cells)) continue;
    alerts.push({
      kind: 'penaltyNotice',
      key: `penaltyNotice:${w.start}`,
      evidence: {
        summary: `${plural(w.count, 'session')} of ${[...PENALTY_NOTICE_CODES].join(', ').replace(/, (\w)$/, ' or $1')} in the ${PENALTY_NOTICE_RULE.schoolWeeks} school weeks from ${shortDate(w.start)}`,
        start: w.start,
        end: w.end,
        sessions: wire(w.cells),
      },
    });
  }

  const onDaysOf = (run: SchoolDayRun, matches: (c: RegisterCell) => boolean) =>
    cells.filter((c) => c.date >= run.start && c.date <= run.end && isSchoolDay(c.date) && matches(c));

  for (const run of unauthorisedDayRuns(cells, isSchoolDay)) {
    if (run.days < CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS || run.end < from) continue;
    const step = Math.floor(run.days / CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS) * CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS;
    alerts.push({
      kind: 'continuousUnauthorised',
      key: `continuousUnauthorised:${run.start}:${step}`,
      evidence: {
        summary: `${run.days} school days in a row absent without authorisation in both sessions, ${shortDate(run.start)} to ${shortDate(run.end)}`,
        start: run.start,
        end: run.end,
        sessions: wire(onDaysOf(run, (c) => isUnauthorised(c.code))),
      },
    });
  }

  const illness = illnessDays(cells, isSchoolDay);
  const isIll = (c: RegisterCell) => c.code === 'I';
  // The day each listed year's illness reached the threshold.
  const thresholdDays: string[] = [];
  for (let year = parseDate(academicYearStart(illness.days[0] ?? to)).year; year <= parseDate(academicYearStart(to)).year; year++) {
    const yearStart = `${year}-09-01`;
    const days = illness.days.filter((d) => d >= yearStart && d < `${year + 1}-09-01`);
    if (days.length < ILLNESS_SCHOOL_DAYS) continue;
    const reached = days[ILLNESS_SCHOOL_DAYS - 1];
    const sessions = cells.filter((c) => isIll(c) && c.date >= yearStart && c.date <= days[days.length - 1] && isSchoolDay(c.date));
    if (!inRange(sessions)) continue;
    thresholdDays.push(reached);
    alerts.push({
      kind: 'illness',
      key: `illness:cumulative:${yearStart}`,
      evidence: {
        summary: `${days.length} school days of illness (I) in ${year}/${String((year + 1) % 100).padStart(2, '0')}; the ${ILLNESS_SCHOOL_DAYS}th was ${shortDate(reached)}`,
        start: days[0],
        end: days[days.length - 1],
        sessions: wire(sessions),
      },
    });
  }
  for (const run of illness.runs) {
    if (run.days < ILLNESS_SCHOOL_DAYS || run.end < from) continue;
    if (thresholdDays.some((d) => d >= run.start && d <= run.end)) continue;
    alerts.push({
      kind: 'illness',
      key: `illness:run:${run.start}`,
      evidence: {
        summary: `${run.days} school days of illness (I) in a row, ${shortDate(run.start)} to ${shortDate(run.end)}`,
        start: run.start,
        end: run.end,
        sessions: wire(onDaysOf(run, isIll)),
      },
    });
  }

  for (const week of latesInWeek(cells, range.latesInWeek)) {
    if (!week.needsConversation) continue;
    const end = addDays(week.weekStart, 6);
    const sessions = cells.filter((c) => (c.code === 'L' || c.code === 'U') && c.date >= week.weekStart && c.date <= end);
    if (!inRange(sessions)) continue;
    alerts.push({
      kind: 'lateness',
      key: `lateness:${week.weekStart}`,
      evidence: {
        summary: `${plural(week.total, 'late arrival')} in the week of ${shortDate(week.weekStart)}: ${week.beforeRegisterClosed} before the register closed (L), ${week.afterRegisterClosed} after (U)`,
        start: week.weekStart,
        end,
        sessions: wire(sessions),
      },
    });
  }
  return alerts;
}

/** True when the pupil's earliest run of unauthorised days or illness begins on `firstDay`: it may go back further. */
export function runReachesBack(cells: readonly RegisterCell[], firstDay: string, isSchoolDay: IsSchoolDay): boolean {
  const first = (runs: SchoolDayRun[]) => runs[0]?.start === firstDay;
  return first(unauthorisedDayRuns(cells, isSchoolDay)) || first(illnessDays(cells, isSchoolDay).runs);
}
