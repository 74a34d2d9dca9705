/**
 * The UK's clock rule, worked out without Intl: British Summer Time runs from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October (the rule in force since 1996, Summer Time Order 2002).
 *
 * Why: building the first Intl.DateTimeFormat with a time zone loads the platform's zone data, which costs
 * about 60 ms on a tablet (250 ms at the benchmark's 4× slowdown) before a register can show its first pupil.
 * Almost every school using this app is on Europe/London, so time.ts answers London from this rule and asks
 * Intl for every other zone. Years outside 1996-2099 also go to Intl. test/domain/londonTime.test.ts checks
 * this rule against the platform's zone data minute by minute around every change from 1996 to 2099, so if
 * the law (and with it ICU) ever changes, the test says so.
 */
import { lastWeekdayOfMonth, parseDate } from './calendarDate';

export const LONDON = 'Europe/London';
const FIRST_YEAR = 1996;
const LAST_YEAR = 2099;
const HOUR = 3_600_000;

/** Start and end of BST in `year`, as UTC instants. */
function summerTime(year: number): { start: number; end: number } {
  const start = parseDate(lastWeekdayOfMonth(year, 3, 7));
  const end = parseDate(lastWeekdayOfMonth(year, 10, 7));
  return { start: Date.UTC(year, 2, start.day, 1), end: Date.UTC(year, 9, end.day, 1) };
}

const cache = new Map<number, { start: number; end: number }>();

/** London's offset from UTC at this instant (0 or 3,600,000 ms), or null when the rule does not cover it. */
export function londonOffset(instant: number): number | null {
  const year = new Date(instant).getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  let bst = cache.get(year);
  if (!bst) {
    bst = summerTime(year);
    cache.set(year, bst);
  }
  return instant >= bst.start && instant < bst.end ? HOUR : 0;
}
