/**
 * How every admin change is written: in one transaction that first takes the school's next sync version
 * (so tablets pull what changed, in commit order: DESIGN.md §4.4) and records each change in the admin
 * audit before it commits. A change that throws leaves nothing behind, audit included.
 *
 * Admin set-up changes are ordinary requests, not outbox mutations: they are made at a desk with a
 * connection, they need answers at once (validation, "this closure has 212 register entries: are you
 * sure?"), and they never happen offline (docs/decisions.md, issue 10).
 */
import type { Database, Queryable } from '../db/database.js';
import { nextVersion } from '../repositories/schoolRepository.js';
import { recordAdminAudit, type AdminAuditEntry } from '../repositories/adminAuditRepository.js';
import type { SessionUser } from '../repositories/staffRepository.js';

export interface AdminChangeContext {
  tx: Queryable;
  /** The school's sync version this change writes: put it in the `version` column of every row it touches. */
  version: number;
  schoolId: string;
  /** The admin making the change (the first run records the setup as the new admin's own; null only for a change no account made). */
  staffId: string | null;
  now: number;
  audit(entry: AdminAuditEntry): Promise<void>;
}

export async function adminChange<T>(
  db: Database,
  who: { schoolId: string; staffId: string | null } | SessionUser,
  now: number,
  fn: (ctx: AdminChangeContext) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const version = await nextVersion(tx, who.schoolId);
    const ctx: AdminChangeContext = {
      tx,
      version,
      schoolId: who.schoolId,
      staffId: who.staffId,
      now,
      audit: (entry) => recordAdminAudit(tx, { schoolId: who.schoolId, staffId: who.staffId, at: now }, entry),
    };
    return fn(ctx);
  });
}
