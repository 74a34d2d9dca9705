import { describe, it, expect } from 'vitest';
import {
  consecutiveUnauthorisedDays,
  illnessSchoolDays,
  latesInWeek,
  penaltyNoticeWindows,
  type RegisterCell,
} from '../../src/domain/thresholds';
import { isSchoolDay, schoolDaysFromTo } from './schoolCalendarFixture';

/** Both sessions of a day with the given codes. */
function day(date: string, am: string, pm: string = am): RegisterCell[] {
  return [
    { date, session: 'AM', code: am },
    { date, session: 'PM', code: pm },
  ];
}

/** Both sessions of every school day from `from` to `to`, with the same code. */
function days(from: string, to: string, code: string): RegisterCell[] {
  return schoolDaysFromTo(from, to).flatMap((d) => day(d, code));
}

/** A school year of present marks in which to set absences, as a real register would have. */
const PRESENT_ALL_YEAR: RegisterCell[] = schoolDaysFromTo('2025-09-01', '2026-07-31').flatMap((d) => day(d, '/', '\\'));

/** The present year with some cells replaced. */
function withCodes(...changes: RegisterCell[][]): RegisterCell[] {
  const byKey = new Map(PRESENT_ALL_YEAR.map((c) => [`${c.date} ${c.session}`, c]));
  for (const cell of changes.flat()) byKey.set(`${cell.date} ${cell.session}`, cell);
  return [...byKey.values()];
}

const windowsOf = (cells: RegisterCell[]) =>
  penaltyNoticeWindows(cells, isSchoolDay).map(({ start, end, count }) => ({ start, end, count }));

