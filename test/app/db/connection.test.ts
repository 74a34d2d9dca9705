import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createSyncEngine } from '../../../src/app/sync/engine';
import { createDb } from '../../../src/app/db/schema';
import { StorageProblem, isConnectionLost, isQuotaError, watchVersionChange, writeWithReopen } from '../../../src/app/db/connection';
import { recordMark } from '../../../src/app/db/marks';
import { FakeServer, freshDb, teacher, DEMO_NOW } from '../helpers';
import type { RegisterDb } from '../../../src/app/db/schema';

function setup(db: RegisterDb = freshDb()) {
  const server = new FakeServer();
  const engine = createSyncEngine({ db, userId: teacher.id, displayName: teacher.displayName, fetch: server.fetch, now: () => DEMO_NOW, locks: null });
  const mark = (pupilId = 'p1') => engine.recordMark({ pupilId, date: '2026-11-24', session: 'AM', mark: '/' });
  return { db, engine, mark };
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const lostError = () => Object.assign(new Error('Connection to Indexed Database server lost. Refresh the page to try again'), { name: 'UnknownError' });

afterEach(() => vi.restoreAllMocks());

describe('a full disk', () => {
  it.each([
    ['a DOMException from IndexedDB', quotaError],
    ["Dexie's QuotaExceededError", () => new Dexie.QuotaExceededError('Quota exceeded')],
    ['an abort caused by it', () => new Dexie.AbortError('Transaction aborted', quotaError())],
  ])('rejects the mark with a clear message (%s), stores nothing of it, and says so in the status', async (_label, makeError) => {
    const { db, engine, mark } = setup();
    vi.spyOn(db.outbox, 'add').mockRejectedValueOnce(makeError());
    const failure = await mark().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageProblem);
    expect((failure as StorageProblem).kind).toBe('full');
    expect((failure as Error).message).toMatch(/out of storage.*Free some space/);
    expect(await db.cells.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(engine.status.getState().storageProblem).toMatch(/out of storage/);

    // The next write that works clears the message, and no seq was used up by the failed one.
    await mark('p2');
    expect(engine.status.getState().storageProblem).toBeNull();
    expect((await db.outbox.toArray()).map((e) => e.seq)).toEqual([1]);
  });

  it('is not retried: retrying cannot free space', async () => {
    const { db, mark } = setup();
    const add = vi.spyOn(db.outbox, 'add').mockRejectedValue(quotaError());
    const open = vi.spyOn(db, 'open');
    await expect(mark()).rejects.toBeInstanceOf(StorageProblem);
    expect(add).toHaveBeenCalledTimes(1);
    expect(open).not.toHaveBeenCalled();
  });
});

describe('a lost IndexedDB connection', () => {
  it.each([
    ["WebKit's “Connection to Indexed Database server lost”", lostError],
    ["Dexie's DatabaseClosedError", () => new Dexie.DatabaseClosedError('Database has been closed')],
    ['an InvalidStateError from a closing connection', () => new DOMException('The database connection is closing.', 'InvalidStateError')],
  ])('reopens the database and saves the mark once (%s)', async (_label, makeError) => {
    const { db, engine, mark } = setup();
    vi.spyOn(db.outbox, 'add').mockRejectedValueOnce(makeError());
    const open = vi.spyOn(db, 'open');
    const { entry } = await mark();
    expect(open).toHaveBeenCalledTimes(1);
    expect(await db.outbox.count()).toBe(1);
    expect(entry.seq).toBe(1);
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: '/', pending: true });
    expect(engine.status.getState().storageProblem).toBeNull();
  });

  it('does not write the mark twice when the first attempt had committed before the error came back', async () => {
    const db = freshDb();
    let attempts = 0;
    const input = { userId: 'u1', markedBy: 'Ms Jones', pupilId: 'p1', date: '2026-11-24', session: 'AM' as const, mark: '/', deviceNow: DEMO_NOW, clockOffsetMs: 0, newId: () => 'fixed-id-0001' };
    const result = await writeWithReopen(db, async (retry) => {
      attempts++;
      const recorded = await recordMark(db, { ...input, retry });
      if (!retry) throw lostError(); // committed, but the answer was lost with the connection
      return recorded;
    });
    expect(attempts).toBe(2);
    expect(result.entry).toMatchObject({ id: 'fixed-id-0001', seq: 1 });
    expect(await db.outbox.count()).toBe(1);
    expect((await db.meta.get('device:u1'))?.value).toMatchObject({ nextSeq: 2 });
  });

  it('says so, and keeps nothing half-written, when the retry fails too', async () => {
    const { db, engine, mark } = setup();
    vi.spyOn(db.outbox, 'add').mockRejectedValue(lostError());
    const failure = await mark().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageProblem);
    expect((failure as StorageProblem).kind).toBe('lost');
    expect(engine.status.getState().storageProblem).toMatch(/could not save the last mark/);
    vi.restoreAllMocks();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cells.count()).toBe(0);
  });

  it('reopens once for several writes that lost the connection together, and saves them all', async () => {
    const { db, mark } = setup();
    const realAdd = db.outbox.add.bind(db.outbox);
    let failures = 2;
    vi.spyOn(db.outbox, 'add').mockImplementation(((...args: Parameters<typeof realAdd>) =>
      failures-- > 0 ? Promise.reject(new Dexie.DatabaseClosedError('Database has been closed')) : realAdd(...args)) as typeof realAdd);
    const open = vi.spyOn(db, 'open');
    const saved = await Promise.all([mark('p1'), mark('p2')]);
    expect(open).toHaveBeenCalledTimes(1);
    expect(saved.map((r) => r.entry.seq).sort()).toEqual([1, 2]);
    expect(await db.outbox.count()).toBe(2);
  });

  it('tells other errors apart', () => {
    expect(isQuotaError(new Error('ConstraintError'))).toBe(false);
    expect(isConnectionLost(new Dexie.ConstraintError('Key already exists'))).toBe(false);
    expect(isConnectionLost(new Dexie.DatabaseClosedError())).toBe(true);
  });
});

