/**
 * Counting in school days, over a calendar the caller passes as `isSchoolDay(date)`.
 *
 * "School days" means days the school's calendar says are school days, not weekdays: half terms, bank
 * holidays, INSET days and other planned closures do not count. A date the calendar does not mention is not a
 * school day, so a calendar that has not been filled in far enough simply has no school days there.
 *
 * Walking day by day is deliberate: the longest walk is a few hundred days, and it keeps the rule obvious.
 */
import { addDays, daysBetween, parseDate } from './calendarDate';

export type IsSchoolDay = (date: string) => boolean;

/** The default window for resolving an `N`: "no later than 5 school days after the session". */
export const DEFAULT_N_WINDOW_SCHOOL_DAYS = 5;

/**
 * No school closes for a year, so a longer run without a school day means the calendar has not been entered
 * that far. We stop there rather than walk for ever.
 */
export const MAX_DAYS_WITHOUT_A_SCHOOL_DAY = 366;

/** A calendar predicate from the school's calendar rows; any date not listed is not a school day. */
export function schoolDayCalendar(days: Iterable<{ date: string; isSchoolDay: boolean }>): IsSchoolDay {
  const schoolDays = new Set<string>();
  for (const day of days) if (day.isSchoolDay) schoolDays.add(day.date);
  return (date) => schoolDays.has(date);
}

/**
 * The nth school day after `date`, or null when it is not found on or before `lastDate` (when given) or
 * within MAX_DAYS_WITHOUT_A_SCHOOL_DAY of the previous school day found.
 *
 * n = 0 asks for "the first school day from this date on": the date itself when it is a school day, else the
 * next one. That is what "due today" should mean when today turns out to be a closure: the next day the
 * school is open, never a day it is shut.
 */
export function findSchoolDay(date: string, n: number, isSchoolDay: IsSchoolDay, lastDate?: string): string | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`School days to add must be a whole number 0 or more, got ${n}`);
  parseDate(date);
  if (lastDate !== undefined && date > lastDate) return null;
  if (n === 0 && isSchoolDay(date)) return date;
  const wanted = Math.max(n, 1);
  let found = 0;
  let day = date;
  let daysSinceSchoolDay = 0;
  while (found < wanted) {
    day = addDays(day, 1);
    if (lastDate !== undefined && day > lastDate) return null;
    if (isSchoolDay(day)) {
      found += 1;
      daysSinceSchoolDay = 0;
    } else if (++daysSinceSchoolDay > MAX_DAYS_WITHOUT_A_SCHOOL_DAY) {
      return null;
    }
  }
  return day;
}

/**
 * The nth school day after `date` (n ≥ 0; see findSchoolDay for what n = 0 means). Throws a RangeError when
 * the calendar runs out first: an answer from a calendar that is not there would be a guess.
 */
export function addSchoolDays(date: string, n: number, isSchoolDay: IsSchoolDay): string {
  const found = findSchoolDay(date, n, isSchoolDay);
  if (found === null) {
    throw new RangeError(
      `No school day found ${n} school days after ${date}: the school calendar may not be entered that far ahead.`,
    );
  }
  return found;
}

/**
 * School days strictly after `from`, up to and including `to`: 0 when they are the same date, negative when
 * `to` is earlier (like daysBetween). So for any n ≥ 1, schoolDaysBetween(d, addSchoolDays(d, n)) is n.
 */
export function schoolDaysBetween(from: string, to: string, isSchoolDay: IsSchoolDay): number {
  const span = daysBetween(from, to);
  // 0 - x rather than -x, which would give -0 for an empty span.
  if (span < 0) return 0 - schoolDaysBetween(to, from, isSchoolDay);
  let count = 0;
  for (let i = 1; i <= span; i++) if (isSchoolDay(addDays(from, i))) count += 1;
  return count;
}

function checkWindow(windowSchoolDays: number): void {
  if (!Number.isInteger(windowSchoolDays) || windowSchoolDays < 0) {
    throw new RangeError(`The window for resolving N must be a whole number of school days, 0 or more, got ${windowSchoolDays}`);
  }
}

/**
 * The last date by which an `N` from a session on `sessionDate` must be replaced with the real code, after
 * which the office must change it to `O`. The N may still be resolved during that whole day.
 *
 * The window is a school setting (DEFAULT_N_WINDOW_SCHOOL_DAYS unless the school is stricter) and counts
 * school days after the session: 5 (the default and the statutory limit) gives the fifth
 * school day after it, so an N on the Friday before half term is due on the second Friday back. 1 gives the
 * next school day. 0 gives the session's own day: the strict policy "O at the end of the first day of
 * absence".
 */
export function unresolvedNDeadline(
  sessionDate: string,
  windowSchoolDays: number,
  isSchoolDay: IsSchoolDay,
): string {
  checkWindow(windowSchoolDays);
  return addSchoolDays(sessionDate, windowSchoolDays, isSchoolDay);
}

/**
 * True when `today` is after the deadline for resolving an `N` from `sessionDate`. Never throws for a
 * calendar that ends soon: the deadline is only looked for up to yesterday, and if it is not there yet, the
 * N is not overdue.
 */
export function isNOverdue(
  sessionDate: string,
  today: string,
  windowSchoolDays: number,
  isSchoolDay: IsSchoolDay,
): boolean {
  checkWindow(windowSchoolDays);
  parseDate(today);
  return findSchoolDay(sessionDate, windowSchoolDays, isSchoolDay, addDays(today, -1)) !== null;
}
