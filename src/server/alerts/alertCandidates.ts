/**
 * Which pupils could meet a statutory threshold (issue 11), found in register_week_tallies so that the alerts
 * read only those pupils' cells: a secondary school's year has about 35,000 cells with an alert code, and on
 * PGlite handing a row to JavaScript costs more than anything else the alerts do.
 *
 * The answer must be exactly the one every pupil's cells would give, so each condition below is one that a
 * pupil with an alert must meet; a pupil who meets one but has no alert costs only their cells.
 *
 * Whose cells the alerts see. For each pupil the route reads the cells with an alert code from `loadFrom` to
 * `to` (the read range), and further back only when their earliest run of unauthorised days or of illness
 * begins on `firstDay`, the first school day read (runReachesBack). Every pupil with an I, or both sessions
 * unauthorised, on `firstDay` is a candidate, so those pupils are read as before. For every other pupil the
 * cells are exactly those of the read range, and every count below is of cells in it. (That keeps the answer
 * exact even when the lookback stops short at a gap in the calendar, where a run or window reaching back
 * before `loadFrom` could otherwise count cells no tally in the range holds.)
 *
 * The necessary conditions, from pupilAlerts.ts and the domain's rules:
 * - Penalty notice (penaltyNotice.ts): a window has at least 10 sessions of G, O or U on school days within
 *   10 consecutive school weeks (the school weeks of the calendar between its counted cells, holidays
 *   skipped). So some 10 consecutive school weeks of the read range hold at least 10 such sessions.
 * - Continuous unauthorised absence (thresholds.ts unauthorisedDayRuns): a run of at least 10 consecutive
 *   school days, each with both sessions unauthorised (G, N, O, U). Its first 10 days lie within `runWeeks`
 *   consecutive school weeks: the most school weeks any 10 consecutive school days of the read range touch
 *   (3 in an ordinary calendar; more where a week has only a day or two of school). So some `runWeeks`
 *   consecutive school weeks hold at least 10 days with both sessions unauthorised.
 * - Illness (illnessDays): 15 school days with an I in one academic year, or a run of 15; either way at least
 *   15 days with an I in the read range.
 * - Lateness (latesInWeek): some Monday-to-Sunday week with at least the school's number of L or U sessions.
 *   Every week counts here, school week or not (latesInWeek does not look at the calendar).
 * The tallies count every cell, on school days or not, and whole weeks even where the read range starts or
 * ends mid-week: they can only count more than the rules do, which only adds candidates.
 *
 * The tallies are as of their `built_version`: every pupil with a cell written after it (in this snapshot) is
 * a candidate too, so nothing written since is missed.
 */
import { addDays, isoWeekday } from '../../domain/calendarDate.js';
import { PENALTY_NOTICE_RULE } from '../../domain/penaltyNotice.js';
import type { IsSchoolDay } from '../../domain/schoolDays.js';
import { isSchoolWeek, weekStartOf } from '../../domain/schoolWeeks.js';
import { CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS, ILLNESS_SCHOOL_DAYS } from '../../domain/thresholds.js';
import type { Queryable } from '../db/database.js';
import { alertCandidates as candidatesInTallies, type CandidateQuery } from '../repositories/alertsRepository.js';
import { builtVersion, changedWeeks } from '../repositories/weekTalliesRepository.js';

/** More pupil-weeks written since the tallies were built than this, and every pupil's cells are read. */
const MAX_CHANGED_WEEKS = 20_000;

export interface CandidateRange {
  /** The read range. */
  loadFrom: string;
  to: string;
  /** The first school day of the read range (the route's reach-back day). */
  firstDay: string;
  /** The school days of the calendar, in order (at least those from `loadFrom` to `to`). */
  schoolDays: readonly string[];
  isSchoolDay: IsSchoolDay;
  latesInWeek: number;
}

/**
 * The pupils whose cells the alerts must read, or null for every pupil (the tallies were never built, or too
 * much was written since). Runs in the caller's repeatable-read snapshot, after refreshWeekTallies.
 */
export async function alertCandidatePupils(tx: Queryable, schoolId: string, range: CandidateRange): Promise<Set<string> | null> {
  const built = await builtVersion(tx, schoolId);
  if (built < 0) return null;
  // Every week written since, not only the read range's: asked for the range, a PGlite that has never been
  // analysed scanned every cell of it by date (500 ms) instead of the few by version, and a pupil too many
  // costs only their cells.
  const changed = await changedWeeks(tx, schoolId, built, MAX_CHANGED_WEEKS + 1);
  if (changed.length > MAX_CHANGED_WEEKS) return null;
  const candidates = new Set(await candidatesInTallies(tx, schoolId, candidateQuery(range)));
  for (const { pupilId } of changed) candidates.add(pupilId);
  return candidates;
}

/** The conditions above as numbers for the SQL. */
export function candidateQuery(range: CandidateRange): CandidateQuery {
  const fromWeek = weekStartOf(range.loadFrom);
  const toWeek = weekStartOf(range.to);
  const schoolWeeks: string[] = [];
  for (let week = fromWeek; week <= toWeek; week = addDays(week, 7)) if (isSchoolWeek(week, range.isSchoolDay)) schoolWeeks.push(week);
  const daysRead = range.schoolDays.filter((d) => d >= range.loadFrom && d <= range.to);
  return {
    fromWeek,
    toWeek,
    schoolWeeks,
    penaltyWeeks: PENALTY_NOTICE_RULE.schoolWeeks,
    penaltySessions: PENALTY_NOTICE_RULE.sessions,
    runWeeks: weeksSpanned(daysRead, CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS, schoolWeeks),
    runDays: CONTINUOUS_UNAUTHORISED_SCHOOL_DAYS,
    illnessDays: ILLNESS_SCHOOL_DAYS,
    latesInWeek: range.latesInWeek,
    firstDay: { week: weekStartOf(range.firstDay), day: isoWeekday(range.firstDay) - 1 },
  };
}

/** The most school weeks that any `days` consecutive school days among `schoolDays` touch (1 when there are fewer). */
export function weeksSpanned(schoolDays: readonly string[], days: number, schoolWeeks: readonly string[]): number {
  const index = new Map(schoolWeeks.map((w, i) => [w, i]));
  const weekIndex = (date: string) => index.get(weekStartOf(date))!;
  let most = 1;
  for (let i = 0; i + days - 1 < schoolDays.length; i++) {
    most = Math.max(most, weekIndex(schoolDays[i + days - 1]) - weekIndex(schoolDays[i]) + 1);
  }
  return most;
}
