/**
 * The trust (issue 12): its own row of `schools` (kind 'trust') with its trust admins as staff of it (role
 * 'trust'), the schools it holds, and "Add a school". All SQL of the "trust" area lives here.
 */
import type { Queryable } from '../db/database.js';
import { recordAdminAudit } from './adminAuditRepository.js';
import { insertSchool } from './setupRepository.js';

export interface TrustSchool {
  schoolId: string;
  name: string;
  urn: string | null;
  timeZone: string;
  /** The school has a member of staff: its first admin has used the setup address. */
  setUp: boolean;
}

/** Every school of the database (not the trust's own row), by name. */
export async function listTrustSchools(db: Queryable): Promise<TrustSchool[]> {
  const { rows } = await db.query<TrustSchool>(
    `SELECT s.id AS "schoolId", s.name, s.urn, s.time_zone AS "timeZone",
            EXISTS (SELECT 1 FROM staff st WHERE st.school_id = s.id) AS "setUp"
       FROM schools s WHERE s.kind = 'school' ORDER BY lower(s.name), s.id`,
  );
  return rows;
}

/** The trust's own row and one trust admin of it, in the caller's transaction (the demo, a test, a script). */
export async function insertTrustAdmin(
  tx: Queryable,
  /** A null password: they set one with a first sign-in code (cli/createTrustAdmin.ts). */
  p: { trustId: string; trustName: string; staffId: string; username: string; displayName: string; passwordHash: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO schools (id, name, kind) VALUES ($1, $2, 'trust') ON CONFLICT (id) DO NOTHING`, [p.trustId, p.trustName]);
  await tx.query(
    `INSERT INTO staff (school_id, id, username, display_name, role, password_hash, active) VALUES ($1, $2, $3, $4, 'trust', $5, true)`,
    [p.trustId, p.staffId, p.username, p.displayName, p.passwordHash],
  );
}

export interface NewTrustSchool {
  school: { name: string; urn: string; timeZone: string };
  /** The hash of the one-time setup token the school's first admin will use. */
  tokenHash: string;
  by: { trustId: string; staffId: string; username: string; displayName: string };
  now: number;
}

/**
 * In the caller's transaction: a school with no staff yet and its one-time setup token, recorded in the new
 * school's admin audit (as the trust admin's change) and in the trust's own.
 */
export async function createTrustSchool(tx: Queryable, p: NewTrustSchool): Promise<string> {
  const schoolId = await insertSchool(tx, p.school);
  await tx.query(`INSERT INTO setup_tokens (token_hash, created_at, school_id) VALUES ($1, $2, $3)`, [p.tokenHash, new Date(p.now), schoolId]);
  const entry = {
    action: 'create',
    entity: 'school',
    key: schoolId,
    summary: `Created ${p.school.name} (URN ${p.school.urn}) for the trust: ${p.by.displayName} (${p.by.username}), trust admin`,
    before: null,
    after: { school: { id: schoolId, ...p.school }, createdBy: { ...p.by, role: 'trust' } },
  };
  await recordAdminAudit(tx, { schoolId, staffId: p.by.staffId, at: p.now }, entry);
  await recordAdminAudit(tx, { schoolId: p.by.trustId, staffId: p.by.staffId, at: p.now }, entry);
  return schoolId;
}

/** The database's trust (its own row of `schools`), or null before the first trust admin is made. */
export async function findTrust(db: Queryable): Promise<{ trustId: string; trustName: string } | null> {
  const { rows } = await db.query<{ trustId: string; trustName: string }>(
    `SELECT id AS "trustId", name AS "trustName" FROM schools WHERE kind = 'trust' ORDER BY id LIMIT 1`,
  );
  return rows[0] ?? null;
}
