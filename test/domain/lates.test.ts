import { describe, it, expect } from 'vitest';
import { describeLateProposal, proposeLateCode, type LateProposal } from '../../src/domain/lates';
import type { Session } from '../../src/domain/codes';
import type { SessionTimes } from '../../src/domain/registerWindow';

const LONDON = 'Europe/London';
const SESSIONS: Record<Session, SessionTimes> = {
  AM: { opensAt: '08:45', openMinutes: 30 },
  PM: { opensAt: '13:15', openMinutes: 30 },
};
const utc = (iso: string) => Date.parse(iso);

describe('proposeLateCode', () => {
  // [what happens, date, session, arrival (UTC), code, minutes late, register closed at]
  const cases: Array<[string, string, Session, string, 'L' | 'U', number, string]> = [
    ['12 minutes after opening (BST)', '2026-06-01', 'AM', '2026-06-01T07:57:00Z', 'L', 12, '09:15'],
    ['seconds are dropped, not rounded', '2026-06-01', 'AM', '2026-06-01T07:57:59Z', 'L', 12, '09:15'],
    ['as the register opens', '2026-06-01', 'AM', '2026-06-01T07:45:00Z', 'L', 0, '09:15'],
    ['before it opens: never negative', '2026-06-01', 'AM', '2026-06-01T07:30:00Z', 'L', 0, '09:15'],
    ['the last second before it closes', '2026-06-01', 'AM', '2026-06-01T08:14:59Z', 'L', 29, '09:15'],
    ['the moment it closes', '2026-06-01', 'AM', '2026-06-01T08:15:00Z', 'U', 30, '09:15'],
    ['an hour and 17 minutes late', '2026-06-01', 'AM', '2026-06-01T09:02:00Z', 'U', 77, '09:15'],
    ['afternoon, before it closes', '2026-06-01', 'PM', '2026-06-01T12:40:00Z', 'L', 25, '13:45'],
    ['afternoon, after it closes', '2026-06-01', 'PM', '2026-06-01T12:45:00Z', 'U', 30, '13:45'],
    ['winter (GMT)', '2026-01-15', 'AM', '2026-01-15T08:57:00Z', 'L', 12, '09:15'],
    ['the Monday after the clocks went back', '2026-10-26', 'AM', '2026-10-26T09:20:00Z', 'U', 35, '09:15'],
    ['the Monday after the clocks went forward', '2026-03-30', 'AM', '2026-03-30T07:50:00Z', 'L', 5, '09:15'],
  ];

  it.each(cases)('%s', (_what, date, session, arrival, code, minutesLate, registerClosedAt) => {
    expect(proposeLateCode({ arrivedAt: utc(arrival), date, session, timeZone: LONDON, sessions: SESSIONS })).toEqual({
      code,
      minutesLate,
      registerClosedAt,
    });
  });

  it('takes the register times from the school’s settings', () => {
    const arrivedAt = utc('2026-06-01T07:55:00Z'); // 08:55 BST
    const p = { arrivedAt, date: '2026-06-01', session: 'AM' as const, timeZone: LONDON };
    const shortRegister = { ...SESSIONS, AM: { opensAt: '08:30', openMinutes: 20 } };
    expect(proposeLateCode({ ...p, sessions: shortRegister })).toEqual({ code: 'U', minutesLate: 25, registerClosedAt: '08:50' });
    const longRegister = { ...SESSIONS, AM: { opensAt: '08:30', openMinutes: 45 } };
    expect(proposeLateCode({ ...p, sessions: longRegister })).toEqual({ code: 'L', minutesLate: 25, registerClosedAt: '09:15' });
  });

  it('works in the school’s zone, not the machine’s', () => {
    const arrivedAt = utc('2026-06-01T13:00:00Z'); // 09:00 in New York
    const p = { arrivedAt, date: '2026-06-01', session: 'AM' as const, sessions: SESSIONS };
    expect(proposeLateCode({ ...p, timeZone: 'America/New_York' })).toEqual({ code: 'L', minutesLate: 15, registerClosedAt: '09:15' });
  });

  // A register open across the clock change (a Sunday event, say) shows it: minutes are elapsed time, not
  // the difference between wall-clock times.
  it('counts elapsed minutes when the clocks go back during the register', () => {
    const night = { AM: { opensAt: '01:15', openMinutes: 60 }, PM: SESSIONS.PM };
    const p = { date: '2026-10-25', session: 'AM' as const, timeZone: LONDON, sessions: night };
    // Opens at the first 01:15 (BST, 00:15 UTC) and closes an hour later, which the clock shows as 01:15 GMT.
    expect(proposeLateCode({ ...p, arrivedAt: utc('2026-10-25T00:45:00Z') })).toEqual({ code: 'L', minutesLate: 30, registerClosedAt: '01:15' });
    // 01:45 GMT looks like 30 minutes after a 01:15 opening, but it is 90.
    expect(proposeLateCode({ ...p, arrivedAt: utc('2026-10-25T01:45:00Z') })).toEqual({ code: 'U', minutesLate: 90, registerClosedAt: '01:15' });
  });

  it('counts elapsed minutes when the clocks go forward during the register', () => {
    const night = { AM: { opensAt: '00:30', openMinutes: 60 }, PM: SESSIONS.PM };
    const p = { date: '2026-03-29', session: 'AM' as const, timeZone: LONDON, sessions: night };
    // 02:10 BST looks like 100 minutes after 00:30 GMT, but it is 40; the register closes at 02:30 BST.
    expect(proposeLateCode({ ...p, arrivedAt: utc('2026-03-29T01:10:00Z') })).toEqual({ code: 'L', minutesLate: 40, registerClosedAt: '02:30' });
  });

  it('refuses an arrival on another date from the register', () => {
    const p = { date: '2026-06-01', session: 'AM' as const, timeZone: LONDON, sessions: SESSIONS };
    expect(() => proposeLateCode({ ...p, arrivedAt: utc('2026-06-02T07:50:00Z') })).toThrow(/2026-06-02/);
    // 23:30 UTC on 31 May is already 00:30 on 1 June in London, so it is the register's date.
    expect(proposeLateCode({ ...p, arrivedAt: utc('2026-05-31T23:30:00Z') }).code).toBe('L');
  });
});

describe('describeLateProposal', () => {
  it.each<[LateProposal, string]>([
    [{ code: 'L', minutesLate: 12, registerClosedAt: '09:20' }, 'Arrived 12 minutes late, before the register closed at 09:20: L'],
    [{ code: 'L', minutesLate: 1, registerClosedAt: '09:15' }, 'Arrived 1 minute late, before the register closed at 09:15: L'],
    [{ code: 'L', minutesLate: 0, registerClosedAt: '09:15' }, 'Arrived less than a minute late, before the register closed at 09:15: L'],
    [{ code: 'U', minutesLate: 47, registerClosedAt: '13:45' }, 'Arrived 47 minutes late, after the register closed at 13:45: U'],
  ])('%j', (proposal, sentence) => {
    expect(describeLateProposal(proposal)).toBe(sentence);
  });
});
