import { describe, it, expect } from 'vitest';
import {
  checkTeacherMarkTiming,
  describeMarkTimingProblem,
  isRegisterSettled,
  openingWarning,
  registerClosesAt,
  registerOpensAt,
  settledCheckDates,
  type MarkTimingProblem,
  type SessionTimes,
} from '../../src/domain/registerWindow';
import type { Session } from '../../src/domain/codes';
import { addDays } from '../../src/domain/calendarDate';
import { schoolDayCalendar } from '../../src/domain/schoolDays';
import { CALENDAR_ROWS, isSchoolDay } from './schoolCalendarFixture';

const LONDON = 'Europe/London';
const SESSIONS: Record<Session, SessionTimes> = {
  AM: { opensAt: '08:45', openMinutes: 30 },
  PM: { opensAt: '13:15', openMinutes: 30 },
};
const utc = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('register opening and closing instants', () => {
  it.each<[string, Session, string, string]>([
    ['2026-06-01', 'AM', '2026-06-01T07:45:00Z', '2026-06-01T08:15:00Z'], // BST
    ['2026-06-01', 'PM', '2026-06-01T12:15:00Z', '2026-06-01T12:45:00Z'],
    ['2026-01-15', 'AM', '2026-01-15T08:45:00Z', '2026-01-15T09:15:00Z'], // GMT
    ['2026-03-30', 'AM', '2026-03-30T07:45:00Z', '2026-03-30T08:15:00Z'], // the Monday after spring forward
    ['2026-10-26', 'AM', '2026-10-26T08:45:00Z', '2026-10-26T09:15:00Z'], // the Monday after fall back
  ])('%s %s opens %s and closes %s', (date, session, opens, closes) => {
    expect(registerOpensAt(date, session, LONDON, SESSIONS)).toBe(utc(opens));
    expect(registerClosesAt(date, session, LONDON, SESSIONS)).toBe(utc(closes));
  });
});

describe('checkTeacherMarkTiming', () => {
  // [what happens, register date, session, observedAt, now, expected]
  const cases: Array<[string, string, Session, number, number, MarkTimingProblem | null]> = [
    ['on time', '2026-06-01', 'AM', utc('2026-06-01T07:50:00Z'), utc('2026-06-01T07:50:01Z'), null],
    ['exactly an hour early', '2026-06-01', 'AM', utc('2026-06-01T06:45:00Z'), utc('2026-06-01T06:45:00Z'), null],
    ['61 minutes early', '2026-06-01', 'AM', utc('2026-06-01T06:44:00Z'), utc('2026-06-01T06:50:00Z'), 'before_register_opens'],
    ['PM an hour early', '2026-06-01', 'PM', utc('2026-06-01T11:15:00Z'), utc('2026-06-01T11:20:00Z'), null],
    ['PM 61 minutes early', '2026-06-01', 'PM', utc('2026-06-01T11:14:00Z'), utc('2026-06-01T11:20:00Z'), 'before_register_opens'],
    ['after the register closed, same day', '2026-06-01', 'AM', utc('2026-06-01T14:00:00Z'), utc('2026-06-01T14:00:00Z'), null],
    ['late that evening (22:30 BST)', '2026-06-01', 'PM', utc('2026-06-01T21:30:00Z'), utc('2026-06-01T21:30:00Z'), null],
    ['at 00:30 local that day', '2026-06-01', 'AM', utc('2026-05-31T23:30:00Z'), utc('2026-05-31T23:30:00Z'), 'before_register_opens'],
    ['23:30 UTC is already the next local day', '2026-06-01', 'PM', utc('2026-06-01T23:30:00Z'), utc('2026-06-01T23:31:00Z'), 'observed_on_another_date'],
    ['observed yesterday', '2026-06-02', 'AM', utc('2026-06-01T07:50:00Z'), utc('2026-06-02T08:00:00Z'), 'observed_on_another_date'],
    ['observed in time, arriving 3 days later', '2026-06-01', 'AM', utc('2026-06-01T07:50:00Z'), utc('2026-06-01T07:50:00Z') + 3 * DAY, null],
    ['2 minutes ahead of the server: tolerated', '2026-06-01', 'AM', utc('2026-06-01T07:52:00Z'), utc('2026-06-01T07:50:00Z'), null],
    ['3 minutes ahead of the server', '2026-06-01', 'AM', utc('2026-06-01T07:53:00Z'), utc('2026-06-01T07:50:00Z'), 'in_future'],
    ['a register for tomorrow observed tomorrow (device clock a day ahead)', '2026-06-02', 'AM', utc('2026-06-02T07:50:00Z'), utc('2026-06-01T07:50:00Z'), 'in_future'],
    ['winter, on time', '2026-01-15', 'AM', utc('2026-01-15T08:50:00Z'), utc('2026-01-15T08:50:00Z'), null],
    ['winter, 61 minutes early', '2026-01-15', 'AM', utc('2026-01-15T07:44:00Z'), utc('2026-01-15T08:50:00Z'), 'before_register_opens'],
  ];

  it.each(cases)('%s', (_what, date, session, observedAt, now, expected) => {
    expect(checkTeacherMarkTiming({ date, session, observedAt, now, timeZone: LONDON, sessions: SESSIONS })).toBe(expected);
  });

  it('takes the opening time from the session setting', () => {
    const early = { AM: { opensAt: '07:30', openMinutes: 30 }, PM: SESSIONS.PM };
    const observedAt = utc('2026-06-01T05:35:00Z'); // 06:35 BST: 55 minutes before a 07:30 opening
    const p = { date: '2026-06-01', session: 'AM' as const, observedAt, now: observedAt, timeZone: LONDON };
    expect(checkTeacherMarkTiming({ ...p, sessions: early })).toBeNull();
    expect(checkTeacherMarkTiming({ ...p, sessions: SESSIONS })).toBe('before_register_opens');
  });

  it('judges the date in the school’s zone', () => {
    const observedAt = utc('2026-06-01T23:30:00Z');
    const p = { date: '2026-06-01', session: 'PM' as const, observedAt, now: observedAt + MINUTE, sessions: SESSIONS };
    expect(checkTeacherMarkTiming({ ...p, timeZone: 'UTC' })).toBeNull();
    expect(checkTeacherMarkTiming({ ...p, timeZone: LONDON })).toBe('observed_on_another_date');
  });

  it('has words for every problem', () => {
    for (const problem of ['observed_on_another_date', 'before_register_opens', 'in_future'] as const) {
      expect(describeMarkTimingProblem(problem)).toMatch(/not saved/);
    }
  });
});

