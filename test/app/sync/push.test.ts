import { describe, expect, it, vi } from 'vitest';
import { createSyncEngine } from '../../../src/app/sync/engine';
import { applyPullPage } from '../../../src/app/sync/pull';
import { getDevice, metaKeys, setMeta } from '../../../src/app/db/meta';
import { FakeServer, cellChange, freshDb, page, teacher, DEMO_NOW } from '../helpers';
import type { PushRequest } from '../../../src/protocol';

function setup() {
  const db = freshDb();
  const server = new FakeServer();
  const engine = createSyncEngine({ db, userId: teacher.id, displayName: teacher.displayName, fetch: server.fetch, now: () => DEMO_NOW, locks: null });
  const mark = (pupilId: string, m: string) => engine.recordMark({ pupilId, date: '2026-11-24', session: 'AM', mark: m });
  return { db, server, engine, mark };
}

describe('push', () => {
  it('sends pending marks in seq order and removes each applied one from the outbox', async () => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    await mark('p2', 'N');
    const outcome = await engine.push();
    expect(outcome).toEqual({ kind: 'done', applied: 2, rejected: 0, retried: 0 });
    expect(server.pushes).toHaveLength(1);
    expect(server.pushes[0].mutations.map((m) => [m.seq, m.args])).toEqual([
      [1, { pupilId: 'p1', date: '2026-11-24', session: 'AM', mark: '/' }],
      [2, { pupilId: 'p2', date: '2026-11-24', session: 'AM', mark: 'N' }],
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: '/', pending: false });
  });

  it('keeps a rejected mark with its reason, undoes it on the device, and still applies the marks after it', async () => {
    const { db, server, engine, mark } = setup();
    await applyPullPage(db, teacher.id, page([cellChange('p1', 'N')]));
    await mark('p1', '/');
    await mark('p2', 'N');
    server.onPush = (req) => ({
      status: 200,
      body: {
        results: [
          { seq: req.mutations[0].seq, status: 'rejected', code: 'not_your_group', message: 'You do not take the register for this group.' },
          { seq: req.mutations[1].seq, status: 'applied' },
        ],
        lastSeq: 2,
        serverTime: new Date(DEMO_NOW).toISOString(),
      },
    });
    await engine.push();
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ seq: 1, status: 'rejected', code: 'not_your_group', message: 'You do not take the register for this group.' });
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: 'N', pending: false });
    expect(await db.cells.get('p2|2026-11-24|AM')).toMatchObject({ code: 'N', pending: false });
    // A rejected mark is never sent again.
    await mark('p3', '/');
    await engine.push();
    expect(server.pushes[1].mutations.map((m) => m.seq)).toEqual([3]);
  });

  it('removes a refused mark for a cell the server had nothing for', async () => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    server.onPush = (req) => ({
      status: 200,
      body: { results: [{ seq: req.mutations[0].seq, status: 'rejected', code: 'before_register_opens', message: 'Too early.' }], lastSeq: 1, serverTime: new Date(DEMO_NOW).toISOString() },
    });
    await engine.push();
    expect(await db.cells.get('p1|2026-11-24|AM')).toBeUndefined();
  });

  it('leaves a mark answered `retry` in the outbox, still pending, and sends it again next time', async () => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    server.onPush = (req) => ({
      status: 200,
      body: { results: req.mutations.map((m) => ({ seq: m.seq, status: 'retry' })), lastSeq: 0, serverTime: new Date(DEMO_NOW).toISOString() },
    });
    const outcome = await engine.push();
    expect(outcome).toMatchObject({ kind: 'done', retried: 1 });
    expect(await db.outbox.toArray()).toMatchObject([{ seq: 1, status: 'pending' }]);
    expect((await db.cells.get('p1|2026-11-24|AM'))?.pending).toBe(true);
    server.onPush = (req) => ({ status: 200, body: server.applyAll(req) });
    await engine.push();
    expect(server.pushes.map((p) => p.mutations.map((m) => m.id))).toEqual([[server.pushes[0].mutations[0].id], [server.pushes[0].mutations[0].id]]);
    expect(await db.outbox.count()).toBe(0);
  });

  it.each([
    ['no connection', () => 'network-error' as const, 'network'],
    ['a server error', () => ({ status: 503, body: { code: 'unavailable', message: 'Down' } }), 'server'],
  ])('keeps every mark on %s and reports it', async (_label, reply, kind) => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    await mark('p2', 'N');
    server.onPush = reply;
    // With no connection nothing gets through; a server fault on pushes still lets the registers arrive.
    if (kind === 'network') server.onPull = () => 'network-error';
    const result = await engine.sync();
    expect(result.ok).toBe(false);
    expect(result.push.kind).toBe(kind);
    expect(result.pull?.kind).toBe(kind === 'network' ? 'network' : 'done');
    expect(await db.outbox.where('status').equals('pending').count()).toBe(2);
    expect(engine.status.getState().online).toBe(kind !== 'network');
    expect(engine.status.getState().failures).toBe(1);
  });

  it('does not try a pull after a push that found no network when the browser says it is offline', async () => {
    const { server, engine, mark } = setup();
    await mark('p1', '/');
    server.onPush = () => 'network-error';
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    try {
      const result = await engine.sync();
      expect(result.push.kind).toBe('network');
      expect(result.pull).toBeNull();
      expect(server.pulls).toHaveLength(0);
    } finally {
      onLine.mockRestore();
    }
  });

  it('leaves the pull out of a sync started by taps when one finished lately and the push went through', async () => {
    let now = DEMO_NOW;
    const db = freshDb();
    const server = new FakeServer();
    const engine = createSyncEngine({ db, userId: teacher.id, fetch: server.fetch, now: () => now, locks: null });
    const mark = (pupilId: string) => engine.recordMark({ pupilId, date: '2026-11-24', session: 'AM', mark: '/' });
    const afterTaps = { pullIfOlderThanMs: 10_000 };

    await engine.sync(afterTaps); // no pull yet on this tablet: it pulls
    expect(server.pulls).toHaveLength(1);

    now += 4_000;
    await mark('p1');
    const quick = await engine.sync(afterTaps);
    expect(quick).toMatchObject({ ok: true, push: { kind: 'done', applied: 1 }, pull: null });
    expect(server.pulls).toHaveLength(1);
    expect(engine.status.getState().lastSyncedAt).not.toBeNull(); // the push reached the server

    await mark('p2');
    await engine.sync(); // a sync not started by taps always pulls
    expect(server.pulls).toHaveLength(2);

    now += 11_000;
    await mark('p3');
    await engine.sync(afterTaps); // the last pull is too old now
    expect(server.pulls).toHaveLength(3);

    now += 1_000;
    await mark('p4');
    server.onPush = () => ({ status: 500, body: { code: 'internal', message: 'Server trouble' } });
    const failed = await engine.sync(afterTaps); // a failed push still pulls: others' registers must arrive
    expect(failed.pull?.kind).toBe('done');
    expect(server.pulls).toHaveLength(4);
  });

  it('gives a queued sync its pull when any caller asked for a full sync', async () => {
    const { server, engine, mark } = setup();
    const engine2 = createSyncEngine({ db: engine.db, userId: teacher.id, fetch: (u, i) => server.fetch(u, i), now: () => DEMO_NOW, locks: null });
    await engine2.sync(); // its first pull
    await mark('p1', '/');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = server.fetch;
    const pushesBefore = server.pushes.length;
    server.fetch = async (url, init) => {
      if (url.endsWith('/push') && server.pushes.length === pushesBefore) await gate;
      return original(url, init);
    };
    const pullsBefore = server.pulls.length;
    const running = engine2.sync({ pullIfOlderThanMs: 10_000 });
    await new Promise((r) => setTimeout(r, 20));
    const queuedForTaps = engine2.sync({ pullIfOlderThanMs: 10_000 });
    const queuedFull = engine2.sync();
    release();
    const [first, afterTaps, full] = await Promise.all([running, queuedForTaps, queuedFull]);
    expect(first.pull).toBeNull(); // started by taps, a pull just before
    expect(afterTaps).toBe(full); // one queued sync for both callers…
    expect(full.pull?.kind).toBe('done'); // …and it pulled
    expect(server.pulls.length).toBe(pullsBefore + 1);
  });

  it('on 401 keeps the marks and asks for sign-in, without retrying until signed in again', async () => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    server.onPush = () => ({ status: 401, body: { code: 'unauthenticated', message: 'Sign in' } });
    await engine.sync();
    expect(engine.status.getState().needsSignIn).toBe(true);
    await engine.sync();
    expect(server.pushes).toHaveLength(1);
    expect(await db.outbox.count()).toBe(1);
    server.onPush = (req) => ({ status: 200, body: server.applyAll(req) });
    engine.signedInAgain();
    expect((await engine.sync()).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends at most 200 marks per request', async () => {
    const { db, server, engine } = setup();
    for (let i = 0; i < 250; i++) {
      await engine.recordMark({ pupilId: `p${i}`, date: '2026-11-24', session: 'AM', mark: 'N' });
    }
    await engine.push();
    expect(server.pushes.map((p) => p.mutations.length)).toEqual([200, 50]);
    expect(await db.outbox.count()).toBe(0);
  });

  it("sends all of one person's waiting marks in one push, even under two device ids", async () => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    // This person's device identity changed while a mark still waited under the old one.
    const old = await getDevice(db, teacher.id);
    await setMeta(db, metaKeys.device(teacher.id), { ...old, deviceId: 'second-device', nextSeq: 1 });
    await mark('p2', 'N');
    const outcome = await engine.push();
    expect(outcome).toEqual({ kind: 'done', applied: 2, rejected: 0, retried: 0 });
    expect(server.pushes.map((p) => [p.deviceId, p.mutations.length])).toEqual([
      [old!.deviceId, 1],
      ['second-device', 1],
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('lets an office code stay on the device when the teacher mark was applied but lost to it', async () => {
    const { db, engine, mark } = setup();
    await mark('p1', '/');
    // The office set M while the mark waited; the pull kept it aside.
    await applyPullPage(db, teacher.id, page([cellChange('p1', 'M', 'office')]));
    expect((await db.cells.get('p1|2026-11-24|AM'))?.code).toBe('/');
    await engine.push();
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: 'M', source: 'office', pending: false });
  });

  it('never runs two pushes at once; a sync asked for during one runs after it', async () => {
    const { server, engine, mark } = setup();
    let inFlight = 0;
    let maxInFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = server.fetch;
    server.fetch = async (url, init) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (url.endsWith('/push') && server.pushes.length === 0) await gate;
      try {
        return await original(url, init);
      } finally {
        inFlight--;
      }
    };
    const engine2 = createSyncEngine({ db: engine.db, userId: teacher.id, fetch: (u, i) => server.fetch(u, i), now: () => DEMO_NOW, locks: null });
    await mark('p1', '/');
    const first = engine2.sync();
    await new Promise((r) => setTimeout(r, 20));
    await engine2.recordMark({ pupilId: 'p2', date: '2026-11-24', session: 'AM', mark: 'N' });
    const second = engine2.sync();
    const third = engine2.sync();
    release();
    await Promise.all([first, second, third]);
    expect(maxInFlight).toBe(1);
    expect(server.pushes.map((p: PushRequest) => p.mutations.map((m) => (m.args as { pupilId: string }).pupilId))).toEqual([['p1'], ['p2']]);
  });

  it('takes a fresh device id and renumbers from 1 when the server says the id belongs to someone else', async () => {
    const { db, server, engine, mark } = setup();
    await mark('p1', '/');
    await mark('p2', 'N');
    server.onPush = (req) =>
      server.pushes.length === 1
        ? { status: 403, body: { code: 'device_of_another_user', message: 'Not your device' } }
        : { status: 200, body: server.applyAll(req) };
    const outcome = await engine.push();
    expect(outcome).toMatchObject({ kind: 'done', applied: 2 });
    expect(server.pushes[1].deviceId).not.toBe(server.pushes[0].deviceId);
    expect(server.pushes[1].mutations.map((m) => m.seq)).toEqual([1, 2]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('estimates the clock offset from serverTime and sends it with later marks', async () => {
    const { db, server, engine } = setup();
    const serverNow = DEMO_NOW + 3 * 3_600_000; // the server's clock is 3 hours ahead of this tablet
    server.onPull = () => ({ status: 200, body: page([], { serverTime: new Date(serverNow).toISOString() }) });
    await engine.sync();
    expect(engine.now()).toBe(serverNow);
    await engine.recordMark({ pupilId: 'p1', date: '2026-11-24', session: 'AM', mark: '/' });
    const [entry] = await db.outbox.toArray();
    expect(entry.clockOffsetMs).toBe(3 * 3_600_000);
    expect(entry.observedAt).toBe(new Date(DEMO_NOW).toISOString());
    // A new engine on the same device (an offline reload) starts with the stored offset.
    const reloaded = createSyncEngine({ db, userId: teacher.id, fetch: server.fetch, now: () => DEMO_NOW, locks: null });
    await reloaded.ready;
    expect(reloaded.now()).toBe(serverNow);
  });
});
