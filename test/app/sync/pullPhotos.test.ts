import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { applyPullPage } from '../../../src/app/sync/pull';
import { clearSignedInUser, saveSignedInUser } from '../../../src/app/db/session';
import { createDb } from '../../../src/app/db/schema';
import type { Change } from '../../../src/protocol';
import { freshDb, page, pupil, snapshotChanges, teacher } from '../helpers';

const photo = (pupilId: string, data = 'AAEC', version = 7): Change =>
  ({ entity: 'photo', op: 'put', key: pupilId, value: { pupilId, contentType: 'image/jpeg', data, version } });
const photoGone = (pupilId: string): Change => ({ entity: 'photo', op: 'delete', key: pupilId });

describe('pull: photos', () => {
  it('stores a photo, replaces it, and drops it on a delete', async () => {
    const db = freshDb();
    await applyPullPage(db, teacher.id, page(snapshotChanges([photo('p1'), photo('p2')]), { reset: true }));
    expect(await db.photos.get('p1')).toEqual({ pupilId: 'p1', contentType: 'image/jpeg', data: 'AAEC', version: 7 });
    await applyPullPage(db, teacher.id, page([photo('p1', 'BBBB', 9), photoGone('p2')]));
    expect((await db.photos.get('p1'))?.data).toBe('BBBB');
    expect(await db.photos.get('p2')).toBeUndefined();
  });

  it('drops every photo on a reset, keeping only those the new snapshot sends (a pupil who left the class)', async () => {
    const db = freshDb();
    await applyPullPage(db, teacher.id, page(snapshotChanges([photo('p1'), photo('p2')]), { reset: true }));
    await applyPullPage(db, teacher.id, page(snapshotChanges([photo('p1')]), { reset: true }));
    expect(await db.photos.toCollection().primaryKeys()).toEqual(['p1']);
  });

  it('removes photos at sign-out, and when someone else signs in, with the other pulled data', async () => {
    const db = freshDb();
    await saveSignedInUser(db, teacher);
    await applyPullPage(db, teacher.id, page(snapshotChanges([photo('p1')]), { reset: true }));
    await saveSignedInUser(db, teacher); // the same person again: kept
    expect(await db.photos.count()).toBe(1);
    await saveSignedInUser(db, { ...teacher, id: 'u-other' });
    expect(await db.photos.count()).toBe(0);
    expect(await db.pupils.count()).toBe(0);

    await applyPullPage(db, 'u-other', page(snapshotChanges([photo('p3')]), { reset: true }));
    await clearSignedInUser(db);
    expect(await db.photos.count()).toBe(0);
    expect(await db.pupils.count()).toBe(0);
  });
});

describe('pull: pupils with dated memberships', () => {
  it('stores the memberships and indexes the pupil under every group they name', async () => {
    const db = freshDb();
    const moved = {
      ...pupil('p9', 'Mo', 'Ved', null, 'g2'),
      memberships: [
        { groupId: 'g1', from: '2026-09-01', until: '2026-11-30' },
        { groupId: 'g2', from: '2026-12-01', until: null },
      ],
    };
    await applyPullPage(db, teacher.id, page(snapshotChanges([{ entity: 'pupil', op: 'put', key: 'p9', value: moved }]), { reset: true }));
    expect((await db.pupils.get('p9'))?.memberships).toEqual(moved.memberships);
    expect(await db.pupils.where('groupIds').equals('g1').primaryKeys()).toContain('p9');
    expect(await db.pupils.where('groupIds').equals('g2').primaryKeys()).toEqual(['p9']);
    // A pupil sent without memberships (an older server) is indexed under its one group.
    expect(await db.pupils.where('groupIds').equals('g1').count()).toBe(4);
  });

  it('upgrades a version 1 database: its pupils get groupIds, its data stays', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
    old.version(1).stores({ meta: 'key', school: 'id', groups: 'id', pupils: 'id, groupId', assignments: 'id, staffId, groupId', days: 'date', cells: 'key, date, [pupilId+date+session]', outbox: '++key, deviceId, &[deviceId+seq], &id, status, userId, cellKey' });
    await old.table('pupils').put(pupil('p1', 'Amy', 'Smith'));
    old.close();

    const db = createDb('upgrade-test', { indexedDB, IDBKeyRange });
    expect(await db.pupils.where('groupIds').equals('g1').primaryKeys()).toEqual(['p1']);
    expect(await db.photos.count()).toBe(0);
    db.close();
  });
});
