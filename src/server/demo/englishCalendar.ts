// An English (England and Wales) school calendar for one academic year, 1 September to 31 August.
//
// Pure calendar arithmetic on 'YYYY-MM-DD' strings. Dates are civil (school-local) dates, never instants:
// the helpers below turn a date into a day number with Date.UTC only so that no time zone or clock change
// can shift a date. Nothing here reads the clock.
//
// The term pattern is a typical local-authority pattern, not any one authority's published dates:
// - Autumn term starts on the first weekday on or after 1 September with two INSET days; October half term
//   is the last full Monday-Friday week of October; the Christmas holiday is the two weeks before the spring
//   term, which starts on the first Monday on or after 2 January (a substitute New Year bank holiday that
//   falls on that Monday simply pushes pupils back a day).
// - February half term is the week whose Monday falls 12-18 February; the Easter holiday is the two weeks
//   from the Monday of Holy Week to the Friday after Easter (so Good Friday and Easter Monday fall inside).
// - Summer term: May half term is the week of the spring bank holiday (last Monday in May); the term ends
//   on the last weekday on or before 23 July.
// - Five INSET days: the first two weekdays of the autumn term, the first working day of the spring term,
//   the first working day of the summer term, and the last day of the summer term.
// - Bank holidays of England and Wales, with substitute days when a holiday falls at a weekend.

import { easterSunday, standardBankHolidays, type BankHoliday } from '../../domain/bankHolidays.js';

export type IsoDate = string;

export interface CalendarDay {
  date: IsoDate;
  isSchoolDay: boolean;
  label: string | null;
}

export interface Term {
  name: string;
  /** First working day of the half-term (INSET days included, bank holidays skipped). */
  startDate: IsoDate;
  /** Last working day of the half-term (INSET days included). */
  endDate: IsoDate;
}

export type { BankHoliday };

export interface AcademicYearCalendar {
  /** Calendar year in which the academic year starts (1 September of this year). */
  startYear: number;
  days: CalendarDay[];
  terms: Term[];
  bankHolidays: BankHoliday[];
  insetDays: IsoDate[];
}

// ---------------------------------------------------------------------------------------------------
// Date helpers (day numbers = days since 1970-01-01, computed with Date.UTC only)

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a civil date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Parse a strict 'YYYY-MM-DD' date; throws RangeError for anything else (including 2026-02-30). */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const back = fromDayNumber(dayNumber(year, month, day));
  if (back !== iso) throw new RangeError(`Not a valid calendar date: ${iso}`);
  return { year, month, day };
}

export function toDayNumber(iso: IsoDate): number {
  const { year, month, day } = parseIsoDate(iso);
  return dayNumber(year, month, day);
}

