/**
 * School weeks: a calendar week, Monday to Sunday, that contains at least one school day.
 *
 * A week of half term or the summer holiday is not a school week, so "10 school weeks" stretches over a
 * holiday rather than being cut short by it. A week with only one school day (a term starting on a Friday)
 * still counts as a whole school week: the rule counts weeks, not days.
 */
import { addDays, isoWeekday } from './calendarDate';
import type { IsSchoolDay } from './schoolDays';

/** The Monday of the calendar (ISO) week containing the date. */
export function weekStartOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function weekEndOf(date: string): string {
  return addDays(weekStartOf(date), 6);
}

export function isSchoolWeek(weekStart: string, isSchoolDay: IsSchoolDay): boolean {
  for (let i = 0; i < 7; i++) if (isSchoolDay(addDays(weekStart, i))) return true;
  return false;
}

/** Longer than any holiday: this many weeks without a school day means the calendar has ended. */
export const MAX_WEEKS_WITHOUT_A_SCHOOL_DAY = 26;

/**
 * The Mondays of the school weeks from the week of `from` up to and including the week of `to`, then
 * `extraAfter` more school weeks beyond it as far as the calendar goes (it may end sooner).
 */
export function schoolWeekStarts(from: string, to: string, isSchoolDay: IsSchoolDay, extraAfter = 0): string[] {
  const weeks: string[] = [];
  const lastWeek = weekStartOf(to);
  let week = weekStartOf(from);
  for (; week <= lastWeek; week = addDays(week, 7)) if (isSchoolWeek(week, isSchoolDay)) weeks.push(week);
  let extra = 0;
  let emptyWeeks = 0;
  for (; extra < extraAfter && emptyWeeks <= MAX_WEEKS_WITHOUT_A_SCHOOL_DAY; week = addDays(week, 7)) {
    if (isSchoolWeek(week, isSchoolDay)) {
      weeks.push(week);
      extra += 1;
      emptyWeeks = 0;
    } else {
      emptyWeeks += 1;
    }
  }
  return weeks;
}
