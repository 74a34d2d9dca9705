/**
 * GET /api/office/attendance?from&to&groupId&yearGroup&send&fsm&eal&lookedAfter&gender (issue 11, office and
 * admin): every pupil's attendance over a range, with the totals of the school or the chosen cohort. The
 * arithmetic is the domain's (statistics.ts, attendanceBands.ts); the counting is SQL
 * (attendanceFiguresRepository.ts). The answer is AttendanceResponse (protocol/officeFigures.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findCode } from '../../domain/codes.js';
import { addCounts, emptyCounts, summariseCounts, type AttendanceCounts } from '../../domain/statistics.js';
import { bandFor } from '../../domain/attendanceBands.js';
import { academicYearStart, addDays, daysBetween } from '../../domain/time.js';
import { isoDateSchema } from '../../protocol/index.js';
import type { AttendanceFigures, AttendanceResponse, PupilAttendance } from '../../protocol/officeFigures.js';
import { DEFAULT_ATTENDANCE_BANDS } from '../../protocol/adminSchool.js';
import {
  attendanceSettings, codeTallies, enrolmentsInRange, membershipsInRange, offDayTallies, pupilCellsBetween, schoolDaysBetween,
  pupilsMatching, type MembershipRow, type PupilRecordRow,
} from '../repositories/attendanceFiguresRepository.js';
import { groupName } from '../repositories/officeRecordsRepository.js';
import type { AppDeps } from '../app.js';
import { badRequest, byName, OFFICE_ROLES, pupilName, schoolToday } from './officeQuery.js';

/** Like a pupil's page: up to about ten years. */
const MAX_RANGE_DAYS = 3660;

/** A query-string yes/no: `true` or `false`, nothing else, so a typo is refused rather than ignored. */
const yesNo = z.enum(['true', 'false'], { message: 'use true or false' }).transform((v) => v === 'true');

/** Every parameter is optional; an empty one is the same as leaving it out. Unknown parameters are refused. */
const attendanceQuerySchema = z
  .object({
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    groupId: z.string().min(1).max(64).optional(),
    yearGroup: z.string().regex(/^-?\d{1,2}$/, 'a whole number, -1 (nursery) to 14').transform(Number)
      .pipe(z.number().int().min(-1).max(14)).optional(),
    send: z.enum(['none', 'K', 'E'], { message: 'use none, K (SEN support) or E (EHC plan)' }).optional(),
    fsm: yesNo.optional(),
    eal: yesNo.optional(),
    lookedAfter: yesNo.optional(),
    gender: z.enum(['F', 'M', 'X'], { message: 'use F, M or X' }).optional(),
  })
  .strict();

function withoutEmpty(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}

