/**
 * The real thing for end-to-end tests: the PWA built by Vite (service worker and all) into a folder of its
 * own, served by the real server on a free loopback port over an in-memory PGlite with the demo school and a
 * clock that starts at a fixed school morning and runs on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
import { openPglite, type Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import { buildApp } from '../../../src/server/app.js';
import { clockStartingAt } from '../../../src/server/clock.js';
import { seedDemoSchool, type SeedOptions } from '../../../src/server/demo/seedDemoSchool.js';
import { prepareFirstRun } from '../../../src/server/auth/setupToken.js';
import type { DemoSchool } from '../../../src/server/demo/generateDemoSchool.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Builds the app once into a temporary folder. `define` lets a test make a second, different build. */
export async function buildPwa(define: Record<string, string> = {}): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'register-e2e-dist-'));
  await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true }, define });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface RunningApp {
  url: string;
  app: FastifyInstance;
  db: Database;
  demo: DemoSchool;
  close(): Promise<void>;
}

/** `seed.history` adds the demo school's attendance from the first school day up to yesterday, as `npm start` has it. */
export async function startAppServer(staticDir: string, startAt: string, today: string, seed: SeedOptions = {}): Promise<RunningApp> {
  const db = await openPglite();
  await migrate(db);
  const demo = await seedDemoSchool(db, today, seed);
  const app = await buildApp({ db, clock: clockStartingAt(Date.parse(startAt)), staticDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    demo,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export interface EmptyApp extends Omit<RunningApp, 'demo'> {
  /** The one-time setup address the server would print (http://127.0.0.1:<port>/setup?token=…). */
  setupUrl: string;
}

/**
 * The real server over an empty migrated PGlite (no school at all), as a production start finds it: the setup
 * address comes from prepareFirstRun, exactly as src/server/main.ts makes the one it prints.
 */
export async function startEmptyAppServer(staticDir: string, startAt: string): Promise<EmptyApp> {
  const db = await openPglite();
  await migrate(db);
  const clock = clockStartingAt(Date.parse(startAt));
  const app = await buildApp({ db, clock, staticDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const printed = await prepareFirstRun(db, { now: clock.now(), origin: url });
  const setupUrl = printed?.match(/https?:\/\/\S+\/setup\?token=[\w-]+/)?.[0];
  if (!setupUrl) throw new Error(`an empty database should print a setup address, but the server said: ${printed}`);
  return {
    url,
    app,
    db,
    setupUrl,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
