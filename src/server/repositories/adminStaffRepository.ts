/**
 * The SQL of the admin's Staff screen and the staff import: accounts (created without a password), their
 * roles and classes, disabling (which ends sessions and device keys in the same transaction), and the
 * usernames new accounts get.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Role } from '../../protocol/index.js';
import type { StaffRow } from '../../protocol/adminStaff.js';

export interface StaffRecord {
  id: string;
  username: string;
  displayName: string;
  title: string | null;
  email: string | null;
  role: Role;
  active: boolean;
}

const COLUMNS = `st.id, st.username, st.display_name AS "displayName", st.title, st.email, st.role, st.active`;

export async function listStaff(db: Queryable, schoolId: string, today: string, now: number): Promise<StaffRow[]> {
  const { rows } = await db.query<StaffRecord & { hasPassword: boolean; codeExpiresAt: unknown; lastSignInAt: unknown }>(
    `SELECT ${COLUMNS}, st.password_hash IS NOT NULL AS "hasPassword",
            (SELECT max(c.expires_at) FROM first_sign_in_codes c
              WHERE c.school_id = st.school_id AND c.staff_id = st.id AND c.used_at IS NULL AND c.expires_at > $2) AS "codeExpiresAt",
            (SELECT max(s.at) FROM sign_ins s WHERE s.school_id = st.school_id AND s.staff_id = st.id AND s.succeeded) AS "lastSignInAt"
       FROM staff st WHERE st.school_id = $1
      ORDER BY st.active DESC, lower(st.display_name), st.id`,
    [schoolId, new Date(now)],
  );
  const classes = await classesOfStaff(db, schoolId, today);
  const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
  return rows.map((r) => ({
    ...r,
    groups: classes.get(r.id) ?? [],
    codeExpiresAt: iso(r.codeExpiresAt),
    lastSignInAt: iso(r.lastSignInAt),
  }));
}

/** Each person's classes today (standing assignments), by staff id. */
export async function classesOfStaff(db: Queryable, schoolId: string, today: string): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const { rows } = await db.query<{ staffId: string; id: string; name: string }>(
    `SELECT DISTINCT a.staff_id AS "staffId", g.id, g.name
       FROM staff_assignments a JOIN registration_groups g ON g.school_id = a.school_id AND g.id = a.group_id
      WHERE a.school_id = $1 AND a.kind = 'teacher' AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
      ORDER BY g.name`,
    [schoolId, today],
  );
  const byStaff = new Map<string, Array<{ id: string; name: string }>>();
  for (const r of rows) byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), { id: r.id, name: r.name }]);
  return byStaff;
}

export async function findStaff(db: Queryable, schoolId: string, id: string): Promise<StaffRecord | null> {
  const { rows } = await db.query<StaffRecord>(`SELECT ${COLUMNS} FROM staff st WHERE st.school_id = $1 AND st.id = $2`, [schoolId, id]);
  return rows[0] ?? null;
}

export async function allStaff(db: Queryable, schoolId: string): Promise<StaffRecord[]> {
  const { rows } = await db.query<StaffRecord>(`SELECT ${COLUMNS} FROM staff st WHERE st.school_id = $1`, [schoolId]);
  return rows;
}

/** Active admins of the school other than `exceptId`: the school must always keep one. */
export async function otherActiveAdmins(db: Queryable, schoolId: string, exceptId: string): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM staff WHERE school_id = $1 AND role = 'admin' AND active AND id <> $2`,
    [schoolId, exceptId],
  );
  return Number(rows[0]!.n);
}

/**
 * A readable username no account anywhere in the database has (usernames are unique across schools, so sign-in
 * needs no school picker): first initial and surname in plain letters ("jsmith"), then jsmith2, jsmith3…
 */
export async function freeUsername(db: Queryable, forename: string, surname: string, taken: Set<string> = new Set()): Promise<string> {
  const plain = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  let base = `${plain(forename).slice(0, 1)}${plain(surname)}`.slice(0, 24);
  if (base.length < 2) base = 'staff';
  const { rows } = await db.query<{ u: string }>(
    `SELECT lower(username) AS u FROM staff WHERE lower(username) = $1 OR lower(username) LIKE $1 || '%'`,
    [base],
  );
  const used = new Set([...rows.map((r) => r.u), ...taken]);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

export async function insertStaff(
  tx: Queryable,
  schoolId: string,
  s: { username: string; displayName: string; title: string | null; email: string | null; role: Role },
): Promise<StaffRecord> {
  const id = `s-${randomUUID()}`;
  await tx.query(
    `INSERT INTO staff (school_id, id, username, display_name, role, password_hash, active, title, email)
     VALUES ($1, $2, $3, $4, $5, NULL, true, $6, $7)`,
    [schoolId, id, s.username, s.displayName, s.role, s.title, s.email],
  );
  return { id, active: true, ...s };
}

export async function updateStaff(tx: Queryable, schoolId: string, s: StaffRecord): Promise<void> {
  await tx.query(
    `UPDATE staff SET display_name = $3, title = $4, email = $5, role = $6, active = $7 WHERE school_id = $1 AND id = $2`,
    [schoolId, s.id, s.displayName, s.title, s.email, s.role, s.active],
  );
}

/**
 * Ends every session and removes every device key of one person in the caller's transaction (the same SQL as
 * revokeStaffDevices, which runs its own), recording it in device_revocations. Returns what it ended.
 */
export async function endSessionsAndKeys(
  tx: Queryable,
  p: { schoolId: string; staffId: string; revokedBy: string; now: number },
): Promise<{ keysRemoved: number; sessionsEnded: number }> {
  const keys = await tx.query(
    `UPDATE devices SET key_hash = NULL, key_expires_at = NULL WHERE school_id = $1 AND staff_id = $2 AND key_hash IS NOT NULL RETURNING id`,
    [p.schoolId, p.staffId],
  );
  const sessions = await tx.query(`DELETE FROM auth_sessions WHERE school_id = $1 AND staff_id = $2 RETURNING token_hash`, [p.schoolId, p.staffId]);
  const ended = { keysRemoved: keys.rows.length, sessionsEnded: sessions.rows.length };
  await tx.query(
    `INSERT INTO device_revocations (school_id, id, staff_id, revoked_by, revoked_at, keys_removed, sessions_ended) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [p.schoolId, randomUUID(), p.staffId, p.revokedBy, new Date(p.now), ended.keysRemoved, ended.sessionsEnded],
  );
  return ended;
}

/** Ends a person's unused first sign-in codes (a disabled account must not be claimable). */
export async function endUnusedCodes(tx: Queryable, schoolId: string, staffId: string, now: number): Promise<void> {
  await tx.query(`UPDATE first_sign_in_codes SET used_at = $3 WHERE school_id = $1 AND staff_id = $2 AND used_at IS NULL`, [
    schoolId, staffId, new Date(now),
  ]);
}

/** True when this person was issued a code at exactly this instant (first_sign_in_codes is keyed by it). */
export async function codeIssuedAt(db: Queryable, schoolId: string, staffId: string, now: number): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM first_sign_in_codes WHERE school_id = $1 AND staff_id = $2 AND issued_at = $3`, [schoolId, staffId, new Date(now)]);
  return rows.length > 0;
}
