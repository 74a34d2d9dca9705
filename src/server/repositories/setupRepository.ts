/**
 * The first run and the first sign-in: setup tokens (only their SHA-256 hashes are kept), the new school with
 * its first admin, and setting a password with a first sign-in code. All SQL of the "setup" area lives here.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { recordAdminAudit } from './adminAuditRepository.js';

/**
 * Keeps one live first-run setup token: removes every earlier unused one (so only the address printed last
 * works) and stores the new token's hash. Used tokens stay, naming the school they created, and so do the
 * unused addresses of schools a trust admin created (storeSchoolSetupToken).
 */
export async function replaceSetupToken(db: Database, tokenHash: string, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    // A trust's address for a school it created (school_id set) is not the first run's: it stays.
    await tx.query(`DELETE FROM setup_tokens WHERE used_at IS NULL AND school_id IS NULL`);
    await tx.query(`INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)`, [tokenHash, new Date(now)]);
  });
}

/**
 * Spends a setup token: what it was for when it was live and is now used (`schoolId`: the school a trust
 * admin created for it, or null for the first run's), null when it was not live. One UPDATE … WHERE used_at
 * IS NULL, so of two concurrent setups with the same token exactly one sees its row (PostgreSQL makes the
 * second wait for the first's row lock, then finds the row already used).
 */
export async function spendSetupToken(tx: Queryable, tokenHash: string, now: number): Promise<{ schoolId: string | null } | null> {
  const { rows } = await tx.query<{ school_id: string | null }>(
    `UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING school_id`,
    [tokenHash, new Date(now)],
  );
  return rows.length > 0 ? { schoolId: rows[0].school_id } : null;
}

/** The school other than `exceptSchoolId` that has this URN, if any. */
export async function schoolWithUrn(tx: Queryable, urn: string, exceptSchoolId: string | null = null): Promise<{ id: string; name: string } | null> {
  const { rows } = await tx.query<{ id: string; name: string }>(
    `SELECT id, name FROM schools WHERE urn = $1 AND id IS DISTINCT FROM $2`, [urn, exceptSchoolId]);
  return rows[0] ?? null;
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
 * In the caller's transaction: a school with no staff yet (its sync state at version 1, its register times).
 * The first run's setup calls it, and the trust admin's "Add a school" (trustRepository.ts).
 */
export async function insertSchool(tx: Queryable, school: { name: string; urn: string | null; timeZone: string }): Promise<string> {
  const schoolId = `school-${randomUUID()}`;
  const version = 1;
  await tx.query(`INSERT INTO schools (id, name, urn, time_zone, version) VALUES ($1, $2, $3, $4, $5)`, [
    schoolId, school.name, school.urn, school.timeZone, version,
  ]);
  await tx.query(`INSERT INTO sync_state (school_id, version) VALUES ($1, $2)`, [schoolId, version]);
  for (const session of ['AM', 'PM'] as const) {
    const times = NEW_SCHOOL_SESSIONS[session];
    await tx.query(`INSERT INTO session_settings (school_id, session, opens_at, open_minutes) VALUES ($1, $2, $3, $4)`, [
      schoolId, session, times.opensAt, times.openMinutes,
    ]);
  }
  return schoolId;
}

async function insertFirstAdmin(tx: Queryable, schoolId: string, admin: NewSchool['admin']): Promise<string> {
  const staffId = `staff-${randomUUID()}`;
  await tx.query(
    `INSERT INTO staff (school_id, id, username, display_name, role, password_hash, active) VALUES ($1, $2, $3, $4, 'admin', $5, true)`,
    [schoolId, staffId, admin.username, admin.displayName, admin.passwordHash],
  );
  return staffId;
}

/**
 * In the caller's transaction, after it has spent the token (spendSetupToken): creates the school (its sync
 * state at version 1, its register times) and its first admin, names the school on the token, and records
 * the setup in the admin audit as that admin's change.
 */
export async function createSchoolWithAdmin(tx: Queryable, p: NewSchool): Promise<{ schoolId: string; staffId: string }> {
  const schoolId = await insertSchool(tx, p.school);
  const staffId = await insertFirstAdmin(tx, schoolId, p.admin);
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

/**
 * In the caller's transaction, after it has spent a token a trust admin made for `schoolId`: the school's first
 * admin sets it up as the first run does. The name and time zone are the admin's (they may correct the
 * trust's); the URN is the admin's when given, the trust's otherwise. Recorded in the school's admin audit.
 */
export async function completeTrustSchool(tx: Queryable, schoolId: string, p: Omit<NewSchool, 'tokenHash'>): Promise<{ schoolId: string; staffId: string } | null> {
  const { rows } = await tx.query<{ name: string; urn: string | null; time_zone: string }>(
    `SELECT name, urn, time_zone FROM schools WHERE id = $1 AND kind = 'school' FOR UPDATE`, [schoolId]);
  if (rows.length === 0) return null;
  const before = { name: rows[0].name, urn: rows[0].urn, timeZone: rows[0].time_zone };
  const school = { name: p.school.name, urn: p.school.urn ?? before.urn, timeZone: p.school.timeZone };
  await tx.query(`UPDATE schools SET name = $2, urn = $3, time_zone = $4 WHERE id = $1`, [schoolId, school.name, school.urn, school.timeZone]);
  const staffId = await insertFirstAdmin(tx, schoolId, p.admin);
  await recordAdminAudit(tx, { schoolId, staffId, at: p.now }, {
    action: 'setup',
    entity: 'school',
    key: schoolId,
    summary: `Set up ${school.name} with ${p.admin.displayName} (${p.admin.username}) as its first admin`,
    before,
    after: { school, admin: { id: staffId, username: p.admin.username, displayName: p.admin.displayName, role: 'admin' } },
  });
  return { schoolId, staffId };
}

/** Sets a person's password (first sign-in, or a reset with a new code), in the caller's transaction. */
export async function setStaffPassword(tx: Queryable, p: { schoolId: string; staffId: string; passwordHash: string }): Promise<void> {
  await tx.query(`UPDATE staff SET password_hash = $3 WHERE school_id = $1 AND id = $2`, [p.schoolId, p.staffId, p.passwordHash]);
}
