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
  cohortCellsByDay, cohortCellsOnDates, offDayTallies, spanCellsByDay, spanTallies,
} from '../repositories/attendanceFiguresRepository.js';
import {
  builtVersion, cellsOfWeeks, changedWeeks, weekTalliesByWeek, weekTalliesOf, type WeekTally,
} from '../repositories/weekTalliesRepository.js';
import { classTalliesByPupil } from '../repositories/blockTalliesRepository.js';
import { addCode, addTally, emptyTally, type ClassTally } from './classTally.js';
import { onRollOn, type Cohort, type Span } from './cohort.js';

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

/** The days (0 = Monday) of the week of `monday` that fall from `from` to `until`. */
function daysInRange(monday: string, from: string, until: string): number[] {
  const days: number[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(monday, i);
    if (date >= from && date <= until) days.push(i);
  }
  return days;
}

/** Merges a pupil's spans on roll, clipped to the range, so no day is counted twice. */
function clippedSpans(spans: readonly Span[], from: string, until: string): Span[] {
  const clipped = spans
    .map((s) => ({ start: s.start > from ? s.start : from, end: s.end < until ? s.end : until }))
    .filter((s) => s.start <= s.end)
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  const merged: Span[] = [];
  for (const s of clipped) {
    const last = merged[merged.length - 1];
    if (last && s.start <= addDays(last.end, 1)) last.end = s.end > last.end ? s.end : last.end;
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * Every pupil's marks on school days while on roll, from `from` to `until`, by statistical class. Runs inside
 * one snapshot (the caller's repeatable-read transaction), after refreshWeekTallies. The weeks of the range
 * come from the tallies, the first and last only for their days in the range; the pupil-weeks written since
 * the tallies were built are counted from their cells; cells on days that are not school days are taken away;
 * joiners and leavers are counted between their own dates.
 */
export async function talliesByPupil(tx: Queryable, schoolId: string, from: string, until: string, cohort: Cohort): Promise<Map<string, ClassTally>> {
  const partial = new Map(cohort.pupils.filter((p) => !p.wholeRange).map((p) => [p.pupilId, p]));
  const tallies = new Map<string, ClassTally>();
  const tallyOf = (pupilId: string) => {
    let tally = tallies.get(pupilId);
    if (!tally) tallies.set(pupilId, (tally = emptyTally()));
    return tally;
  };

  const fromWeek = weekStartOf(from);
  const toWeek = weekStartOf(until);
  const daysOf = (week: string) => daysInRange(week, from, until);
  const weeks = { fromWeek, toWeek, firstDays: daysOf(fromWeek), lastDays: daysOf(toWeek) };
  for (const row of await classTalliesByPupil(tx, schoolId, weeks)) {
    if (!partial.has(row.pupilId)) addTally(tallyOf(row.pupilId), row);
  }
  const built = await builtVersion(tx, schoolId);
  // Asked for every week written since (few rows, off the version index) and chosen here: asked for a range of
  // weeks, a never-analysed PGlite scanned the year by date instead.
  const changed = (await changedWeeks(tx, schoolId, built, ALL)).filter((c) => c.week >= fromWeek && c.week <= toWeek && !partial.has(c.pupilId));
  for (const t of await weekTalliesOf(tx, schoolId, changed)) {
    addCode(tallyOf(t.pupilId), t.code, -daysOf(t.week).reduce((n, d) => n + t.days[d], 0));
  }
  for (const c of await cellsOfWeeks(tx, schoolId, changed)) if (c.date >= from && c.date <= until) addCode(tallyOf(c.pupilId), c.code, 1);

  const spans = [...partial.values()].flatMap((p) => clippedSpans(p.spans, from, until).map((s) => ({ pupilId: p.pupilId, from: s.start, until: s.end })));
  for (const t of await spanTallies(tx, schoolId, spans)) addCode(tallyOf(t.pupilId), t.code, t.sessions);

  const schoolDays = new Set(cohort.schoolDays);
  const offDays = [];
  for (let date = from; date <= until; date = addDays(date, 1)) if (!schoolDays.has(date)) offDays.push(date);
  for (const t of await offDayTallies(tx, schoolId, offDays)) {
    const joinerOrLeaver = partial.get(t.pupilId);
    if (!joinerOrLeaver || onRollOn(joinerOrLeaver.spans, t.date)) addCode(tallyOf(t.pupilId), t.code, -t.sessions);
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

function addToCounts(codes: CodeCounts, code: string, n: number) {
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
    addToCounts(out.sessions[session], code, n);
    addTo(out.weekdays, isoWeekday(date), code, n);
  };
  const addWeek = (week: string, t: WeekTally, sign: 1 | -1) => {
    addTo(out.weeks, week, t.code, sign * t.sessions);
    addToCounts(out.sessions.AM, t.code, sign * t.am);
    addToCounts(out.sessions.PM, t.code, sign * (t.sessions - t.am));
    t.days.forEach((n, i) => { if (n !== 0) addTo(out.weekdays, i + 1, t.code, sign * n); });
  };

  if (plan.weeks) {
    const built = await builtVersion(tx, schoolId);
    for (const t of await weekTalliesByWeek(tx, schoolId, whole, plan.weeks.fromWeek, plan.weeks.toWeek)) addWeek(t.week, t, 1);
    const weeks = plan.weeks;
    const changed = (await changedWeeks(tx, schoolId, built, ALL)).filter((c) => c.week >= weeks.fromWeek && c.week <= weeks.toWeek && wholeSet.has(c.pupilId));
    for (const t of await weekTalliesOf(tx, schoolId, changed)) addWeek(t.week, t, -1);
    for (const c of await cellsOfWeeks(tx, schoolId, changed)) addCell(c.date, c.session, c.code, 1);
  }
  for (const edge of plan.edges) for (const c of await cohortCellsByDay(tx, schoolId, whole, edge.from, edge.until)) addCell(c.date, c.session, c.code, c.sessions);
  for (const c of await cohortCellsOnDates(tx, schoolId, whole, plan.offDays)) addCell(c.date, c.session, c.code, -c.sessions);

  // Joiners and leavers: their cells between their own dates, counted by day (on school days only).
  const spans = cohort.pupils.filter((p) => !p.wholeRange).flatMap((p) => clippedSpans(p.spans, from, until).map((s) => ({ pupilId: p.pupilId, from: s.start, until: s.end })));
  const schoolDay = new Set(cohort.schoolDays);
  for (const c of await spanCellsByDay(tx, schoolId, spans)) if (schoolDay.has(c.date)) addCell(c.date, c.session, c.code, c.sessions);
  return out;
}
