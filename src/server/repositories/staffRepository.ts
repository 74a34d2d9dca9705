/** Staff accounts, sign-in sessions and the sign-in audit. All SQL about who someone is lives here. */
import type { Queryable } from '../db/database.js';
import type { AccountRole } from '../../protocol/index.js';

export interface StaffMember {
  schoolId: string;
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
  passwordHash: string;
  active: boolean;
}

export interface SessionUser {
  schoolId: string;
  schoolName: string;
  timeZone: string;
  staffId: string;
  username: string;
  displayName: string;
  role: AccountRole;
}

const STAFF_COLUMNS = `school_id AS "schoolId", id, username, display_name AS "displayName", role,
  password_hash AS "passwordHash", active`;

export async function findStaffByUsername(db: Queryable, username: string): Promise<StaffMember | null> {
  const { rows } = await db.query<StaffMember>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE lower(username) = lower($1)`, [username]);
  return rows[0] ?? null;
}

export async function createAuthSession(
  db: Queryable,
  s: { tokenHash: string; schoolId: string; staffId: string; createdAt: number; expiresAt: number },
): Promise<void> {
  await db.query(
    `INSERT INTO auth_sessions (token_hash, school_id, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [s.tokenHash, s.schoolId, s.staffId, new Date(s.createdAt), new Date(s.expiresAt)],
  );
}

export async function findSessionUser(db: Queryable, tokenHash: string, now: number): Promise<SessionUser | null> {
  const { rows } = await db.query<SessionUser>(
    `SELECT s.school_id AS "schoolId", sc.name AS "schoolName", sc.time_zone AS "timeZone", s.staff_id AS "staffId",
            st.username, st.display_name AS "displayName", st.role
       FROM auth_sessions s
       JOIN staff st ON st.school_id = s.school_id AND st.id = s.staff_id
       JOIN schools sc ON sc.id = s.school_id
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND st.active`,
    [tokenHash, new Date(now)],
  );
  return rows[0] ?? null;
}

export async function deleteAuthSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(`DELETE FROM auth_sessions WHERE token_hash = $1`, [tokenHash]);
}

/** One sign-in attempt for the audit; `throttled` when it was refused before its password was checked. */
export async function recordSignIn(
  db: Queryable,
  entry: { schoolId: string | null; username: string; staffId: string | null; succeeded: boolean; at: number; ip: string; throttled?: boolean },
): Promise<void> {
  await db.query(`INSERT INTO sign_ins (school_id, username, staff_id, succeeded, at, ip, throttled) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    entry.schoolId,
    entry.username.slice(0, 100),
    entry.staffId,
    entry.succeeded,
    new Date(entry.at),
    entry.ip,
    entry.throttled ?? false,
  ]);
}

/**
 * Wrong passwords for one username (as typed, any case) after its last successful sign-in and after `since`;
 * throttled attempts do not count (their password was never checked).
 */
export async function recentSignInFailures(db: Queryable, username: string, since: number): Promise<{ failures: number; lastFailureAt: number | null }> {
  const { rows } = await db.query<{ failures: number | string; last: Date | string | null }>(
    `SELECT count(*) AS failures, max(at) AS last FROM sign_ins
      WHERE lower(username) = lower($1) AND at > $2 AND NOT succeeded AND NOT throttled
        AND at > COALESCE((SELECT max(at) FROM sign_ins WHERE lower(username) = lower($1) AND succeeded AND at > $2), $2)`,
    [username.slice(0, 100), new Date(since)],
  );
  const last = rows[0]?.last;
  return { failures: Number(rows[0]?.failures ?? 0), lastFailureAt: last == null ? null : new Date(last).getTime() };
}

/** The time of the `nth` most recent wrong password from one address after `since`, if there were that many. */
export async function nthRecentFailureFromAddress(db: Queryable, ip: string, since: number, nth: number): Promise<number | null> {
  const { rows } = await db.query<{ at: Date | string }>(
    `SELECT at FROM sign_ins WHERE ip = $1 AND at > $2 AND NOT succeeded AND NOT throttled ORDER BY at DESC OFFSET $3 LIMIT 1`,
    [ip, new Date(since), nth - 1],
  );
  return rows[0] ? new Date(rows[0].at).getTime() : null;
}

export async function schoolSummary(db: Queryable, schoolId: string): Promise<{ name: string; timeZone: string }> {
  const { rows } = await db.query<{ name: string; timeZone: string }>(
    `SELECT name, time_zone AS "timeZone" FROM schools WHERE id = $1`,
    [schoolId],
  );
  if (!rows[0]) throw new Error(`school ${schoolId} is missing`);
  return rows[0];
}
