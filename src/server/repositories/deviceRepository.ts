/** Devices (one browser profile for one person) and the log of every mutation they sent. */
import type { Queryable } from '../db/database.js';
import { insertRows } from '../db/insertMany.js';

export interface Device {
  schoolId: string;
  id: string;
  staffId: string;
  lastSeq: number;
  scopeKey: string | null;
}

/**
 * Finds the device and locks its row for the rest of the transaction, registering it to `staffId` on
 * first use. Returns null when the id is already registered to someone else.
 */
export function lockOrRegisterDevice(tx: Queryable, p: DeviceOwnerQuery): Promise<Device | null> {
  return registeredDevice(tx, p, 'FOR UPDATE');
}

/**
 * Finds the device, registering it to `staffId` on first use, without locking it: for a pull, whose
 * snapshot must not wait on (or be invalidated by) a push of the same device. Each statement commits on its
 * own, and a device is never given to another person, so the answer stays true. Null when it is someone else's.
 */
export function findOrRegisterDevice(db: Queryable, p: DeviceOwnerQuery): Promise<Device | null> {
  return registeredDevice(db, p, '');
}

type DeviceOwnerQuery = { schoolId: string; deviceId: string; staffId: string; now: number };

async function registeredDevice(db: Queryable, p: DeviceOwnerQuery, lock: 'FOR UPDATE' | ''): Promise<Device | null> {
  const find = () => db.query<Device>(
    `SELECT school_id AS "schoolId", id, staff_id AS "staffId", last_seq AS "lastSeq", scope_key AS "scopeKey"
       FROM devices WHERE id = $1 ${lock}`,
    [p.deviceId],
  );
  // Found first: every push but a device's first is then one statement here, not two (a push holds its
  // school's version row while it runs). A first use registers it; ON CONFLICT covers two first uses at once.
  let { rows } = await find();
  if (rows.length === 0) {
    await db.query(
      `INSERT INTO devices (school_id, id, staff_id, last_seq, created_at, last_seen_at)
       VALUES ($1, $2, $3, 0, $4, $4) ON CONFLICT DO NOTHING`,
      [p.schoolId, p.deviceId, p.staffId, new Date(p.now)],
    );
    ({ rows } = await find());
  }
  const device = rows[0];
  if (!device || device.schoolId !== p.schoolId || device.staffId !== p.staffId) return null;
  return device;
}

export async function updateDevice(
  tx: Queryable,
  p: { schoolId: string; deviceId: string; lastSeq?: number; scopeKey?: string; now: number },
): Promise<void> {
  await tx.query(
    `UPDATE devices SET last_seq = COALESCE($3, last_seq), scope_key = COALESCE($4, scope_key), last_seen_at = $5
      WHERE school_id = $1 AND id = $2`,
    [p.schoolId, p.deviceId, p.lastSeq ?? null, p.scopeKey ?? null, new Date(p.now)],
  );
}

export interface LoggedResult {
  seq: number;
  mutationId: string;
  status: 'applied' | 'rejected';
  code: string | null;
  message: string | null;
}

export async function findLoggedResults(
  tx: Queryable,
  schoolId: string,
  deviceId: string,
  seqs: number[],
): Promise<Map<number, LoggedResult>> {
  if (seqs.length === 0) return new Map();
  const { rows } = await tx.query<LoggedResult>(
    // One primary-key lookup a seq. Written as "seq = ANY($3)", a plan made before the table had statistics
    // (and kept by a prepared statement) read every row this device had ever logged and filtered them (a
    // tablet logs thousands a year); LIMIT 1 keeps the lookup inside the loop (test/server/pushPlans.test.ts).
    `SELECT l.seq, l.mutation_id AS "mutationId", l.status, l.code, l.message
       FROM unnest($3::bigint[]) AS s(seq)
       CROSS JOIN LATERAL (SELECT seq, mutation_id, status, code, message FROM mutation_log
                            WHERE school_id = $1 AND device_id = $2 AND seq = s.seq LIMIT 1) l`,
    [schoolId, deviceId, seqs],
  );
  return new Map(rows.map((r) => [r.seq, r]));
}

