/** Who is on roll, in which group, and who registers which group when. */
import type { Queryable } from '../db/database.js';
import type { Session } from '../../domain/codes.js';

export interface PupilOnDate {
  pupilId: string;
  exists: boolean;
  onRoll: boolean;
  groupId: string | null;
}

export async function pupilOnDate(db: Queryable, schoolId: string, pupilId: string, date: string): Promise<PupilOnDate> {
  const { rows } = await db.query<{ onRoll: boolean; groupId: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM enrolments e WHERE e.school_id = p.school_id AND e.pupil_id = p.id
                      AND e.start_date <= $3 AND (e.end_date IS NULL OR e.end_date >= $3)) AS "onRoll",
            (SELECT m.group_id FROM group_memberships m WHERE m.school_id = p.school_id AND m.pupil_id = p.id
                AND m.start_date <= $3 AND (m.end_date IS NULL OR m.end_date >= $3)
              ORDER BY m.start_date DESC LIMIT 1) AS "groupId"
       FROM pupils p WHERE p.school_id = $1 AND p.id = $2`,
    [schoolId, pupilId, date],
  );
  const row = rows[0];
  if (!row) return { pupilId, exists: false, onRoll: false, groupId: null };
  return { pupilId, exists: true, onRoll: row.onRoll, groupId: row.groupId };
}

/** True when the member of staff has a teacher or cover assignment for that group, date and session. */
export async function mayRegister(
  db: Queryable,
  p: { schoolId: string; staffId: string; groupId: string; date: string; session: Session },
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM staff_assignments
      WHERE school_id = $1 AND staff_id = $2 AND group_id = $3
        AND start_date <= $4 AND (end_date IS NULL OR end_date >= $4) AND $5 = ANY(sessions)
      LIMIT 1`,
    [p.schoolId, p.staffId, p.groupId, p.date, p.session],
  );
  return rows.length > 0;
}
