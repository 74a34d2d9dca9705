/**
 * Who is signed in on this device, and the data that belongs to them.
 *
 * Guarantees:
 * - `currentUser` is kept on the device so the app opens signed in after an offline reload (the server still
 *   checks the session cookie on every request).
 * - The pulled tables only ever hold one person's data: signing in as someone else, or signing out, drops them
 *   (and the pull cursors) in one transaction.
 * - Pending outbox entries, pending cells and device identities are NEVER dropped here: marks not yet sent are
 *   sent the next time their author signs in on this device.
 * - Signing out marks the person signed out (`signedOut:<id>`) in the same transaction, so a pull of theirs that
 *   was still on its way when they signed out writes nothing when it lands (pull.ts): their pupils never come
 *   back onto the tablet for the next person. Signing in again clears the mark.
 */
import type { RegisterDb } from './schema';
import { getMeta, metaKeys } from './meta';
import type { SignedInUser } from './types';

async function dropPulledData(db: RegisterDb): Promise<void> {
  await Promise.all([db.school.clear(), db.groups.clear(), db.pupils.clear(), db.assignments.clear(), db.days.clear(), db.photos.clear()]);
  await db.cells.filter((c) => !c.pending).delete();
  await db.meta.filter((row) => row.key.startsWith('cursor:')).delete();
  await db.meta.delete(metaKeys.dataOwner);
}

const allTables = (db: RegisterDb) => [db.meta, db.school, db.groups, db.pupils, db.assignments, db.days, db.cells, db.photos];

export async function saveSignedInUser(db: RegisterDb, user: SignedInUser): Promise<void> {
  await db.transaction('rw', allTables(db), async () => {
    const owner = await getMeta<string>(db, metaKeys.dataOwner);
    if (owner !== undefined && owner !== user.id) await dropPulledData(db);
    await db.meta.put({ key: metaKeys.currentUser, value: user });
    await db.meta.delete(metaKeys.signedOut(user.id));
  });
}

export async function clearSignedInUser(db: RegisterDb): Promise<void> {
  await db.transaction('rw', allTables(db), async () => {
    const user = await getMeta<SignedInUser>(db, metaKeys.currentUser);
    await dropPulledData(db);
    await db.meta.delete(metaKeys.currentUser);
    if (user) await db.meta.put({ key: metaKeys.signedOut(user.id), value: true });
  });
}
