/**
 * The real server (src/server/main.ts, as `npm run serve` starts it) in a child process over real HTTP, on a
 * database that outlives it: PGlite in a temporary folder, or a schema of its own in the PostgreSQL of
 * TEST_DATABASE_URL. The demo school is seeded for TEST_TODAY before the first start (no history, so a start
 * takes a second or two), and the process can be killed with SIGKILL and started again on the same port and
 * database, with its clock carried on from where it was (APP_NOW).
 *
 * PGlite is one process holding its folder: `openDatabase()` (for an oracle to read the database) is only
 * allowed while the server is stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import type { DemoSchool } from '../../src/server/demo/generateDemoSchool.js';
import type { Engine } from './serverHarness.js';
import { freePort } from '../../scripts/lib/http.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  readonly engine: Engine;
  readonly baseUrl: string;
  readonly demo: DemoSchool;
  /** The server's clock as it stands now (it runs in real time from the pinned start, across restarts). */
  now(): number;
  running(): boolean;
  /** How many times the process was killed. */
  readonly kills: number;
  /** SIGKILL: no chance to finish anything it was doing. */
  kill(): Promise<void>;
  /** Starts it again on the same port and database. */
  start(): Promise<void>;
  /** SIGTERM and wait (the clean stop). */
  stop(): Promise<void>;
  /** The database, opened from this process (PGlite: only while the server is stopped). Close it after. */
  openDatabase(): Promise<Database>;
  /** Everything the server processes printed, for a failure message. */
  output(): string;
  /** Stops the server and removes its database. */
  dispose(): Promise<void>;
}

export async function startServerProcess(engine: Engine, options: { now: number; today: string }): Promise<ServerProcess> {
  let dataDir: string | null = null;
  let databaseUrl: string | null = null;
  let dropSchema: (() => Promise<void>) | null = null;
  let db: Database;
  if (engine === 'pglite') {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'register-chaos-'));
    db = await openPglite(dataDir);
  } else {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `chaos_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = await openPostgres(url);
    await admin.exec(`CREATE SCHEMA ${schema}`);
    db = await openPostgres(url, { searchPath: schema });
    const withSchema = new URL(url);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = withSchema.toString();
    dropSchema = async () => {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    };
  }
  await migrate(db);
  const demo = await seedDemoSchool(db, options.today);
  await db.close();

  const port = await freePort();
  // The server's clock: options.now when first started, then real time; a restart carries it on.
  const startedWall = Date.now();
  const now = () => options.now + (Date.now() - startedWall);
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let text = '';
  let kills = 0;

  async function start(): Promise<void> {
    if (child) throw new Error('the server is already running');
    const { DATABASE_URL: _d, WORKERS: _w, ...inherited } = process.env;
    const env: Record<string, string | undefined> = {
      ...inherited,
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_NOW: new Date(now()).toISOString(),
      STATIC_DIR: path.join(os.tmpdir(), 'register-no-app'),
      ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: databaseUrl! }),
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let mine = '';
    const onData = (chunk: Buffer) => {
      mine += chunk.toString();
      text += chunk.toString();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!mine.includes('The register is running on')) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the server did not start: ${mine}`);
      if (Date.now() > deadline) throw new Error(`the server took over 60 s to start: ${mine}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function signal(sig: NodeJS.Signals): Promise<void> {
    const proc = child;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    await exited;
    child = null;
  }

  await start();
  return {
    engine,
    baseUrl: `http://127.0.0.1:${port}`,
    demo,
    now,
    running: () => child !== null,
    get kills() {
      return kills;
    },
    async kill() {
      kills++;
      await signal('SIGKILL');
    },
    start,
    stop: () => signal('SIGTERM'),
    async openDatabase() {
      if (dataDir) {
        if (child) throw new Error('PGlite is one process: stop the server before opening its database');
        return openPglite(dataDir);
      }
      const schema = new URL(databaseUrl!).searchParams.get('options')!.replace('-c search_path=', '');
      return openPostgres(process.env.TEST_DATABASE_URL!, { searchPath: schema });
    },
    output: () => text,
    async dispose() {
      await signal('SIGKILL');
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      await dropSchema?.();
    },
  };
}
