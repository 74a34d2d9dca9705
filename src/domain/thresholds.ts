/**
 * Thresholds that call for action (DOMAIN.md §7), worked out from one pupil's register cells and the school
 * calendar. Each function gives the office a figure and a flag; deciding what to do stays with people.
 *
 * Throughout, cells on dates the calendar says are not school days are ignored (the register is only kept
 * on school days), and "consecutive school days" step over weekends, holidays and closures: a pupil off on
 * the Friday before half term and the Monday after has been off for two consecutive school days.
 *
 * The penalty notice threshold is in penaltyNotice.ts and re-exported here.
 */
import { academicYearStart, addDays, parseDate } from './calendarDate';
import { findCode } from './codes';
import { sortedCells, type RegisterCell } from './registerCells';
import { findSchoolDay, type IsSchoolDay } from './schoolDays';
import { weekStartOf } from './schoolWeeks';

export { penaltyNoticeWindows, PENALTY_NOTICE_CODES, PENALTY_NOTICE_RULE } from './penaltyNotice';
export type { PenaltyNoticeRule, PenaltyNoticeWindow } from './penaltyNotice';
export type { RegisterCell } from './registerCells';

/** The local authority must be told of this many consecutive school days of unauthorised absence. */
export const CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS = 10;
/** The local authority must be told of illness reaching this many school days in a school year. */
export const ILLNESS_SCHOOL_DAYS = 15;
/** Lates in one week that call for a conversation with the family (a seed's figure; a school setting). */
export const LATES_IN_A_WEEK = 3;

export interface SchoolDayRun {
  days: number;
  /** First and last school day of the run. */
  start: string;
  end: string;
}

/**
 * Runs of consecutive school days among `dates` (sorted, distinct school days). Two dates are consecutive
 * when no school day lies between them.
 */
function schoolDayRuns(dates: readonly string[], isSchoolDay: IsSchoolDay): SchoolDayRun[] {
  const runs: SchoolDayRun[] = [];
  for (const date of dates) {
    const current = runs[runs.length - 1];
    if (current && findSchoolDay(current.end, 1, isSchoolDay, date) === date) {
      current.days += 1;
      current.end = date;
    } else {
      runs.push({ days: 1, start: date, end: date });
    }
  }
  return runs;
}

/** The longest run; on a tie the later one, as the one most likely still going on. */
function longest(runs: readonly SchoolDayRun[]): SchoolDayRun | null {
  let best: SchoolDayRun | null = null;
  for (const run of runs) if (best === null || run.days >= best.days) best = run;
  return best;
}

/** Distinct school days with a cell matching `matches`, in order. */
function schoolDaysWhere(cells: readonly RegisterCell[], isSchoolDay: IsSchoolDay, matches: (c: RegisterCell) => boolean): string[] {
  const dates: string[] = [];
  for (const cell of cells) {
    if (matches(cell) && dates[dates.length - 1] !== cell.date && isSchoolDay(cell.date)) dates.push(cell.date);
  }
  return dates;
}

function isUnauthorised(code: string): boolean {
  return findCode(code)?.class === 'unauthorised';
}

/**
 * The longest run of consecutive school days on which BOTH sessions are unauthorised absence (G, N, O, U,
 * and the retired F in old records). A day with one unauthorised session and the other present or
 * authorised breaks the run: the pupil was in school or had leave that day, so the absence was not
 * continuous. A day with only one session recorded breaks it too.
 */
export function consecutiveUnauthorisedDays(
  cells: Iterable<RegisterCell>,
  isSchoolDay: IsSchoolDay,
): { longestRun: SchoolDayRun | null; reportToLocalAuthority: boolean } {
  const longestRun = longest(unauthorisedDayRuns(cells, isSchoolDay));
  return { longestRun, reportToLocalAuthority: (longestRun?.days ?? 0) >= CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS };
}

/**
 * Every run of consecutive school days with both sessions unauthorised (the rule of
 * consecutiveUnauthorisedDays), oldest first: the office's alerts list each run that reaches the threshold.
 */