// School weeks in autumn 2025 (Mondays): 1 Sep is week 1, 20 Oct week 8, half term is not one, 3 Nov is
// week 9, 10 Nov week 10, 17 Nov week 11, 15 Dec week 15; 5 Jan 2026 is week 16.
describe('penaltyNoticeWindows', () => {
  it('finds 10 sessions of O in the first week of term', () => {
    const cells = withCodes(days('2025-09-03', '2025-09-09', 'O'));
    expect(windowsOf(cells)).toEqual([{ start: '2025-09-01', end: '2025-11-16', count: 10 }]);
  });

  it.each<[string, RegisterCell[][]]>([
    ['9 sessions', [days('2025-09-03', '2025-09-08', 'O'), day('2025-09-09', 'O', '\\')]],
    ['9 sessions of O and 5 of N: N does not count', [days('2025-09-03', '2025-09-08', 'O'), day('2025-09-09', 'N', '\\'), days('2025-09-10', '2025-09-11', 'N')]],
    ['10 sessions of authorised absence', [days('2025-09-03', '2025-09-09', 'I')]],
    ['10 sessions, one of them on a Saturday', [days('2025-09-03', '2025-09-08', 'O'), day('2025-09-09', 'O', '\\'), [{ date: '2025-09-13', session: 'AM', code: 'O' }]]],
    // 5 in week 1 and 5 in week 11: eleven school weeks apart, even though half term makes it 12 calendar weeks
    ['5 sessions in week 1 and 5 in week 11', [days('2025-09-03', '2025-09-04', 'G'), day('2025-09-05', 'G', '\\'), days('2025-11-17', '2025-11-18', 'U'), day('2025-11-19', 'U', '\\')]],
  ])('finds nothing for %s', (_what, changes) => {
    expect(windowsOf(withCodes(...changes))).toEqual([]);
  });

  it('counts G, O and U together', () => {
    const cells = withCodes(day('2025-09-15', 'G'), day('2025-09-22', 'O'), day('2025-10-01', 'U'), day('2025-10-14', 'G', 'O'), day('2025-11-12', 'U'));
    expect(windowsOf(cells)).toEqual([{ start: '2025-09-15', end: '2025-11-30', count: 10 }]); // weeks 3-12
  });

  it('does not count half term as a school week', () => {
    // 5 sessions in week 1 and 5 in week 10: within 10 school weeks only because half term is skipped.
    const cells = withCodes(days('2025-09-03', '2025-09-04', 'G'), day('2025-09-05', 'G', '\\'), days('2025-11-10', '2025-11-11', 'U'), day('2025-11-12', 'U', '\\'));
    expect(windowsOf(cells)).toEqual([{ start: '2025-09-01', end: '2025-11-16', count: 10 }]);
  });

  it('spans Christmas and the new calendar year', () => {
    const cells = withCodes(days('2025-12-17', '2025-12-19', 'O'), days('2026-01-07', '2026-01-08', 'O'));
    expect(windowsOf(cells)).toEqual([{ start: '2025-12-15', end: '2026-03-15', count: 10 }]);
  });

  it('reports separate episodes separately', () => {
    const cells = withCodes(days('2025-09-03', '2025-09-09', 'O'), days('2026-02-02', '2026-02-06', 'G'));
    expect(windowsOf(cells)).toEqual([
      { start: '2025-09-01', end: '2025-11-16', count: 10 },
      { start: '2026-02-02', end: '2026-05-03', count: 10 },
    ]);
  });

  it('reports a window again only when it has a full threshold of sessions no earlier one counted', () => {
    // Both sessions of the first school day of each of the first 15 school weeks.
    const firstDays = ['2025-09-03', '2025-09-08', '2025-09-15', '2025-09-22', '2025-09-29', '2025-10-06', '2025-10-13', '2025-10-20', '2025-11-04', '2025-11-10', '2025-11-17', '2025-11-24', '2025-12-01', '2025-12-08', '2025-12-15'];
    const upTo = (weeks: number) => withCodes(...firstDays.slice(0, weeks).map((d) => day(d, 'O')));
    const first = { start: '2025-09-01', end: '2025-11-16', count: 20 }; // weeks 1-10
    // Weeks 11 to 14 add 2 to 8 new sessions: not yet another notice to consider.
    for (const weeks of [10, 11, 12, 14]) expect(windowsOf(upTo(weeks))).toEqual([first]);
    // Week 15 makes 10 new sessions: weeks 6-15 is the next window.
    expect(windowsOf(upTo(15))).toEqual([first, { start: '2025-10-06', end: '2025-12-21', count: 20 }]);
  });

  it('lists the sessions it counted, in order', () => {
    const cells = withCodes(days('2025-09-03', '2025-09-09', 'O'), day('2025-09-10', 'N'));
    const [window] = penaltyNoticeWindows([...cells].reverse(), isSchoolDay);
    expect(window.cells).toHaveLength(10);
    expect(window.cells[0]).toEqual({ date: '2025-09-03', session: 'AM', code: 'O' });
    expect(window.cells[1]).toEqual({ date: '2025-09-03', session: 'PM', code: 'O' });
    expect(window.cells.at(-1)).toEqual({ date: '2025-09-09', session: 'PM', code: 'O' });
  });

  it('ends the window where the calendar ends, if it ends first', () => {
    const cells = days('2026-12-09', '2026-12-15', 'O');
    expect(windowsOf(cells)).toEqual([{ start: '2026-12-07', end: '2026-12-20', count: 10 }]);
  });

  it('takes the numbers from the rule', () => {
    const cells = withCodes(day('2025-09-08', 'O'), day('2025-09-15', 'O'), day('2025-09-29', 'O'));
    expect(penaltyNoticeWindows(cells, isSchoolDay, { sessions: 4, schoolWeeks: 2 }).map((w) => w.start)).toEqual(['2025-09-08']);
    expect(penaltyNoticeWindows(cells, isSchoolDay, { sessions: 5, schoolWeeks: 2 })).toEqual([]);
    expect(penaltyNoticeWindows(cells, isSchoolDay, { sessions: 6, schoolWeeks: 4 })).toHaveLength(1);
    expect(() => penaltyNoticeWindows(cells, isSchoolDay, { sessions: 0, schoolWeeks: 10 })).toThrow(RangeError);
  });

  it('refuses two cells for the same session', () => {
    expect(() => penaltyNoticeWindows([...day('2025-09-08', 'O'), { date: '2025-09-08', session: 'AM', code: 'G' }], isSchoolDay)).toThrow(
      /Two cells for 2025-09-08 AM/,
    );
  });
});

