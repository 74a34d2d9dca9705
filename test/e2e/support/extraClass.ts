/**
 * Adds a registration group of a chosen size to a seeded demo school, assigned to one member of staff for
 * both sessions: the benchmarks' class of 35 (the demo classes have 25-32 pupils). Insert it before any device
 * pulls, so a device's first (reset) pull brings it down with the rest.
 */
import type { Queryable } from '../../../src/server/db/database.js';

export interface ExtraClass {
  groupId: string;
  name: string;
  size: number;
  /** staff id, e.g. 's-teacher1' */
  staffId: string;
  /** first day of membership and assignment (before the day under test) */
  startDate?: string;
  /** pupil ids are `${pupilPrefix}${i}` */
  pupilPrefix?: string;
}

export async function addClass(db: Queryable, c: ExtraClass): Promise<string[]> {
  const start = c.startDate ?? '2026-09-01';
  const prefix = c.pupilPrefix ?? `${c.groupId}-`;
  await db.query(`INSERT INTO registration_groups (school_id, id, name, year_group, version) VALUES ('demo', $1, $2, 6, 1)`, [c.groupId, c.name]);
  const ids: string[] = [];
  for (let i = 0; i < c.size; i++) {
    const id = `${prefix}${i}`;
    ids.push(id);
    await db.query(`INSERT INTO pupils (school_id, id, first_name, last_name, date_of_birth, version) VALUES ('demo', $1, 'Pupil', $2, '2015-03-01', 1)`, [id, `Number ${i}`]);
    await db.query(`INSERT INTO enrolments (school_id, pupil_id, start_date) VALUES ('demo', $1, $2)`, [id, start]);
    await db.query(`INSERT INTO group_memberships (school_id, pupil_id, group_id, start_date, version) VALUES ('demo', $1, $2, $3, 1)`, [id, c.groupId, start]);
  }
  await db.query(
    `INSERT INTO staff_assignments (school_id, id, staff_id, group_id, kind, start_date, sessions, version)
     VALUES ('demo', $1, $2, $3, 'teacher', $4, '{AM,PM}', 1)`,
    [`${c.groupId}-asg`, c.staffId, c.groupId, start],
  );
  return ids;
}
