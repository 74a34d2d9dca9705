/**
 * Pulls and pushes at the same moment, on PostgreSQL: one device pulling many times at once, one device
 * pulling while it pushes, and twenty devices on one class doing both. Every answer is 2xx, no mark is lost
 * or applied twice, and a device that follows its cursors ends up with exactly what the server holds.
 *
 * Underneath, the adapter runs again a transaction that PostgreSQL aborted for a deadlock or a serialization
 * failure, a bounded number of times, and no other.
 *
 * PGlite has one connection and runs one transaction at a time, so it cannot show a clash: these tests run
 * only when TEST_DATABASE_URL names a PostgreSQL (CI sets it).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Change, PullResponse, PushResponse } from '../../src/protocol/index.js';
import { TRANSACTION_ATTEMPTS, type Database } from '../../src/server/db/database.js';
import { ENGINES, markMutation, openTestDatabase, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../support/serverHarness.js';

const MINUTE = 60_000;
const onPostgres = ENGINES.includes('postgres');
if (!onPostgres) {
  console.warn('SKIPPING the concurrency tests: they need PostgreSQL (set TEST_DATABASE_URL=postgres://…); PGlite runs one transaction at a time.');
}

/** What a tablet keeps: every entity it was sent, and the cursor to ask from next. */
interface DeviceState {
  deviceId: string;
  cursor: string | null;
  rows: Map<string, unknown>;
}

