/**
 * Sync proven under chaos (issue 12). N simulated tablets run the app's real sync engine (src/app/sync on
 * fake-indexeddb) against the real server in a child process over real HTTP (test/support/serverProcess.ts),
 * through a network that loses, duplicates, delays and reorders requests and answers
 * (test/support/chaosTransport.ts). Meanwhile the server is killed with SIGKILL while a push is on the wire
 * and started again; tablets are reloaded while their push is on the wire (the page's engine dies and a new
 * one reads the outbox again); every tablet's clock is hours out, some ahead and some behind; and on some
 * tablets two teachers take turns, signing in and out. After a final quiet sync the oracle
 * (test/support/chaosOracle.ts) checks that every mark was applied exactly once or rejected with a trace the
 * tablet was told of, that every cell is the merge rule over its events, and that every tablet shows what a
 * pull gives its person.
 *
 * One seed drives every choice (the actions, which tablet, which faults when): a failure prints it, and
 * `CHAOS_SEED=<n>` replays the same choices (the real server's timing can still differ a little from run to
 * run). `npm test` runs a small size; run it bigger with, for example:
 *
 *   CHAOS_DEVICES=20 CHAOS_STEPS=5000 CHAOS_KILLS=10 npx vitest run --project server test/integration/chaos.test.ts
 *
 * (with TEST_DATABASE_URL=postgres://… it runs on PostgreSQL as well as PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type RegisterDb } from '../../src/app/db/schema.js';
import { getCurrentUser, getDevice } from '../../src/app/db/meta.js';
import { clearSignedInUser, saveSignedInUser } from '../../src/app/db/session.js';
import { createSyncEngine, type SyncEngine } from '../../src/app/sync/engine.js';
import { createApiClient, type ApiClient } from '../../src/app/sync/api.js';
import { createClock, type Clock } from '../../src/app/sync/clock.js';
import type { SignedInUser } from '../../src/protocol/index.js';
import { ENGINES, TEST_NOW, TEST_TODAY } from '../support/serverHarness.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { ChaosNetwork, createRng, QUIET, type ChaosDevice, type Rng } from '../support/chaosTransport.js';
import { checkChaos, type CreatedMutation, type DeviceView } from '../support/chaosOracle.js';

const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);
const DEVICES = Number(process.env.CHAOS_DEVICES ?? 4);
const STEPS = Number(process.env.CHAOS_STEPS ?? 150);
const KILLS = Number(process.env.CHAOS_KILLS ?? 2);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Teachers 1-3 (classes g1-g3) share the tablets, so several tablets mark the same cells. */
const TEACHERS = ['teacher1', 'teacher2', 'teacher3'];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Page {
  kill(): void;
  db: RegisterDb;
  api: ApiClient;
  clock: Clock;
  /** The signed-in person's engine, or null. */
  engine: SyncEngine | null;
  user: SignedInUser | null;
  /** Nobody signed in: sends others' waiting marks with their device keys. */
  courier: SyncEngine;
  /** This page's syncs and key requests still running (a reloaded page's are dropped: they never end). */
  running: Set<Promise<unknown>>;
}

interface Tablet {
  name: string;
  /** The office's computer: enters codes (code.set) and, as in the app, does not pull. */
  office?: boolean;
  usernames: string[];
  skewMs: number;
  idb: IDBFactory;
  dbName: string;
  link: ChaosDevice;
  page: Page;
  reloads: number;
  signOuts: number;
}

