/**
 * Counting a cohort's register cells over a range (issue 11), fast enough for a secondary school's year.
 *
 * The range is cut into whole Monday-to-Sunday weeks, read from register_week_tallies, and the days at either
 * end, read from the cells. Weeks written since the tallies were last brought up to date (in this read's own
 * snapshot) are taken out of the tallies and counted from their cells instead. Cells on days that are not
 * school days are taken away, and the few pupils not on roll for the whole range are counted cell by cell
 * against their dates on roll. Every cell in the range is so counted exactly once; the tests compare it with
 * counting every cell by hand.
 */
import type { Queryable } from '../db/database.js';
import { addDays, isoWeekday } from '../../domain/calendarDate.js';
import { weekStartOf } from '../../domain/schoolWeeks.js';
import type { Session } from '../../domain/codes.js';
import {
  codeTallies, cohortCellsByDay, cohortCellsOnDates, offDayTallies, pupilCellsBetween,
} from '../repositories/attendanceFiguresRepository.js';
import {
  builtVersion, cellsOfWeeks, changedWeeks, weekTalliesByPupil, weekTalliesByWeek, weekTalliesOf, type WeekTally,
} from '../repositories/weekTalliesRepository.js';
import { onRollOn, type Cohort } from './cohort.js';

/** How a range is read: whole weeks from the tallies, the rest from the cells. */
export interface RangePlan {
  /** Mondays of the first and last whole week inside the range, or null when it holds no whole week. */
  weeks: { fromWeek: string; toWeek: string } | null;
  /** The days outside those weeks, as at most two runs. */
  edges: Array<{ from: string; until: string }>;
  /** The days in the range that are not school days. */
  offDays: string[];
}

export function planRange(from: string, until: string, schoolDays: readonly string[]): RangePlan {
  const offDays: string[] = [];
  let next = 0;
  for (let date = from; date <= until; date = addDays(date, 1)) {
    if (schoolDays[next] === date) next++;
    else offDays.push(date);
  }
  const firstMonday = isoWeekday(from) === 1 ? from : addDays(weekStartOf(from), 7);
  const lastMonday = isoWeekday(until) === 7 ? weekStartOf(until) : addDays(weekStartOf(until), -7);
  if (firstMonday > lastMonday) return { weeks: null, edges: [{ from, until }], offDays };
  const edges: RangePlan['edges'] = [];
  if (from < firstMonday) edges.push({ from, until: addDays(firstMonday, -1) });
  if (addDays(lastMonday, 7) <= until) edges.push({ from: addDays(lastMonday, 7), until });
  return { weeks: { fromWeek: firstMonday, toWeek: lastMonday }, edges, offDays };
}

/** No limit on the corrections: they are what was written in the moment since this read's refresh. */
const ALL = 1_000_000_000;

/**
 * Every pupil's cells on school days while on roll, from `from` to `until`, by code. Runs inside one snapshot
 * (the caller's repeatable-read transaction), after refreshWeekTallies.
 */
export async function talliesByPupil(tx: Queryable, schoolId: string, from: string, until: string, cohort: Cohort): Promise<Map<string, Map<string, number>>> {
  const plan = planRange(from, until, cohort.schoolDays);
  const partial = new Map(cohort.pupils.filter((p) => !p.wholeRange).map((p) => [p.pupilId, p]));
  const tallies = new Map<string, Map<string, number>>();
  const add = (pupilId: string, code: string, n: number) => {
    if (partial.has(pupilId)) return; // counted cell by cell below
    let codes = tallies.get(pupilId);
    if (!codes) tallies.set(pupilId, (codes = new Map()));
    codes.set(code, (codes.get(code) ?? 0) + n);
  };

  if (plan.weeks) {
    const built = await builtVersion(tx, schoolId);
    for (const t of await weekTalliesByPupil(tx, schoolId, plan.weeks.fromWeek, plan.weeks.toWeek)) add(t.pupilId, t.code, t.sessions);
    const changed = await changedWeeks(tx, schoolId, built, ALL, plan.weeks);
    for (const t of await weekTalliesOf(tx, schoolId, changed)) add(t.pupilId, t.code, -t.sessions);
    for (const c of await cellsOfWeeks(tx, schoolId, changed)) add(c.pupilId, c.code, 1);
  }
  for (const edge of plan.edges) for (const t of await codeTallies(tx, schoolId, edge.from, edge.until)) add(t.pupilId, t.code, t.sessions);
  for (const t of await offDayTallies(tx, schoolId, plan.offDays)) add(t.pupilId, t.code, -t.sessions);

  const schoolDay = new Set(cohort.schoolDays);
  for (const c of await pupilCellsBetween(tx, schoolId, [...partial.keys()], from, until)) {
    if (!schoolDay.has(c.date) || !onRollOn(partial.get(c.pupilId)!.spans, c.date)) continue;
    let codes = tallies.get(c.pupilId);
    if (!codes) tallies.set(c.pupilId, (codes = new Map()));
    codes.set(c.code, (codes.get(c.code) ?? 0) + 1);
  }
  return tallies;
}