export async function existingMutationIds(tx: Queryable, schoolId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await tx.query<{ id: string }>(
    // A lookup an id (see findLoggedResults): the school's log holds every change it has ever received.
    `SELECT l.mutation_id AS id
       FROM unnest($2::text[]) AS u(id)
       CROSS JOIN LATERAL (SELECT mutation_id FROM mutation_log WHERE school_id = $1 AND mutation_id = u.id LIMIT 1) l`,
    [schoolId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

export interface LogEntry {
  args: unknown;
  schoolId: string;
  deviceId: string;
  seq: number;
  mutationId: string;
  type: string;
  status: 'applied' | 'rejected';
  code: string | null;
  message: string | null;
  receivedAt: number;
}

export async function logMutations(tx: Queryable, entries: LogEntry[]): Promise<void> {
  await insertRows(tx, 'mutation_log', ['school_id', 'device_id', 'seq', 'mutation_id', 'type', 'status', 'code', 'message', 'received_at', 'args'],
    entries.map((e) => [e.schoolId, e.deviceId, e.seq, e.mutationId, e.type.slice(0, 64), e.status, e.code, e.message, new Date(e.receivedAt), e.args ?? null]), { jsonb: ['args'] });
}

/**
 * Stores a fresh key's hash for the device, valid until `expiresAt`. The owner has just signed in, so the
 * sign-out recorded for the device (if any) no longer limits what the key may send.
 */
export async function setDeviceKeyHash(
  tx: Queryable,
  p: { schoolId: string; deviceId: string; keyHash: string; issuedAt: number; expiresAt: number },
): Promise<void> {
  await tx.query(
    `UPDATE devices SET key_hash = $3, key_issued_at = $4, key_expires_at = $5, signed_out_at = NULL WHERE school_id = $1 AND id = $2`,
    [p.schoolId, p.deviceId, p.keyHash, new Date(p.issuedAt), new Date(p.expiresAt)],
  );
}

/** Removes the key of one of the person's devices (office and admin get none; an older key stops working). */
export async function clearDeviceKey(db: Queryable, p: { schoolId: string; staffId: string; deviceId: string }): Promise<void> {
  await db.query(`UPDATE devices SET key_hash = NULL WHERE school_id = $1 AND id = $2 AND staff_id = $3 AND key_hash IS NOT NULL`, [
    p.schoolId,
    p.deviceId,
    p.staffId,
  ]);
}

/** The person signed out on this device (told by the app): their key may only send what came before. */
export async function recordSignOutOnDevice(db: Queryable, p: { schoolId: string; staffId: string; deviceId: string; now: number }): Promise<void> {
  await db.query(`UPDATE devices SET signed_out_at = $4 WHERE school_id = $1 AND id = $2 AND staff_id = $3`, [
    p.schoolId,
    p.deviceId,
    p.staffId,
    new Date(p.now),
  ]);
}

export interface DeviceKeyOwner {
  schoolId: string;
  schoolName: string;
  timeZone: string;
  staffId: string;
  username: string;
  displayName: string;
  role: 'teacher' | 'ta';
  /** When the owner signed out on this device (ms), if the app said so. */
  signedOutAt: number | null;
  keyExpiresAt: number;
}

/**
 * The owner of a device whose key hash matches and has not expired, if they are still an active member of
 * staff who takes registers. Office and admin keys (issued before keys were limited) do not count.
 */
export async function findDeviceOwnerByKey(db: Queryable, deviceId: string, keyHash: string, now: number): Promise<DeviceKeyOwner | null> {
  const { rows } = await db.query<Omit<DeviceKeyOwner, 'signedOutAt' | 'keyExpiresAt'> & { signedOutAt: Date | string | null; keyExpiresAt: Date | string }>(
    `SELECT d.school_id AS "schoolId", sc.name AS "schoolName", sc.time_zone AS "timeZone", d.staff_id AS "staffId",
            st.username, st.display_name AS "displayName", st.role,
            d.signed_out_at AS "signedOutAt", d.key_expires_at AS "keyExpiresAt"
       FROM devices d
       JOIN staff st ON st.school_id = d.school_id AND st.id = d.staff_id
       JOIN schools sc ON sc.id = d.school_id
      WHERE d.id = $1 AND d.key_hash = $2 AND d.key_expires_at > $3 AND st.active AND st.role IN ('teacher', 'ta')`,
    [deviceId, keyHash, new Date(now)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...row,
    signedOutAt: row.signedOutAt == null ? null : new Date(row.signedOutAt).getTime(),
    keyExpiresAt: new Date(row.keyExpiresAt).getTime(),
  };
}