describe.each(ENGINES)('sync under chaos (%s)', (engine) => {
  let server: ServerProcess;
  let network: ChaosNetwork;
  const tablets: Tablet[] = [];
  const created: CreatedMutation[] = [];
  const rng: Rng = createRng(SEED);
  const log: string[] = [];
  const note = (line: string) => log.push(`${(performance.now() / 1000).toFixed(2)}s ${line}`);

  beforeAll(async () => {
    server = await startServerProcess(engine, { now: TEST_NOW, today: TEST_TODAY });
    network = new ChaosNetwork(server.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
  });

  function track(page: Page, work: Promise<unknown>) {
    const p = work.catch((error: unknown) => note(`background work failed: ${String(error)}`)).finally(() => page.running.delete(p));
    page.running.add(p);
  }

  async function openPage(t: Tablet): Promise<Page> {
    const wire = t.link.page();
    const deviceNow = () => server.now() + t.skewMs;
    const db = createDb(t.dbName, { indexedDB: t.idb, IDBKeyRange });
    const clock = createClock(db, deviceNow);
    const api = createApiClient({ fetch: wire.fetch, baseUrl: server.baseUrl, now: deviceNow, onServerTime: (t0, t1, s) => void clock.observe(t0, t1, s) });
    const user = (await getCurrentUser(db)) ?? null;
    await clock.ready;
    const page: Page = {
      kill: wire.kill, db, api, clock, user,
      engine: user ? engineFor(t, db, api, clock, user) : null,
      courier: createSyncEngine({ db, api, clock, userId: '', courier: true, locks: null }),
      running: new Set(),
    };
    return page;
  }

  /** As App.tsx: an engine for the person; the office's pushes only (takesRegisters). */
  function engineFor(t: Tablet, db: RegisterDb, api: ApiClient, clock: Clock, user: SignedInUser): SyncEngine {
    return createSyncEngine({ db, api, clock, userId: user.id, displayName: user.displayName, locks: null, pull: !t.office });
  }

  /** As App.tsx: sign in (trying again until the network lets it through), keep the user, ask for a key. */
  async function signIn(t: Tablet, username: string) {
    const page = t.page;
    for (let attempt = 0; ; attempt++) {
      try {
        const { user } = await page.api.login(username, 'demo');
        await saveSignedInUser(page.db, user);
        page.user = user;
        page.engine = engineFor(t, page.db, page.api, page.clock, user);
        track(page, page.engine.registerDeviceKey());
        note(`${t.name}: ${username} signed in`);
        return;
      } catch (error) {
        if (attempt > 400) throw new Error(`${t.name}: ${username} could not sign in: ${String(error)}`);
        await sleep(25);
      }
    }
  }

  /** As App.tsx: stop the engine, tell the server (if it can be reached), forget the person's data. */
  async function signOut(t: Tablet) {
    const page = t.page;
    if (!page.user) return;
    page.engine?.stop();
    const device = await getDevice(page.db, page.user.id).catch(() => undefined);
    await page.api.logout(device?.deviceId).catch(() => undefined);
    await clearSignedInUser(page.db);
    note(`${t.name}: ${page.user.username} signed out`);
    page.user = null;
    page.engine = null;
    t.signOuts++;
  }

  function syncInBackground(t: Tablet) {
    const page = t.page;
    track(page, (page.engine ?? page.courier).sync());
  }

  /** The page dies (its requests never answer) and a new page opens on the same IndexedDB. */
  async function reload(t: Tablet) {
    t.page.kill();
    t.page.engine?.stop();
    t.reloads++;
    t.page = await openPage(t);
    note(`${t.name}: reloaded (${t.page.user?.username ?? 'nobody'} signed in)`);
  }

  const groupOf = (username: string) => `g${username.replace('teacher', '')}`;
  function pupilsOf(groupId: string) {
    const all = server.demo.pupils.filter((p) => p.groupId === groupId).map((p) => p.id);
    // A few pupils per class, so that marks from several tablets meet on the same cells.
    return all.slice(0, Math.min(all.length, Math.max(6, Math.ceil(STEPS / 25))));
  }

  async function mark(t: Tablet, r: Rng) {
    const page = t.page;
    if (!page.engine || !page.user) return;
    if (t.office) {
      // The office's codes, over the teachers' marks: a reason, because replacing a present mark needs one.
      const pupilId = r.pick(pupilsOf(groupOf(r.pick(TEACHERS))));
      const args = { pupilId, date: TEST_TODAY, session: 'AM' as const, code: r.pick(['I', 'M', 'C']), reason: 'Phoned in by a parent' };
      const entry = await page.engine.enqueue('code.set', args, { cellKey: `${pupilId}|${TEST_TODAY}|AM` });
      created.push({ id: entry.id, device: t.name, userId: page.user.id, cellKey: entry.cellKey! });
      return;
    }
    const own = groupOf(page.user.username);
    const roll = r.next();
    // Mostly the person's own class this morning; some marks the server must refuse: the afternoon register
    // (not open yet) and another teacher's class.
    const session = roll < 0.05 ? 'PM' : 'AM';
    const groupId = roll > 0.95 ? r.pick(TEACHERS.map(groupOf).filter((g) => g !== own)) : own;
    const pupilId = r.pick(pupilsOf(groupId));
    const markCode = r.chance(0.3) ? 'N' : '/';
    const { entry } = await page.engine.recordMark({ pupilId, date: TEST_TODAY, session, mark: markCode });
    created.push({ id: entry.id, device: t.name, userId: page.user.id, cellKey: entry.cellKey! });
  }

  async function killServerMidPush(t: Tablet, r: Rng) {
    // Something to push, then kill the server while a push is on the wire.
    for (let i = 0; i < 3; i++) await mark(t, r);
    syncInBackground(t);
    const onWire = await network.nextPush(3000);
    await sleep(r.int(0, 15));
    await server.kill();
    note(`server killed (${onWire ? 'a push on the wire' : 'no push seen'})`);
    const downFor = r.int(100, 1500);
    // Started again in the background: the tablets carry on meanwhile, against a server that is not there.
    const restarted = (async () => {
      await sleep(downFor);
      await server.start();
      note(`server started again after ${downFor} ms down`);
    })();
    return { restarted };
  }

  it(`keeps every mark exactly once or rejected with a trace, through lost, repeated and late requests, a killed server, reloads, skewed clocks and shared tablets (seed ${SEED})`, async () => {
    const started = performance.now();
    // Tablets: clocks hours out, each differently, some ahead and some behind; even ones shared by two teachers.
    for (let i = 0; i < DEVICES; i++) {
      const first = TEACHERS[i % TEACHERS.length];
      const second = TEACHERS[(i + 1) % TEACHERS.length];
      const t: Tablet = {
        name: `tablet${i}`,
        usernames: i % 2 === 0 ? [first, second] : [first],
        skewMs: (i % 2 === 0 ? -1 : 1) * (1 + (i % 7)) * HOUR + rng.int(-59, 59) * MINUTE,
        idb: new IDBFactory(),
        dbName: `chaos-${i}`,
        link: network.device(rng.fork()),
        page: null as unknown as Page,
        reloads: 0,
        signOuts: 0,
      };
      t.page = await openPage(t);
      await signIn(t, t.usernames[0]);
      tablets.push(t);
    }
    // The office's computer, its clock a few minutes out.
    const office: Tablet = {
      name: 'office', office: true, usernames: ['office1'], skewMs: rng.int(-9, 9) * MINUTE, idb: new IDBFactory(), dbName: 'chaos-office',
      link: network.device(rng.fork()), page: null as unknown as Page, reloads: 0, signOuts: 0,
    };
    office.page = await openPage(office);
    await signIn(office, 'office1');
    tablets.push(office);

    const killAt = new Set(Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 1) * STEPS) / (KILLS + 1))));
    let restarting: Promise<void> = Promise.resolve();
    for (let step = 0; step < STEPS; step++) {
      // The office acts about one step in twelve, the rest is the teachers' tablets.
      const t = rng.chance(1 / 12) ? office : rng.pick(tablets.filter((x) => !x.office));
      if (killAt.has(step)) {
        await restarting;
        restarting = (await killServerMidPush(t, rng)).restarted;
        continue;
      }
      const roll = rng.next();
      if (!t.page.user) await signIn(t, rng.pick(t.usernames));
      else if (roll < 0.6) await mark(t, rng);
      else if (roll < 0.82) syncInBackground(t);
      else if (roll < 0.9) {
        // A reload while its push is on the wire (or a little after).
        await mark(t, rng);
        syncInBackground(t);
        await sleep(rng.int(0, 20));
        await reload(t);
      } else if (t.usernames.length > 1) {
        // The other teacher takes the tablet; sometimes it lies signed out for a while first.
        const next = t.usernames.find((u) => u !== t.page.user!.username)!;
        await signOut(t);
        if (rng.chance(0.5)) {
          syncInBackground(t);
          await sleep(rng.int(0, 30));
        }
        await signIn(t, next);
      } else syncInBackground(t);
      await sleep(rng.int(0, 6));
    }
    note(`chaos over after ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // A final quiet sync: the server up, the network well, everything still running finished.
    await restarting;
    network.rates = QUIET;
    for (const t of tablets) await Promise.all([...t.page.running]);
    await network.settle();
    // Each person on each tablet in turn sends what is theirs; then every tablet's last person pulls once more,
    // after all the sending is done.
    for (let round = 0; round < 3; round++) {
      for (const t of tablets) {
        const order = [...t.usernames.filter((u) => u !== t.page.user?.username), ...(t.page.user ? [t.page.user.username] : [])];
        for (const username of order) {
          if (t.page.user?.username !== username) {
            await signOut(t);
            await signIn(t, username);
          }
          await Promise.all([...t.page.running]);
          await t.page.engine!.sync();
        }
      }
      const waiting = await Promise.all(tablets.map((t) => t.page.db.outbox.where('status').equals('pending').count()));
      if (waiting.every((n) => n === 0)) break;
    }
    for (const t of tablets) {
      await Promise.all([...t.page.running]);
      const result = await t.page.engine!.sync();
      expect(result.ok, `${t.name}'s final sync (seed ${SEED})`).toBe(true);
    }

    // What a pull gives each person, on a tablet of its own.
    const serverViews = new Map<string, Map<string, string>>();
    const teachersTablets = tablets.filter((t) => !t.office);
    for (const username of new Set(teachersTablets.map((t) => t.page.user!.username))) {
      const fresh: Tablet = {
        name: `reference-${username}`, usernames: [username], skewMs: 0, idb: new IDBFactory(), dbName: 'reference',
        link: network.device(0), page: null as unknown as Page, reloads: 0, signOuts: 0,
      };
      fresh.page = await openPage(fresh);
      await signIn(fresh, username);
      expect((await fresh.page.engine!.sync()).ok).toBe(true);
      serverViews.set(username, new Map((await fresh.page.db.cells.toArray()).map((c) => [c.key, c.code])));
    }
    await Promise.all(tablets.map((t) => Promise.all([...t.page.running])));

    const views: DeviceView[] = tablets.map((t) => ({
      name: t.name, db: t.page.db, userId: t.page.user!.id, serverView: t.office ? null : serverViews.get(t.page.user!.username)!,
    }));
    await server.stop();
    const db = await server.openDatabase();
    try {
      const report = await checkChaos(db, created, views);
      const summary = {
        seed: SEED, engine, devices: DEVICES, steps: STEPS, seconds: Math.round((performance.now() - started) / 1000),
        mutations: created.length, applied: report.applied, rejected: report.rejected, rejectedCodes: report.rejectedCodes,
        cells: report.cells, cellsWithSeveralEvents: report.cellsWithSeveralEvents, serverKills: server.kills,
        reloads: tablets.reduce((n, t) => n + t.reloads, 0), signOuts: tablets.reduce((n, t) => n + t.signOuts, 0),
        network: network.stats,
      };
      console.log(`chaos (${engine}): ${JSON.stringify(summary)}`);
      const failure = `CHAOS_SEED=${SEED} replays this run.\n${report.problems.slice(0, 40).join('\n')}\n\n${log.slice(-60).join('\n')}\n${server.output().slice(-3000)}`;
      expect(report.problems, failure).toEqual([]);
      expect(report.applied + report.rejected, failure).toBe(created.length);
      // The run did what it says: marks applied and refused, the server killed, tablets reloaded and shared.
      expect(report.applied, failure).toBeGreaterThan(0);
      expect(server.kills).toBe(KILLS);

      // And the oracle can tell: an event recorded twice, a cell that is not the merge of its events, and a
      // refusal the tablet never heard of are each named.
      const twice = (await db.query<{ id: string; mutation_id: string }>(`SELECT id, mutation_id FROM mark_events WHERE source = 'teacher' LIMIT 1`)).rows[0];
      const columns = 'pupil_id, date, session, source, code, staff_id, role, device_id, seq, mutation_id, observed_at, time_quality, received_at, version';
      await db.query(`INSERT INTO mark_events (school_id, id, ${columns}) SELECT school_id, id || '-again', ${columns} FROM mark_events WHERE id = $1`, [twice.id]);
      const cell = (await db.query<{ pupil_id: string; code: string }>(`SELECT pupil_id, code FROM register_cells LIMIT 1`)).rows[0];
      await db.query(`UPDATE register_cells SET code = $2 WHERE pupil_id = $1`, [cell.pupil_id, cell.code === 'N' ? '/' : 'N']);
      const silenced = await Promise.all(tablets.map(async (t) => (await t.page.db.outbox.where('status').equals('rejected').first()) ?? null));
      const silencedAt = silenced.findIndex((e) => e !== null);
      if (silencedAt >= 0) await tablets[silencedAt].page.db.outbox.delete(silenced[silencedAt]!.key!);
      const sabotaged = (await checkChaos(db, created, views)).problems.join('\n');
      expect(sabotaged).toContain(`mutation ${twice.mutation_id}`);
      expect(sabotaged).toMatch(/applied, with 2 mark_events rows/);
      expect(sabotaged).toMatch(new RegExp(`cell ${cell.pupil_id}\\|.*the server says`));
      if (silencedAt >= 0) expect(sabotaged).toContain(`mutation ${silenced[silencedAt]!.id} `);
    } finally {
      await db.close();
    }
  }, 600_000);
});
