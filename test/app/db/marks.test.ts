import { describe, expect, it } from 'vitest';
import { recordMark, MarkRefusedError, type RecordMarkInput } from '../../../src/app/db/marks';
import { cellKey as appCellKey } from '../../../src/app/db/keys';
import { cellKey } from '../../../src/protocol';
import { freshDb, DEMO_NOW } from '../helpers';

const base = (over: Partial<RecordMarkInput> = {}): RecordMarkInput => ({
  userId: 'u1',
  markedBy: 'Ms Jones',
  pupilId: 'p1',
  date: '2026-11-24',
  session: 'AM',
  mark: '/',
  deviceNow: DEMO_NOW - 5_000,
  clockOffsetMs: 5_000,
  ...over,
});

describe('recordMark', () => {
  it('writes the cell and its outbox entry together, with the device time and the offset kept apart', async () => {
    const db = freshDb();
    await recordMark(db, base());
    const cell = await db.cells.get('p1|2026-11-24|AM');
    expect(cell).toMatchObject({ code: '/', source: 'teacher', pending: true, markedBy: 'Ms Jones' });
    // markedAt is the corrected time; observedAt the device's own clock, as the wire contract says.
    expect(cell?.markedAt).toBe(new Date(DEMO_NOW).toISOString());
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      seq: 1,
      type: 'mark.set',
      status: 'pending',
      userId: 'u1',
      args: { pupilId: 'p1', date: '2026-11-24', session: 'AM', mark: '/' },
      observedAt: new Date(DEMO_NOW - 5_000).toISOString(),
      clockOffsetMs: 5_000,
    });
  });

  it('writes neither the cell nor the outbox entry (nor uses up a seq) when the transaction fails', async () => {
    const db = freshDb();
    await recordMark(db, base({ newId: () => 'mutation-0001' }));
    // A second mark with the same mutation id breaks the outbox's unique index after the cell was put.
    await expect(recordMark(db, base({ pupilId: 'p2', mark: 'N', newId: () => 'mutation-0001' }))).rejects.toThrow();
    expect(await db.cells.get('p2|2026-11-24|AM')).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
    await recordMark(db, base({ pupilId: 'p2', mark: 'N' }));
    expect((await db.outbox.toArray()).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('stores present as \\ in the afternoon, whichever symbol was tapped', async () => {
    const db = freshDb();
    await recordMark(db, base({ session: 'PM', mark: '/' }));
    expect((await db.cells.get('p1|2026-11-24|PM'))?.code).toBe('\\');
    expect(((await db.outbox.toArray())[0].args as { mark: string }).mark).toBe('\\');
  });

  it.each(['L', 'M', 'n', '', 'O'])('refuses %j: a teacher can only mark present or absent', async (mark) => {
    const db = freshDb();
    await expect(recordMark(db, base({ mark }))).rejects.toBeInstanceOf(MarkRefusedError);
    expect(await db.cells.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a malformed date', async () => {
    const db = freshDb();
    await expect(recordMark(db, base({ date: '24/11/2026' }))).rejects.toBeInstanceOf(MarkRefusedError);
    expect(await db.outbox.count()).toBe(0);
  });

  it('numbers marks 1, 2, 3… per person, each person with their own device id on a shared tablet', async () => {
    const db = freshDb();
    await recordMark(db, base({ pupilId: 'p1' }));
    await recordMark(db, base({ pupilId: 'p2' }));
    await recordMark(db, base({ userId: 'u2', pupilId: 'p3' }));
    await recordMark(db, base({ pupilId: 'p3', mark: 'N' }));
    const entries = await db.outbox.toArray();
    const u1 = entries.filter((e) => e.userId === 'u1');
    const u2 = entries.filter((e) => e.userId === 'u2');
    expect(u1.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(u2.map((e) => e.seq)).toEqual([1]);
    expect(new Set(u1.map((e) => e.deviceId)).size).toBe(1);
    expect(u2[0].deviceId).not.toBe(u1[0].deviceId);
    expect(new Set(entries.map((e) => e.id)).size).toBe(4);
  });

  it('allocates distinct seqs when marks are recorded concurrently', async () => {
    const db = freshDb();
    await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map((pupilId) => recordMark(db, base({ pupilId }))));
    expect((await db.outbox.toArray()).map((e) => e.seq).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the server value underneath a local change, so a refused mark can be undone', async () => {
    const db = freshDb();
    await db.cells.put({
      key: 'p1|2026-11-24|AM',
      pupilId: 'p1',
      date: '2026-11-24',
      session: 'AM',
      code: 'N',
      source: 'teacher',
      markedBy: 'Mr TA',
      markedAt: '2026-11-24T08:46:00.000Z',
      pending: false,
    });
    await recordMark(db, base({ mark: '/' }));
    await recordMark(db, base({ mark: 'N' }));
    const cell = await db.cells.get('p1|2026-11-24|AM');
    expect(cell?.code).toBe('N');
    expect(cell?.base).toMatchObject({ code: 'N', markedBy: 'Mr TA' });
  });

  it('uses the same cell key as the wire contract', () => {
    expect(appCellKey('p1', '2026-11-24', 'PM')).toBe(cellKey('p1', '2026-11-24', 'PM'));
  });
});