/** Code counts in one bucket of the patterns: a week, a session, or a day of the week. */
export type CodeCounts = Map<string, number>;

export interface PatternTallies {
  /** By the week's Monday. */
  weeks: Map<string, CodeCounts>;
  sessions: Record<Session, CodeCounts>;
  /** By ISO weekday, 1 (Monday) to 7. */
  weekdays: Map<number, CodeCounts>;
}

function addTo(bucket: Map<string | number, CodeCounts>, key: string | number, code: string, n: number) {
  let codes = bucket.get(key);
  if (!codes) bucket.set(key, (codes = new Map()));
  codes.set(code, (codes.get(code) ?? 0) + n);
}

function addCode(codes: CodeCounts, code: string, n: number) {
  codes.set(code, (codes.get(code) ?? 0) + n);
}

/**
 * The cohort's cells on school days while on roll, from `from` to `until`, counted by week, by session and by
 * day of the week. Same snapshot rules as talliesByPupil.
 */
export async function talliesByPattern(tx: Queryable, schoolId: string, from: string, until: string, cohort: Cohort): Promise<PatternTallies> {
  const plan = planRange(from, until, cohort.schoolDays);
  const whole = cohort.pupils.filter((p) => p.wholeRange).map((p) => p.pupilId);
  const wholeSet = new Set(whole);
  const out: PatternTallies = { weeks: new Map(), sessions: { AM: new Map(), PM: new Map() }, weekdays: new Map() };
  const addCell = (date: string, session: Session, code: string, n: number) => {
    addTo(out.weeks, weekStartOf(date), code, n);
    addCode(out.sessions[session], code, n);
    addTo(out.weekdays, isoWeekday(date), code, n);
  };
  const addWeek = (week: string, t: WeekTally, sign: 1 | -1) => {
    addTo(out.weeks, week, t.code, sign * t.sessions);
    addCode(out.sessions.AM, t.code, sign * t.am);
    addCode(out.sessions.PM, t.code, sign * (t.sessions - t.am));
    t.days.forEach((n, i) => { if (n !== 0) addTo(out.weekdays, i + 1, t.code, sign * n); });
  };

  if (plan.weeks) {
    const built = await builtVersion(tx, schoolId);
    for (const t of await weekTalliesByWeek(tx, schoolId, whole, plan.weeks.fromWeek, plan.weeks.toWeek)) addWeek(t.week, t, 1);
    const changed = (await changedWeeks(tx, schoolId, built, ALL, plan.weeks)).filter((c) => wholeSet.has(c.pupilId));
    for (const t of await weekTalliesOf(tx, schoolId, changed)) addWeek(t.week, t, -1);
    for (const c of await cellsOfWeeks(tx, schoolId, changed)) addCell(c.date, c.session, c.code, 1);
  }
  for (const edge of plan.edges) for (const c of await cohortCellsByDay(tx, schoolId, whole, edge.from, edge.until)) addCell(c.date, c.session, c.code, c.sessions);
  for (const c of await cohortCellsOnDates(tx, schoolId, whole, plan.offDays)) addCell(c.date, c.session, c.code, -c.sessions);

  const partial = new Map(cohort.pupils.filter((p) => !p.wholeRange).map((p) => [p.pupilId, p]));
  const schoolDay = new Set(cohort.schoolDays);
  for (const c of await pupilCellsBetween(tx, schoolId, [...partial.keys()], from, until)) {
    if (schoolDay.has(c.date) && onRollOn(partial.get(c.pupilId)!.spans, c.date)) addCell(c.date, c.session, c.code, 1);
  }
  return out;
}