export function unauthorisedDayRuns(cells: Iterable<RegisterCell>, isSchoolDay: IsSchoolDay): SchoolDayRun[] {
  const sorted = sortedCells(cells);
  const bothSessions: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const am = sorted[i - 1];
    const pm = sorted[i];
    // Sorted with AM first and no repeats, so a whole day is an AM cell followed by a PM cell on its date.
    if (am.date === pm.date && isUnauthorised(am.code) && isUnauthorised(pm.code) && isSchoolDay(am.date)) {
      bothSessions.push(am.date);
    }
  }
  return schoolDayRuns(bothSessions, isSchoolDay);
}

/** Every school day with an `I` in either session, in order, and the runs of consecutive ones, oldest first. */
export function illnessDays(cells: Iterable<RegisterCell>, isSchoolDay: IsSchoolDay): { days: string[]; runs: SchoolDayRun[] } {
  const days = schoolDaysWhere(sortedCells(cells), isSchoolDay, (c) => c.code === 'I');
  return { days, runs: schoolDayRuns(days, isSchoolDay) };
}

export interface IllnessSummary {
  /** School days in the academic year with an `I` in either session; a day counts once. */
  cumulativeDays: number;
  /**
   * The longest run of consecutive illness days touching the academic year. It may have started in the year
   * before: 15 consecutive days of illness is a reason to tell the local authority whatever the year.
   */
  longestRun: SchoolDayRun | null;
  reportToLocalAuthority: boolean;
}

/**
 * Illness (`I`) in the academic year starting `yearStart` (a 1 September). Whether the pupil is "clearly
 * going to reach" 15 days is a judgement for the office; this gives the days so far.
 */
export function illnessSchoolDays(cells: Iterable<RegisterCell>, yearStart: string, isSchoolDay: IsSchoolDay): IllnessSummary {
  if (academicYearStart(yearStart) !== yearStart) {
    throw new RangeError(`An academic year starts on 1 September, got ${yearStart}`);
  }
  const yearEnd = addDays(`${parseDate(yearStart).year + 1}-09-01`, -1);
  const illDays = schoolDaysWhere(sortedCells(cells), isSchoolDay, (c) => c.code === 'I');
  const cumulativeDays = illDays.filter((d) => d >= yearStart && d <= yearEnd).length;
  const runsInYear = schoolDayRuns(illDays, isSchoolDay).filter((r) => r.end >= yearStart && r.start <= yearEnd);
  const longestRun = longest(runsInYear);
  return {
    cumulativeDays,
    longestRun,
    reportToLocalAuthority: cumulativeDays >= ILLNESS_SCHOOL_DAYS || (longestRun?.days ?? 0) >= ILLNESS_SCHOOL_DAYS,
  };
}

export interface LatesInAWeek {
  /** Monday of the ISO week. */
  weekStart: string;
  /** Sessions coded `L`: arrived before the register closed. */
  beforeRegisterClosed: number;
  /** Sessions coded `U`: arrived after it closed. */
  afterRegisterClosed: number;
  total: number;
  needsConversation: boolean;
}

/**
 * Lates per ISO week (Monday to Sunday), for the weeks with any. Both `L` and `U` are late arrivals, so both
 * count towards the pattern: a pupil late three times in a week is late three times whether or not the
 * register had closed. Weeks come in date order.
 */
export function latesInWeek(cells: Iterable<RegisterCell>, threshold: number = LATES_IN_A_WEEK): LatesInAWeek[] {
  const weeks = new Map<string, LatesInAWeek>();
  for (const cell of sortedCells(cells)) {
    if (cell.code !== 'L' && cell.code !== 'U') continue;
    const weekStart = weekStartOf(cell.date);
    let week = weeks.get(weekStart);
    if (!week) {
      week = { weekStart, beforeRegisterClosed: 0, afterRegisterClosed: 0, total: 0, needsConversation: false };
      weeks.set(weekStart, week);
    }
    if (cell.code === 'L') week.beforeRegisterClosed += 1;
    else week.afterRegisterClosed += 1;
    week.total += 1;
    week.needsConversation = week.total >= threshold;
  }
  return [...weeks.values()];
}
