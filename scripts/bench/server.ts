/**
 * The server benchmark (part of `npm run bench`; alone: `npx tsx scripts/bench/server.ts`).
 *
 * - Server: one register push (35 marks) on the embedded database (PGlite), through the real HTTP stack
 *   (Fastify inject), for a teacher assigned to the class.
 * - Server: a teacher tablet's full pull (reset) of its class.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { openPglite } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import { addClass } from '../../test/e2e/support/extraClass.js';
import { machineLine, ms, percentile } from './stats.js';

const TODAY = '2026-11-24';
const NOW = Date.parse('2026-11-24T09:05:00Z');
const CLASS_SIZE = 35;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

export async function runServerBench(): Promise<void> {
  const db = await openPglite();
  await migrate(db);
  await seedDemoSchool(db, TODAY);
  // A class of 35 for teacher1 (the demo classes have 25-32).
  await addClass(db, { groupId: 'bench', name: 'Bench class', size: CLASS_SIZE, staffId: 's-teacher1', pupilPrefix: 'bench-' });
  const clock = manualClock(NOW);
  const app = await buildApp({ db, clock, staticDir: null });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'teacher1', password: 'demo' } });
  const cookie = `register_session=${login.cookies.find((c) => c.name === 'register_session')!.value}`;

  const pushTimes: number[] = [];
  for (let run = 0; run < RUNS + 10; run++) {
    const deviceId = `bench-device-${run}`;
    const observed = NOW - 60_000 + run; // each run observed a little later, so every push changes the cells
    const mutations = Array.from({ length: CLASS_SIZE }, (_, i) => ({
      seq: i + 1,
      id: randomUUID(),
      type: 'mark.set',
      args: { pupilId: `bench-${i}`, date: TODAY, session: 'AM', mark: (i + run) % 7 === 0 ? 'N' : '/' },
      observedAt: new Date(observed).toISOString(),
      clockOffsetMs: 0,
    }));
    const start = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/sync/push', headers: { cookie }, payload: { deviceId, mutations } });
    const elapsed = performance.now() - start;
    const body = res.json();
    if (res.statusCode !== 200 || body.results.some((r: { status: string }) => r.status !== 'applied')) throw new Error(`push failed: ${res.body.slice(0, 300)}`);
    if (run >= 10) pushTimes.push(elapsed); // the first runs warm up the JIT and PGlite's caches
  }

  const pullTimes: number[] = [];
  for (let run = 0; run < 60; run++) {
    const start = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/sync/pull', headers: { cookie }, payload: { deviceId: `bench-puller-${run}`, cursor: null } });
    const elapsed = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`pull failed: ${res.body.slice(0, 300)}`);
    if (run >= 10) pullTimes.push(elapsed);
  }
  await app.close();
  await db.close();

  console.log(machineLine());
  console.log('');
  console.log('| Measure | Runs | Median | p95 | Max | Budget |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| Server: one register push of ${CLASS_SIZE} marks (PGlite, through HTTP inject) | ${pushTimes.length} | ${ms(percentile(pushTimes, 50))} | ${ms(percentile(pushTimes, 95))} | ${ms(Math.max(...pushTimes))} | p95 ≤ 20 ms |`);
  console.log(`| Server: a teacher tablet's full pull of its class (reset) | ${pullTimes.length} | ${ms(percentile(pullTimes, 50))} | ${ms(percentile(pullTimes, 95))} | ${ms(Math.max(...pullTimes))} | – |`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runServerBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
