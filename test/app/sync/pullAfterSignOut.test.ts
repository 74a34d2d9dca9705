/**
 * A pull still on its way when its person signs out must not put their pupils back on the tablet: the next
 * person to pick it up may not see them (session.ts, pull.ts).
 */
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../../src/app/sync/pull';
import { clearSignedInUser, saveSignedInUser } from '../../../src/app/db/session';
import { getCursor } from '../../../src/app/db/meta';
import { freshDb, page, snapshotChanges, teacher } from '../helpers';

describe('a pull that lands after its person signed out', () => {
  it('writes nothing, not even its cursor; after signing in again their pulls land as before', async () => {
    const db = freshDb();
    await saveSignedInUser(db, teacher);
    await applyPullPage(db, teacher.id, page(snapshotChanges(), { reset: true }));
    expect(await db.pupils.count()).toBeGreaterThan(0);

    const late = page(snapshotChanges(), { reset: true });
    await clearSignedInUser(db);
    await applyPullPage(db, teacher.id, late);
    expect(await Promise.all([db.pupils.count(), db.groups.count(), db.assignments.count(), db.school.count()])).toEqual([0, 0, 0, 0]);
    expect(await getCursor(db, teacher.id)).toBeNull();

    await saveSignedInUser(db, teacher);
    await applyPullPage(db, teacher.id, late);
    expect(await db.pupils.count()).toBeGreaterThan(0);
  });
});
