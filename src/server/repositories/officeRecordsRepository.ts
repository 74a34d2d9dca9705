/**
 * The office's own records (issue 4): contact with families, sign-outs and sign-ins, planned absences and
 * conflict resolutions, plus the roll lookups the office's mutations need in bulk.
 *
 * Mutation handlers never write: the functions named `...Statement` only build the SQL for an effect, which
 * the push runs at the end of its transaction. contact_log and site_log are append-only (a trigger refuses
 * UPDATE and DELETE), so nothing here updates or deletes them.
 */
import type { Queryable } from '../db/database.js';
import type { Session } from '../../domain/codes.js';
import type { PupilOnDate } from './rosterRepository.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

// ---------------------------------------------------------------------------------------------------
// The roll, in bulk

export interface RollRow extends PupilOnDate {
  firstName: string;
  lastName: string;
  preferredName: string | null;
}

/**
 * Every (pupil, date) with the pupil on roll that date, for these dates: the pupils named, or the pupils of
 * one group (their group that date), or the whole school. One query, however many dates.
 */
export async function rollOnDates(
  db: Queryable,
  schoolId: string,
  dates: string[],
  scope: { pupilIds?: string[]; groupId?: string } = {},
): Promise<RollRow[]> {
  if (dates.length === 0) return [];
  const { rows } = await db.query<Omit<RollRow, 'exists' | 'onRoll'>>(
    `SELECT * FROM (
       SELECT p.id AS "pupilId", d.date::text AS date, p.first_name AS "firstName", p.last_name AS "lastName",
              p.preferred_name AS "preferredName", p.date_of_birth AS "dateOfBirth",
              (SELECT m.group_id FROM group_memberships m
                WHERE m.school_id = p.school_id AND m.pupil_id = p.id AND m.start_date <= d.date
                  AND (m.end_date IS NULL OR m.end_date >= d.date)
                ORDER BY m.start_date DESC LIMIT 1) AS "groupId"
         FROM unnest($2::date[]) AS d(date)
         JOIN pupils p ON p.school_id = $1 AND ($3::text[] IS NULL OR p.id = ANY($3::text[]))
        WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.school_id = p.school_id AND e.pupil_id = p.id
                        AND e.start_date <= d.date AND (e.end_date IS NULL OR e.end_date >= d.date))
     ) roll
     WHERE $4::text IS NULL OR roll."groupId" = $4
     ORDER BY roll.date, roll."pupilId"`,
    [schoolId, [...new Set(dates)], scope.pupilIds ?? null, scope.groupId ?? null],
  );
  return rows.map((r) => ({ ...r, exists: true, onRoll: true }));
}

/** How many pupils (of those named, or of one group, or the school) are on roll at some time in a range. */
export async function countPupilsOnRollBetween(
  db: Queryable,
  schoolId: string,
  from: string,
  to: string,
  scope: { pupilIds?: string[]; groupId?: string } = {},
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT e.pupil_id)::int AS n FROM enrolments e
      WHERE e.school_id = $1 AND e.start_date <= $3 AND (e.end_date IS NULL OR e.end_date >= $2)
        AND ($4::text[] IS NULL OR e.pupil_id = ANY($4::text[]))
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM group_memberships m WHERE m.school_id = e.school_id
              AND m.pupil_id = e.pupil_id AND m.group_id = $5 AND m.start_date <= $3 AND (m.end_date IS NULL OR m.end_date >= $2)))`,
    [schoolId, from, to, scope.pupilIds ?? null, scope.groupId ?? null],
  );
  return rows[0]?.n ?? 0;
}

/** The pupils of these ids that exist at this school, with their names. */
export async function pupilNames(db: Queryable, schoolId: string, ids: string[]): Promise<Map<string, { firstName: string; lastName: string; preferredName: string | null }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; firstName: string; lastName: string; preferredName: string | null }>(
    `SELECT id, first_name AS "firstName", last_name AS "lastName", preferred_name AS "preferredName"
       FROM pupils WHERE school_id = $1 AND id = ANY($2::text[])`,
    [schoolId, [...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export async function groupName(db: Queryable, schoolId: string, groupId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM registration_groups WHERE school_id = $1 AND id = $2`, [schoolId, groupId]);
  return rows[0]?.name ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Ids already used

type RecordTable = 'contact_log' | 'site_log' | 'planned_absences';

