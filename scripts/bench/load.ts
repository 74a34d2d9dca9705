/**
 * The load benchmark (`npm run bench -- load`, issue 12 "Load, measured"): a trust's morning registers through
 * the real server over HTTP, and whether every acknowledged mark is in the database exactly once afterwards.
 *
 * - A generated trust (trust.ts): LOAD_SCHOOLS schools (default 20) of LOAD_PUPILS pupils (default 1,000) in
 *   classes of about 30, one tablet per class (its class teacher), one office screen per school, in one
 *   database.
 * - The real server (src/server/main.ts in a process of its own, as `npm run serve` starts it) on the trust's
 *   database: PGlite (one process), and PostgreSQL with WORKERS=2 (LOAD_PG_WORKERS) when DATABASE_URL or
 *   TEST_DATABASE_URL is set, in a fresh database of its own that is dropped afterwards. Its clock is pinned
 *   to LOAD_TODAY 08:55 (APP_NOW), just after the morning register opens.
 * - The LOAD_HISTORY_DAYS school days before today (default 10) are in the database already, as some weeks into
 *   term (seedHistory: a cell, an event and a logged change a pupil a session), and the tables are analysed.
 * - Every tablet signs in and pulls its class, then all tablets at once (LOAD_CONCURRENCY caps how many) push
 *   their register's morning marks as fast as the server answers, over keep-alive connections, each tablet
 *   one push at a time as the app's sync engine does. LOAD_BATCH marks a push (default 10, so a class of 30
 *   goes in three pushes): the app sends everything waiting, up to 200, 300 ms after a tap, and taps made
 *   while a push is out go in the next one, so a teacher tapping down a register sends a few pushes of a
 *   handful of marks rather than one push per tap or one of the whole class.
 *   LOAD_ROUNDS (default 1) full-speed rounds; each round marks every pupil again (an N for a different
 *   pupil in 13), so a longer run is just more rounds.
 * - Then one more round paced at half the full-speed rate (pushes started at even intervals, the schools taking
 *   turns: interleavedBySchool), for push p95 at half the sustained rate.
 * - Meanwhile each school's office screen polls Registers today (GET /api/office/registers) every 15 s.
 * - Afterwards, with the server stopped: lost marks (acknowledged `applied` but with no event in mark_events,
 *   or a cell that does not show the last acknowledged mark for it) and duplicated marks (more than one event
 *   for one mutation). Then, on the same database, a bare batched INSERT of as many rows into a table created
 *   LIKE mark_events (same batches, same number of connections): the floor the write path is set beside.
 * - On PostgreSQL, the school's version row (sync_state, updated first thing in every push transaction and
 *   so locked until it commits): pg_stat_activity is sampled every 20 ms during the full-speed rounds for the
 *   share of push transactions waiting for it and how many hold it.
 *
 * LOAD_CPU_PROF=dir starts the server with --cpu-prof into that folder. Results go to bench-results/load.json
 * (one object per engine) and a Markdown table.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.js';
import { insertMany } from '../../src/server/db/insertMany.js';
import { migrate } from '../../src/server/db/migrate.js';
import { seedHistory, seedTrust, TRUST_PASSWORD, type Trust, type TrustClass } from './trust.js';
import { machineLine, percentile } from './stats.js';
import { freePort, requestJson, type Answer } from '../lib/http.js';
import { meterProcesses, postgresProcesses, treeOf, type CpuMeter } from '../lib/processCpu.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OFFICE_POLL_MS = 15_000;

export type Engine = 'pglite' | 'postgres';

export interface LoadOptions {
  schools: number;
  pupils: number;
  classSize: number;
  /** Marks a push. */
  batch: number;
  /** Full-speed rounds (each marks every pupil once). */
  rounds: number;
  /** School days of registers before today already in the database (seedHistory): a morning some weeks into term. */
  historyDays: number;
  /** Most tablets pushing at once (default: all of them). */
  concurrency: number | null;
  /** Run the paced round at half the full-speed rate. */
  halfRate: boolean;
  /** Server processes on PostgreSQL. */
  pgWorkers: number;
  today: string;
  cpuProfDir: string | null;
  /** Which engines to run (LOAD_ENGINES, default both; PostgreSQL only with a database URL). */
  engines: Engine[];
  log: (line: string) => void;
}

