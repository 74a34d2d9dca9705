/**
 * An admin removing every device key of one person and ending all their sessions (a lost tablet), with an
 * append-only record of who did it, when, and what it ended (device_revocations). All in one transaction:
 * the record exists exactly when the keys and sessions are gone.
 */
import type { StaffDevicesRow } from '../../protocol/index.js';
import type { Database, Queryable } from '../db/database.js';

export interface DeviceRevocation {
  id: string;
  staffId: string;
  revokedBy: string;
  revokedAt: string;
  keysRemoved: number;
  sessionsEnded: number;
}

export async function revokeStaffDevices(
  db: Database,
  p: { schoolId: string; staffId: string; revokedBy: string; id: string; now: number },
  /** More to write in the same transaction (the admin audit entry), so it exists exactly when the revocation does. */
  alsoInTransaction?: (tx: Queryable, revocation: DeviceRevocation) => Promise<void>,
): Promise<DeviceRevocation> {
  return db.transaction(async (tx) => {
    const keys = await tx.query<{ id: string }>(
      `UPDATE devices SET key_hash = NULL, key_expires_at = NULL WHERE school_id = $1 AND staff_id = $2 AND key_hash IS NOT NULL RETURNING id`,
      [p.schoolId, p.staffId],
    );
    const sessions = await tx.query<{ token_hash: string }>(
      `DELETE FROM auth_sessions WHERE school_id = $1 AND staff_id = $2 RETURNING token_hash`,
      [p.schoolId, p.staffId],
    );
    const revocation = {
      id: p.id, staffId: p.staffId, revokedBy: p.revokedBy, revokedAt: new Date(p.now).toISOString(),
      keysRemoved: keys.rows.length, sessionsEnded: sessions.rows.length,
    };
    await tx.query(
      `INSERT INTO device_revocations (school_id, id, staff_id, revoked_by, revoked_at, keys_removed, sessions_ended) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [p.schoolId, p.id, p.staffId, p.revokedBy, new Date(p.now), revocation.keysRemoved, revocation.sessionsEnded],
    );
    await alsoInTransaction?.(tx, revocation);
    return revocation;
  });
}

/** Every active member of staff with their live device keys and sessions, and their last revocation. */
export async function listStaffDevices(db: Queryable, schoolId: string, now: number): Promise<StaffDevicesRow[]> {
  const { rows } = await db.query<StaffDevicesRow & { devicesWithKey: string | number; sessions: string | number; lastRevokedAt: Date | string | null }>(
    `SELECT st.id AS "staffId", st.username, st.display_name AS "displayName", st.role,
            (SELECT count(*) FROM devices d WHERE d.school_id = st.school_id AND d.staff_id = st.id
                AND d.key_hash IS NOT NULL AND d.key_expires_at > $2) AS "devicesWithKey",
            (SELECT count(*) FROM auth_sessions s WHERE s.school_id = st.school_id AND s.staff_id = st.id AND s.expires_at > $2) AS sessions,
            r.revoked_at AS "lastRevokedAt", rb.display_name AS "lastRevokedBy"
       FROM staff st
       LEFT JOIN LATERAL (SELECT revoked_at, revoked_by FROM device_revocations dr
                           WHERE dr.school_id = st.school_id AND dr.staff_id = st.id ORDER BY revoked_at DESC LIMIT 1) r ON true
       LEFT JOIN staff rb ON rb.school_id = st.school_id AND rb.id = r.revoked_by
      WHERE st.school_id = $1 AND st.active
      ORDER BY st.display_name, st.id`,
    [schoolId, new Date(now)],
  );
  return rows.map((r) => ({
    ...r,
    devicesWithKey: Number(r.devicesWithKey),
    sessions: Number(r.sessions),
    lastRevokedAt: r.lastRevokedAt == null ? null : new Date(r.lastRevokedAt).toISOString(),
  }));
}

export async function findStaffInSchool(db: Queryable, schoolId: string, staffId: string): Promise<{ id: string; displayName: string } | null> {
  const { rows } = await db.query<{ id: string; displayName: string }>(
    `SELECT id, display_name AS "displayName" FROM staff WHERE school_id = $1 AND id = $2`,
    [schoolId, staffId],
  );
  return rows[0] ?? null;
}
