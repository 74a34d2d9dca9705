/**
 * What the attendance figures read (issue 11) besides the weekly tallies (weekTalliesRepository.ts): the
 * pupils, enrolments and classes that choose the cohort, the school days, the school's settings and term, and
 * the few cells read one way or another beside the tallies (days off, joiners and leavers, the ends of a
 * cohort's range). Every read groups in SQL, so only small results come back (rows cost most on PGlite).
 */
import type { Queryable } from '../db/database.js';
import type { AttendanceBand } from '../../domain/attendanceBands.js';

/** Filters that read the pupil's own record (the class and year filters need their class: see the route). */
export interface PupilRecordFilters {
  send: 'none' | 'K' | 'E' | null;
  fsm: boolean | null;
  eal: boolean | null;
  lookedAfter: boolean | null;
  gender: 'F' | 'M' | 'X' | null;
}

export interface PupilRecordRow {
  pupilId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  /** The pupil's own National Curriculum year, or null for their class's. */
  ownYearGroup: number | null;
  /** The cohort flags, for the persistent absence list. */
  senStatus: 'none' | 'K' | 'E';
  fsm: boolean;
  eal: boolean;
  lookedAfter: boolean;
}

/*
 * Pupils and enrolments are read apart and matched in the route: joined in SQL, a planner without statistics
 * matched each enrolment against every pupil of the school (1,500 × 1,500 rows, most of a second on PGlite).
 */

/** The pupils whose record matches the filters (all of the school's pupils without filters). */
export async function pupilsMatching(db: Queryable, schoolId: string, f: PupilRecordFilters): Promise<PupilRecordRow[]> {
  const { rows } = await db.query<PupilRecordRow>(
    `SELECT id AS "pupilId", first_name AS "firstName", last_name AS "lastName", preferred_name AS "preferredName",
            year_group AS "ownYearGroup", sen_status AS "senStatus", fsm, eal, looked_after AS "lookedAfter"
       FROM pupils
      WHERE school_id = $1
        AND ($2::text IS NULL OR sen_status = $2::text)
        AND ($3::boolean IS NULL OR fsm = $3::boolean)
        AND ($4::boolean IS NULL OR eal = $4::boolean)
        AND ($5::boolean IS NULL OR looked_after = $5::boolean)
        AND ($6::text IS NULL OR gender = $6::text)`,
    [schoolId, f.send, f.fsm, f.eal, f.lookedAfter, f.gender],
  );
  return rows;
}

/** Every enrolment that overlaps the range. */
export async function enrolmentsInRange(db: Queryable, schoolId: string, from: string, to: string): Promise<Array<{ pupilId: string; startDate: string; endDate: string | null }>> {
  const { rows } = await db.query<{ pupilId: string; startDate: string; endDate: string | null }>(
    `SELECT pupil_id AS "pupilId", start_date AS "startDate", end_date AS "endDate" FROM enrolments
      WHERE school_id = $1 AND start_date <= $3::date AND (end_date IS NULL OR end_date >= $2::date)`,
    [schoolId, from, to],
  );
  return rows;
}

export interface MembershipRow {
  pupilId: string;
  groupId: string;
  groupName: string;
  yearGroup: number | null;
  startDate: string;
  endDate: string | null;
}

/** Every class membership that overlaps the range. */
export async function membershipsInRange(db: Queryable, schoolId: string, from: string, to: string): Promise<MembershipRow[]> {
  const { rows } = await db.query<MembershipRow>(
    `SELECT gm.pupil_id AS "pupilId", g.id AS "groupId", g.name AS "groupName", g.year_group AS "yearGroup",
            gm.start_date AS "startDate", gm.end_date AS "endDate"
       FROM group_memberships gm JOIN registration_groups g ON g.school_id = gm.school_id AND g.id = gm.group_id
      WHERE gm.school_id = $1 AND gm.start_date <= $3::date AND (gm.end_date IS NULL OR gm.end_date >= $2::date)`,
    [schoolId, from, to],
  );
  return rows;
}

/** The school days from `from` to `until`, in order. */
export async function schoolDaysBetween(db: Queryable, schoolId: string, from: string, until: string): Promise<string[]> {
  const { rows } = await db.query<{ date: string }>(
    `SELECT date FROM calendar_days WHERE school_id = $1 AND is_school_day AND date >= $2::date AND date <= $3::date ORDER BY date`,
    [schoolId, from, until],
  );
  return rows.map((r) => r.date);
}

export interface CodeTallyRow {
  pupilId: string;
  code: string;
  sessions: number;
}

/*
 * The cells on the days in the range that are not school days (weekends, holidays, closures: few cells), read
 * date by date off the date index. With `date = ANY(...)`, or a plain join to the dates, the planner scanned
 * the whole table for them; `OFFSET 0` keeps the subquery from being merged into such a join.
 */
const ON_DATES = `unnest($2::date[]) AS d(date) CROSS JOIN LATERAL (
  SELECT c.pupil_id, c.session, c.code FROM register_cells c WHERE c.school_id = $1 AND c.date = d.date OFFSET 0) c`;