describe('openingWarning', () => {
  it.each([
    [10, false],
    [30, false],
    [31, true],
    [45, true],
  ])('a register open %i minutes warns: %s', (openMinutes, warns) => {
    const warning = openingWarning({ opensAt: '08:45', openMinutes });
    if (warns) {
      expect(warning).toContain(String(openMinutes));
      expect(warning).toContain('30');
    } else {
      expect(warning).toBeNull();
    }
  });
});

describe('isRegisterSettled: how far back a mark may change a register by itself', () => {
  // [register date, the day the mark reaches the server, window in school days, settled?]
  const cases: Array<[string, string, number, boolean]> = [
    ['2026-11-24', '2026-11-24', 5, false], // today's register
    ['2026-11-16', '2026-11-23', 5, false], // the fifth school day after: still the deadline day
    ['2026-11-16', '2026-11-24', 5, true], // the day after the deadline
    ['2026-02-13', '2026-02-27', 5, false], // the half term week does not count: deadline Fri 27 Feb
    ['2026-02-13', '2026-03-02', 5, true],
    ['2026-11-20', '2026-11-23', 1, false], // a stricter school: one school day
    ['2026-11-20', '2026-11-24', 1, true],
    ['2026-11-23', '2026-11-23', 0, false], // "O at the end of the first day": same day only
    ['2026-11-23', '2026-11-24', 0, true],
    ['2026-02-13', '2026-02-16', 0, true], // a half term Monday is still a later day
  ];
  it.each(cases)('a mark for %s reaching the server on %s (window %i) settled: %s', (date, today, window, settled) => {
    expect(isRegisterSettled(date, today, window, isSchoolDay)).toBe(settled);
  });

  it('gives the same answer from only the dates settledCheckDates names as from the whole calendar', () => {
    const byDate = new Map(CALENDAR_ROWS.map((r) => [r.date, r]));
    let settledSeen = 0;
    for (const window of [0, 1, 5, 10]) {
      for (let d = '2026-01-02'; d < '2026-04-01'; d = addDays(d, 1)) {
        if (!isSchoolDay(d)) continue;
        for (let ahead = 0; ahead <= 20; ahead++) {
          const today = addDays(d, ahead);
          const needed = settledCheckDates(d, today, window);
          const partial = schoolDayCalendar(needed.map((n) => byDate.get(n)!).filter(Boolean));
          const expected = isRegisterSettled(d, today, window, isSchoolDay);
          if (expected) settledSeen += 1;
          expect(isRegisterSettled(d, today, window, partial), `${d} on ${today}, window ${window}`).toBe(expected);
        }
      }
    }
    expect(settledSeen).toBeGreaterThan(100);
  });

  it('needs no calendar at all for a mark within the window', () => {
    expect(settledCheckDates('2026-11-24', '2026-11-24', 5)).toEqual([]);
    expect(settledCheckDates('2026-11-18', '2026-11-23', 5)).toEqual([]);
    expect(settledCheckDates('2026-11-16', '2026-11-24', 5)).toHaveLength(8);
    expect(settledCheckDates('2026-11-23', '2026-11-24', 0)).toEqual(['2026-11-23']);
  });
});
