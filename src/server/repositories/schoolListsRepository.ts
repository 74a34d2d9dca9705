/** Lists the office picks from: staff, registration groups, and covers in a date range. */
import type { Queryable } from '../db/database.js';

export async function listStaff(db: Queryable, schoolId: string) {
  const { rows } = await db.query<{ id: string; username: string; displayName: string; role: string }>(
    `SELECT id, username, display_name AS "displayName", role FROM staff WHERE school_id = $1 AND active ORDER BY display_name`,
    [schoolId],
  );
  return rows;
}

export async function listGroups(db: Queryable, schoolId: string) {
  const { rows } = await db.query<{ id: string; name: string; yearGroup: number | null }>(
    `SELECT id, name, year_group AS "yearGroup" FROM registration_groups WHERE school_id = $1 ORDER BY year_group NULLS LAST, name`,
    [schoolId],
  );
  return rows;
}

export async function listCovers(db: Queryable, schoolId: string, from: string, to: string) {
  const { rows } = await db.query<{
    id: string; staffId: string; staffName: string; groupId: string; groupName: string;
    startDate: string; endDate: string; sessions: string[]; createdBy: string | null;
  }>(
    `SELECT a.id, a.staff_id AS "staffId", st.display_name AS "staffName", a.group_id AS "groupId", g.name AS "groupName",
            a.start_date AS "startDate", a.end_date AS "endDate", a.sessions, cb.display_name AS "createdBy"
       FROM staff_assignments a
       JOIN staff st ON st.school_id = a.school_id AND st.id = a.staff_id
       JOIN registration_groups g ON g.school_id = a.school_id AND g.id = a.group_id
       LEFT JOIN staff cb ON cb.school_id = a.school_id AND cb.id = a.created_by
      WHERE a.school_id = $1 AND a.kind = 'cover' AND a.start_date <= $3 AND a.end_date >= $2
      ORDER BY a.start_date, g.name`,
    [schoolId, from, to],
  );
  return rows;
}
