/**
 * The attendance figures (issue 11, office and admin), documented in docs/office-api.md:
 * - GET /api/office/attendance?from&to&groupId&yearGroup&send&fsm&eal&lookedAfter&gender: every pupil's
 *   attendance over a range, with the totals of the school or the chosen cohort (AttendanceResponse);
 * - GET /api/office/attendance/patterns (same filters): the cohort's totals week by week, by session and by
 *   day of the week (AttendancePatternsResponse).
 * The arithmetic is the domain's (statistics.ts, attendanceBands.ts); the counting is figures/countCells.ts.
 */
import type { FastifyInstance } from 'fastify';
import { findCode, type Session } from '../../domain/codes.js';
import { addCounts, emptyCounts, summariseCounts, type AttendanceCounts } from '../../domain/statistics.js';
import { bandFor } from '../../domain/attendanceBands.js';
import { addDays, isoWeekday } from '../../domain/calendarDate.js';
import { weekStartOf } from '../../domain/schoolWeeks.js';
import type {
  AttendanceFigures, AttendancePatternsResponse, AttendanceResponse, IsoWeekday, PupilAttendance,
} from '../../protocol/officeFigures.js';
import { DEFAULT_ATTENDANCE_BANDS } from '../../protocol/adminSchool.js';
import { attendanceSettings, currentTerm } from '../repositories/attendanceFiguresRepository.js';
import { refreshWeekTallies } from '../repositories/weekTalliesRepository.js';
import { groupName } from '../repositories/officeRecordsRepository.js';
import { figuresRange, parseAttendanceQuery, type FiguresRange, type ParsedAttendanceQuery } from '../figures/attendanceQuery.js';
import { loadCohort, onRollOn, type Cohort } from '../figures/cohort.js';
import { talliesByPattern, talliesByPupil, type CodeCounts } from '../figures/countCells.js';
import { countsOf, emptyTally, type ClassTally } from '../figures/classTally.js';
import type { AppDeps } from '../app.js';
import type { Database, Queryable } from '../db/database.js';
import { badRequest, byName, OFFICE_ROLES, pupilName, schoolToday } from './officeQuery.js';

/** The counts of some code tallies, by each code's statistical class in the national code table. */
function countTallies(tallies: Iterable<[string, number]>): { counts: AttendanceCounts; marked: number } {
  const counts = emptyCounts();
  let marked = 0;
  for (const [code, sessions] of tallies) {
    marked += sessions;
    switch (findCode(code)?.class) {
      case 'present': counts.present += sessions; break;
      case 'aea': counts.aea += sessions; break;
      case 'authorised': counts.authorised += sessions; break;
      case 'unauthorised': counts.unauthorised += sessions; break;
      case undefined: counts.unrecognised += sessions; break;
      default: // not possible, not counted, not collected: a mark, but not a possible session
    }
  }
  counts.possible = counts.present + counts.aea + counts.authorised + counts.unauthorised;
  return { counts, marked };
}

function figures(counts: AttendanceCounts, unmarked: number) {
  const s = summariseCounts(counts);
  const shown: AttendanceFigures = {
    possible: s.possible, present: s.present, aea: s.aea, authorised: s.authorised, unauthorised: s.unauthorised, unmarked,
    attendancePercent: s.attendancePercent, absencePercent: s.absencePercent,
  };
  return { shown, persistentAbsence: s.persistentAbsence, severeAbsence: s.severeAbsence };
}

/** The figures of one bucket of code counts, given the sessions on roll in it. */
function bucketFigures(codes: CodeCounts | undefined, sessionsOnRoll: number): AttendanceFigures {
  const { counts, marked } = countTallies(codes ?? []);
  return figures(counts, sessionsOnRoll - marked).shown;
}

interface FiguresRequest {
  schoolId: string;
  q: ParsedAttendanceQuery;
  range: FiguresRange;
  settings: Awaited<ReturnType<typeof attendanceSettings>>;
  today: string;
}

/** Reads and checks the query, the school's settings and today, and brings the weekly tallies up to date. */
async function figuresRequest(db: Database, schoolId: string, query: unknown, now: number): Promise<FiguresRequest> {
  const q = parseAttendanceQuery(query);
  const settings = await attendanceSettings(db, schoolId);
  const today = schoolToday(now, settings.timeZone);
  const range = figuresRange(q, today);
  if (q.groupId !== undefined && !(await groupName(db, schoolId, q.groupId))) {
    throw badRequest('That class is not known at this school.', 'unknown_group');
  }
  await refreshWeekTallies(db, schoolId);
  return { schoolId, q, range, settings, today };
}

/**
 * The answer of GET /api/office/attendance for one school and query (the query string, unparsed). The trust
 * overview (routes/trust.ts) reads each school's figures here, so they are the school's own.
 */