describe('consecutiveUnauthorisedDays (both sessions, consecutive school days)', () => {
  it('runs across half term and the INSET day after it', () => {
    const cells = withCodes(days('2025-10-20', '2025-11-10', 'O'));
    expect(consecutiveUnauthorisedDays(cells, isSchoolDay)).toEqual({
      longestRun: { days: 10, start: '2025-10-20', end: '2025-11-10' },
      reportToLocalAuthority: true,
    });
  });

  it('counts G, N, O and U alike', () => {
    const cells = withCodes(days('2025-10-20', '2025-10-24', 'N'), days('2025-11-04', '2025-11-05', 'G'), day('2025-11-06', 'U', 'O'), days('2025-11-07', '2025-11-10', 'O'));
    expect(consecutiveUnauthorisedDays(cells, isSchoolDay).longestRun?.days).toBe(10);
  });

  it.each<[string, RegisterCell[], { days: number; start: string; end: string }]>([
    ['present in the afternoon', day('2025-11-05', 'O', '\\'), { days: 6, start: '2025-10-20', end: '2025-11-04' }],
    ['an appointment in the morning', day('2025-11-05', 'M', 'O'), { days: 6, start: '2025-10-20', end: '2025-11-04' }],
    ['late before the register closed', day('2025-11-05', 'L', 'O'), { days: 6, start: '2025-10-20', end: '2025-11-04' }],
  ])('a day with one session %s breaks the run', (_what, breaking, longestRun) => {
    const cells = withCodes(days('2025-10-20', '2025-11-10', 'O'), breaking);
    expect(consecutiveUnauthorisedDays(cells, isSchoolDay)).toEqual({ longestRun, reportToLocalAuthority: false });
  });

  it('a day with only one session recorded breaks the run', () => {
    const cells = withCodes(days('2025-10-20', '2025-11-10', 'O')).filter((c) => !(c.date === '2025-10-22' && c.session === 'PM'));
    expect(consecutiveUnauthorisedDays(cells, isSchoolDay).longestRun).toEqual({ days: 7, start: '2025-10-23', end: '2025-11-10' });
  });

  it('gives the later run when two are as long', () => {
    const cells = withCodes(days('2025-09-08', '2025-09-10', 'O'), days('2025-09-22', '2025-09-24', 'G'));
    expect(consecutiveUnauthorisedDays(cells, isSchoolDay).longestRun).toEqual({ days: 3, start: '2025-09-22', end: '2025-09-24' });
  });

  it('ignores codes on days that are not school days', () => {
    const cells = [...days('2025-09-08', '2025-09-12', 'O'), ...day('2025-09-13', 'O'), ...day('2025-09-14', 'O'), ...day('2025-09-15', 'O')];
    expect(consecutiveUnauthorisedDays(cells, isSchoolDay).longestRun).toEqual({ days: 6, start: '2025-09-08', end: '2025-09-15' });
  });

  it('9 days is not yet a report to the local authority', () => {
    const result = consecutiveUnauthorisedDays(withCodes(days('2025-10-20', '2025-11-07', 'O')), isSchoolDay);
    expect(result).toEqual({ longestRun: { days: 9, start: '2025-10-20', end: '2025-11-07' }, reportToLocalAuthority: false });
  });

  it('has no run without unauthorised absence', () => {
    expect(consecutiveUnauthorisedDays(PRESENT_ALL_YEAR, isSchoolDay)).toEqual({ longestRun: null, reportToLocalAuthority: false });
    expect(consecutiveUnauthorisedDays([], isSchoolDay)).toEqual({ longestRun: null, reportToLocalAuthority: false });
  });
});

