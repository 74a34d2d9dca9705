/**
 * The national threshold for considering a penalty notice (DOMAIN.md §7): 10 or more sessions coded `G`, `O`
 * or `U` within any rolling window of 10 school weeks. It may span terms and school years. `N` does not
 * count: it is not a decision yet. Meeting the threshold means a notice must be considered, not issued.
 *
 * A school week is a calendar week, Monday to Sunday, with at least one school day (see schoolWeeks.ts), so
 * a window of 10 school weeks stretches over half term and the holidays.
 *
 * Which windows are reported: a window is named by its first school week. Any window with enough sessions
 * contains a window starting at the week of its first counted session with at least as many, so only those
 * are tried. A window is reported when it reaches the threshold with sessions no earlier reported window
 * counted: after a notice has been considered, it is considered again when the pupil has missed another
 * full threshold's worth of sessions, not at every further session (a chronic absentee would otherwise
 * raise a new alert almost every week, each overlapping the last).
 */
import { addDays } from './calendarDate';
import { sortedCells, type RegisterCell } from './registerCells';
import type { IsSchoolDay } from './schoolDays';
import { schoolWeekStarts, weekStartOf } from './schoolWeeks';

export interface PenaltyNoticeRule {
  /** Sessions of G, O or U that call for a notice to be considered. */
  sessions: number;
  /** Length of the rolling window, in school weeks. */
  schoolWeeks: number;
}

export const PENALTY_NOTICE_RULE: PenaltyNoticeRule = Object.freeze({ sessions: 10, schoolWeeks: 10 });

/** The codes the national threshold counts; every other code, including N, does not. */
export const PENALTY_NOTICE_CODES: ReadonlySet<string> = new Set(['G', 'O', 'U']);

export interface PenaltyNoticeWindow {
  /** Monday of the window's first school week. */
  start: string;
  /** Sunday of its last school week, or of the last one the calendar has if it ends sooner. */
  end: string;
  /** Sessions of G, O or U in the window. */
  count: number;
  /** Those sessions, in order, for the letter to the family. */
  cells: RegisterCell[];
}

/**
 * Cells on dates the calendar says are not school days are ignored: the register is only kept on school
 * days, so a code there is a data problem, not absence.
 */
export function penaltyNoticeWindows(
  cells: Iterable<RegisterCell>,
  isSchoolDay: IsSchoolDay,
  rule: PenaltyNoticeRule = PENALTY_NOTICE_RULE,
): PenaltyNoticeWindow[] {
  if (!Number.isInteger(rule.sessions) || rule.sessions < 1 || !Number.isInteger(rule.schoolWeeks) || rule.schoolWeeks < 1) {
    throw new RangeError(`A penalty notice rule needs whole numbers of 1 or more, got ${JSON.stringify(rule)}`);
  }
  const counted = sortedCells(cells).filter((c) => PENALTY_NOTICE_CODES.has(c.code) && isSchoolDay(c.date));
  if (counted.length < rule.sessions) return [];

  const weeks = schoolWeekStarts(counted[0].date, counted[counted.length - 1].date, isSchoolDay, rule.schoolWeeks - 1);
  const indexOfWeek = new Map(weeks.map((monday, i) => [monday, i]));
  // Every counted cell is on a school day, so its week is a school week and is in the map.
  const weekOf = counted.map((c) => indexOfWeek.get(weekStartOf(c.date))!);

  const windows: PenaltyNoticeWindow[] = [];
  let lastReported = -1;
  let last = 0;
  for (let first = 0; first < counted.length; first++) {
    if (first > 0 && weekOf[first] === weekOf[first - 1]) continue;
    const firstWeek = weekOf[first];
    const lastWeek = Math.min(firstWeek + rule.schoolWeeks - 1, weeks.length - 1);
    while (last + 1 < counted.length && weekOf[last + 1] <= lastWeek) last += 1;
    const count = last - first + 1;
    const fresh = last - Math.max(first, lastReported + 1) + 1;
    if (count >= rule.sessions && fresh >= rule.sessions) {
      windows.push({
        start: weeks[firstWeek],
        end: addDays(weeks[lastWeek], 6),
        count,
        cells: counted.slice(first, last + 1),
      });
      lastReported = last;
    }
  }
  return windows;
}
