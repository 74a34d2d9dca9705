/**
 * A school calendar for the tests: September 2025 to December 2026, shaped like a real English one.
 *
 * Autumn 2025: INSET Mon 1 and Tue 2 September, term from Wed 3 September; half term 27-31 October; INSET
 * Mon 3 November; term ends Fri 19 December. Spring 2026: Mon 5 January to Fri 27 March, half term 16-20
 * February. Summer 2026: Mon 13 April to Wed 22 July, bank holiday Mon 4 May, half term 25-29 May. Autumn
 * 2026: Wed 2 September to Fri 18 December. Nothing after 31 December 2026 is entered, so the calendar runs
 * out there, as a real one does.
 */
import { addDays, isoWeekday } from '../../src/domain/calendarDate';
import { schoolDayCalendar } from '../../src/domain/schoolDays';

const TERMS: Array<[start: string, end: string]> = [
  ['2025-09-03', '2025-12-19'],
  ['2026-01-05', '2026-03-27'],
  ['2026-04-13', '2026-07-22'],
  ['2026-09-02', '2026-12-18'],
];

const CLOSURES = new Set([
  ...['2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31'], // October half term
  '2025-11-03', // INSET
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'], // February half term
  '2026-05-04', // bank holiday
  ...['2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29'], // May half term
]);

export const CALENDAR_FIRST = '2025-09-01';
export const CALENDAR_LAST = '2026-12-31';

function isTermWeekday(date: string): boolean {
  return isoWeekday(date) <= 5 && !CLOSURES.has(date) && TERMS.some(([start, end]) => start <= date && date <= end);
}

/** The calendar rows, one per date, as the school's settings would hold them. */
export const CALENDAR_ROWS: Array<{ date: string; isSchoolDay: boolean }> = [];
for (let d = CALENDAR_FIRST; d <= CALENDAR_LAST; d = addDays(d, 1)) {
  CALENDAR_ROWS.push({ date: d, isSchoolDay: isTermWeekday(d) });
}

export const isSchoolDay = schoolDayCalendar(CALENDAR_ROWS);

/** Every school day from `from` to `to` inclusive, in order. */
export function schoolDaysFromTo(from: string, to: string): string[] {
  return CALENDAR_ROWS.filter((r) => r.isSchoolDay && r.date >= from && r.date <= to).map((r) => r.date);
}
