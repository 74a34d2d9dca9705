/**
 * Reads for the office's lists and reports (issue 4): N cells, the calendar over a range, a pupil's
 * register, the CSV export. Read-only; every query is led by school_id.
 */
import type { Queryable } from '../db/database.js';
import type { Session } from '../../domain/codes.js';

const GROUP_ON_DATE = (pupil: string, date: string) => `(SELECT gm.group_id FROM group_memberships gm
  WHERE gm.school_id = $1 AND gm.pupil_id = ${pupil} AND gm.start_date <= ${date} AND (gm.end_date IS NULL OR gm.end_date >= ${date})
  ORDER BY gm.start_date DESC LIMIT 1)`;

export interface CalendarRow {
  date: string;
  isSchoolDay: boolean;
  label: string | null;
}

/** The school's calendar rows from `from` (inclusive) to `to` (inclusive; open-ended when null). */
export async function calendarBetween(db: Queryable, schoolId: string, from: string, to: string | null): Promise<CalendarRow[]> {
  const { rows } = await db.query<CalendarRow>(
    `SELECT date, is_school_day AS "isSchoolDay", label FROM calendar_days
      WHERE school_id = $1 AND date >= $2 AND ($3::date IS NULL OR date <= $3::date) ORDER BY date`,
    [schoolId, from, to],
  );
  return rows;
}

export interface NCellRow {
  pupilId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  groupId: string | null;
  groupName: string | null;
  date: string;
  session: Session;
  source: 'teacher' | 'office';
  markedBy: string | null;
  markedAt: Date | null;
  receivedAt: Date | null;
}

/** Every cell whose effective code is N (on one date, or on any date), with the pupil and their group that day. */
export async function nCells(db: Queryable, schoolId: string, date: string | null): Promise<NCellRow[]> {
  const { rows } = await db.query<NCellRow>(
    `SELECT c.pupil_id AS "pupilId", p.first_name AS "firstName", p.last_name AS "lastName", p.preferred_name AS "preferredName",
            g.id AS "groupId", g.name AS "groupName", c.date, c.session, c.source, st.display_name AS "markedBy",
            c.marked_at AS "markedAt", c.received_at AS "receivedAt"
       FROM register_cells c
       JOIN pupils p ON p.school_id = c.school_id AND p.id = c.pupil_id
       LEFT JOIN registration_groups g ON g.school_id = c.school_id AND g.id = ${GROUP_ON_DATE('c.pupil_id', 'c.date')}
       LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.marked_by
      WHERE c.school_id = $1 AND c.code = 'N' AND ($2::date IS NULL OR c.date = $2::date)
      ORDER BY c.date, c.session, g.name, p.last_name, p.first_name, p.id`,
    [schoolId, date],
  );
  return rows;
}

export interface PupilFlags {
  childProtection: boolean;
  lookedAfter: boolean;
  socialWorker: boolean;
  send: boolean;
}

export interface PupilDetails {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  gender: string | null;
  flags: PupilFlags;
}

export async function pupilDetails(db: Queryable, schoolId: string, pupilIds: string[]): Promise<Map<string, PupilDetails>> {
  if (pupilIds.length === 0) return new Map();
  const { rows } = await db.query<Omit<PupilDetails, 'flags'> & PupilFlags>(
    `SELECT id, first_name AS "firstName", last_name AS "lastName", preferred_name AS "preferredName",
            date_of_birth AS "dateOfBirth", gender, child_protection AS "childProtection", looked_after AS "lookedAfter",
            social_worker AS "socialWorker", send
       FROM pupils WHERE school_id = $1 AND id = ANY($2::text[])`,
    [schoolId, [...new Set(pupilIds)]],
  );
  return new Map(rows.map(({ childProtection, lookedAfter, socialWorker, send, ...p }) => [p.id, { ...p, flags: { childProtection, lookedAfter, socialWorker, send } }]));
}

export interface ContactRow {
  pupilId: string;
  name: string;
  relationship: string;
  phone: string;
  priority: number;
}

/** Family contacts of these pupils, in the order to call them. */
export async function familyContacts(db: Queryable, schoolId: string, pupilIds: string[]): Promise<Map<string, Omit<ContactRow, 'pupilId'>[]>> {
  const byPupil = new Map<string, Omit<ContactRow, 'pupilId'>[]>();
  if (pupilIds.length === 0) return byPupil;
  const { rows } = await db.query<ContactRow>(
    `SELECT pupil_id AS "pupilId", name, relationship, phone, priority FROM pupil_contacts
      WHERE school_id = $1 AND pupil_id = ANY($2::text[]) ORDER BY pupil_id, priority`,
    [schoolId, [...new Set(pupilIds)]],
  );
  for (const { pupilId, ...c } of rows) {
    if (!byPupil.has(pupilId)) byPupil.set(pupilId, []);
    byPupil.get(pupilId)!.push(c);
  }
  return byPupil;
}

