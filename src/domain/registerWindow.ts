/**
 * When a teacher's or TA's mark is allowed, judged by when they saw the pupil (observedAt), not by when the
 * mark reached the server: a tablet may be offline for days and its marks are still good.
 *
 * Whether the date is a school day, and whether this person may register this group, are checked elsewhere.
 * observedAt should already be corrected by the device's estimated clock offset.
 */
import { addDays, daysBetween } from './calendarDate';
import type { Session } from './codes';
import { isNOverdue, type IsSchoolDay } from './schoolDays';
import { instantOf, localDateOf } from './time';

export interface SessionTimes {
  /** When the register starts to be taken, `HH:MM` school-local. */
  opensAt: string;
  /** How long it stays open; lates after this are `U`. */
  openMinutes: number;
}

/** A teacher may take the register up to an hour before it opens (early arrivals, breakfast club). */
export const EARLY_OPENING_MINUTES = 60;

/** The attendance guidance: a register stays open for at most 30 minutes, the same for AM and PM. */
export const MAX_GUIDANCE_OPEN_MINUTES = 30;

/** Device clocks drift; a mark this little ahead of the server's clock is still believed. */
export const FUTURE_TOLERANCE_MINUTES = 2;

const MS_PER_MINUTE = 60_000;

export type MarkTimingProblem = 'observed_on_another_date' | 'before_register_opens' | 'in_future';

export function registerOpensAt(
  date: string,
  session: Session,
  timeZone: string,
  sessions: Record<Session, SessionTimes>,
): number {
  return instantOf(date, sessions[session].opensAt, timeZone);
}

/** Opening plus the open minutes as elapsed time, so a clock change cannot stretch or shrink the window. */
export function registerClosesAt(
  date: string,
  session: Session,
  timeZone: string,
  sessions: Record<Session, SessionTimes>,
): number {
  return registerOpensAt(date, session, timeZone, sessions) + sessions[session].openMinutes * MS_PER_MINUTE;
}

/**
 * Null when the mark's timing is acceptable, else the first problem found. A time in the future is checked
 * first: if the device clock is ahead, its date and opening-time checks would be judging a wrong clock.
 */
export function checkTeacherMarkTiming(p: {
  date: string;
  session: Session;
  observedAt: number;
  now: number;
  timeZone: string;
  sessions: Record<Session, SessionTimes>;
}): MarkTimingProblem | null {
  if (p.observedAt > p.now + FUTURE_TOLERANCE_MINUTES * MS_PER_MINUTE) return 'in_future';
  if (localDateOf(p.observedAt, p.timeZone) !== p.date) return 'observed_on_another_date';
  const opensAt = registerOpensAt(p.date, p.session, p.timeZone, p.sessions);
  if (p.observedAt < opensAt - EARLY_OPENING_MINUTES * MS_PER_MINUTE) return 'before_register_opens';
  return null;
}

/**
 * How far back a mark may still change a register by itself. A register is *settled* once the school's
 * window for resolving `N` (DOMAIN.md §5: `windowSchoolDays` school days after the session, default 5) has
 * passed on the day the mark reaches the server (`today`, the server's school-local date): by then the
 * office has had to turn every `N` in it into a real code, and its lists (unresolved N, statistics, alerts)
 * have been acted on. A mark for a settled register, however honest its observation time, goes to the office
 * to decide instead. The same day count as isNOverdue, so "settled" and "N overdue" can never disagree.
 *
 * A genuinely offline tablet keeps working for the whole window: its marks are applied as before.
 */
export function isRegisterSettled(date: string, today: string, windowSchoolDays: number, isSchoolDay: IsSchoolDay): boolean {
  if (date >= today) return false;
  return isNOverdue(date, today, windowSchoolDays, isSchoolDay);
}

/**
 * The calendar dates isRegisterSettled needs to know about (the session's own date up to yesterday), or
 * none when the register cannot be settled yet whatever the calendar says: a window of n ≥ 1 school days
 * needs at least n + 1 calendar days to pass, and a window of 0 needs one. So today's marks, and an offline
 * tablet's marks within the window, cost no calendar lookup at all.
 */
export function settledCheckDates(date: string, today: string, windowSchoolDays: number): string[] {
  const span = daysBetween(date, today);
  if (span <= windowSchoolDays || span <= 0) return [];
  return Array.from({ length: span }, (_, i) => addDays(date, i));
}

/** What to tell the person whose mark was refused, in words they can act on. */
export function describeMarkTimingProblem(problem: MarkTimingProblem): string {
  switch (problem) {
    case 'observed_on_another_date':
      return (
        "This mark was taken on a different day from the register's date, so it was not saved. " +
        'Ask the office to record it.'
      );
    case 'before_register_opens':
      return 'This mark was taken more than an hour before the register opens, so it was not saved.';
    case 'in_future':
      return (
        "This device's clock is ahead of the school's, so the mark was not saved. " +
        'Check the date and time settings.'
      );
  }
}

/** A warning for the admin screen when the setting breaks the guidance; the software still accepts it. */
export function openingWarning(times: SessionTimes): string | null {
  if (times.openMinutes <= MAX_GUIDANCE_OPEN_MINUTES) return null;
  return (
    `The register stays open for ${times.openMinutes} minutes. ` +
    `The attendance guidance allows at most ${MAX_GUIDANCE_OPEN_MINUTES} minutes; ` +
    `set ${MAX_GUIDANCE_OPEN_MINUTES} or fewer to follow it.`
  );
}
