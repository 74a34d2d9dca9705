/** The office's view of a day's registers across the whole school. */
import type { Queryable } from '../db/database.js';

export interface RegisterPupilRow {
  groupId: string;
  pupilId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
}

export async function groupsWithPupilsOn(db: Queryable, schoolId: string, date: string) {
  const groups = await db.query<{ id: string; name: string; yearGroup: number | null }>(
    `SELECT id, name, year_group AS "yearGroup" FROM registration_groups WHERE school_id = $1 ORDER BY year_group NULLS LAST, name`,
    [schoolId],
  );
  const pupils = await db.query<RegisterPupilRow>(
    `SELECT m.group_id AS "groupId", p.id AS "pupilId", p.first_name AS "firstName", p.last_name AS "lastName",
            p.preferred_name AS "preferredName"
       FROM group_memberships m
       JOIN pupils p ON p.school_id = m.school_id AND p.id = m.pupil_id
      WHERE m.school_id = $1 AND m.start_date <= $2 AND (m.end_date IS NULL OR m.end_date >= $2)
        AND EXISTS (SELECT 1 FROM enrolments e WHERE e.school_id = p.school_id AND e.pupil_id = p.id
                      AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2))
      ORDER BY p.last_name, p.first_name, p.id`,
    [schoolId, date],
  );
  return { groups: groups.rows, pupils: pupils.rows };
}

export async function cellsOn(db: Queryable, schoolId: string, date: string) {
  const { rows } = await db.query<{
    pupilId: string;
    session: 'AM' | 'PM';
    code: string;
    source: 'teacher' | 'office';
    markedBy: string | null;
    markedAt: Date | null;
    receivedAt: Date | null;
  }>(
    `SELECT c.pupil_id AS "pupilId", c.session, c.code, c.source, st.display_name AS "markedBy",
            c.marked_at AS "markedAt", c.received_at AS "receivedAt"
       FROM register_cells c LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.marked_by
      WHERE c.school_id = $1 AND c.date = $2`,
    [schoolId, date],
  );
  return rows;
}

export async function assignmentsOn(db: Queryable, schoolId: string, date: string) {
  const { rows } = await db.query<{ groupId: string; kind: 'teacher' | 'cover'; sessions: string[]; displayName: string }>(
    `SELECT a.group_id AS "groupId", a.kind, a.sessions, st.display_name AS "displayName"
       FROM staff_assignments a JOIN staff st ON st.school_id = a.school_id AND st.id = a.staff_id
      WHERE a.school_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
      ORDER BY st.display_name`,
    [schoolId, date],
  );
  return rows;
}
