/** Hand-made answers of GET /api/office/attendance/patterns for the Attendance screen's tests (figures worked by hand). */
import type { AttendanceFigures, AttendancePatternsResponse, IsoWeekday, WeekFigures } from '../../../../src/protocol/officeFigures';
import { addDays } from '../../../../src/domain/time';

/** Counts of sessions with unrounded percentages, as the server sends them; null percentages when nothing was possible. */
export function figures(possible: number, attending: number, unauthorised = 0): AttendanceFigures {
  const authorised = possible - attending - unauthorised;
  return {
    possible, present: attending, aea: 0, authorised, unauthorised, unmarked: 0,
    attendancePercent: possible ? (attending / possible) * 100 : null,
    absencePercent: possible ? ((authorised + unauthorised) / possible) * 100 : null,
  };
}

/**
 * Morning: 2,857 of 3,000 attended (95.2333…%, shown 95.2%), 41 unauthorised (1.3667%, 1.4%).
 * Afternoon: 2,806 of 3,000 (93.5333…%, 93.5%: 1.7 points lower), 77 unauthorised (2.5667%, 2.6%: 1.2 points higher).
 */
export const SESSIONS = { AM: figures(3000, 2857, 41), PM: figures(3000, 2806, 77) };

/**
 * Attended of 1,200, and unauthorised: Monday 1,150 (95.8333…%, 95.8%) and 13 (1.0833%, 1.1%); Tuesday 1,160
 * (96.6667%, 96.7%) and 7 (0.5833%, 0.6%); Wednesday 1,157 (96.4167%, 96.4%) and 10 (0.8333%, 0.8%); Thursday
 * nothing possible (no sessions counted); Friday 1,093 (91.0833%, 91.1%: the lowest) and 29 (2.4167%, 2.4%).
 */
export const WEEKDAYS = [
  { weekday: 1 as IsoWeekday, ...figures(1200, 1150, 13) },
  { weekday: 2 as IsoWeekday, ...figures(1200, 1160, 7) },
  { weekday: 3 as IsoWeekday, ...figures(1200, 1157, 10) },
  { weekday: 4 as IsoWeekday, ...figures(0, 0) },
  { weekday: 5 as IsoWeekday, ...figures(1200, 1093, 29) },
];

/**
 * The weeks of `from` to `to`, Monday `firstMonday` onwards, except those in `holidays` (no school day, so not in
 * the answer): the nth week (0-based) attends 900 + n of 1,000 sessions (90.0%, 90.1%, …).
 */
export function weeks(firstMonday: string, lastMonday: string, from: string, to: string, holidays: string[] = []): WeekFigures[] {
  const list: WeekFigures[] = [];
  for (let monday = firstMonday, n = 0; monday <= lastMonday; monday = addDays(monday, 7), n++) {
    if (holidays.includes(monday)) continue;
    const friday = addDays(monday, 4);
    list.push({ monday, from: monday < from ? from : monday, to: friday > to ? to : friday, ...figures(1000, 900 + n) });
  }
  return list;
}

/** The school year so far has the weeks of 31 Aug to 23 Nov 2026 with half term (26 Oct) out; other dates, those of its weeks in them. */
export function patternsAnswer(from: string, to: string, extra: Partial<AttendancePatternsResponse> = {}): AttendancePatternsResponse {
  const inRange = weeks('2026-08-31', '2026-11-23', from, to, ['2026-10-26']).filter((w) => w.from <= w.to);
  return { from, to, weeks: inRange, sessions: SESSIONS, weekdays: WEEKDAYS, ...extra };
}
