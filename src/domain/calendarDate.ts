/**
 * Calendar dates written `YYYY-MM-DD`, with no time zone attached.
 *
 * A school day is a date on the wall calendar, so arithmetic here is plain day counting. It works on a day
 * number (days since 1970-01-01) computed in UTC, where no day is ever 23 or 25 hours long; the school's time
 * zone only matters when turning an instant into a date (see time.ts). Dates in this form sort correctly as
 * strings, so `a < b` compares two dates.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * A real calendar date in the agreed form: 2026-02-30, 2026-2-3 and 0000-01-01 are all false (the calendar
 * has no year 0, and PostgreSQL refuses it).
 */
export function isValidDate(date: string): boolean {
  return partsOrNull(date) !== null;
}

function partsOrNull(date: string): DateParts | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Throws a RangeError for anything that is not a real date: a bad date is the caller's bug, never a default. */
export function parseDate(date: string): DateParts {
  const parts = partsOrNull(date);
  if (!parts) throw new RangeError(`Not a calendar date written YYYY-MM-DD: "${date}"`);
  return parts;
}

export function formatDate({ year, month, day }: DateParts): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Midnight UTC of a calendar day, as epoch ms. setUTCFullYear, unlike Date.UTC, keeps years 0-99 literal. */
export function utcMidnightOf({ year, month, day }: DateParts): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function dayNumber(date: string): number {
  return Math.round(utcMidnightOf(parseDate(date)) / MS_PER_DAY);
}

function dateOfDayNumber(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  return formatDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Days to add must be a whole number, got ${days}`);
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Days from `from` to `to`: positive when `to` is later, 0 for the same date. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** 1 = Monday .. 7 = Sunday. Day 0 (1970-01-01) was a Thursday. */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The academic year runs 1 September to 31 August; this is the 1 September on or before the date. */
export function academicYearStart(date: string): string {
  const { year, month } = parseDate(date);
  return formatDate({ year: month >= 9 ? year : year - 1, month: 9, day: 1 });
}

/** The last given ISO weekday (1 = Monday .. 7 = Sunday) of a month, e.g. the last Friday in June. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: number): string {
  const lastDay = formatDate({ year, month, day: daysInMonth(year, month) });
  const back = (isoWeekday(lastDay) - weekday + 7) % 7;
  return addDays(lastDay, -back);
}
