import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../src/domain/calendarDate';
import {
  addSchoolDays,
  DEFAULT_N_WINDOW_SCHOOL_DAYS,
  findSchoolDay,
  isNOverdue,
  schoolDayCalendar,
  schoolDaysBetween,
  unresolvedNDeadline,
} from '../../src/domain/schoolDays';
import { CALENDAR_FIRST, isSchoolDay } from './schoolCalendarFixture';

describe('the calendar predicate', () => {
  it('knows only the school days it was given', () => {
    const calendar = schoolDayCalendar([
      { date: '2025-10-24', isSchoolDay: true },
      { date: '2025-10-27', isSchoolDay: false },
    ]);
    expect(calendar('2025-10-24')).toBe(true);
    expect(calendar('2025-10-27')).toBe(false);
    expect(calendar('2025-10-23')).toBe(false); // not in the calendar at all
  });

  it('the fixture has half term, the INSET day and Christmas as closures', () => {
    expect(isSchoolDay('2025-10-24')).toBe(true);
    expect(isSchoolDay('2025-10-29')).toBe(false);
    expect(isSchoolDay('2025-11-03')).toBe(false);
    expect(isSchoolDay('2025-11-04')).toBe(true);
    expect(isSchoolDay('2025-12-25')).toBe(false);
    expect(isSchoolDay('2027-01-04')).toBe(false); // past the end of the calendar
  });
});

describe('addSchoolDays', () => {
  it.each([
    // [from, n, result, why]
    ['2025-09-08', 1, '2025-09-09', 'an ordinary Monday'],
    ['2025-09-12', 1, '2025-09-15', 'Friday to Monday'],
    ['2025-09-08', 5, '2025-09-15', 'a whole ordinary week'],
    ['2025-10-24', 1, '2025-11-04', 'over half term and the INSET day'],
    ['2025-10-24', 5, '2025-11-10', 'the Friday before half term'],
    ['2025-10-20', 5, '2025-11-04', 'the Monday before half term'],
    ['2025-10-22', 5, '2025-11-06', 'the Wednesday before half term'],
    ['2025-12-17', 5, '2026-01-07', 'over Christmas'],
    ['2025-12-19', 1, '2026-01-05', 'the last day of term'],
    ['2025-10-25', 1, '2025-11-04', 'from a Saturday in half term'],
    ['2025-09-01', 1, '2025-09-03', 'from an INSET day'],
    ['2025-09-08', 0, '2025-09-08', 'n = 0 on a school day is that day'],
    ['2025-10-25', 0, '2025-11-04', 'n = 0 on a closure is the next school day'],
    ['2025-12-25', 0, '2026-01-05', 'n = 0 on Christmas Day'],
  ])('%s plus %i school days is %s (%s)', (from, n, expected) => {
    expect(addSchoolDays(from, n, isSchoolDay)).toBe(expected);
  });

  it('refuses a negative or fractional count and a malformed date', () => {
    expect(() => addSchoolDays('2025-09-08', -1, isSchoolDay)).toThrow(RangeError);
    expect(() => addSchoolDays('2025-09-08', 1.5, isSchoolDay)).toThrow(RangeError);
    expect(() => addSchoolDays('2025-09-31', 1, isSchoolDay)).toThrow(RangeError);
  });

  it('throws, rather than guessing, when the calendar runs out', () => {
    expect(addSchoolDays('2026-12-17', 1, isSchoolDay)).toBe('2026-12-18');
    expect(() => addSchoolDays('2026-12-18', 1, isSchoolDay)).toThrow(/calendar/);
    expect(findSchoolDay('2026-12-18', 1, isSchoolDay)).toBeNull();
  });

  it('findSchoolDay stops at the last date it is allowed to look at', () => {
    expect(findSchoolDay('2025-10-24', 1, isSchoolDay, '2025-11-03')).toBeNull();
    expect(findSchoolDay('2025-10-24', 1, isSchoolDay, '2025-11-04')).toBe('2025-11-04');
    expect(findSchoolDay('2025-11-05', 0, isSchoolDay, '2025-11-04')).toBeNull();
  });
});

describe('schoolDaysBetween (strictly after from, up to and including to)', () => {
  it.each([
    ['2025-10-24', '2025-10-24', 0],
    ['2025-10-24', '2025-11-03', 0], // half term and the INSET day
    ['2025-10-24', '2025-11-04', 1],
    ['2025-10-24', '2025-11-10', 5],
    ['2025-10-20', '2025-11-04', 5],
    ['2025-10-25', '2025-11-02', 0],
    ['2025-12-19', '2026-01-05', 1],
    ['2025-12-01', '2025-12-31', 14], // 1 Dec is a Monday; 14 school days follow before the holiday
    ['2025-11-10', '2025-10-24', -5],
  ])('from %s to %s is %i', (from, to, expected) => {
    expect(schoolDaysBetween(from, to, isSchoolDay)).toBe(expected);
  });
});