export interface VersionRowReport {
  samples: number;
  /** Of the samples of push transactions in progress, the share waiting for the school's version row lock. */
  waitingShare: number;
  /** Mean push transactions in progress / waiting for the version row / holding it, per sample. */
  meanInTransaction: number;
  meanWaiting: number;
  meanHolding: number;
  /** Little's law: mean holders ÷ pushes a second, the mean time one push holds its school's version row. */
  meanHoldMs: number;
}

export interface LoadResult {
  engine: Engine;
  workers: number;
  schools: number;
  pupils: number;
  tablets: number;
  batch: number;
  marks: number;
  seconds: number;
  marksPerSecond: number;
  rawInsertRowsPerSecond: number;
  pushP50Ms: number;
  pushP95Ms: number;
  pushP99Ms: number;
  halfRateMarksPerSecond: number | null;
  halfRatePushP50Ms: number | null;
  halfRatePushP95Ms: number | null;
  halfRatePushP99Ms: number | null;
  errors: number;
  lost: number;
  duplicated: number;
  /** Acknowledged marks checked afterwards (both phases). */
  acknowledged: number;
  lostEvents: number;
  staleCells: number;
  signInSeconds: number;
  officePolls: number;
  officePollP95Ms: number | null;
  /** Where the machine's cores went during the full-speed rounds (null where /proc cannot be read). */
  cpu: CpuReport | null;
  versionRow: VersionRowReport | null;
  firstErrors: string[];
}

export interface CpuReport {
  /** The machine's cores (CPU seconds a second it could give). */
  cores: number;
  /** CPU seconds a second (1 = one core busy) of the server's processes, PostgreSQL's, and this load generator. */
  server: number;
  database: number | null;
  generator: number;
  /** CPU milliseconds a push (of `batch` marks) in the server, and in PostgreSQL. */
  serverMsPerPush: number;
  databaseMsPerPush: number | null;
}

function cpuShares(
  cpu: { server: CpuMeter; database: CpuMeter; generator: NodeJS.CpuUsage },
  seconds: number, pushes: number, engine: Engine,
): CpuReport | null {
  const server = cpu.server.read();
  if (server === null) return null;
  const database = engine === 'postgres' ? cpu.database.read() : null;
  const used = process.cpuUsage(cpu.generator);
  const round = (n: number) => Number(n.toFixed(2));
  return {
    cores: os.cpus().length,
    server: round(server / seconds),
    database: database === null ? null : round(database / seconds),
    generator: round((used.user + used.system) / 1e6 / seconds),
    serverMsPerPush: round((server * 1000) / pushes),
    databaseMsPerPush: database === null ? null : round((database * 1000) / pushes),
  };
}

