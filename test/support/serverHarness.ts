/**
 * Test harness for the server: a fresh migrated database per suite (in-memory PGlite, or a schema of its own
 * in the PostgreSQL of TEST_DATABASE_URL), the demo school seeded for a fixed day, a manual clock, and
 * helpers to sign in and call the API through inject().
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { buildApp, type AppDeps } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import type { DemoSchool } from '../../src/server/demo/generateDemoSchool.js';

export type Engine = 'pglite' | 'postgres';

/** The engines every server suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function openTestDatabase(engine: Engine): Promise<{ db: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = await openPostgres(url);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres(url, { searchPath: schema });
  await migrate(db);
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  db: Database;
  clock: ReturnType<typeof manualClock>;
  demo: DemoSchool;
  close(): Promise<void>;
}

/** 2026-11-24 is a Tuesday in the autumn term; 09:05 GMT is during the AM register (opens 08:50). */
export const TEST_TODAY = '2026-11-24';
export const TEST_NOW = Date.parse('2026-11-24T09:05:00Z');

export async function startTestServer(
  engine: Engine, now = TEST_NOW, today = TEST_TODAY, options: Pick<AppDeps, 'onRoute'> = {},
): Promise<TestServer> {
  const { db, drop } = await openTestDatabase(engine);
  const demo = await seedDemoSchool(db, today);
  const clock = manualClock(now);
  const app = await buildApp({ db, clock, staticDir: null, onRoute: options.onRoute });
  await app.ready();
  return {
    app,
    db,
    clock,
    demo,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

/** Signs in and returns the cookie header to send with later requests. */
export async function signIn(app: FastifyInstance, username: string, password = 'demo'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'register_session');
  if (!cookie) throw new Error('no session cookie');
  return `register_session=${cookie.value}`;
}

export async function post(app: FastifyInstance, url: string, cookie: string | null, payload: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });
}

let seqCounter = 0;
/** A `mark.set` mutation observed `observedAt` by a device whose clock agrees with the server's. */
export function markMutation(seq: number, args: { pupilId: string; date?: string; session?: 'AM' | 'PM'; mark: string }, observedAt: number, clockOffsetMs = 0) {
  seqCounter++;
  return {
    seq,
    id: `m-${seqCounter}-${randomUUID()}`,
    type: 'mark.set',
    args: { date: TEST_TODAY, session: 'AM', ...args },
    observedAt: new Date(observedAt - clockOffsetMs).toISOString(),
    clockOffsetMs,
  };
}

export interface EmptyTestServer {
  app: FastifyInstance;
  db: Database;
  clock: ReturnType<typeof manualClock>;
  close(): Promise<void>;
}

/** A migrated database with no school yet (the first run), a manual clock at `now`, and the app on it. */
export async function startEmptyTestServer(engine: Engine, now = TEST_NOW, options: { staticDir?: string | null } = {}): Promise<EmptyTestServer> {
  const { db, drop } = await openTestDatabase(engine);
  const clock = manualClock(now);
  const app = await buildApp({ db, clock, staticDir: options.staticDir ?? null });
  await app.ready();
  return {
    app,
    db,
    clock,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
