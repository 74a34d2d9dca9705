import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMarkEvents } from '../../src/server/repositories/registerRepository.js';
import { projectCells } from '../../src/server/sync/projection.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('the register history (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
    const teacher1 = await signIn(server.app, 'teacher1');
    const pupils = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    // Two devices mark the same pupils with different observation times, pushed in an unhelpful order.
    await post(server.app, '/api/sync/push', teacher1, {
      deviceId: 'device-history-b',
      mutations: pupils.map((pupilId, i) => markMutation(i + 1, { pupilId, mark: i % 2 ? 'N' : '/' }, TEST_NOW - 60_000)),
    });
    await post(server.app, '/api/sync/push', teacher1, {
      deviceId: 'device-history-a',
      mutations: pupils.map((pupilId, i) => markMutation(i + 1, { pupilId, mark: i % 3 ? '/' : 'N' }, TEST_NOW - (i % 2 ? 30_000 : 120_000))),
    });
  });
  afterAll(() => server.close());

  it('keeps every entry: nothing in mark_events can be updated or deleted', async () => {
    const before = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mark_events')).rows[0].n;
    expect(before).toBeGreaterThan(0);
    await expect(server.db.query(`UPDATE mark_events SET code = 'O'`)).rejects.toThrow(/append-only/);
    await expect(server.db.query(`DELETE FROM mark_events`)).rejects.toThrow(/append-only/);
    await expect(server.db.query(`TRUNCATE mark_events`)).rejects.toThrow(/append-only/);
    const after = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mark_events')).rows[0].n;
    expect(after).toBe(before);
  });

  it('records who, which role and device, when observed and when received, and the old value', async () => {
    const { rows } = await server.db.query<Record<string, unknown>>(
      `SELECT staff_id, role, device_id, seq, mutation_id, observed_at, received_at, old_code, code FROM mark_events
        WHERE device_id = 'device-history-a' ORDER BY seq LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ staff_id: 's-teacher1', role: 'teacher', device_id: 'device-history-a', seq: 1, old_code: '/', code: 'N' });
    expect(rows[0].mutation_id).toBeTruthy();
    expect(new Date(rows[0].received_at as string).getTime()).toBe(TEST_NOW);
  });

  it('can rebuild the current register from the events alone, in any order', async () => {
    const events = await allMarkEvents(server.db, 'demo');
    const { rows } = await server.db.query<{ pupil_id: string; date: string; session: string; code: string }>(
      'SELECT pupil_id, date, session, code FROM register_cells',
    );
    const stored = new Map(rows.map((r) => [`${r.pupil_id}|${r.date}|${r.session}`, r.code]));
    for (const order of [events, [...events].reverse()]) {
      const rebuilt = projectCells(order);
      expect(rebuilt.size).toBe(stored.size);
      for (const [key, cell] of rebuilt) expect(cell.code, key).toBe(stored.get(key));
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('pull cursor under concurrent writes (postgres)', () => {
  it('never skips a write that commits after a later pull started', async () => {
    const { startTestServer: start } = await import('../support/serverHarness.js');
    const server = await start('postgres');
    try {
      const teacher1 = await signIn(server.app, 'teacher1');
      const pupils = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
      let cursor: string | null = null;
      const pullNow = async () => {
        const res = await post(server.app, '/api/sync/pull', teacher1, { deviceId: 'device-race-reader', cursor });
        const body = res.json();
        cursor = body.cursor;
        return body.changes as Array<{ entity: string; key: string }>;
      };
      await pullNow();
      // Push A takes its version and holds the transaction open; push B then commits; a pull runs; A commits.
      let releaseA!: () => void;
      const aHolding = new Promise<void>((resolve) => (releaseA = resolve));
      let aStarted!: () => void;
      const aHasVersion = new Promise<void>((resolve) => (aStarted = resolve));
      const pushA = server.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ version: number }>(`UPDATE sync_state SET version = version + 1 WHERE school_id = 'demo' RETURNING version`);
        await tx.query(
          `INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, version) VALUES ('demo', $1, '2026-11-24', 'AM', 'N', 'teacher', $2)`,
          [pupils[0], rows[0].version],
        );
        aStarted();
        await aHolding;
      });
      await aHasVersion;
      // B must wait for A's row lock: version order is commit order.
      const pushB = post(server.app, '/api/sync/push', teacher1, { deviceId: 'device-race-b', mutations: [markMutation(1, { pupilId: pupils[1], mark: '/' }, TEST_NOW - 60_000)] });
      const seenBeforeA = await pullNow();
      expect(seenBeforeA.map((c) => c.key)).not.toContain(`${pupils[0]}|2026-11-24|AM`);
      releaseA();
      await pushA;
      await pushB;
      const seenAfter = await pullNow();
      const keys = seenAfter.map((c) => c.key);
      expect(keys).toContain(`${pupils[0]}|2026-11-24|AM`);
      expect(keys).toContain(`${pupils[1]}|2026-11-24|AM`);
    } finally {
      await server.close();
    }
  });
});