/** True when a record with this id already exists in one of the office's tables. */
export async function recordExists(db: Queryable, table: RecordTable, schoolId: string, id: string): Promise<boolean> {
  const sql = {
    contact_log: `SELECT 1 FROM contact_log WHERE school_id = $1 AND id = $2`,
    site_log: `SELECT 1 FROM site_log WHERE school_id = $1 AND id = $2`,
    planned_absences: `SELECT 1 FROM planned_absences WHERE school_id = $1 AND id = $2`,
  }[table];
  const { rows } = await db.query(sql, [schoolId, id]);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------
// Contact log

export interface ContactEntry {
  schoolId: string;
  id: string;
  pupilId: string;
  date: string;
  method: string;
  outcome: string;
  code: string | null;
  sessions: Session[] | null;
  staffId: string;
  role: string;
  deviceId: string;
  mutationId: string;
  recordedAt: number;
  version: number;
}

export function insertContactStatement(c: ContactEntry): Statement {
  return {
    sql: `INSERT INTO contact_log (school_id, id, pupil_id, date, method, outcome, code, sessions, staff_id, role, device_id, mutation_id, recorded_at, version)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    params: [c.schoolId, c.id, c.pupilId, c.date, c.method, c.outcome, c.code, c.sessions, c.staffId, c.role, c.deviceId, c.mutationId, new Date(c.recordedAt), c.version],
  };
}

export interface ContactLogItem {
  id: string;
  pupilId: string;
  date: string;
  method: string;
  outcome: string;
  code: string | null;
  sessions: Session[] | null;
  by: string | null;
  role: string;
  at: string;
}

/** Contacts about these pupils' absences on `date`, oldest first. */
export async function contactsOn(db: Queryable, schoolId: string, date: string, pupilIds: string[]): Promise<ContactLogItem[]> {
  if (pupilIds.length === 0) return [];
  const { rows } = await db.query<ContactLogItem & { at: Date }>(
    `SELECT c.id, c.pupil_id AS "pupilId", c.date, c.method, c.outcome, c.code, c.sessions, st.display_name AS "by", c.role,
            c.recorded_at AS at
       FROM contact_log c LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.staff_id
      WHERE c.school_id = $1 AND c.date = $2 AND c.pupil_id = ANY($3::text[])
      ORDER BY c.recorded_at, c.version, c.id`,
    [schoolId, date, pupilIds],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

// ---------------------------------------------------------------------------------------------------
// Site log (signing out and back in)

export interface SiteEntry {
  schoolId: string;
  id: string;
  pupilId: string;
  kind: 'signout' | 'signin';
  at: number;
  date: string;
  reason: string | null;
  staffId: string;
  role: string;
  deviceId: string;
  mutationId: string;
  receivedAt: number;
  version: number;
}

export function insertSiteEntryStatement(e: SiteEntry): Statement {
  return {
    sql: `INSERT INTO site_log (school_id, id, pupil_id, kind, at, date, reason, staff_id, role, device_id, mutation_id, received_at, version)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    params: [e.schoolId, e.id, e.pupilId, e.kind, new Date(e.at), e.date, e.reason, e.staffId, e.role, e.deviceId, e.mutationId, new Date(e.receivedAt), e.version],
  };
}

/** Each pupil's latest sign-out or sign-in on `date` at or before `upTo`. */
export async function latestSiteEntries(db: Queryable, schoolId: string, date: string, upTo: number): Promise<Map<string, { kind: 'signout' | 'signin'; at: string; reason: string | null }>> {
  const { rows } = await db.query<{ pupilId: string; kind: 'signout' | 'signin'; at: Date; reason: string | null }>(
    `SELECT DISTINCT ON (pupil_id) pupil_id AS "pupilId", kind, at, reason
       FROM site_log WHERE school_id = $1 AND date = $2 AND at <= $3
      ORDER BY pupil_id, at DESC, version DESC, id DESC`,
    [schoolId, date, new Date(upTo)],
  );
  return new Map(rows.map((r) => [r.pupilId, { kind: r.kind, at: new Date(r.at).toISOString(), reason: r.reason }]));
}

// ---------------------------------------------------------------------------------------------------
// Planned absences

export interface PlannedAbsenceRecord {
  schoolId: string;
  id: string;
  args: unknown;
  code: string;
  startDate: string;
  endDate: string;
  createdBy: string;
  createdAt: number;
  cellsSet: number;
  cellsSkipped: number;
  version: number;
}

export function insertPlannedAbsenceStatement(p: PlannedAbsenceRecord): Statement {
  return {
    sql: `INSERT INTO planned_absences (school_id, id, args, code, start_date, end_date, created_by, created_at, cells_set, cells_skipped, version)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    params: [p.schoolId, p.id, JSON.stringify(p.args), p.code, p.startDate, p.endDate, p.createdBy, new Date(p.createdAt), p.cellsSet, p.cellsSkipped, p.version],
  };
}

/** Planned absences that overlap a date range, newest first. */
export async function listPlannedAbsences(db: Queryable, schoolId: string, from: string, to: string) {
  const { rows } = await db.query<{
    id: string; args: Record<string, unknown>; code: string; startDate: string; endDate: string; createdBy: string | null;
    createdAt: Date; cellsSet: number; cellsSkipped: number;
  }>(
    `SELECT p.id, p.args, p.code, p.start_date AS "startDate", p.end_date AS "endDate", st.display_name AS "createdBy",
            p.created_at AS "createdAt", p.cells_set AS "cellsSet", p.cells_skipped AS "cellsSkipped"
       FROM planned_absences p LEFT JOIN staff st ON st.school_id = p.school_id AND st.id = p.created_by
      WHERE p.school_id = $1 AND p.start_date <= $3 AND p.end_date >= $2
      ORDER BY p.created_at DESC, p.id`,
    [schoolId, from, to],
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

// ---------------------------------------------------------------------------------------------------
// Conflicts

export interface ConflictRecord {
  id: string;
  pupilId: string;
  date: string;
  session: Session;
  officeCode: string | null;
  teacherCode: string;
  resolvedAt: number | null;
}

/** One conflict, locked for the rest of the transaction; null when there is none with this id. */
export async function lockConflict(tx: Queryable, schoolId: string, id: string): Promise<ConflictRecord | null> {
  const { rows } = await tx.query<Omit<ConflictRecord, 'resolvedAt'> & { resolvedAt: Date | null }>(
    `SELECT id, pupil_id AS "pupilId", date, session, office_code AS "officeCode", teacher_code AS "teacherCode",
            resolved_at AS "resolvedAt"
       FROM conflicts WHERE school_id = $1 AND id = $2 FOR UPDATE`,
    [schoolId, id],
  );
  const r = rows[0];
  return r ? { ...r, resolvedAt: r.resolvedAt ? new Date(r.resolvedAt).getTime() : null } : null;
}

export function resolveConflictStatement(p: { schoolId: string; id: string; staffId: string; at: number; resolution: string; code: string | null }): Statement {
  return {
    sql: `UPDATE conflicts SET resolved_by = $3, resolved_at = $4, resolution = $5, resolution_code = $6
           WHERE school_id = $1 AND id = $2 AND resolved_at IS NULL`,
    params: [p.schoolId, p.id, p.staffId, new Date(p.at), p.resolution, p.code],
  };
}

export type ConflictStatus = 'open' | 'resolved' | 'all';

export async function listConflicts(db: Queryable, schoolId: string, status: ConflictStatus) {
  const { rows } = await db.query<{
    id: string; pupilId: string; firstName: string; lastName: string; preferredName: string | null; groupId: string | null;
    groupName: string | null; date: string; session: Session; officeCode: string | null; teacherCode: string; currentCode: string | null;
    raisedBy: string | null; raisedAt: Date; resolvedBy: string | null; resolvedAt: Date | null; resolution: string | null;
    resolutionCode: string | null; kind: 'office_code' | 'settled_register'; observedAt: Date | null;
  }>(
    `SELECT c.id, c.pupil_id AS "pupilId", p.first_name AS "firstName", p.last_name AS "lastName", p.preferred_name AS "preferredName",
            m.group_id AS "groupId", g.name AS "groupName", c.date, c.session, c.office_code AS "officeCode",
            c.teacher_code AS "teacherCode", rc.code AS "currentCode", rb.display_name AS "raisedBy", c.raised_at AS "raisedAt",
            c.kind, c.observed_at AS "observedAt",
            sb.display_name AS "resolvedBy", c.resolved_at AS "resolvedAt", c.resolution, c.resolution_code AS "resolutionCode"
       FROM conflicts c
       JOIN pupils p ON p.school_id = c.school_id AND p.id = c.pupil_id
       LEFT JOIN LATERAL (SELECT gm.group_id FROM group_memberships gm
                           WHERE gm.school_id = c.school_id AND gm.pupil_id = c.pupil_id AND gm.start_date <= c.date
                             AND (gm.end_date IS NULL OR gm.end_date >= c.date)
                           ORDER BY gm.start_date DESC LIMIT 1) m ON true
       LEFT JOIN registration_groups g ON g.school_id = c.school_id AND g.id = m.group_id
       LEFT JOIN register_cells rc ON rc.school_id = c.school_id AND rc.pupil_id = c.pupil_id AND rc.date = c.date AND rc.session = c.session
       LEFT JOIN staff rb ON rb.school_id = c.school_id AND rb.id = c.raised_by
       LEFT JOIN staff sb ON sb.school_id = c.school_id AND sb.id = c.resolved_by
      WHERE c.school_id = $1
        AND ($2 = 'all' OR ($2 = 'open' AND c.resolved_at IS NULL) OR ($2 = 'resolved' AND c.resolved_at IS NOT NULL))
      ORDER BY (c.resolved_at IS NOT NULL), c.raised_at, c.date, c.session, c.id`,
    [schoolId, status],
  );
  return rows;
}

/** Every entry ever made in one register cell, oldest first, with who made it (the append-only history). */
export async function cellHistory(db: Queryable, schoolId: string, pupilId: string, date: string, session: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT e.id, e.source, e.code, e.old_code AS "oldCode", e.effective_code AS "effectiveCode", e.reason,
            e.minutes_late AS "minutesLate", st.display_name AS "by", e.role, e.device_id AS "deviceId",
            e.observed_at AS "observedAt", e.received_at AS "receivedAt", e.time_quality AS "timeQuality"
       FROM mark_events e LEFT JOIN staff st ON st.school_id = e.school_id AND st.id = e.staff_id
      WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.date = $3 AND e.session = $4
      ORDER BY e.version, e.id`,
    [schoolId, pupilId, date, session],
  );
  return rows.map((r) => ({ ...r, observedAt: new Date(r.observedAt as string).toISOString(), receivedAt: new Date(r.receivedAt as string).toISOString() }));
}
