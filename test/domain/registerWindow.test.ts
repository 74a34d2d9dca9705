import { describe, it, expect } from 'vitest';
import {
  checkTeacherMarkTiming,
  describeMarkTimingProblem,
  openingWarning,
  registerClosesAt,
  registerOpensAt,
  type MarkTimingProblem,
  type SessionTimes,
} from '../../src/domain/registerWindow';
import type { Session } from '../../src/domain/codes';

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