/** A pupil's group on a date, with its name. */
export async function pupilGroupOn(db: Queryable, schoolId: string, pupilId: string, date: string): Promise<{ id: string; name: string } | null> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT g.id, g.name FROM registration_groups g WHERE g.school_id = $1 AND g.id = ${GROUP_ON_DATE('$2', '$3::date')}`,
    [schoolId, pupilId, date],
  );
  return rows[0] ?? null;
}

export async function pupilEnrolments(db: Queryable, schoolId: string, pupilId: string): Promise<Array<{ startDate: string; endDate: string | null }>> {
  const { rows } = await db.query<{ startDate: string; endDate: string | null }>(
    `SELECT start_date AS "startDate", end_date AS "endDate" FROM enrolments WHERE school_id = $1 AND pupil_id = $2 ORDER BY start_date`,
    [schoolId, pupilId],
  );
  return rows;
}

export interface PupilCellRow {
  date: string;
  session: Session;
  code: string;
  source: 'teacher' | 'office';
  markedBy: string | null;
}

/** One pupil's register cells in a range, by date and session. */
export async function pupilCells(db: Queryable, schoolId: string, pupilId: string, from: string, to: string): Promise<PupilCellRow[]> {
  const { rows } = await db.query<PupilCellRow>(
    `SELECT c.date, c.session, c.code, c.source, st.display_name AS "markedBy"
       FROM register_cells c LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.marked_by
      WHERE c.school_id = $1 AND c.pupil_id = $2 AND c.date >= $3 AND c.date <= $4
      ORDER BY c.date, c.session`,
    [schoolId, pupilId, from, to],
  );
  return rows;
}

export async function listTerms(db: Queryable, schoolId: string): Promise<Array<{ name: string; startDate: string; endDate: string }>> {
  const { rows } = await db.query<{ name: string; startDate: string; endDate: string }>(
    `SELECT name, start_date AS "startDate", end_date AS "endDate" FROM terms WHERE school_id = $1 ORDER BY start_date`,
    [schoolId],
  );
  return rows;
}

export interface ExportRow {
  firstName: string;
  lastName: string;
  groupName: string | null;
  date: string;
  session: Session;
  code: string;
}

/**
 * Every register cell in a range (of one group, by the pupil's group on each date, or of the school), ordered
 * by group, surname, date and session.
 */
export async function exportCells(db: Queryable, schoolId: string, from: string, to: string, groupId: string | null): Promise<ExportRow[]> {
  const { rows } = await db.query<ExportRow>(
    `SELECT x."firstName", x."lastName", g.name AS "groupName", x.date, x.session, x.code
       FROM (SELECT p.first_name AS "firstName", p.last_name AS "lastName", p.id AS "pupilId", c.date, c.session, c.code,
                    ${GROUP_ON_DATE('c.pupil_id', 'c.date')} AS "groupId"
               FROM register_cells c JOIN pupils p ON p.school_id = c.school_id AND p.id = c.pupil_id
              WHERE c.school_id = $1 AND c.date >= $2 AND c.date <= $3) x
       LEFT JOIN registration_groups g ON g.school_id = $1 AND g.id = x."groupId"
      WHERE $4::text IS NULL OR x."groupId" = $4
      ORDER BY g.year_group NULLS LAST, g.name NULLS LAST, x."lastName", x."firstName", x."pupilId", x.date, x.session`,
    [schoolId, from, to, groupId],
  );
  return rows;
}

export interface CellCodeRow {
  pupilId: string;
  date: string;
  session: Session;
  code: string;
  officeCode: string | null;
}

/** The current codes of every cell on these dates and sessions (a preview; nothing is locked). */
export async function cellCodesOn(db: Queryable, schoolId: string, dates: string[], sessions: Session[]): Promise<CellCodeRow[]> {
  if (dates.length === 0 || sessions.length === 0) return [];
  const { rows } = await db.query<CellCodeRow>(
    `SELECT pupil_id AS "pupilId", date, session, code, office_code AS "officeCode" FROM register_cells
      WHERE school_id = $1 AND date = ANY($2::date[]) AND session = ANY($3::text[])`,
    [schoolId, [...new Set(dates)], sessions],
  );
  return rows;
}