describe.runIf(onPostgres)('pulls and pushes of one device at the same time (postgres)', () => {
  let server: TestServer;
  let teacher1: string;
  let g1: string[];
  let deviceNo = 0;
  /** Every answer that was not 2xx, as "status body": a tablet would retry it, but it is a defect. */
  let failures: string[] = [];
  const newDevice = (): DeviceState => ({ deviceId: `device-concurrent-${++deviceNo}`, cursor: null, rows: new Map() });

  const pullOnce = async (state: DeviceState): Promise<PullResponse> => {
    const res = await post(server.app, '/api/sync/pull', teacher1, { deviceId: state.deviceId, cursor: state.cursor });
    if (res.statusCode !== 200) {
      failures.push(`pull ${res.statusCode} ${res.body}`);
      return { cursor: state.cursor ?? '', hasMore: false, changes: [], serverTime: '' };
    }
    const page: PullResponse = res.json();
    if (page.reset) state.rows.clear();
    for (const change of page.changes as Change[]) {
      if (change.op === 'delete') state.rows.delete(`${change.entity}|${change.key}`);
      else state.rows.set(`${change.entity}|${change.key}`, change.value);
    }
    state.cursor = page.cursor;
    return page;
  };
  /** Pulls page after page from the device's cursor until nothing more is waiting, as the app does. */
  const follow = async (state: DeviceState) => {
    for (let pages = 0; pages < 20; pages++) {
      if (!(await pullOnce(state)).hasMore) return;
    }
    throw new Error('the pull never finished');
  };
  const push = async (state: DeviceState, mutations: unknown[]): Promise<void> => {
    const res = await post(server.app, '/api/sync/push', teacher1, { deviceId: state.deviceId, mutations });
    if (res.statusCode !== 200) {
      failures.push(`push ${res.statusCode} ${res.body}`);
      return;
    }
    const body: PushResponse = res.json();
    expect(body.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
  };
  /** The morning register of Year 1 today as the server holds it, and as a device holds it. */
  const serverRegister = async () => {
    const { rows } = await server.db.query<{ pupilId: string; code: string }>(
      `SELECT pupil_id AS "pupilId", code FROM register_cells WHERE date = $1 AND session = 'AM' AND pupil_id = ANY($2::text[])`,
      [TEST_TODAY, g1],
    );
    return Object.fromEntries(rows.map((r) => [r.pupilId, r.code]));
  };
  const deviceRegister = (state: DeviceState) =>
    Object.fromEntries(
      g1.flatMap((pupilId) => {
        const cell = state.rows.get(`cell|${pupilId}|${TEST_TODAY}|AM`) as { code: string } | undefined;
        return cell ? [[pupilId, cell.code]] : [];
      }),
    );
  /** Every mark a device sent is in the history once: none lost, none applied twice. */
  const expectEachMarkOnce = async (deviceIds: string[], perDevice: number) => {
    const { rows } = await server.db.query<{ deviceId: string; events: number; seqs: number; logged: number }>(
      `SELECT d.id AS "deviceId",
              (SELECT count(*)::int FROM mark_events e WHERE e.device_id = d.id) AS events,
              (SELECT count(DISTINCT e.seq)::int FROM mark_events e WHERE e.device_id = d.id) AS seqs,
              (SELECT count(*)::int FROM mutation_log l WHERE l.device_id = d.id AND l.status = 'applied') AS logged
         FROM devices d WHERE d.id = ANY($1::text[])`,
      [deviceIds],
    );
    expect(rows).toHaveLength(deviceIds.length);
    for (const row of rows) expect(row).toEqual({ deviceId: row.deviceId, events: perDevice, seqs: perDevice, logged: perDevice });
  };

  beforeAll(async () => {
    server = await startTestServer('postgres');
    teacher1 = await signIn(server.app, 'teacher1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
  });
  beforeEach(() => {
    failures = [];
  });
  afterAll(() => server?.close());

  it('answers twenty pulls of one device sent at the same moment, new or known', async () => {
    const fresh = newDevice();
    await Promise.all(Array.from({ length: 20 }, () => pullOnce({ ...fresh, rows: new Map() })));
    expect(failures).toEqual([]);

    const known = newDevice();
    await follow(known);
    const quiet = await Promise.all(Array.from({ length: 20 }, () => pullOnce({ ...known, rows: new Map() })));
    expect(failures).toEqual([]);
    expect(quiet.every((p) => p.changes.length === 0 && !p.reset && p.cursor === known.cursor)).toBe(true);
  });

  it("answers a device's pulls while the same device pushes, and its cursor brings every mark", async () => {
    const tablet = newDevice();
    await follow(tablet);
    const pushes = async () => {
      for (let i = 0; i < 10; i++) {
        const seq = 3 * i;
        await push(tablet, [0, 1, 2].map((k) => markMutation(seq + k + 1, { pupilId: g1[(seq + k) % g1.length], mark: i % 2 ? 'N' : '/' }, TEST_NOW - MINUTE + seq + k)));
      }
    };
    // Four readers of the same device id, each following its own cursor, five pulls each.
    const readers = Array.from({ length: 4 }, () => ({ ...tablet, rows: new Map(tablet.rows) }));
    const pulls = readers.map(async (reader) => {
      for (let i = 0; i < 5; i++) await pullOnce(reader);
    });
    await Promise.all([pushes(), ...pulls]);
    expect(failures).toEqual([]);

    await expectEachMarkOnce([tablet.deviceId], 30);
    const expected = await serverRegister();
    for (const reader of readers) {
      await follow(reader);
      expect(deviceRegister(reader)).toEqual(expected);
    }
  });

  it('answers twenty devices on one class pulling and pushing at once, and each ends with the whole register', async () => {
    const tablets = Array.from({ length: 20 }, newDevice);
    await Promise.all(tablets.map(follow));
    await Promise.all(
      tablets.map(async (tablet, t) => {
        const marks = [0, 1, 2].map((k) => ({ pupilId: g1[(3 * t + k) % g1.length], mark: (t + k) % 3 ? '/' : 'N', at: TEST_NOW - 2 * MINUTE + 100 * t + k }));
        const pushes = async () => {
          await push(tablet, marks.slice(0, 2).map((m, k) => markMutation(k + 1, m, m.at)));
          await push(tablet, [markMutation(3, marks[2], marks[2].at)]);
        };
        const pulls = async () => {
          for (let i = 0; i < 4; i++) await pullOnce(tablet);
        };
        await Promise.all([pushes(), pulls()]);
      }),
    );
    expect(failures).toEqual([]);

    await expectEachMarkOnce(tablets.map((t) => t.deviceId), 3);
    const expected = await serverRegister();
    expect(Object.keys(expected)).toHaveLength(g1.length);
    for (const tablet of tablets) {
      await follow(tablet);
      expect(deviceRegister(tablet)).toEqual(expected);
    }
  });
});

describe.runIf(onPostgres)('a transaction that loses a race is run again (postgres)', () => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase('postgres'));
    await db.exec(`CREATE TABLE race_probe (id integer PRIMARY KEY, writes integer NOT NULL DEFAULT 0);
                   INSERT INTO race_probe (id) VALUES (1), (2), (3), (4);`);
  });
  afterAll(() => drop?.());

  it.each([
    { rows: [1, 2], callbackCatches: false },
    { rows: [3, 4], callbackCatches: true },
  ])('finishes both of two transactions that deadlock, each written once (callback catches the error: $callbackCatches)', async ({ rows, callbackCatches }) => {
    let holding = 0;
    let bothHoldOne!: () => void;
    const bothHold = new Promise<void>((resolve) => (bothHoldOne = resolve));
    let runs = 0;
    // Each takes one row, waits until the other has its row, then asks for the other's: a deadlock.
    const lockInOrder = (first: number, second: number) =>
      db.transaction(async (tx) => {
        runs++;
        await tx.query(`SET LOCAL deadlock_timeout = '50ms'`);
        await tx.query(`UPDATE race_probe SET writes = writes + 1 WHERE id = $1`, [first]);
        if (++holding === 2) bothHoldOne();
        await bothHold;
        const other = tx.query(`UPDATE race_probe SET writes = writes + 1 WHERE id = $1`, [second]);
        // A push's handler that fails is caught and answered `retry`; the transaction is lost all the same.
        await (callbackCatches ? other.catch(() => null) : other);
        await tx.query('SELECT 1');
      });
    await Promise.all([lockInOrder(rows[0], rows[1]), lockInOrder(rows[1], rows[0])]);
    expect(runs).toBe(3);
    const { rows: written } = await db.query<{ writes: number }>(`SELECT writes FROM race_probe WHERE id = ANY($1::int[]) ORDER BY id`, [rows]);
    expect(written).toEqual([{ writes: 2 }, { writes: 2 }]);
  });

  it('gives up after a few runs and reports the conflict', async () => {
    let runs = 0;
    const lost = db.transaction(async (tx) => {
      runs++;
      await tx.query(`DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = 'serialization_failure'; END $$`);
    });
    await expect(lost).rejects.toMatchObject({ code: '40001' });
    expect(TRANSACTION_ATTEMPTS).toBeGreaterThanOrEqual(3);
    expect(runs).toBe(TRANSACTION_ATTEMPTS);
  });

  it('does not run again a transaction that failed for any other reason', async () => {
    let runs = 0;
    const failed = db.transaction(async (tx) => {
      runs++;
      await tx.query(`UPDATE race_probe SET writes = writes + 1 WHERE id = 1`);
      await tx.query(`INSERT INTO race_probe (id) VALUES (1)`);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
  });
});
