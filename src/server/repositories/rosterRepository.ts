/** Who is on roll, in which group, and who registers which group when. */
import type { Queryable } from '../db/database.js';
import type { Session } from '../../domain/codes.js';

export interface PupilOnDate {
  pupilId: string;
  date: string;
  exists: boolean;
  onRoll: boolean;
  groupId: string | null;
  dateOfBirth: string | null;
}

/** For each (pupil, date): does the pupil exist, are they on roll that day, and in which group. */
export async function pupilsOnDates(db: Queryable, schoolId: string, pairs: Array<{ pupilId: string; date: string }>): Promise<PupilOnDate[]> {
  if (pairs.length === 0) return [];
  const { rows } = await db.query<{ pupilId: string; date: string; exists: boolean; onRoll: boolean; groupId: string | null; dateOfBirth: string | null }>(
    `SELECT q.pupil_id AS "pupilId", q.date::text AS date, p.id IS NOT NULL AS exists, p.date_of_birth AS "dateOfBirth",
            EXISTS (SELECT 1 FROM enrolments e WHERE e.school_id = $1 AND e.pupil_id = q.pupil_id
                      AND e.start_date <= q.date AND (e.end_date IS NULL OR e.end_date >= q.date)) AS "onRoll",
            (SELECT m.group_id FROM group_memberships m WHERE m.school_id = $1 AND m.pupil_id = q.pupil_id
                AND m.start_date <= q.date AND (m.end_date IS NULL OR m.end_date >= q.date)
              ORDER BY m.start_date DESC LIMIT 1) AS "groupId"
       FROM (SELECT DISTINCT * FROM unnest($2::text[], $3::date[]) AS u(pupil_id, date)) q
       LEFT JOIN pupils p ON p.school_id = $1 AND p.id = q.pupil_id`,
    [schoolId, pairs.map((p) => p.pupilId), pairs.map((p) => p.date)],
  );
  return rows.map((r) => ({ ...r, onRoll: r.exists && r.onRoll }));
}

export interface StaffAssignment {
  id: string;
  groupId: string;
  kind: 'teacher' | 'cover';
  startDate: string;
  endDate: string | null;
  sessions: Session[];
}

export async function assignmentsOfStaff(db: Queryable, schoolId: string, staffId: string): Promise<StaffAssignment[]> {
  const { rows } = await db.query<StaffAssignment>(
    `SELECT id, group_id AS "groupId", kind, start_date AS "startDate", end_date AS "endDate", sessions
       FROM staff_assignments WHERE school_id = $1 AND staff_id = $2`,
    [schoolId, staffId],
  );
  return rows;
}

/** True when one of the assignments lets its holder register that group on that date and session. */
export function assignmentCovers(assignments: StaffAssignment[], groupId: string, date: string, session: Session): boolean {
  return assignments.some(
    (a) => a.groupId === groupId && a.startDate <= date && (a.endDate == null || a.endDate >= date) && a.sessions.includes(session),
  );
}