export function loadOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LoadOptions {
  const num = (name: string, fallback: number) => {
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1, not "${env[name]}"`);
    return value;
  };
  return {
    schools: num('LOAD_SCHOOLS', 20),
    pupils: num('LOAD_PUPILS', 1000),
    classSize: num('LOAD_CLASS_SIZE', 30),
    batch: num('LOAD_BATCH', 10),
    rounds: num('LOAD_ROUNDS', 1),
    historyDays: env.LOAD_HISTORY_DAYS === '0' ? 0 : num('LOAD_HISTORY_DAYS', 10),
    concurrency: env.LOAD_CONCURRENCY ? num('LOAD_CONCURRENCY', 1) : null,
    halfRate: env.LOAD_HALF_RATE !== '0',
    pgWorkers: num('LOAD_PG_WORKERS', 2),
    today: env.LOAD_TODAY ?? '2026-11-24',
    cpuProfDir: env.LOAD_CPU_PROF ? path.resolve(env.LOAD_CPU_PROF) : null,
    engines: (env.LOAD_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()).filter((e): e is Engine => e === 'pglite' || e === 'postgres'),
    log: (line) => console.error(line),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The database: seeded by this process, then handed to the server.

interface Prepared {
  engine: Engine;
  /** What the server's environment needs to open it. */
  env: Record<string, string>;
  /** This process's own connection (PostgreSQL: kept open; PGlite: opened once the server has stopped). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function prepare(engine: Engine, options: LoadOptions, url?: string): Promise<{ prepared: Prepared; trust: Trust; seedMs: number }> {
  const t0 = performance.now();
  if (engine === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'load-bench-'));
    const db = await openPglite(dir);
    await migrate(db);
    const trust = await seedTrust(db, options.today, options);
    await seedHistory(db, options.today, options.historyDays);
    await db.exec('VACUUM ANALYZE');
    await db.close();
    return {
      trust, seedMs: performance.now() - t0,
      prepared: { engine, env: { DATA_DIR: dir }, open: () => openPglite(dir), drop: () => rm(dir, { recursive: true, force: true }) },
    };
  }
  const name = `load_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = await openPostgres(url!);
  await admin.exec(`CREATE DATABASE ${name}`);
  const own = new URL(url!);
  own.pathname = `/${name}`;
  const db = await openPostgres(own.toString());
  try {
    await migrate(db);
    const trust = await seedTrust(db, options.today, options);
    await seedHistory(db, options.today, options.historyDays);
    await db.exec('VACUUM ANALYZE');
    return {
      trust, seedMs: performance.now() - t0,
      prepared: {
        engine, env: { DATABASE_URL: own.toString(), WORKERS: String(options.pgWorkers) }, open: async () => db,
        drop: async () => {
          await db.close();
          await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.close();
        },
      },
    };
  } catch (error) {
    await db.close();
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The server, as `npm run serve` starts it, in a process of its own.

async function startServer(env: Record<string, string>, cpuProfDir: string | null): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const { DATABASE_URL: _d, WORKERS: _w, DATA_DIR: _a, NODE_ENV: _n, ...inherited } = process.env;
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('The register is running on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the server stopped with code ${code} before it answered:\n${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${output.slice(-2000)}`)), 120_000).unref();
  });
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// HTTP over keep-alive connections (node:http: cheaper for this process than fetch, on a machine it shares
// with the server).

function client(port: number, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const call = (method: string, url: string, options: { cookie?: string; json?: unknown } = {}) =>
    requestJson(port, method, url, { ...options, agent, timeoutMs: 120_000 });
  return { call, close: () => agent.destroy() };
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function pool<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

// ---------------------------------------------------------------------------------------------------------
// The tablets.

/**
 * The tablets' indexes, the schools taking turns (the first class of each school, then the second...). Pushes
 * at even intervals in sign-in order would send one school's 33 tablets back to back: at 900 marks a second
 * that school alone would get 90 pushes a second, five times the biggest real school's peak, and the round
 * would measure the queue on its version row rather than the server. On a real morning every school's
 * tablets push at once, each school at its own few pushes a second.
 */
export function interleavedBySchool(tablets: Array<{ cls: { schoolId: string } }>): number[] {
  const bySchool = new Map<string, number[]>();
  tablets.forEach((t, i) => {
    const list = bySchool.get(t.cls.schoolId) ?? [];
    list.push(i);
    bySchool.set(t.cls.schoolId, list);
  });
  const lists = [...bySchool.values()];
  const order: number[] = [];
  for (let k = 0; order.length < tablets.length; k++) for (const list of lists) if (k < list.length) order.push(list[k]);
  return order;
}

interface Tablet {
  cls: TrustClass;
  deviceId: string;
  cookie: string;
  /** Server clock − this process's clock, from the sign-in's serverTime. */
  offsetMs: number;
  seq: number;
}

interface Acknowledged {
  ids: string[];
  /** The last acknowledged mark of each cell: key `${schoolId}\t${pupilId}`. */
  last: Map<string, string>;
}

interface Counters {
  errors: number;
  firstErrors: string[];
}

function noteError(counters: Counters, what: string) {
  counters.errors++;
  if (counters.firstErrors.length < 5) counters.firstErrors.push(what.slice(0, 300));
}

/** The mark a pupil gets in a round: present, or N for one pupil in 13 (a different one each round). */
const markFor = (pupilIndex: number, round: number) => ((pupilIndex + round) % 13 === 0 ? 'N' : '/');

type Call = ReturnType<typeof client>['call'];

/** One push of marks, sent again (same seqs, same ids) after a failed answer, as the app would. */
async function push(call: Call, tablet: Tablet, marks: Array<{ pupilId: string; mark: string }>, today: string, times: number[], ack: Acknowledged, counters: Counters): Promise<void> {
  const now = Date.now();
  const mutations = marks.map((m) => ({
    seq: ++tablet.seq, id: randomUUID(), type: 'mark.set',
    args: { pupilId: m.pupilId, date: today, session: 'AM', mark: m.mark },
    observedAt: new Date(now - 100).toISOString(), clockOffsetMs: tablet.offsetMs,
  }));
  for (let attempt = 1; attempt <= 3; attempt++) {
    const t0 = performance.now();
    let res: Answer;
    try {
      res = await call('POST', '/api/sync/push', { cookie: tablet.cookie, json: { deviceId: tablet.deviceId, mutations } });
    } catch (error) {
      times.push(performance.now() - t0);
      noteError(counters, `push: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    times.push(performance.now() - t0);
    if (res.status !== 200) {
      noteError(counters, `push answered ${res.status}: ${res.body}`);
      continue;
    }
    const body = JSON.parse(res.body) as { results: Array<{ seq: number; status: string; code?: string; message?: string }> };
    const bySeq = new Map(body.results.map((r) => [r.seq, r]));
    let retry = false;
    for (let i = 0; i < mutations.length; i++) {
      const r = bySeq.get(mutations[i].seq);
      if (r?.status === 'applied') {
        ack.ids.push(mutations[i].id);
        ack.last.set(`${tablet.cls.schoolId}\t${marks[i].pupilId}`, marks[i].mark);
      } else {
        noteError(counters, `mark ${r?.status ?? 'unanswered'}: ${r?.code ?? ''} ${r?.message ?? ''}`);
        if (r?.status === 'retry') retry = true;
      }
    }
    if (!retry) return;
  }
}

/** The pushes of one round: each tablet's register in batches, in order. */
function roundBatches(tablet: Tablet, round: number, batch: number): Array<Array<{ pupilId: string; mark: string }>> {
  const marks = tablet.cls.pupilIds.map((pupilId, i) => ({ pupilId, mark: markFor(i, round) }));
  const out = [];
  for (let i = 0; i < marks.length; i += batch) out.push(marks.slice(i, i + batch));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The school's version row on PostgreSQL: pg_stat_activity sampled while the tablets push.

function sampleVersionRow(db: Database) {
  let samples = 0;
  let inTx = 0;
  let waiting = 0;
  let holding = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const { rows } = await db.query<{ in_tx: number; waiting: number; holding: number }>(
        `SELECT count(*) FILTER (WHERE xact_start IS NOT NULL)::int AS in_tx,
                count(*) FILTER (WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE sync_state%')::int AS waiting,
                count(*) FILTER (WHERE backend_xid IS NOT NULL AND wait_event_type IS DISTINCT FROM 'Lock')::int AS holding
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      samples++;
      inTx += rows[0].in_tx;
      waiting += rows[0].waiting;
      holding += rows[0].holding;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop(pushesPerSecond: number): Promise<VersionRowReport> {
      running = false;
      await done;
      const meanHolding = samples ? holding / samples : 0;
      return {
        samples,
        waitingShare: inTx ? waiting / inTx : 0,
        meanInTransaction: samples ? inTx / samples : 0,
        meanWaiting: samples ? waiting / samples : 0,
        meanHolding,
        meanHoldMs: pushesPerSecond ? (meanHolding / pushesPerSecond) * 1000 : 0,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Afterwards: the checks, and the bare INSERT beside the write path.

async function check(db: Database, ack: Acknowledged, today: string): Promise<{ lostEvents: number; staleCells: number; duplicated: number }> {
  const missing = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM unnest($1::text[]) AS m(id) WHERE NOT EXISTS (SELECT 1 FROM mark_events e WHERE e.mutation_id = m.id)`,
    [ack.ids],
  );
  const keys = [...ack.last.keys()].map((k) => k.split('\t'));
  const stale = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM unnest($1::text[], $2::text[], $3::text[]) AS x(school_id, pupil_id, code)
       LEFT JOIN register_cells c ON c.school_id = x.school_id AND c.pupil_id = x.pupil_id AND c.date = $4 AND c.session = 'AM'
      WHERE c.code IS DISTINCT FROM x.code`,
    [keys.map((k) => k[0]), keys.map((k) => k[1]), [...ack.last.values()], today],
  );
  const duplicated = await db.query<{ n: number }>(
    `SELECT coalesce(sum(n - 1), 0)::int AS n
       FROM (SELECT count(*) AS n FROM mark_events WHERE mutation_id IS NOT NULL GROUP BY school_id, mutation_id HAVING count(*) > 1) AS d`,
  );
  return { lostEvents: missing.rows[0].n, staleCells: stale.rows[0].n, duplicated: duplicated.rows[0].n };
}

const EVENT_COLUMNS = ['school_id', 'id', 'pupil_id', 'date', 'session', 'source', 'code', 'old_code', 'effective_code', 'staff_id', 'role', 'device_id', 'seq',
  'mutation_id', 'observed_at_device', 'clock_offset_ms', 'observed_at', 'time_quality', 'received_at', 'version'];

/** `rows` rows like a push's events, `batch` to an INSERT, `connections` statements at once: rows a second. */
async function bareInsert(db: Database, rows: number, batch: number, connections: number, today: string): Promise<number> {
  await db.exec(`DROP TABLE IF EXISTS load_bare_events; CREATE TABLE load_bare_events (LIKE mark_events INCLUDING ALL)`);
  const at = new Date(`${today}T09:00:00Z`);
  const batches: unknown[][][] = [];
  for (let i = 0; i < rows; i += batch) {
    batches.push(Array.from({ length: Math.min(batch, rows - i) }, (_, j) => {
      const n = i + j;
      return ['bare-school', randomUUID(), `p${n}`, today, 'AM', 'teacher', '/', null, '/', 't1', 'teacher', `device-${n % 500}`, n + 1,
        randomUUID(), at, 0, at, 'good', at, n + 1];
    }));
  }
  const t0 = performance.now();
  await pool(batches, connections, (b) => insertMany(db, 'load_bare_events', EVENT_COLUMNS, b, { chunk: batch }));
  const seconds = (performance.now() - t0) / 1000;
  await db.exec('DROP TABLE load_bare_events');
  return rows / seconds;
}

// ---------------------------------------------------------------------------------------------------------

export async function runLoad(engine: Engine, options: LoadOptions, url?: string): Promise<LoadResult> {
  const { log, today, batch } = options;
  const { prepared, trust, seedMs } = await prepare(engine, options, url);
  const workers = engine === 'postgres' ? options.pgWorkers : 1;
  log(`[load] ${engine}: seeded ${trust.schools.length} schools, ${trust.pupils} pupils and ${options.historyDays} school days of registers before today in ${(seedMs / 1000).toFixed(1)} s; starting the server (${workers} process${workers > 1 ? 'es' : ''})`);
  if (options.cpuProfDir) await mkdir(options.cpuProfDir, { recursive: true });
  const classes = trust.schools.flatMap((s) => s.classes);
  const concurrency = Math.min(options.concurrency ?? classes.length, classes.length);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let db: Database | null = null;
  try {
    server = await startServer({ ...prepared.env, APP_NOW: `${today}T08:55:00Z` }, options.cpuProfDir);
    const http = client(server.port, concurrency + trust.schools.length + 4);
    const counters: Counters = { errors: 0, firstErrors: [] };

    // Sign in and pull, every tablet (a handful at once: sign-in is a deliberately slow hash).
    const signInStart = performance.now();
    const tablets: Tablet[] = [];
    const signIn = async (username: string) => {
      const t0 = Date.now();
      const res = await http.call('POST', '/api/auth/login', { json: { username, password: TRUST_PASSWORD } });
      if (res.status !== 200 || !res.cookie) throw new Error(`sign-in as ${username} answered ${res.status}: ${res.body.slice(0, 300)}`);
      const serverTime = Date.parse((JSON.parse(res.body) as { serverTime: string }).serverTime);
      return { cookie: res.cookie, offsetMs: serverTime - (t0 + Date.now()) / 2 };
    };
    await pool(classes, 8, async (cls) => {
      const session = await signIn(cls.username);
      const tablet: Tablet = { cls, deviceId: `load-tablet-${cls.groupId}`, ...session, seq: 0 };
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const res = await http.call('POST', '/api/sync/pull', { cookie: tablet.cookie, json: { deviceId: tablet.deviceId, cursor } });
        if (res.status !== 200) throw new Error(`pull for ${cls.username} answered ${res.status}: ${res.body.slice(0, 300)}`);
        const body = JSON.parse(res.body) as { cursor: string; hasMore: boolean };
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
      tablets.push(tablet);
    });
    const offices = await Promise.all(trust.schools.map(async (s) => (await signIn(s.officeUsername)).cookie));
    const signInSeconds = (performance.now() - signInStart) / 1000;
    log(`[load] ${engine}: ${tablets.length} tablets and ${offices.length} office screens signed in and pulled in ${signInSeconds.toFixed(1)} s`);

    // The office screens, polling Registers today until the tablets are done.
    const officeTimes: number[] = [];
    let polling = true;
    const pollers = offices.map(async (cookie, i) => {
      await new Promise((r) => setTimeout(r, (i * 997) % 1000));
      while (polling) {
        const t0 = performance.now();
        try {
          const res = await http.call('GET', `/api/office/registers?date=${today}`, { cookie });
          if (res.status !== 200) noteError(counters, `Registers today answered ${res.status}: ${res.body}`);
        } catch (error) {
          noteError(counters, `Registers today: ${error instanceof Error ? error.message : String(error)}`);
        }
        officeTimes.push(performance.now() - t0);
        const until = Date.now() + OFFICE_POLL_MS;
        while (polling && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      }
    });

    const ack: Acknowledged = { ids: [], last: new Map() };

    // Full speed: every tablet pushes its register, one push at a time, as fast as the answers come.
    if (engine === 'postgres') db = await prepared.open();
    const sampler = db ? sampleVersionRow(db) : null;
    const pushTimes: number[] = [];
    const fullStart = performance.now();
    const cpu = { server: meterProcesses(treeOf(server.pid)), database: meterProcesses(postgresProcesses), generator: process.cpuUsage() };
    const ackBefore = ack.ids.length;
    for (let round = 0; round < options.rounds; round++) {
      await pool(tablets, concurrency, async (tablet) => {
        for (const marks of roundBatches(tablet, round, batch)) await push(http.call, tablet, marks, today, pushTimes, ack, counters);
      });
    }
    const seconds = (performance.now() - fullStart) / 1000;
    const marks = ack.ids.length - ackBefore;
    const marksPerSecond = marks / seconds;
    const cpuUsed = cpuShares(cpu, seconds, pushTimes.length, engine);
    const versionRow = sampler ? await sampler.stop(pushTimes.length / seconds) : null;
    log(`[load] ${engine}: ${marks} marks in ${seconds.toFixed(1)} s (${marksPerSecond.toFixed(0)} a second), ${counters.errors} errors`);

    // Half the rate: the same pushes, started at even intervals so the marks arrive at half that rate.
    const halfTimes: number[] = [];
    let halfRateMarksPerSecond: number | null = null;
    if (options.halfRate) {
      const round = options.rounds;
      const perTablet = tablets.map((t) => roundBatches(t, round, batch));
      const slots: Array<{ tablet: number; batch: number }> = [];
      const most = Math.max(...perTablet.map((b) => b.length));
      const order = interleavedBySchool(tablets);
      for (let b = 0; b < most; b++) for (const t of order) if (perTablet[t][b]) slots.push({ tablet: t, batch: b });
      const total = slots.reduce((n, s) => n + perTablet[s.tablet][s.batch].length, 0);
      const intervalMs = (total / (marksPerSecond / 2) / slots.length) * 1000;
      const tabletDone: Array<Promise<void>> = tablets.map(() => Promise.resolve());
      const halfStart = performance.now();
      const before = ack.ids.length;
      const started: Array<Promise<void>> = [];
      for (let i = 0; i < slots.length; i++) {
        const wait = halfStart + i * intervalMs - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const { tablet, batch: b } = slots[i];
        // A tablet sends one push at a time: a slot whose tablet is still waiting for its last answer goes after it.
        const run = tabletDone[tablet].then(() => push(http.call, tablets[tablet], perTablet[tablet][b], today, halfTimes, ack, counters));
        tabletDone[tablet] = run;
        started.push(run);
      }
      await Promise.all(started);
      halfRateMarksPerSecond = (ack.ids.length - before) / ((performance.now() - halfStart) / 1000);
      log(`[load] ${engine}: half rate, ${ack.ids.length - before} marks at ${halfRateMarksPerSecond.toFixed(0)} a second, push p95 ${percentile(halfTimes, 95).toFixed(1)} ms`);
    }
    polling = false;
    await Promise.all(pollers);
    http.close();
    await server.stop();
    server = null;

    // Afterwards, with the server stopped.
    db ??= await prepared.open();
    const checked = await check(db, ack, today);
    const rawInsertRowsPerSecond = await bareInsert(db, marks, batch, engine === 'postgres' ? 10 : 1, today);
    const q = (values: number[], p: number) => (values.length ? Number(percentile(values, p).toFixed(1)) : null);
    return {
      engine, workers, schools: trust.schools.length, pupils: trust.pupils, tablets: tablets.length, batch,
      marks, seconds: Number(seconds.toFixed(2)), marksPerSecond: Math.round(marksPerSecond),
      rawInsertRowsPerSecond: Math.round(rawInsertRowsPerSecond),
      pushP50Ms: q(pushTimes, 50)!, pushP95Ms: q(pushTimes, 95)!, pushP99Ms: q(pushTimes, 99)!,
      halfRateMarksPerSecond: halfRateMarksPerSecond === null ? null : Math.round(halfRateMarksPerSecond),
      halfRatePushP50Ms: q(halfTimes, 50), halfRatePushP95Ms: q(halfTimes, 95), halfRatePushP99Ms: q(halfTimes, 99),
      errors: counters.errors, lost: checked.lostEvents + checked.staleCells, duplicated: checked.duplicated,
      acknowledged: ack.ids.length, lostEvents: checked.lostEvents, staleCells: checked.staleCells,
      signInSeconds: Number(signInSeconds.toFixed(1)), officePolls: officeTimes.length, officePollP95Ms: q(officeTimes, 95),
      cpu: cpuUsed,
      versionRow: versionRow && {
        ...versionRow,
        waitingShare: Number(versionRow.waitingShare.toFixed(3)),
        meanInTransaction: Number(versionRow.meanInTransaction.toFixed(2)),
        meanWaiting: Number(versionRow.meanWaiting.toFixed(2)),
        meanHolding: Number(versionRow.meanHolding.toFixed(2)),
        meanHoldMs: Number(versionRow.meanHoldMs.toFixed(1)),
      },
      firstErrors: counters.firstErrors,
    };
  } finally {
    if (server) await server.stop();
    if (db && engine === 'pglite') await db.close();
    await prepared.drop();
  }
}

export function loadTable(results: LoadResult[]): string[] {
  const target = (r: LoadResult) => (r.engine === 'postgres' ? '≥ 10,000 marks/s' : '≥ 5,000 marks/s');
  const lines = [
    '| Engine | Processes | Schools × pupils | Marks | Seconds | Marks/s | Bare INSERT rows/s | Marks/s ÷ bare | Push p50 | p95 | p99 | Push p95 at half rate | Errors | Lost | Duplicated | Target |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const half = r.halfRatePushP95Ms === null ? '–' : `${r.halfRatePushP95Ms} ms (at ${r.halfRateMarksPerSecond}/s)`;
    lines.push(`| ${r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} | ${r.workers} | ${r.schools} × ${r.pupils / r.schools} | ${r.marks.toLocaleString('en-GB')} | ${r.seconds} | ${r.marksPerSecond.toLocaleString('en-GB')} | ${r.rawInsertRowsPerSecond.toLocaleString('en-GB')} | ${(r.marksPerSecond / r.rawInsertRowsPerSecond).toFixed(2)} | ${r.pushP50Ms} ms | ${r.pushP95Ms} ms | ${r.pushP99Ms} ms | ${half} | ${r.errors} | ${r.lost} | ${r.duplicated} | ${target(r)}; p95 ≤ 50 ms at half rate |`);
  }
  return lines;
}

export async function runLoadBench(): Promise<void> {
  const options = loadOptionsFromEnv();
  const results: LoadResult[] = [];
  if (options.engines.includes('pglite')) results.push(await runLoad('pglite', options));
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url && options.engines.includes('postgres')) results.push(await runLoad('postgres', options, url));
  if (results.length === 0) throw new Error('LOAD_ENGINES named no engine this machine can run (pglite; postgres needs DATABASE_URL or TEST_DATABASE_URL)');
  await mkdir(path.join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench-results', 'load.json'), `${JSON.stringify(results, null, 2)}\n`);
  const r0 = results[0];
  console.log(`Load: a trust of ${r0.schools} schools × ${r0.pupils / r0.schools} pupils (${r0.tablets} tablets, one a class; ${r0.schools} office screens polling Registers today every 15 s), ${r0.batch} marks a push, the real server over HTTP (keep-alive)`);
  console.log(machineLine());
  console.log(loadTable(results).join('\n'));
  for (const r of results) {
    if (r.versionRow) {
      const v = r.versionRow;
      console.log(`${r.engine}: the school's version row (sync_state, locked from the push's first statement to its commit): ${(v.waitingShare * 100).toFixed(1)}% of push transactions in progress were waiting for it (mean ${v.meanWaiting} waiting, ${v.meanHolding} holding, ${v.meanInTransaction} in a transaction; ${v.samples} samples); each push holds it about ${v.meanHoldMs} ms.`);
    }
    if (r.cpu) {
      const c = r.cpu;
      console.log(`${r.engine}: CPU at full speed (${c.cores} cores): server ${c.server} cores (${c.serverMsPerPush} ms a push)${c.database === null ? '' : `, PostgreSQL ${c.database} cores (${c.databaseMsPerPush} ms a push)`}, this load generator ${c.generator} cores.`);
    }
    if (r.firstErrors.length) console.log(`${r.engine}: first errors: ${r.firstErrors.join(' | ')}`);
  }
  console.log('Written to bench-results/load.json');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoadBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