/** The counts of one pupil's code tallies, by each code's statistical class in the national code table. */
function countTallies(tallies: ReadonlyArray<{ code: string; sessions: number }>): { counts: AttendanceCounts; marked: number } {
  const counts = emptyCounts();
  let marked = 0;
  for (const { code, sessions } of tallies) {
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

interface Span {
  start: string;
  end: string;
}

/** The pupils in the figures, with their class, the school days they were on roll, and whether that is every one. */
interface PupilOnRoll {
  pupilId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  groupId: string | null;
  groupName: string | null;
  yearGroup: number | null;
  flags: NonNullable<PupilAttendance['flags']>;
  spans: Span[];
  sessionsOnRoll: number;
  /** On roll on every school day of the counted range, so all their cells on school days count (no date-by-date check). */
  wholeRange: boolean;
}

/** Every date from `from` to `until` that is not in `schoolDays` (sorted). */
function datesOtherThan(schoolDays: readonly string[], from: string, until: string): string[] {
  const others: string[] = [];
  let next = 0;
  for (let date = from; date <= until; date = addDays(date, 1)) {
    if (schoolDays[next] === date) next++;
    else others.push(date);
  }
  return others;
}

const onRollOn = (spans: readonly Span[], date: string) => spans.some((s) => s.start <= date && date <= s.end);

/**
 * Who is in the figures, and in which class. A pupil is in them when an enrolment overlaps the range; their
 * class is the one they were last in during the range (on its end, or on their last day on roll if they left
 * before it), and the class and year filters read that class. So a pupil who moved class counts once, whole,
 * in the class they ended the range in, as a census does, and a leaver shows with the class they left from.
 * Year group is the pupil's own (a mixed-age class) or else their class's.
 */
function pupilsOnRoll(
  records: readonly PupilRecordRow[], enrolments: ReadonlyArray<{ pupilId: string; startDate: string; endDate: string | null }>, memberships: readonly MembershipRow[], schoolDays: readonly string[],
  range: { from: string; to: string; countUntil: string }, filters: { groupId: string | null; yearGroup: number | null },
): PupilOnRoll[] {
  const membershipsOf = new Map<string, MembershipRow[]>();
  for (const m of memberships) membershipsOf.set(m.pupilId, [...(membershipsOf.get(m.pupilId) ?? []), m]);
  const recordOf = new Map(records.map((r) => [r.pupilId, r]));
  const byPupil = new Map<string, { row: PupilRecordRow; spans: Span[] }>();
  for (const e of enrolments) {
    const row = recordOf.get(e.pupilId);
    if (!row) continue; // filtered out by their record
    const span = { start: e.startDate, end: e.endDate ?? range.to };
    const found = byPupil.get(e.pupilId);
    if (found) found.spans.push(span);
    else byPupil.set(e.pupilId, { row, spans: [span] });
  }
  const chosen: PupilOnRoll[] = [];
  for (const { row, spans } of byPupil.values()) {
    const lastOnRoll = spans.reduce((last, s) => (s.end > last ? s.end : last), range.from);
    const asOf = lastOnRoll < range.to ? lastOnRoll : range.to;
    const group = (membershipsOf.get(row.pupilId) ?? [])
      .filter((m) => m.startDate <= asOf)
      .sort((a, b) => (a.startDate < b.startDate ? 1 : -1))[0] ?? null;
    const yearGroup = row.ownYearGroup ?? group?.yearGroup ?? null;
    if (filters.groupId !== null && group?.groupId !== filters.groupId) continue;
    if (filters.yearGroup !== null && yearGroup !== filters.yearGroup) continue;
    // On roll from the first school day to the last: cells on the other days are taken away as off-day cells.
    const firstDay = schoolDays[0] ?? range.from;
    const lastDay = schoolDays[schoolDays.length - 1] ?? range.countUntil;
    const wholeRange = spans.some((s) => s.start <= firstDay && s.end >= lastDay);
    const daysOnRoll = wholeRange ? schoolDays.length : schoolDays.filter((d) => onRollOn(spans, d)).length;
    chosen.push({
      pupilId: row.pupilId, firstName: row.firstName, lastName: row.lastName, preferredName: row.preferredName,
      groupId: group?.groupId ?? null, groupName: group?.groupName ?? null, yearGroup,
      flags: { send: row.senStatus, fsm: row.fsm, eal: row.eal, lookedAfter: row.lookedAfter }, spans, sessionsOnRoll: 2 * daysOnRoll, wholeRange,
    });
  }
  return chosen;
}

export function officeAttendanceRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/office/attendance', { preHandler: app.requireRole([...OFFICE_ROLES]) }, async (request): Promise<AttendanceResponse> => {
    const user = request.user!;
    const q = attendanceQuerySchema.parse(withoutEmpty(request.query));
    const settings = await attendanceSettings(deps.db, user.schoolId);
    const bands = settings.bands ?? DEFAULT_ATTENDANCE_BANDS;
    const today = schoolToday(deps.clock.now(), settings.timeZone);
    const from = q.from ?? academicYearStart(today);
    const to = q.to ?? today;
    if (to < from) throw badRequest(`The range ends (${to}) before it starts (${from}).`);
    if (daysBetween(from, to) > MAX_RANGE_DAYS) throw badRequest('The range is too long: ten years at most.', 'range_too_long');
    if (q.groupId !== undefined && !(await groupName(deps.db, user.schoolId, q.groupId))) {
      throw badRequest('That class is not known at this school.', 'unknown_group');
    }
    // Sessions after today have not happened: codes entered ahead (a planned absence) wait for their day.
    const countUntil = to < today ? to : today;
    const range = { from, to, countUntil };
    const recordFilters = { send: q.send ?? null, fsm: q.fsm ?? null, eal: q.eal ?? null, lookedAfter: q.lookedAfter ?? null, gender: q.gender ?? null };

    const { chosen, tallies, offDays, partialCells, schoolDays } = await deps.db.transaction(async (tx) => {
      const [records, enrolments, memberships, schoolDays] = await Promise.all([
        pupilsMatching(tx, user.schoolId, recordFilters),
        enrolmentsInRange(tx, user.schoolId, from, to),
        membershipsInRange(tx, user.schoolId, from, to),
        from <= countUntil ? schoolDaysBetween(tx, user.schoolId, from, countUntil) : Promise.resolve([]),
      ]);
      const chosen = pupilsOnRoll(records, enrolments, memberships, schoolDays, range, { groupId: q.groupId ?? null, yearGroup: q.yearGroup ?? null });
      const partial = chosen.filter((p) => !p.wholeRange).map((p) => p.pupilId);
      if (from > countUntil) return { chosen, tallies: [], offDays: [], partialCells: [], schoolDays };
      const [tallies, offDays, partialCells] = await Promise.all([
        codeTallies(tx, user.schoolId, from, countUntil),
        offDayTallies(tx, user.schoolId, datesOtherThan(schoolDays, from, countUntil)),
        pupilCellsBetween(tx, user.schoolId, partial, from, countUntil),
      ]);
      return { chosen, tallies, offDays, partialCells, schoolDays };
    }, { repeatableRead: true });

    const talliesByPupil = new Map<string, Array<{ code: string; sessions: number }>>();
    const addTally = (pupilId: string, code: string, sessions: number) => {
      const list = talliesByPupil.get(pupilId);
      if (list) list.push({ code, sessions });
      else talliesByPupil.set(pupilId, [{ code, sessions }]);
    };
    // Joiners' and leavers' cells are counted one by one below, so their rows in the school's tallies are skipped.
    const partialPupils = new Map(chosen.filter((p) => !p.wholeRange).map((p) => [p.pupilId, p]));
    for (const t of tallies) if (!partialPupils.has(t.pupilId)) addTally(t.pupilId, t.code, t.sessions);
    for (const t of offDays) if (!partialPupils.has(t.pupilId)) addTally(t.pupilId, t.code, -t.sessions);
    const schoolDaySet = new Set(schoolDays);
    for (const c of partialCells) {
      const pupil = partialPupils.get(c.pupilId);
      if (pupil && schoolDaySet.has(c.date) && onRollOn(pupil.spans, c.date)) addTally(c.pupilId, c.code, 1);
    }

    let totalCounts = emptyCounts();
    let totalUnmarked = 0;
    let persistentPupils = 0;
    let severePupils = 0;
    const pupils: PupilAttendance[] = chosen.sort(byName).map((p) => {
      const { counts, marked } = countTallies(talliesByPupil.get(p.pupilId) ?? []);
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
      from,
      to,
      target: settings.target,
      pupils,
      totals: { pupils: pupils.length, ...figures(totalCounts, totalUnmarked).shown, persistentAbsence: persistentPupils, severeAbsence: severePupils },
    };
  });
}
