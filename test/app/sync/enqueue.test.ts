import { describe, expect, it } from 'vitest';
import { createSyncEngine } from '../../../src/app/sync/engine';
import { applyPullPage } from '../../../src/app/sync/pull';
import { FakeServer, cellChange, freshDb, page, teacher, DEMO_NOW } from '../helpers';
import type { PushRequest } from '../../../src/protocol';

function setup(opts: { pull?: boolean } = {}) {
  const db = freshDb();
  const server = new FakeServer();
  const engine = createSyncEngine({ db, userId: teacher.id, displayName: teacher.displayName, fetch: server.fetch, now: () => DEMO_NOW, locks: null, ...opts });
  return { db, server, engine };
}

const rejectFirst = (code: string, message: string) => (req: PushRequest) => ({
  status: 200,
  body: {
    results: req.mutations.map((m, i) => (i === 0 ? { seq: m.seq, status: 'rejected', code, message } : { seq: m.seq, status: 'applied' })),
    lastSeq: Math.max(...req.mutations.map((m) => m.seq)),
    serverTime: new Date(DEMO_NOW).toISOString(),
  },
});

describe('engine.enqueue', () => {
  it('sends pupil.here through the outbox and the push, in seq order with the marks, and leaves the office code alone', async () => {
    const { db, server, engine } = setup();
    await applyPullPage(db, teacher.id, page([cellChange('p1', 'M', 'office')]));
    await engine.recordMark({ pupilId: 'p2', date: '2026-11-24', session: 'AM', mark: 'N' });
    const entry = await engine.enqueue('pupil.here', { pupilId: 'p1', date: '2026-11-24', session: 'AM' }, { cellKey: 'p1|2026-11-24|AM' });
    expect(entry).toMatchObject({ seq: 2, status: 'pending', type: 'pupil.here' });
    expect(await engine.push()).toEqual({ kind: 'done', applied: 2, rejected: 0, retried: 0 });
    expect(server.pushes[0].mutations.map((m) => [m.seq, m.type, m.args])).toEqual([
      [1, 'mark.set', { pupilId: 'p2', date: '2026-11-24', session: 'AM', mark: 'N' }],
      [2, 'pupil.here', { pupilId: 'p1', date: '2026-11-24', session: 'AM' }],
    ]);
    expect(server.pushes[0].mutations[1]).toMatchObject({ observedAt: new Date(DEMO_NOW).toISOString(), clockOffsetMs: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: 'M', source: 'office', pending: false });
  });

  it('keeps a refused pupil.here with its reason, never deleting the cell it names', async () => {
    const { db, server, engine } = setup();
    await applyPullPage(db, teacher.id, page([cellChange('p1', '/')]));
    await engine.enqueue('pupil.here', { pupilId: 'p1', date: '2026-11-24', session: 'AM' }, { cellKey: 'p1|2026-11-24|AM' });
    // And one for a cell this tablet has never seen.
    await engine.enqueue('pupil.here', { pupilId: 'p9', date: '2026-11-24', session: 'AM' }, { cellKey: 'p9|2026-11-24|AM' });
    server.onPush = (req) => ({
      status: 200,
      body: {
        results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', code: 'no_office_code', message: 'The office has no code for this pupil.' })),
        lastSeq: 2,
        serverTime: new Date(DEMO_NOW).toISOString(),
      },
    });
    await engine.push();
    expect(await db.outbox.toArray()).toMatchObject([
      { type: 'pupil.here', status: 'rejected', code: 'no_office_code', message: 'The office has no code for this pupil.' },
      { type: 'pupil.here', status: 'rejected' },
    ]);
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: '/', pending: false });
    expect(await db.cells.count()).toBe(1);
  });

  it('does not let a settled pupil.here undo a mark still waiting for the same cell', async () => {
    const { db, server, engine } = setup();
    await applyPullPage(db, teacher.id, page([cellChange('p1', 'N')]));
    await engine.enqueue('pupil.here', { pupilId: 'p1', date: '2026-11-24', session: 'AM' }, { cellKey: 'p1|2026-11-24|AM' });
    await engine.recordMark({ pupilId: 'p1', date: '2026-11-24', session: 'AM', mark: '/' });
    // The server takes the flag and asks the device to send the mark again later.
    server.onPush = (req) => ({
      status: 200,
      body: { results: req.mutations.map((m) => ({ seq: m.seq, status: m.type === 'pupil.here' ? 'applied' : 'retry' })), lastSeq: 1, serverTime: new Date(DEMO_NOW).toISOString() },
    });
    await engine.push();
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: '/', pending: true });
  });

  it('sends cover.add and cover.remove, and shows a refused one with the reason without blocking the next', async () => {
    const { db, server, engine } = setup({ pull: false });
    const cover = { id: 'c-1', staffId: 'u-ta', groupId: 'g1', startDate: '2026-11-24', endDate: '2026-11-27', sessions: ['AM' as const] };
    await engine.enqueue('cover.add', cover);
    await engine.enqueue('cover.remove', { id: 'c-0' });
    server.onPush = rejectFirst('role_not_allowed', 'Only the office can arrange cover.');
    const result = await engine.sync();
    expect(result.ok).toBe(true);
    expect(server.pulls).toHaveLength(0); // pull: false (office engines only push)
    expect(server.pushes[0].mutations.map((m) => [m.type, m.args])).toEqual([
      ['cover.add', cover],
      ['cover.remove', { id: 'c-0' }],
    ]);
    expect(await db.outbox.toArray()).toMatchObject([{ type: 'cover.add', status: 'rejected', message: 'Only the office can arrange cover.' }]);
  });
});