describe('illnessSchoolDays', () => {
  const MONDAYS_OF_TERM = ['2025-09-08', '2025-09-15', '2025-09-22', '2025-09-29', '2025-10-06', '2025-10-13', '2025-10-20', '2025-11-10', '2025-11-17', '2025-11-24', '2025-12-01', '2025-12-08', '2025-12-15', '2026-01-05', '2026-01-12'];

  it('counts 15 separate days of illness in the year as a report to the local authority', () => {
    const cells = withCodes(...MONDAYS_OF_TERM.map((d) => day(d, 'I', '\\')));
    expect(illnessSchoolDays(cells, '2025-09-01', isSchoolDay)).toEqual({
      cumulativeDays: 15,
      longestRun: { days: 1, start: '2026-01-12', end: '2026-01-12' },
      reportToLocalAuthority: true,
    });
  });

  it('14 days is not yet a report', () => {
    const cells = withCodes(...MONDAYS_OF_TERM.slice(1).map((d) => day(d, '/', 'I')));
    expect(illnessSchoolDays(cells, '2025-09-01', isSchoolDay)).toMatchObject({ cumulativeDays: 14, reportToLocalAuthority: false });
  });

  it('counts a day once, whether one session or both were illness', () => {
    const cells = withCodes(day('2025-09-08', 'I'), day('2025-09-09', 'I', '\\'), day('2025-09-10', 'M', 'I'));
    expect(illnessSchoolDays(cells, '2025-09-01', isSchoolDay)).toEqual({
      cumulativeDays: 3,
      longestRun: { days: 3, start: '2025-09-08', end: '2025-09-10' },
      reportToLocalAuthority: false,
    });
  });

  it('runs consecutively over the Christmas holiday', () => {
    const cells = withCodes(days('2025-12-15', '2026-01-09', 'I'));
    expect(illnessSchoolDays(cells, '2025-09-01', isSchoolDay).longestRun).toEqual({ days: 10, start: '2025-12-15', end: '2026-01-09' });
  });

  it('counts only the school year asked for, but a run over the summer stays one run', () => {
    const cells = [...days('2026-07-13', '2026-07-22', 'I'), ...days('2026-09-02', '2026-09-11', 'I')];
    const run = { days: 16, start: '2026-07-13', end: '2026-09-11' };
    expect(illnessSchoolDays(cells, '2025-09-01', isSchoolDay)).toEqual({ cumulativeDays: 8, longestRun: run, reportToLocalAuthority: true });
    expect(illnessSchoolDays(cells, '2026-09-01', isSchoolDay)).toEqual({ cumulativeDays: 8, longestRun: run, reportToLocalAuthority: true });
    expect(illnessSchoolDays(cells, '2024-09-01', isSchoolDay)).toEqual({ cumulativeDays: 0, longestRun: null, reportToLocalAuthority: false });
  });

  it('ignores illness on a day that is not a school day', () => {
    expect(illnessSchoolDays(day('2025-09-13', 'I'), '2025-09-01', isSchoolDay).cumulativeDays).toBe(0);
  });

  it('refuses a year that does not start on 1 September', () => {
    expect(() => illnessSchoolDays([], '2025-09-03', isSchoolDay)).toThrow(RangeError);
  });
});

describe('latesInWeek', () => {
  it('counts L and U in each Monday-to-Sunday week, in date order', () => {
    const cells: RegisterCell[] = [
      { date: '2025-09-16', session: 'PM', code: 'L' },
      { date: '2025-09-08', session: 'AM', code: 'L' },
      { date: '2025-09-10', session: 'AM', code: 'U' },
      { date: '2025-09-12', session: 'AM', code: 'L' },
      { date: '2025-09-14', session: 'AM', code: 'L' }, // Sunday: still the week of 8 September
      { date: '2025-09-15', session: 'AM', code: 'N' },
      { date: '2025-09-15', session: 'PM', code: '\\' },
    ];
    expect(latesInWeek(cells)).toEqual([
      { weekStart: '2025-09-08', beforeRegisterClosed: 3, afterRegisterClosed: 1, total: 4, needsConversation: true },
      { weekStart: '2025-09-15', beforeRegisterClosed: 1, afterRegisterClosed: 0, total: 1, needsConversation: false },
    ]);
  });

  it.each([
    [['L', 'L'], 2, false],
    [['L', 'L', 'L'], 3, true],
    [['L', 'U', 'U'], 3, true],
    [['M', 'I', 'O'], 0, false],
  ])('%j in a week: %i lates, conversation %s', (codes, total, needsConversation) => {
    const dates = ['2025-09-08', '2025-09-09', '2025-09-10'];
    const cells = codes.map((code, i) => ({ date: dates[i], session: 'AM' as const, code }));
    const weeks = latesInWeek(cells);
    expect(weeks.reduce((sum, w) => sum + w.total, 0)).toBe(total);
    expect(weeks.some((w) => w.needsConversation)).toBe(needsConversation);
  });

  it('takes the school’s own threshold', () => {
    const cells = day('2025-09-08', 'L');
    expect(latesInWeek(cells)[0].needsConversation).toBe(false);
    expect(latesInWeek(cells, 2)[0].needsConversation).toBe(true);
  });
});
