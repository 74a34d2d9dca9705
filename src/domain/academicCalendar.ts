/**
 * A school's academic year as its admin enters it, and the calendar of school days that follows from it.
 *
 * A year runs from its start date to its end date (1 September to 31 August by default, but the dates are the
 * school's) and holds six half-terms, 'Autumn 1' to 'Summer 2': the gaps between them are the half-term breaks
 * and holidays. Closures (INSET days, bank holidays, polling days, anything else) take single dates or ranges
 * out of term. A date is a school day when it is a weekday inside a half-term and no closure covers it; when it
 * is not, its label says why. Pure: dates are 'YYYY-MM-DD' strings.
 */
import { addDays, daysBetween, isValidDate, isoWeekday, parseDate } from './calendarDate';

export const HALF_TERM_NAMES = ['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2'] as const;
export type HalfTermName = (typeof HALF_TERM_NAMES)[number];

export interface HalfTerm {
  name: string;
  startDate: string;
  endDate: string;
}

export interface AcademicYear {
  startDate: string;
  endDate: string;
  /** The six half-terms in order. */
  terms: HalfTerm[];
}

export const CLOSURE_KINDS = ['inset', 'bank_holiday', 'polling_day', 'other'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

export interface Closure {
  startDate: string;
  endDate: string;
  label: string;
  kind: ClosureKind;
}

export interface CalendarDay {
  date: string;
  isSchoolDay: boolean;
  label: string | null;
}

/** The longest a year may run (a leap year from 1 September to 31 August is 366 days). */
export const MAX_YEAR_DAYS = 366;

/** What the days between half-terms are called: after Autumn 1 comes half term, after Autumn 2 Christmas… */
const BREAK_AFTER: readonly string[] = ['Half term', 'Christmas holiday', 'Half term', 'Easter holiday', 'Half term'];
const SUMMER_HOLIDAY = 'Summer holiday';
const WEEKEND = 'Weekend';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2027-06-12' → '12 June 2027', the way the screens and messages write a date. */
export function describeDate(date: string): string {
  const { year, month, day } = parseDate(date);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** The default dates of the academic year that starts in September of `startYear`. */
export function defaultYearDates(startYear: number): { startDate: string; endDate: string } {
  return { startDate: `${String(startYear).padStart(4, '0')}-09-01`, endDate: `${String(startYear + 1).padStart(4, '0')}-08-31` };
}

function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

/** Problems with a year as entered, in words an admin can act on; empty when it can be saved. */
export function academicYearProblems(year: AcademicYear): string[] {
  const problems: string[] = [];
  const datesValid = [year.startDate, year.endDate, ...year.terms.flatMap((t) => [t.startDate, t.endDate])].every(isValidDate);
  if (!datesValid) return ['Every date must be a real date written YYYY-MM-DD.'];
  if (year.endDate < year.startDate) {
    problems.push(`The year must end after it starts (${describeDate(year.startDate)}).`);
  } else if (daysBetween(year.startDate, year.endDate) + 1 > MAX_YEAR_DAYS) {
    problems.push(`A year runs for at most ${MAX_YEAR_DAYS} days; this one runs from ${describeDate(year.startDate)} to ${describeDate(year.endDate)}.`);
  }
  if (year.terms.length !== HALF_TERM_NAMES.length) {
    problems.push(`A year has six half-terms (${HALF_TERM_NAMES.join(', ')}); this one has ${year.terms.length}.`);
    return problems;
  }
  year.terms.forEach((term, i) => {
    const name = HALF_TERM_NAMES[i];
    if (term.name !== name) problems.push(`Half-term ${i + 1} must be called ${name}, not "${term.name}".`);
    if (term.endDate < term.startDate) problems.push(`${name} must end on or after the day it starts (${describeDate(term.startDate)}).`);
    if (term.startDate < year.startDate || term.endDate > year.endDate) {
      problems.push(`${name} must fall inside the year (${describeDate(year.startDate)} to ${describeDate(year.endDate)}).`);
    }
    const next = year.terms[i + 1];
    if (next && next.startDate <= term.endDate) {
      problems.push(`${HALF_TERM_NAMES[i + 1]} must start after ${name} ends (${describeDate(term.endDate)}).`);
    }
  });
  return problems;
}

/** Problems with a closure as entered; `years` are the school's years (a closure must fall inside one). */
export function closureProblems(closure: Closure, years: readonly { startDate: string; endDate: string }[]): string[] {
  if (!isValidDate(closure.startDate) || !isValidDate(closure.endDate)) return ['Every date must be a real date written YYYY-MM-DD.'];
  const problems: string[] = [];
  if (closure.label.trim() === '') problems.push('Give the closure a label, for example "INSET day".');
  if (closure.endDate < closure.startDate) {
    problems.push(`A closure must end on or after the day it starts (${describeDate(closure.startDate)}).`);
    return problems;
  }
  if (!years.some((y) => y.startDate <= closure.startDate && closure.endDate <= y.endDate)) {
    problems.push(
      `No academic year holds ${describeDate(closure.startDate)}${closure.endDate === closure.startDate ? '' : ` to ${describeDate(closure.endDate)}`}: ` +
        'add the year first, and keep a closure inside one year.',
    );
  }
  return problems;
}

/** Whether two date ranges share a date. */
export function rangesOverlap(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

/** Why a date outside every half-term of the year is not a school day. */
function breakLabel(year: AcademicYear, date: string): string {
  for (let i = 0; i < year.terms.length - 1; i++) {
    if (date > year.terms[i].endDate && date < year.terms[i + 1].startDate) return BREAK_AFTER[i] ?? 'Holiday';
  }
  return SUMMER_HOLIDAY;
}

/**
 * Every date of the year with whether it is a school day and, when not, why. A closure's label wins over the
 * weekend only for a one-day closure (Christmas Day on a Sunday); a longer closure leaves its weekends as
 * weekends.
 */
export function buildYearDays(year: AcademicYear, closures: readonly Closure[]): CalendarDay[] {
  const days: CalendarDay[] = [];
  const length = daysBetween(year.startDate, year.endDate) + 1;
  let date = year.startDate;
  for (let i = 0; i < length; i++, date = addDays(date, 1)) {
    const weekend = isWeekend(date);
    const closure = closures.find((c) => c.startDate <= date && date <= c.endDate && (!weekend || c.startDate === c.endDate));
    let label: string | null = null;
    if (closure) label = closure.label;
    else if (weekend) label = WEEKEND;
    else if (!year.terms.some((t) => t.startDate <= date && date <= t.endDate)) label = breakLabel(year, date);
    days.push({ date, isSchoolDay: label === null, label });
  }
  return days;
}

export interface SchoolDayCount {
  name: string;
  startDate: string;
  endDate: string;
  schoolDays: number;
}

/** School days in each half-term and in the year, for checking against the authority's published count (190). */
export function schoolDayCounts(year: AcademicYear, days: readonly CalendarDay[]): { terms: SchoolDayCount[]; total: number } {
  const terms = year.terms.map((t) => ({
    ...t,
    schoolDays: days.filter((d) => d.isSchoolDay && t.startDate <= d.date && d.date <= t.endDate).length,
  }));
  return { terms, total: days.filter((d) => d.isSchoolDay && year.startDate <= d.date && d.date <= year.endDate).length };
}

function kindOfLabel(label: string): ClosureKind {
  const lower = label.toLowerCase();
  if (lower.startsWith('bank holiday')) return 'bank_holiday';
  if (lower.includes('inset')) return 'inset';
  if (lower.includes('polling')) return 'polling_day';
  return 'other';
}

/**
 * The closures that explain a calendar written before closures were kept (the demo school's, or one loaded
 * by hand): every date that is not a school day where the half-terms alone would say otherwise, as one-day
 * closures with the stored label, so rebuilding the year from its terms and these closures gives back the
 * same days.
 */
export function inferClosures(year: AcademicYear, stored: readonly CalendarDay[]): Closure[] {
  const base = new Map(buildYearDays(year, []).map((d) => [d.date, d]));
  const out: Closure[] = [];
  for (const day of stored) {
    const expected = base.get(day.date);
    if (!expected || day.isSchoolDay) continue;
    if (expected.isSchoolDay || expected.label !== day.label) {
      const label = day.label ?? 'Closed';
      out.push({ startDate: day.date, endDate: day.date, label, kind: kindOfLabel(label) });
    }
  }
  return out;
}