export async function schoolAttendance(db: Database, schoolId: string, query: unknown, now: number): Promise<AttendanceResponse> {
  const { q, range, settings, today } = await figuresRequest(db, schoolId, query, now);
  const bands = settings.bands ?? DEFAULT_ATTENDANCE_BANDS;
  const { cohort, tallies, term } = await db.transaction(async (tx) => {
    await withoutJit(tx);
    const cohort = await loadCohort(tx, schoolId, range, q);
    const tallies = range.from <= range.countUntil ? await talliesByPupil(tx, schoolId, range.from, range.countUntil, cohort) : new Map<string, ClassTally>();
    return { cohort, tallies, term: await currentTerm(tx, schoolId, today) };
  }, { repeatableRead: true });

  let totalCounts = emptyCounts();
  let totalUnmarked = 0;
  let persistentPupils = 0;
  let severePupils = 0;
  const pupils: PupilAttendance[] = cohort.pupils.sort(byName).map((p) => {
    const tally = tallies.get(p.pupilId) ?? emptyTally();
    const counts = countsOf(tally);
    const marked = tally.marked;
    const unmarked = p.sessionsOnRoll - marked;
    const f = figures(counts, unmarked);
    totalCounts = addCounts(totalCounts, counts);
    totalUnmarked += unmarked;
    if (f.persistentAbsence) persistentPupils++;
    if (f.severeAbsence) severePupils++;
    return {
      pupilId: p.pupilId, name: pupilName(p), groupId: p.groupId, groupName: p.groupName, yearGroup: p.yearGroup,
      ...f.shown, persistentAbsence: f.persistentAbsence, severeAbsence: f.severeAbsence,
      band: bandFor(f.shown.attendancePercent, bands)?.name ?? null,
      flags: p.flags,
    };
  });
  return {
    from: range.from,
    to: range.to,
    target: settings.target,
    term,
    pupils,
    totals: { pupils: pupils.length, ...figures(totalCounts, totalUnmarked).shown, persistentAbsence: persistentPupils, severeAbsence: severePupils },
  };
}

export function officeAttendanceRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/office/attendance', { preHandler: app.requireRole([...OFFICE_ROLES]) }, async (request): Promise<AttendanceResponse> =>
    schoolAttendance(deps.db, request.user!.schoolId, request.query, deps.clock.now()));

  app.get('/api/office/attendance/patterns', { preHandler: app.requireRole([...OFFICE_ROLES]) }, async (request): Promise<AttendancePatternsResponse> => {
    const { schoolId, q, range } = await figuresRequest(deps.db, request.user!.schoolId, request.query, deps.clock.now());
    const { cohort, tallies } = await deps.db.transaction(async (tx) => {
      await withoutJit(tx);
      const cohort = await loadCohort(tx, schoolId, range, q);
      const tallies = range.from <= range.countUntil ? await talliesByPattern(tx, schoolId, range.from, range.countUntil, cohort) : null;
      return { cohort, tallies };
    }, { repeatableRead: true });
    const onRoll = sessionsOnRoll(cohort);
    const weeks = [...onRoll.weeks.keys()].sort().map((monday) => ({
      monday,
      from: monday < range.from ? range.from : monday,
      to: addDays(monday, 6) > range.to ? range.to : addDays(monday, 6),
      ...bucketFigures(tallies?.weeks.get(monday), onRoll.weeks.get(monday)!),
    }));
    const weekdays = [...onRoll.weekdays.keys()].sort((a, b) => a - b).map((weekday) => ({
      weekday: weekday as IsoWeekday,
      ...bucketFigures(tallies?.weekdays.get(weekday), onRoll.weekdays.get(weekday)!),
    }));
    return {
      from: range.from,
      to: range.to,
      weeks,
      sessions: {
        AM: bucketFigures(tallies?.sessions.AM, onRoll.sessions.AM),
        PM: bucketFigures(tallies?.sessions.PM, onRoll.sessions.PM),
      },
      weekdays,
    };
  });
}

/**
 * PostgreSQL compiles a query with LLVM when its estimated cost is high, and the estimates here are far too
 * high (130 off days × every cell of a day, say) for queries that read a few index entries: the compiling
 * took 200 ms of a 1 ms query. These reads are many small queries, so none gains from it. PGlite accepts the
 * setting and has no JIT anyway.
 */
async function withoutJit(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL jit = off');
}

/** The sessions the cohort was on roll for on school days, by week, by session and by day of the week. */
function sessionsOnRoll(cohort: Cohort): { weeks: Map<string, number>; sessions: Record<Session, number>; weekdays: Map<number, number> } {
  const whole = cohort.pupils.filter((p) => p.wholeRange).length;
  const partial = cohort.pupils.filter((p) => !p.wholeRange);
  const weeks = new Map<string, number>();
  const weekdays = new Map<number, number>();
  let perSession = 0;
  for (const day of cohort.schoolDays) {
    const pupils = whole + partial.filter((p) => onRollOn(p.spans, day)).length;
    const week = weekStartOf(day);
    weeks.set(week, (weeks.get(week) ?? 0) + 2 * pupils);
    weekdays.set(isoWeekday(day), (weekdays.get(isoWeekday(day)) ?? 0) + 2 * pupils);
    perSession += pupils;
  }
  return { weeks, sessions: { AM: perSession, PM: perSession }, weekdays };
}
