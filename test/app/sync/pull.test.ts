import { describe, expect, it } from 'vitest';
import { applyPullPage, pullChanges } from '../../../src/app/sync/pull';
import { createApiClient } from '../../../src/app/sync/api';
import { recordMark } from '../../../src/app/db/marks';
import { getCursor } from '../../../src/app/db/meta';
import { FakeServer, cellChange, freshDb, page, snapshotChanges, teacher, DEMO_NOW } from '../helpers';
import type { RegisterDb } from '../../../src/app/db/schema';

const mark = (db: RegisterDb, pupilId: string, m: string) =>
  recordMark(db, { userId: teacher.id, markedBy: 'Ms Jones', pupilId, date: '2026-11-24', session: 'AM', mark: m, deviceNow: DEMO_NOW, clockOffsetMs: 0 });

describe('pull', () => {
  it('applies school, groups, pupils, assignments, days and cells, and stores the cursor', async () => {
    const db = freshDb();
    await applyPullPage(db, teacher.id, page(snapshotChanges([cellChange('p1', '/')]), { cursor: 'v42', reset: true }));
    expect(await db.pupils.where('groupId').equals('g1').count()).toBe(3);
    expect((await db.school.get('s1'))?.sessions.AM.opensAt).toBe('08:45');
    expect((await db.cells.get('p1|2026-11-24|AM'))?.code).toBe('/');
    expect(await getCursor(db, teacher.id)).toBe('v42');
  });

  it('never overwrites a mark still waiting to be sent, but applies the cells around it', async () => {
    const db = freshDb();
    await mark(db, 'p1', 'N');
    await applyPullPage(db, teacher.id, page([cellChange('p1', '/'), cellChange('p2', '/')]));
    const p1 = await db.cells.get('p1|2026-11-24|AM');
    expect(p1).toMatchObject({ code: 'N', pending: true });
    expect(p1?.base?.code).toBe('/'); // kept aside, in case the local mark is refused
    expect((await db.cells.get('p2|2026-11-24|AM'))?.code).toBe('/');
  });

  it('applies deletes, but not to a pending cell', async () => {
    const db = freshDb();
    await applyPullPage(db, teacher.id, page([cellChange('p1', '/'), cellChange('p2', 'N')]));
    await mark(db, 'p2', '/');
    await applyPullPage(db, teacher.id, page([
      { entity: 'cell', op: 'delete', key: 'p1|2026-11-24|AM' },
      { entity: 'cell', op: 'delete', key: 'p2|2026-11-24|AM' },
      { entity: 'pupil', op: 'delete', key: 'p3' },
    ], { cursor: 'c2' }));
    expect(await db.cells.get('p1|2026-11-24|AM')).toBeUndefined();
    expect((await db.cells.get('p2|2026-11-24|AM'))?.code).toBe('/');
    expect(await db.pupils.get('p3')).toBeUndefined();
  });

  it('on reset drops what it held except pending marks, then applies the snapshot', async () => {
    const db = freshDb();
    await applyPullPage(db, teacher.id, page(snapshotChanges([cellChange('p1', '/'), cellChange('p2', '/')]), { cursor: 'old' }));
    await db.pupils.put({ id: 'gone', groupId: 'g1', firstName: 'Old', lastName: 'Pupil', preferredName: null, dateOfBirth: '2018-01-01' });
    await mark(db, 'p3', 'N');
    await applyPullPage(db, teacher.id, page(snapshotChanges([cellChange('p1', 'N')]), { cursor: 'new', reset: true }));
    expect(await db.pupils.get('gone')).toBeUndefined();
    expect((await db.cells.get('p1|2026-11-24|AM'))?.code).toBe('N');
    expect(await db.cells.get('p2|2026-11-24|AM')).toBeUndefined();
    expect(await db.cells.get('p3|2026-11-24|AM')).toMatchObject({ code: 'N', pending: true });
    expect(await db.outbox.count()).toBe(1);
    expect(await getCursor(db, teacher.id)).toBe('new');
  });

  it('stores the cursor in the same transaction as the page: a page that fails leaves the old cursor and none of its rows', async () => {
    const db = freshDb();
    await applyPullPage(db, teacher.id, page(snapshotChanges(), { cursor: 'c1' }));
    // A value IndexedDB cannot store (a function cannot be cloned) breaks the page after its first change.
    const broken = page([cellChange('p1', '/'), { entity: 'pupil', op: 'put', key: 'p9', value: { id: 'p9', bad: () => 1 } }], { cursor: 'c2' });
    await expect(applyPullPage(db, teacher.id, broken)).rejects.toThrow();
    expect(await db.cells.get('p1|2026-11-24|AM')).toBeUndefined();
    expect(await getCursor(db, teacher.id)).toBe('c1');
  });

  it('keeps pulling while the server says there is more, sending the cursor it was given', async () => {
    const db = freshDb();
    const server = new FakeServer();
    const pages = [
      page(snapshotChanges(), { cursor: 'c1', hasMore: true, reset: true }),
      page([cellChange('p1', '/')], { cursor: 'c2', hasMore: true }),
      page([cellChange('p2', 'N')], { cursor: 'c3', hasMore: false }),
    ];
    server.onPull = () => ({ status: 200, body: pages.shift() });
    const api = createApiClient({ fetch: server.fetch });
    const outcome = await pullChanges({ db, api, userId: teacher.id });
    expect(outcome).toEqual({ kind: 'done', pages: 3, changes: 9 });
    expect(server.pulls.map((p) => p.cursor)).toEqual([null, 'c1', 'c2']);
    expect(new Set(server.pulls.map((p) => p.deviceId)).size).toBe(1);
    expect(await getCursor(db, teacher.id)).toBe('c3');
    expect((await db.cells.get('p2|2026-11-24|AM'))?.code).toBe('N');
  });

  it('reports no connection without changing anything', async () => {
    const db = freshDb();
    const server = new FakeServer();
    server.onPull = () => 'network-error';
    const outcome = await pullChanges({ db, api: createApiClient({ fetch: server.fetch }), userId: teacher.id });
    expect(outcome.kind).toBe('network');
    expect(await getCursor(db, teacher.id)).toBeNull();
  });
});
