import { describe, expect, it } from 'vitest';
import { enqueueMutation, MutationRefusedError, type EnqueueInput, type EnqueueType } from '../../../src/app/db/mutations';
import { recordMark } from '../../../src/app/db/marks';
import { updateDevice } from '../../../src/app/db/meta';
import { applyPullPage } from '../../../src/app/sync/pull';
import { cellChange, freshDb, page, DEMO_NOW } from '../helpers';

const here = { pupilId: 'p1', date: '2026-11-24', session: 'AM' as const };
function input<T extends EnqueueType>(type: T, args: EnqueueInput<T>['args'], over: Partial<EnqueueInput<T>> = {}): EnqueueInput<T> {
  return { userId: 'u1', type, args, deviceNow: DEMO_NOW - 2_000, clockOffsetMs: 2_000, id: crypto.randomUUID(), ...over };
}

describe('enqueueMutation', () => {
  it('adds an outbox entry with the next seq of the same device as the marks, and touches no cell', async () => {
    const db = freshDb();
    await applyPullPage(db, 'u1', page([cellChange('p1', 'M', 'office')]));
    await recordMark(db, { userId: 'u1', markedBy: 'Ms Jones', pupilId: 'p2', date: '2026-11-24', session: 'AM', mark: '/', deviceNow: DEMO_NOW, clockOffsetMs: 0 });
    const entry = await enqueueMutation(db, input('pupil.here', here, { cellKey: 'p1|2026-11-24|AM' }));
    expect(entry).toMatchObject({ seq: 2, type: 'pupil.here', args: here, status: 'pending', cellKey: 'p1|2026-11-24|AM', userId: 'u1' });
    expect(entry.observedAt).toBe(new Date(DEMO_NOW - 2_000).toISOString());
    expect(entry.clockOffsetMs).toBe(2_000);
    const [mark, flagged] = await db.outbox.orderBy('key').toArray();
    expect(flagged.deviceId).toBe(mark.deviceId);
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: 'M', source: 'office', pending: false });
  });

  it('records the mutation id under rememberAs in the same transaction, or not at all', async () => {
    const db = freshDb();
    const id = crypto.randomUUID();
    await enqueueMutation(db, input('pupil.here', here, { id, cellKey: 'p1|2026-11-24|AM', rememberAs: 'pupilHere:u1|p1|2026-11-24|AM' }));
    expect((await db.meta.get('pupilHere:u1|p1|2026-11-24|AM'))?.value).toEqual({ mutationId: id });
    // The same mutation id again: the outbox refuses the entry (unique id), so the second record must not land.
    await expect(enqueueMutation(db, input('pupil.here', here, { id, rememberAs: 'pupilHere:u1|p1|2026-11-24|PM' }))).rejects.toThrow();
    expect(await db.meta.get('pupilHere:u1|p1|2026-11-24|PM')).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
  });

  it('records cover changes without a cell', async () => {
    const db = freshDb();
    const args = { id: 'c-1', staffId: 'u-ta', groupId: 'g1', startDate: '2026-11-24', endDate: '2026-11-25', sessions: ['PM' as const] };
    await enqueueMutation(db, input('cover.add', args));
    await enqueueMutation(db, input('cover.remove', { id: 'c-1' }));
    const entries = await db.outbox.orderBy('key').toArray();
    expect(entries.map((e) => [e.seq, e.type, e.args, e.cellKey])).toEqual([
      [1, 'cover.add', args, undefined],
      [2, 'cover.remove', { id: 'c-1' }, undefined],
    ]);
    expect(await db.cells.count()).toBe(0);
  });

  it('keeps the device identity’s other fields (name, device key) when it takes a seq', async () => {
    const db = freshDb();
    await enqueueMutation(db, input('cover.remove', { id: 'c-1' }, { displayName: 'Mrs Office' }));
    await updateDevice(db, 'u1', { deviceKey: 'k-1' });
    await enqueueMutation(db, input('cover.remove', { id: 'c-2' }));
    expect((await db.meta.get('device:u1'))?.value).toMatchObject({ nextSeq: 3, displayName: 'Mrs Office', deviceKey: 'k-1' });
  });

  it('refuses mark.set (marks write their cell too) and types it does not know', async () => {
    const db = freshDb();
    await expect(enqueueMutation(db, input('mark.set' as never, { ...here, mark: '/' } as never))).rejects.toBeInstanceOf(MutationRefusedError);
    await expect(enqueueMutation(db, input('pupil.gone' as never, here as never))).rejects.toThrow(/Unknown change type/);
    expect(await db.outbox.count()).toBe(0);
  });

  it('uses up no seq when the transaction fails', async () => {
    const db = freshDb();
    await enqueueMutation(db, input('pupil.here', here, { id: 'same-id-0001' }));
    await expect(enqueueMutation(db, input('pupil.here', here, { id: 'same-id-0001' }))).rejects.toThrow();
    const next = await enqueueMutation(db, input('pupil.here', here));
    expect(next.seq).toBe(2);
  });

  it('on a retry with the same id returns the entry already stored instead of adding another', async () => {
    const db = freshDb();
    const first = await enqueueMutation(db, input('pupil.here', here, { id: 'retry-id-0001' }));
    const again = await enqueueMutation(db, input('pupil.here', here, { id: 'retry-id-0001', retry: true }));
    expect(again).toMatchObject({ key: first.key, seq: 1, id: 'retry-id-0001' });
    expect(await db.outbox.count()).toBe(1);
    expect((await db.meta.get('device:u1'))?.value).toMatchObject({ nextSeq: 2 });
  });
});