/** The cells on these dates (the days in the range that are not school days), by pupil, date and code. */
export async function offDayTallies(db: Queryable, schoolId: string, dates: string[]): Promise<Array<CodeTallyRow & { date: string }>> {
  if (dates.length === 0) return [];
  const { rows } = await db.query<CodeTallyRow & { date: string }>(
    `SELECT c.pupil_id AS "pupilId", d.date::text AS date, c.code, COUNT(*)::int AS sessions FROM ${ON_DATES} GROUP BY c.pupil_id, d.date, c.code`,
    [schoolId, dates],
  );
  return rows;
}

/**
 * The cells of some pupils, each between their own two dates (a joiner's or leaver's days on roll; spans of one
 * pupil must not overlap), by pupil and code.
 */
export async function spanTallies(db: Queryable, schoolId: string, spans: ReadonlyArray<{ pupilId: string; from: string; until: string }>): Promise<CodeTallyRow[]> {
  if (spans.length === 0) return [];
  const { rows } = await db.query<CodeTallyRow>(
    `SELECT c.pupil_id AS "pupilId", c.code, COUNT(*)::int AS sessions
       FROM unnest($2::text[], $3::date[], $4::date[]) AS s(pupil_id, from_date, until_date)
       JOIN register_cells c ON c.school_id = $1 AND c.pupil_id = s.pupil_id AND c.date >= s.from_date AND c.date <= s.until_date
      GROUP BY c.pupil_id, c.code`,
    [schoolId, spans.map((s) => s.pupilId), spans.map((s) => s.from), spans.map((s) => s.until)],
  );
  return rows;
}

export interface DayCountRow {
  date: string;
  session: 'AM' | 'PM';
  code: string;
  sessions: number;
}

/** The same spans' cells counted by date, session and code (the joiners and leavers of a cohort's patterns). */
export async function spanCellsByDay(db: Queryable, schoolId: string, spans: ReadonlyArray<{ pupilId: string; from: string; until: string }>): Promise<DayCountRow[]> {
  if (spans.length === 0) return [];
  const { rows } = await db.query<DayCountRow>(
    `SELECT c.date::text AS date, c.session, c.code, COUNT(*)::int AS sessions
       FROM unnest($2::text[], $3::date[], $4::date[]) AS s(pupil_id, from_date, until_date)
       JOIN register_cells c ON c.school_id = $1 AND c.pupil_id = s.pupil_id AND c.date >= s.from_date AND c.date <= s.until_date
      GROUP BY c.date, c.session, c.code`,
    [schoolId, spans.map((s) => s.pupilId), spans.map((s) => s.from), spans.map((s) => s.until)],
  );
  return rows;
}

/** These pupils' cells from `from` to `until`, counted by date, session and code (a cohort's days). */
export async function cohortCellsByDay(db: Queryable, schoolId: string, pupilIds: string[], from: string, until: string): Promise<DayCountRow[]> {
  if (pupilIds.length === 0) return [];
  const { rows } = await db.query<DayCountRow>(
    `SELECT c.date::text AS date, c.session, c.code, COUNT(*)::int AS sessions
       FROM register_cells c JOIN unnest($2::text[]) AS p(id) ON p.id = c.pupil_id
      WHERE c.school_id = $1 AND c.date >= $3::date AND c.date <= $4::date
      GROUP BY c.date, c.session, c.code`,
    [schoolId, pupilIds, from, until],
  );
  return rows;
}

/** The same for the cells on these dates only. */
export async function cohortCellsOnDates(db: Queryable, schoolId: string, pupilIds: string[], dates: string[]): Promise<DayCountRow[]> {
  if (pupilIds.length === 0 || dates.length === 0) return [];
  const { rows } = await db.query<DayCountRow>(
    `SELECT d.date::text AS date, c.session, c.code, COUNT(*)::int AS sessions
       FROM ${ON_DATES} JOIN unnest($3::text[]) AS p(id) ON p.id = c.pupil_id
      GROUP BY d.date, c.session, c.code`,
    [schoolId, dates, pupilIds],
  );
  return rows;
}

/**
 * What the figures need of the school's settings: its time zone (for today), its attendance target (or null),
 * and its attendance bands, or null when it has stored none (the product's default bands then apply, as on the
 * admin's settings screen).
 */
export async function attendanceSettings(db: Queryable, schoolId: string): Promise<{ timeZone: string; bands: AttendanceBand[] | null; target: number | null }> {
  const { rows } = await db.query<{ timeZone: string; bands: AttendanceBand[] | string | null; target: number | null }>(
    `SELECT time_zone AS "timeZone", attendance_bands AS bands, attendance_target::float8 AS target FROM schools WHERE id = $1`,
    [schoolId],
  );
  const row = rows[0];
  if (!row) throw new Error(`school ${schoolId} is missing`);
  // PGlite and pg both parse jsonb, but a driver that hands back text should not break the figures.
  return { timeZone: row.timeZone, bands: typeof row.bands === 'string' ? (JSON.parse(row.bands) as AttendanceBand[]) : row.bands, target: row.target };
}

/** The term that holds `today`, or else the last one begun before it; null when no term is entered. */
export async function currentTerm(db: Queryable, schoolId: string, today: string): Promise<{ name: string; from: string; to: string } | null> {
  const { rows } = await db.query<{ name: string; from: string; to: string }>(
    `SELECT name, start_date::text AS "from", end_date::text AS "to" FROM terms
      WHERE school_id = $1 AND start_date <= $2::date ORDER BY start_date DESC LIMIT 1`,
    [schoolId, today],
  );
  return rows[0] ?? null;
}
