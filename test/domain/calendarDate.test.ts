import { describe, it, expect } from 'vitest';
import {
  academicYearStart,
  addDays,
  daysBetween,
  isoWeekday,
  isValidDate,
  lastWeekdayOfMonth,
  parseDate,
} from '../../src/domain/time';

describe('isValidDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-05', false],
    ['26-01-05', false],
    ['2026-01-05T00:00', false],
    ['', false],
    // There is no year 0 (PostgreSQL refuses it); year 1 is the first.
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
  ])('%j is %s', (date, valid) => {
    expect(isValidDate(date)).toBe(valid);
  });

  it('parseDate refuses what isValidDate refuses', () => {
    expect(() => parseDate('2026-02-30')).toThrow(RangeError);
    expect(parseDate('2026-03-29')).toEqual({ year: 2026, month: 3, day: 29 });
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'], // the spring clock change does not shorten the calendar
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-09-01', 0, '2026-09-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
  ])('%s plus %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('counts days backwards as negative', () => {
    expect(daysBetween('2026-09-01', '2026-08-31')).toBe(-1);
  });

  it('refuses fractions of a day', () => {
    expect(() => addDays('2026-09-01', 0.5)).toThrow(RangeError);
  });
});

describe('isoWeekday', () => {
  it.each([
    ['2026-03-29', 7], // last Sunday of March 2026
    ['2026-03-30', 1],
    ['2026-10-25', 7],
    ['2026-09-04', 5],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
    ['2000-02-29', 2],
  ])('%s is weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  it('finds the last Friday in June', () => {
    expect(lastWeekdayOfMonth(2026, 6, 5)).toBe('2026-06-26');
    expect(lastWeekdayOfMonth(2028, 6, 5)).toBe('2028-06-30');
    expect(lastWeekdayOfMonth(2026, 3, 7)).toBe('2026-03-29');
  });
});

describe('academicYearStart', () => {
  it.each([
    ['2026-09-01', '2026-09-01'],
    ['2026-08-31', '2025-09-01'],
    ['2027-01-15', '2026-09-01'],
    ['2026-12-31', '2026-09-01'],
  ])('%s is in the year starting %s', (date, start) => {
    expect(academicYearStart(date)).toBe(start);
  });
});
