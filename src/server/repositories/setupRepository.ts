/**
 * The first run and the first sign-in: setup tokens (only their SHA-256 hashes are kept), the new school with
 * its first admin, and setting a password with a first sign-in code. All SQL of the "setup" area lives here.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { recordAdminAudit } from './adminAuditRepository.js';

/**
 * Keeps one live setup token: removes every earlier unused one (so only the address printed last works) and
 * stores the new token's hash. Used tokens stay, naming the school they created.
 */
export async function replaceSetupToken(db: Database, tokenHash: string, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM setup_tokens WHERE used_at IS NULL`);
    await tx.query(`INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)`, [tokenHash, new Date(now)]);
  });
}

/**
 * Spends a setup token: true when it was live and is now used. One UPDATE … WHERE used_at IS NULL, so of two
 * concurrent setups with the same token exactly one sees its row (PostgreSQL makes the second wait for the
 * first's row lock, then finds the row already used).
 */
export async function spendSetupToken(tx: Queryable, tokenHash: string, now: number): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING token_hash`,
    [tokenHash, new Date(now)],
  );
  return rows.length > 0;
}

export async function usernameInUse(tx: Queryable, username: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM staff WHERE lower(username) = lower($1)`, [username]);
  return rows.length > 0;
}

/** The register times a new school starts with; the admin changes them on the School screen. */
export const NEW_SCHOOL_SESSIONS = {
  AM: { opensAt: '08:40', openMinutes: 30 },
  PM: { opensAt: '13:15', openMinutes: 30 },
} as const;

export interface NewSchool {
  tokenHash: string;
  school: { name: string; urn: string | null; timeZone: string };
  admin: { username: string; displayName: string; passwordHash: string };
  now: number;
}

/**
 * In the caller's transaction, after it has spent the token (spendSetupToken): creates the school (its sync
 * state at version 1, its register times) and its first admin, names the school on the token, and records
 * the setup in the admin audit as that admin's change.
 */
export async function createSchoolWithAdmin(tx: Queryable, p: NewSchool): Promise<{ schoolId: string; staffId: string }> {
  const schoolId = `school-${randomUUID()}`;
  const staffId = `staff-${randomUUID()}`;
  const version = 1;
  await tx.query(`INSERT INTO schools (id, name, urn, time_zone, version) VALUES ($1, $2, $3, $4, $5)`, [
    schoolId, p.school.name, p.school.urn, p.school.timeZone, version,
  ]);
  await tx.query(`INSERT INTO sync_state (school_id, version) VALUES ($1, $2)`, [schoolId, version]);
  for (const session of ['AM', 'PM'] as const) {
    const times = NEW_SCHOOL_SESSIONS[session];
    await tx.query(`INSERT INTO session_settings (school_id, session, opens_at, open_minutes) VALUES ($1, $2, $3, $4)`, [
      schoolId, session, times.opensAt, times.openMinutes,
    ]);
  }
  await tx.query(
    `INSERT INTO staff (school_id, id, username, display_name, role, password_hash, active) VALUES ($1, $2, $3, $4, 'admin', $5, true)`,
    [schoolId, staffId, p.admin.username, p.admin.displayName, p.admin.passwordHash],
  );
  await tx.query(`UPDATE setup_tokens SET school_id = $2 WHERE token_hash = $1`, [p.tokenHash, schoolId]);
  await recordAdminAudit(tx, { schoolId, staffId, at: p.now }, {
    action: 'create',
    entity: 'school',
    key: schoolId,
    summary: `Set up ${p.school.name} with ${p.admin.displayName} (${p.admin.username}) as its first admin`,
    before: null,
    after: {
      school: { name: p.school.name, urn: p.school.urn, timeZone: p.school.timeZone, sessions: NEW_SCHOOL_SESSIONS },
      admin: { id: staffId, username: p.admin.username, displayName: p.admin.displayName, role: 'admin' },
    },
  });
  return { schoolId, staffId };
}

/** Sets a person's password (first sign-in, or a reset with a new code), in the caller's transaction. */
export async function setStaffPassword(tx: Queryable, p: { schoolId: string; staffId: string; passwordHash: string }): Promise<void> {
  await tx.query(`UPDATE staff SET password_hash = $3 WHERE school_id = $1 AND id = $2`, [p.schoolId, p.staffId, p.passwordHash]);
}
