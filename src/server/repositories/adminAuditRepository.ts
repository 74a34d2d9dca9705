/**
 * The admin audit (migration 006): every change an admin makes to the school's set-up, who made it, when,
 * and the record before and after. Append-only: rows are only ever inserted (a trigger refuses the rest).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { AdminAuditEntryWire } from '../../protocol/adminAudit.js';

export interface AdminAuditEntry {
  /** A verb for the log: 'create', 'update', 'move', 'leave', 'disable', 'import', 'issue_code', … */
  action: string;
  /** What was changed: 'school', 'session', 'calendar', 'group', 'pupil', 'staff', 'photo', 'import', … */
  entity: string;
  /** Its key within the school (a pupil's id, a date), if it has one. */
  key?: string | null;
  /** One line a person can read: "Moved Ava Smith to 3B from 1 December 2026". */
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** One entry as the audit screen reads it: the wire shape itself. */
export type AdminAuditRow = AdminAuditEntryWire;

export async function recordAdminAudit(
  tx: Queryable,
  who: { schoolId: string; staffId: string | null; at: number },
  entry: AdminAuditEntry,
): Promise<void> {
  await tx.query(
    `INSERT INTO admin_audit (school_id, id, staff_id, at, action, entity, entity_key, summary, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [
      who.schoolId,
      randomUUID(),
      who.staffId,
      new Date(who.at),
      entry.action,
      entry.entity,
      entry.key ?? null,
      entry.summary.slice(0, 500),
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

export interface AdminAuditQuery {
  entity?: string;
  key?: string;
  /**
   * Entries strictly older than this point in the order (newest first: time, then id, both descending). With
   * `id` null, entries strictly before the time. Every entry of one change shares its time, so paging needs the id.
   */
  before?: { at: string; id: string | null };
  limit: number;
}

/** A page of the audit, newest first. */
export async function listAdminAudit(db: Queryable, schoolId: string, q: AdminAuditQuery): Promise<AdminAuditRow[]> {
  const { rows } = await db.query<AdminAuditRow & { at: Date | string }>(
    `SELECT a.id, a.at, a.staff_id AS "staffId", st.display_name AS "staffName", a.action, a.entity,
            a.entity_key AS key, a.summary, a.before, a.after
       FROM admin_audit a
       LEFT JOIN staff st ON st.school_id = a.school_id AND st.id = a.staff_id
      WHERE a.school_id = $1 AND ($2::text IS NULL OR a.entity = $2) AND ($3::text IS NULL OR a.entity_key = $3)
        AND ($4::timestamptz IS NULL OR a.at < $4 OR ($5::text IS NOT NULL AND a.at = $4 AND a.id < $5))
      ORDER BY a.at DESC, a.id DESC
      LIMIT $6`,
    [schoolId, q.entity ?? null, q.key ?? null, q.before ? new Date(q.before.at) : null, q.before?.id ?? null, q.limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
