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

/**
 * One sign-in attempt for the audit; `throttled` when it was refused before its password was checked;
 * `pendingAttempt` (a random id) when its password is still to be checked, until finishPendingSignIn gives it
 * its outcome (`succeeded` is then false meanwhile).
 */
export async function recordSignIn(
  db: Queryable,
  entry: { schoolId: string | null; username: string; staffId: string | null; succeeded: boolean; at: number; ip: string; throttled?: boolean; pendingAttempt?: string },
): Promise<void> {
  await db.query(`INSERT INTO sign_ins (school_id, username, staff_id, succeeded, at, ip, throttled, pending_attempt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    entry.schoolId,
    entry.username.slice(0, 100),
    entry.staffId,
    entry.succeeded,
    new Date(entry.at),
    entry.ip,
    entry.throttled ?? false,
    entry.pendingAttempt ?? null,
  ]);
}

/** Gives a pending attempt its outcome. Found by username, start and id, through sign_ins_username_at. */
export async function finishPendingSignIn(db: Queryable, p: { username: string; at: number; pendingAttempt: string; succeeded: boolean }): Promise<void> {
  await db.query(`UPDATE sign_ins SET succeeded = $4, pending_attempt = NULL WHERE lower(username) = lower($1) AND at = $2 AND pending_attempt = $3`, [
    p.username.slice(0, 100),
    new Date(p.at),
    p.pendingAttempt,
    p.succeeded,
  ]);
}

/** Advisory-lock namespaces (the first of the two keys) that no other lock in the database uses. */
const SIGN_IN_LOCK_USERNAME = 19_001;
const SIGN_IN_LOCK_ADDRESS = 19_002;

/**
 * Waits for, then holds until `tx` ends, the locks under which attempts for this username (as typed, any case)
 * and from this address are decided, in every process on the database. Always the username's first, then the
 * address's: a transaction holding an address lock never waits for a username lock, so two cannot deadlock.
 * On PGlite (one connection) they are granted at once.
 */
export async function lockSignInDecisions(tx: Queryable, p: { username: string; ip: string }): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock($1::int, hashtext(lower($2::text)))`, [SIGN_IN_LOCK_USERNAME, p.username.slice(0, 100)]);
  await tx.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))`, [SIGN_IN_LOCK_ADDRESS, p.ip]);
}

/**
 * Wrong passwords for one username (as typed, any case) after its last successful sign-in and after `since`;
 * throttled attempts do not count (their password was never checked). An attempt still pending counts as a
 * wrong password if it began after `pendingSince` (older, its process stopped before recording its outcome).
 */
export async function recentSignInFailures(
  db: Queryable, username: string, since: number, pendingSince: number,
): Promise<{ failures: number; lastFailureAt: number | null }> {
  const { rows } = await db.query<{ failures: number | string; last: Date | string | null }>(
    `SELECT count(*) AS failures, max(at) AS last FROM sign_ins
      WHERE lower(username) = lower($1) AND at > $2 AND NOT succeeded AND NOT throttled
        AND (pending_attempt IS NULL OR at > $3)
        AND at > COALESCE((SELECT max(at) FROM sign_ins WHERE lower(username) = lower($1) AND succeeded AND at > $2), $2)`,
    [username.slice(0, 100), new Date(since), new Date(pendingSince)],
  );
  const last = rows[0]?.last;
  return { failures: Number(rows[0]?.failures ?? 0), lastFailureAt: last == null ? null : new Date(last).getTime() };
}

/**
 * The time of the `nth` most recent wrong password from one address after `since`, if there were that many;
 * pending attempts count as in recentSignInFailures.
 */
export async function nthRecentFailureFromAddress(db: Queryable, ip: string, since: number, nth: number, pendingSince: number): Promise<number | null> {
  const { rows } = await db.query<{ at: Date | string }>(
    `SELECT at FROM sign_ins WHERE ip = $1 AND at > $2 AND NOT succeeded AND NOT throttled AND (pending_attempt IS NULL OR at > $4)
      ORDER BY at DESC OFFSET $3 LIMIT 1`,
    [ip, new Date(since), nth - 1, new Date(pendingSince)],
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
