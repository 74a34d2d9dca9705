/**
 * Ages, year groups and compulsory school age in England, all from a date of birth and a calendar date.
 *
 * A child born on 29 February has their birthday on 1 March in other years (the usual rule in England), so
 * they turn five, and sixteen, on 1 March when that year has no 29 February.
 */
import { academicYearStart, formatDate, isLeapYear, lastWeekdayOfMonth, parseDate } from './calendarDate';

const FRIDAY = 5;

/** Whole years on `date`; negative when the date is before the child was born. */
export function ageOn(dateOfBirth: string, date: string): number {
  const born = parseDate(dateOfBirth);
  const on = parseDate(date);
  const years = on.year - born.year;
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return hadBirthday ? years : years - 1;
}

/** The date on which the child turns `age`. */
export function birthdayAtAge(dateOfBirth: string, age: number): string {
  const born = parseDate(dateOfBirth);
  const year = born.year + age;
  if (born.month === 2 && born.day === 29 && !isLeapYear(year)) return formatDate({ year, month: 3, day: 1 });
  return formatDate({ year, month: born.month, day: born.day });
}

/**
 * The first day of compulsory school age. The law (Education Act 1996 s8, with the prescribed days 31
 * December, 31 March and 31 August) starts it on the first prescribed day on or after the fifth birthday.
 * Those days end a term, so in practice the child must attend from the next term (1 January, 1 April or
 * 1 September); we keep the legal date because 31 March can itself be a school day.
 */
export function compulsorySchoolAgeStarts(dateOfBirth: string): string {
  const fifth = birthdayAtAge(dateOfBirth, 5);
  const { year } = parseDate(fifth);
  const prescribedDays = [
    formatDate({ year, month: 3, day: 31 }),
    formatDate({ year, month: 8, day: 31 }),
    formatDate({ year, month: 12, day: 31 }),
  ];
  // 31 December is on or after every date in its year, so a prescribed day is always found.
  return prescribedDays.find((d) => d >= fifth)!;
}

/**
 * The last day of compulsory school age: the school leaving date (last Friday in June) of the academic year
 * in which the child turns sixteen. This is the exact legal date, not the 30 June approximation.
 */
export function compulsorySchoolAgeEnds(dateOfBirth: string): string {
  const sixteenth = birthdayAtAge(dateOfBirth, 16);
  const leavingYear = parseDate(academicYearStart(sixteenth)).year + 1;
  return lastWeekdayOfMonth(leavingYear, 6, FRIDAY);
}

/** Both ends are inclusive: the child is of compulsory school age on the day it starts and the day it ends. */
export function isCompulsorySchoolAge(dateOfBirth: string, date: string): boolean {
  parseDate(date);
  return compulsorySchoolAgeStarts(dateOfBirth) <= date && date <= compulsorySchoolAgeEnds(dateOfBirth);
}

/**
 * English year group on a date: 0 is Reception, 1 is Year 1, up to 13; negative numbers are nursery age and
 * above 13 is past school age. Children born 1 September Y to 31 August Y+1 start Reception on 1 September
 * Y+5. Pupils taught out of their age group are a school decision recorded on the pupil, not computed here.
 */
export function yearGroupOf(dateOfBirth: string, date: string): number {
  const born = parseDate(dateOfBirth);
  const cohortYear = born.month >= 9 ? born.year : born.year - 1;
  const academicYear = parseDate(academicYearStart(date)).year;
  return academicYear - (cohortYear + 5);
}
