/**
 * Small keyed values kept on the device (table `meta`).
 *
 * Keys:
 * - `currentUser`        the signed-in person, so the app opens signed in after an offline reload.
 * - `device:<userId>`    this browser's device id and next seq for that person (one identity per person, so on
 *                        a shared tablet each person's marks travel under their own device id).
 * - `cursor:<userId>`    the pull cursor; written only in the same transaction as the page it belongs to.
 * - `clock`              the best clock-offset sample, so "now" is right after an offline reload.
 * - `dataOwner`          whose pulled data the tables hold.
 * - `storage`            whether the browser agreed to keep this app's data (persist()), and when it was asked.
 * - `lastSync:<userId>`  corrected time of that person's last complete sync, shown in Settings after a reload.
 * - `signedOut:<userId>` that person signed out here and has not signed in again: a pull of theirs still on its
 *                        way is dropped when it lands (session.ts, pull.ts).
 * Guarantee: a device identity, once created, is never replaced while its outbox entries exist; seq numbers
 * are allocated only inside the transaction that writes the outbox entry (see marks.ts, mutations.ts). Writers
 * of a device identity keep the fields they do not own (read-modify-write inside one transaction).
 */
import type { RegisterDb } from './schema';
import type { ClockSample, DeviceIdentity, SignedInUser, StoragePersistence } from './types';

export const metaKeys = {
  currentUser: 'currentUser',
  dataOwner: 'dataOwner',
  clock: 'clock',
  storage: 'storage',
  lastSync: (userId: string) => `lastSync:${userId}`,
  device: (userId: string) => `device:${userId}`,
  cursor: (userId: string) => `cursor:${userId}`,
  signedOut: (userId: string) => `signedOut:${userId}`,
};

export async function getMeta<T>(db: RegisterDb, key: string): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function setMeta(db: RegisterDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

export const getCurrentUser = (db: RegisterDb) => getMeta<SignedInUser>(db, metaKeys.currentUser);

export const getClockSample = (db: RegisterDb) => getMeta<ClockSample>(db, metaKeys.clock);

export const getStoragePersistence = (db: RegisterDb) => getMeta<StoragePersistence>(db, metaKeys.storage);

export const getLastSync = (db: RegisterDb, userId: string) => getMeta<number>(db, metaKeys.lastSync(userId));

export const getDevice = (db: RegisterDb, userId: string) => getMeta<DeviceIdentity>(db, metaKeys.device(userId));

export const getCursor = async (db: RegisterDb, userId: string) =>
  (await getMeta<string | null>(db, metaKeys.cursor(userId))) ?? null;

/**
 * The device identity for this person, created on first use. Must run inside a rw transaction that includes
 * `meta` (or on its own, when Dexie makes it one): the read and the write are then atomic.
 */
export async function getOrCreateDevice(db: RegisterDb, userId: string): Promise<DeviceIdentity> {
  return db.transaction('rw', db.meta, async () => {
    const key = metaKeys.device(userId);
    const existing = await getMeta<DeviceIdentity>(db, key);
    if (existing) return existing;
    const created: DeviceIdentity = { deviceId: crypto.randomUUID(), nextSeq: 1 };
    await setMeta(db, key, created);
    return created;
  });
}

/**
 * Changes some fields of an existing device identity, keeping the others (seq numbering above all). Returns
 * the updated identity, or undefined when this person has none. `onlyIfDeviceId` makes the change conditional
 * on the identity still naming that device (a key issued for an id that was since replaced is not stored).
 */
export async function updateDevice(
  db: RegisterDb,
  userId: string,
  patch: Partial<Omit<DeviceIdentity, 'deviceId' | 'nextSeq'>>,
  onlyIfDeviceId?: string,
): Promise<DeviceIdentity | undefined> {
  return db.transaction('rw', db.meta, async () => {
    const key = metaKeys.device(userId);
    const existing = await getMeta<DeviceIdentity>(db, key);
    if (!existing || (onlyIfDeviceId !== undefined && existing.deviceId !== onlyIfDeviceId)) return existing;
    const next: DeviceIdentity = { ...existing, ...patch };
    for (const [field, value] of Object.entries(patch)) if (value === undefined) delete next[field as keyof DeviceIdentity];
    await setMeta(db, key, next);
    return next;
  });
}

/** Every person who has a device identity on this browser, by user id. */
export async function allDevices(db: RegisterDb): Promise<Map<string, DeviceIdentity>> {
  const rows = await db.meta.where('key').startsWith('device:').toArray();
  return new Map(rows.map((row) => [row.key.slice('device:'.length), row.value as DeviceIdentity]));
}