describe('the deadline for resolving N', () => {
  it('defaults to the statutory 5 school days', () => {
    expect(DEFAULT_N_WINDOW_SCHOOL_DAYS).toBe(5);
  });

  it.each([
    // [session date, window, deadline]
    ['2025-09-08', 5, '2025-09-15'],
    ['2025-10-24', 5, '2025-11-10'], // the Friday before half term: the second Monday back
    ['2025-10-20', 5, '2025-11-04'],
    ['2025-12-17', 5, '2026-01-07'],
    ['2025-12-19', 5, '2026-01-09'],
    ['2025-09-08', 1, '2025-09-09'],
    ['2025-10-24', 1, '2025-11-04'],
    ['2025-12-19', 1, '2026-01-05'],
    // 0: resolved by the end of the day of absence (a strict school's "O at the end of the first day")
    ['2025-09-08', 0, '2025-09-08'],
    ['2025-12-19', 0, '2025-12-19'],
  ])('an N on %s with a window of %i is due by %s', (sessionDate, window, deadline) => {
    expect(unresolvedNDeadline(sessionDate, window, isSchoolDay)).toBe(deadline);
  });

  it('refuses a window that is not a whole number of days', () => {
    expect(() => unresolvedNDeadline('2025-09-08', -1, isSchoolDay)).toThrow(RangeError);
    expect(() => isNOverdue('2025-09-08', '2025-09-20', 2.5, isSchoolDay)).toThrow(RangeError);
  });

  it.each([
    // [session date, today, window, overdue]
    ['2025-10-24', '2025-10-24', 5, false],
    ['2025-10-24', '2025-10-31', 5, false], // half term does not use up the window
    ['2025-10-24', '2025-11-07', 5, false],
    ['2025-10-24', '2025-11-08', 5, false], // a Saturday: the deadline (Monday) has not come yet
    ['2025-10-24', '2025-11-10', 5, false], // the deadline itself: still time today
    ['2025-10-24', '2025-11-11', 5, true],
    ['2025-12-17', '2026-01-02', 5, false], // Christmas holiday
    ['2025-12-17', '2026-01-07', 5, false],
    ['2025-12-17', '2026-01-08', 5, true],
    ['2025-12-19', '2025-12-22', 1, false],
    ['2025-12-19', '2026-01-05', 1, false],
    ['2025-12-19', '2026-01-06', 1, true],
    ['2025-09-08', '2025-09-09', 1, false],
    ['2025-09-08', '2025-09-10', 1, true],
    ['2025-09-08', '2025-09-08', 0, false],
    ['2025-09-08', '2025-09-09', 0, true],
    ['2025-09-12', '2025-09-13', 0, true], // a Friday's N is already overdue on Saturday under the strict rule
    ['2025-09-10', '2025-09-08', 5, false], // today is before the session
  ])('an N on %s, today %s, window %i: overdue %s', (sessionDate, today, window, overdue) => {
    expect(isNOverdue(sessionDate, today, window, isSchoolDay)).toBe(overdue);
  });

  it('is not overdue, and does not throw, when the calendar ends before the deadline', () => {
    expect(isNOverdue('2026-12-16', '2027-01-20', 5, isSchoolDay)).toBe(false);
  });
});

// Any date in the calendar, school day or not, and counts that cross holidays. The last date (16 September
// 2026) leaves more than 40 school days before the calendar runs out on 18 December 2026, so adding up to 40
// never runs off its end (offset 420, 26 October 2026, plus 40 did, about once in fifty runs).
const calendarDate = fc.integer({ min: 0, max: 380 }).map((offset) => addDays(CALENDAR_FIRST, offset));

describe('properties', () => {
  it('counting the school days back gives n again, and the answer is a school day', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 1, max: 40 }), (date, n) => {
        const later = addSchoolDays(date, n, isSchoolDay);
        expect(isSchoolDay(later)).toBe(true);
        expect(schoolDaysBetween(date, later, isSchoolDay)).toBe(n);
        // ...and it is the first date with that count: the day before has one fewer.
        expect(schoolDaysBetween(date, addDays(later, -1), isSchoolDay)).toBe(n - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a then b school days is adding a + b', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), (date, a, b) => {
        expect(addSchoolDays(addSchoolDays(date, a, isSchoolDay), b, isSchoolDay)).toBe(addSchoolDays(date, a + b, isSchoolDay));
      }),
      { numRuns: 300 },
    );
  });

  it('schoolDaysBetween adds up over a middle date', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, calendarDate, (a, b, c) => {
        expect(schoolDaysBetween(a, b, isSchoolDay) + schoolDaysBetween(b, c, isSchoolDay)).toBe(
          schoolDaysBetween(a, c, isSchoolDay),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('an N is overdue exactly when today is after its deadline', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, fc.integer({ min: 0, max: 7 }), (sessionDate, today, window) => {
        const deadline = unresolvedNDeadline(sessionDate, window, isSchoolDay);
        expect(isNOverdue(sessionDate, today, window, isSchoolDay)).toBe(today > deadline);
      }),
      { numRuns: 500 },
    );
  });
});
