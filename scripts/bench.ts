/**
 * npm run bench: measures the budgets of DESIGN.md §7 that this build can already be held to, and prints a
 * Markdown table for BENCHMARKS.md. Figures are medians and 95th percentiles over repeated runs on this
 * machine; they are reported, never asserted by a test.
 *
 * - Server: one register push (35 marks) on the embedded database (PGlite), through the real HTTP stack
 *   (Fastify inject), for a teacher assigned to the class.
 * - Server: a teacher tablet's full pull (reset) of its class.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { openPglite } from '../src/server/db/database.js';
import { migrate } from '../src/server/db/migrate.js';
import { buildApp } from '../src/server/app.js';
import { manualClock } from '../src/server/clock.js';
import { seedDemoSchool } from '../src/server/demo/seedDemoSchool.js';

const TODAY = '2026-11-24';
const NOW = Date.parse('2026-11-24T09:05:00Z');
const CLASS_SIZE = 35;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  const db = await openPglite();
  await migrate(db);
  await seedDemoSchool(db, TODAY);
  // A class of 35 for teacher1 (the demo classes have 25-32).
  await db.query(`INSERT INTO registration_groups (school_id, id, name, year_group, version) VALUES ('demo', 'bench', 'Bench class', 6, 1)`);
  for (let i = 0; i < CLASS_SIZE; i++) {
    const id = `bench-${i}`;
    await db.query(`INSERT INTO pupils (school_id, id, first_name, last_name, date_of_birth, version) VALUES ('demo', $1, 'Pupil', $2, '2015-03-01', 1)`, [id, `Number ${i}`]);
    await db.query(`INSERT INTO enrolments (school_id, pupil_id, start_date) VALUES ('demo', $1, '2026-09-01')`, [id]);
    await db.query(`INSERT INTO group_memberships (school_id, pupil_id, group_id, start_date, version) VALUES ('demo', $1, 'bench', '2026-09-01', 1)`, [id]);
  }
  await db.query(`INSERT INTO staff_assignments (school_id, id, staff_id, group_id, kind, start_date, sessions, version)
                  VALUES ('demo', 'bench-asg', 's-teacher1', 'bench', 'teacher', '2026-09-01', '{AM,PM}', 1)`);
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

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log('');
  console.log('| Measure | Runs | Median | p95 | Max | Budget |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| Server: one register push of ${CLASS_SIZE} marks (PGlite, through HTTP inject) | ${pushTimes.length} | ${ms(percentile(pushTimes, 50))} | ${ms(percentile(pushTimes, 95))} | ${ms(Math.max(...pushTimes))} | p95 ≤ 20 ms |`);
  console.log(`| Server: a teacher tablet's full pull of its class (reset) | ${pullTimes.length} | ${ms(percentile(pullTimes, 50))} | ${ms(percentile(pullTimes, 95))} | ${ms(Math.max(...pullTimes))} | – |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