export function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth() + 1;
  const da = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(da).padStart(2, '0')}`;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return fromDayNumber(dayNumber(year, month, day));
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** Day of week of a day number: 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOfNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** Day of week: 0 = Sunday .. 6 = Saturday. */
export function dayOfWeek(iso: IsoDate): number {
  return weekdayOfNumber(toDayNumber(iso));
}

export function isWeekend(iso: IsoDate): boolean {
  const w = dayOfWeek(iso);
  return w === 0 || w === 6;
}

/** The calendar year in which the academic year containing `iso` started (September to August). */
export function academicYearStartYear(iso: IsoDate): number {
  const { year, month } = parseIsoDate(iso);
  return month >= 9 ? year : year - 1;
}

// Day-number versions used internally (avoid re-parsing strings in loops).
const MON = 1;

function firstWeekdayOnOrAfter(n: number, weekday: number): number {
  return n + ((weekday - weekdayOfNumber(n) + 7) % 7);
}

function lastWeekdayOnOrBefore(n: number, weekday: number): number {
  return n - ((weekdayOfNumber(n) - weekday + 7) % 7);
}

function isWeekendNumber(n: number): boolean {
  const w = weekdayOfNumber(n);
  return w === 0 || w === 6;
}

// ---------------------------------------------------------------------------------------------------
// Easter and bank holidays: the rules live in the domain (the admin's calendar offers them too). The demo
// uses the standing rules only, so its calendar stays as it was (one-off changes such as 2020's VE Day move
// or 2023's coronation are not modelled here).

export { easterSunday };
export const englandBankHolidays = standardBankHolidays;

// ---------------------------------------------------------------------------------------------------
// The academic year

interface Period {
  from: number;
  to: number;
  label: string;
}

/** Build the calendar for the academic year 1 September `startYear` .. 31 August `startYear + 1`. */
export function buildAcademicYearCalendar(startYear: number): AcademicYearCalendar {
  if (!Number.isInteger(startYear) || startYear < 1900 || startYear > 9998) {
    throw new RangeError(`Academic year start out of range: ${startYear}`);
  }
  const Y = startYear;
  const first = dayNumber(Y, 9, 1);
  const last = dayNumber(Y + 1, 8, 31);

  const bankHolidays = [...englandBankHolidays(Y), ...englandBankHolidays(Y + 1)].filter((b) => {
    const n = toDayNumber(b.date);
    return n >= first && n <= last;
  });
  const bankByDay = new Map<number, string>(bankHolidays.map((b) => [toDayNumber(b.date), b.name]));
  const isWorking = (n: number) => !isWeekendNumber(n) && !bankByDay.has(n);
  const nextWorking = (n: number) => {
    let d = n;
    while (!isWorking(d)) d++;
    return d;
  };
  const prevWorking = (n: number) => {
    let d = n;
    while (!isWorking(d)) d--;
    return d;
  };

  // Autumn term.
  const autumnStart = nextWorking(first);
  const octHalfTermMon = lastWeekdayOnOrBefore(dayNumber(Y, 10, 27), MON); // Monday such that Friday <= 31 Oct
  const springReturnMon = firstWeekdayOnOrAfter(dayNumber(Y + 1, 1, 2), MON);
  const christmasMon = springReturnMon - 14;

  // Spring term.
  const febHalfTermMon = firstWeekdayOnOrAfter(dayNumber(Y + 1, 2, 12), MON);
  const easter = toDayNumber(easterSunday(Y + 1));
  const easterHolidayMon = easter - 6;
  const easterHolidayFri = easter + 5;

  // Summer term.
  const mayHalfTermMon = lastWeekdayOnOrBefore(dayNumber(Y + 1, 5, 31), MON);
  const summerEnd = prevWorking(dayNumber(Y + 1, 7, 23));

  const terms: Term[] = [
    { name: 'Autumn 1', startDate: fromDayNumber(autumnStart), endDate: fromDayNumber(prevWorking(octHalfTermMon - 1)) },
    { name: 'Autumn 2', startDate: fromDayNumber(nextWorking(octHalfTermMon + 7)), endDate: fromDayNumber(prevWorking(christmasMon - 1)) },
    { name: 'Spring 1', startDate: fromDayNumber(nextWorking(springReturnMon)), endDate: fromDayNumber(prevWorking(febHalfTermMon - 1)) },
    { name: 'Spring 2', startDate: fromDayNumber(nextWorking(febHalfTermMon + 7)), endDate: fromDayNumber(prevWorking(easterHolidayMon - 1)) },
    { name: 'Summer 1', startDate: fromDayNumber(nextWorking(easterHolidayFri + 3)), endDate: fromDayNumber(prevWorking(mayHalfTermMon - 1)) },
    { name: 'Summer 2', startDate: fromDayNumber(nextWorking(mayHalfTermMon + 7)), endDate: fromDayNumber(summerEnd) },
  ];

  const holidays: Period[] = [
    { from: first, to: autumnStart - 1, label: 'Summer holiday' },
    { from: octHalfTermMon, to: octHalfTermMon + 4, label: 'Half term' },
    { from: christmasMon, to: springReturnMon - 1, label: 'Christmas holiday' },
    { from: febHalfTermMon, to: febHalfTermMon + 4, label: 'Half term' },
    { from: easterHolidayMon, to: easterHolidayFri, label: 'Easter holiday' },
    { from: mayHalfTermMon, to: mayHalfTermMon + 4, label: 'Half term' },
    { from: summerEnd + 1, to: last, label: 'Summer holiday' },
  ];

  const insetNumbers = [
    autumnStart,
    nextWorking(autumnStart + 1),
    toDayNumber(terms[2]!.startDate),
    toDayNumber(terms[4]!.startDate),
    summerEnd,
  ];
  const insetSet = new Set(insetNumbers);

  // Christmas Day, Boxing Day and New Year's Day falling at a weekend are not bank holidays themselves
  // (the substitute is), but a calendar should still name them.
  const namedDays = new Map<number, string>([
    [dayNumber(Y, 12, 25), 'Christmas Day'],
    [dayNumber(Y, 12, 26), 'Boxing Day'],
    [dayNumber(Y + 1, 1, 1), "New Year's Day"],
  ]);

  const days: CalendarDay[] = [];
  for (let n = first; n <= last; n++) {
    const bank = bankByDay.get(n);
    let isSchoolDay = false;
    let label: string | null;
    if (bank !== undefined) {
      label = `Bank holiday: ${bank}`;
    } else if (insetSet.has(n)) {
      label = 'INSET day';
    } else if (namedDays.has(n) && isWeekendNumber(n)) {
      label = namedDays.get(n)!;
    } else if (isWeekendNumber(n)) {
      label = 'Weekend';
    } else {
      const holiday = holidays.find((p) => n >= p.from && n <= p.to);
      if (holiday) {
        label = holiday.label;
      } else {
        isSchoolDay = true;
        label = null;
      }
    }
    days.push({ date: fromDayNumber(n), isSchoolDay, label });
  }

  return { startYear: Y, days, terms, bankHolidays, insetDays: insetNumbers.map(fromDayNumber) };
}

/** The calendar of the academic year containing `today`. */
export function academicYearCalendarFor(today: IsoDate): AcademicYearCalendar {
  return buildAcademicYearCalendar(academicYearStartYear(today));
}