describe('a full disk while saving pulled registers', () => {
  it('is reported in the status instead of vanishing in a timer', async () => {
    const server = new FakeServer();
    const db = freshDb();
    const engine = createSyncEngine({ db, userId: teacher.id, fetch: server.fetch, now: () => DEMO_NOW, locks: null });
    server.onPull = () => ({ status: 200, body: { cursor: 'c1', hasMore: false, changes: [{ entity: 'pupil', op: 'put', key: 'p1', value: {} }], serverTime: new Date(DEMO_NOW).toISOString() } });
    vi.spyOn(db.pupils, 'put').mockRejectedValueOnce(quotaError());
    const result = await engine.sync();
    expect(result.ok).toBe(false);
    expect(engine.status.getState().storageProblem).toMatch(/out of storage, so the latest registers could not be saved/);
    // Space freed: the next pull saves them and the message goes.
    expect((await engine.sync()).ok).toBe(true);
    expect(engine.status.getState().storageProblem).toBeNull();
  });
});

describe('another tab upgrading the database', () => {
  it('closes this connection for good, tells the page, and refuses writes instead of reopening', async () => {
    const factory = new IDBFactory();
    const name = `upgrade-${Math.random()}`;
    const db = createDb(name, { indexedDB: factory, IDBKeyRange });
    const { engine, mark } = setup(db);
    await mark('p1');
    const onUpgrade = vi.fn();
    watchVersionChange(db, onUpgrade);

    // The other tab runs a newer build with schema version 2.
    const newer = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    newer.version(1).stores({ meta: 'key' });
    newer.version(2).stores({ meta: 'key', extra: 'id' });
    await newer.open(); // would block for ever if this tab kept its connection open
    expect(onUpgrade).toHaveBeenCalledOnce();
    expect(db.isOpen()).toBe(false);

    const failure = await mark('p2').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageProblem);
    expect((failure as StorageProblem).kind).toBe('upgrade');
    expect(engine.status.getState().storageProblem).toMatch(/updated in another tab/);
    expect(db.isOpen()).toBe(false);
    newer.close();
  });
});
