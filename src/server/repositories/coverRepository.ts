/**
 * The SQL of covers (cover.add / cover.remove): who may cover, whether the class and the cover exist, and the
 * statements that add or remove one. Writes are returned as statements so the push writes them in its own
 * transaction, after every check of the batch has passed.
 */
import type { Queryable } from '../db/database.js';
import type { Statement } from './officeRecordsRepository.js';

export async function staffRoleOf(db: Queryable, schoolId: string, staffId: string): Promise<{ role: string; active: boolean } | null> {
  const { rows } = await db.query<{ role: string; active: boolean }>(`SELECT role, active FROM staff WHERE school_id = $1 AND id = $2`, [schoolId, staffId]);
  return rows[0] ?? null;
}

export async function groupExists(db: Queryable, schoolId: string, groupId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM registration_groups WHERE school_id = $1 AND id = $2`, [schoolId, groupId]);
  return rows.length > 0;
}

/** The kind of an assignment ('teacher' or 'cover'), or null when there is none with this id. */
export async function assignmentKind(db: Queryable, schoolId: string, id: string): Promise<string | null> {
  const { rows } = await db.query<{ kind: string }>(`SELECT kind FROM staff_assignments WHERE school_id = $1 AND id = $2`, [schoolId, id]);
  return rows[0]?.kind ?? null;
}

export interface NewCover {
  id: string;
  staffId: string;
  groupId: string;
  startDate: string;
  endDate: string;
  sessions: string[];
}

export function insertCover(schoolId: string, c: NewCover, version: number, createdBy: string | null, createdAt: Date): Statement {
  return {
    sql: `INSERT INTO staff_assignments (school_id, id, staff_id, group_id, kind, start_date, end_date, sessions, version, created_by, created_at)
          VALUES ($1, $2, $3, $4, 'cover', $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    params: [schoolId, c.id, c.staffId, c.groupId, c.startDate, c.endDate, c.sessions, version, createdBy, createdAt],
  };
}

/** Deletes the cover and leaves a tombstone, so tablets that pulled it drop it at their next pull. */
export function removeCover(schoolId: string, id: string, version: number): Statement[] {
  return [
    { sql: `DELETE FROM staff_assignments WHERE school_id = $1 AND id = $2`, params: [schoolId, id] },
    {
      sql: `INSERT INTO tombstones (school_id, entity, key, version) VALUES ($1, 'assignment', $2, $3)
            ON CONFLICT (school_id, entity, key) DO UPDATE SET version = EXCLUDED.version`,
      params: [schoolId, id, version],
    },
  ];
}
