/**
 * The attendance figures benchmark (`npm run bench -- figures`, issue 11): a generated secondary school of
 * 1,500 pupils with a whole year of registers (secondarySchool.ts, about 570,000 cells), and the office's two
 * readers of all of it through the real HTTP stack (Fastify inject, signed in as office1):
 *
 * - GET /api/office/attendance for the whole school and the year so far (budget 200 ms);
 * - GET /api/office/alerts (budget 500 ms);
 * - GET /api/office/attendance/patterns, the Attendance screen's second read (no budget of its own).
 *
 * The first call after the seed builds the weekly tallies the figures read (register_week_tallies) and is
 * reported on its own ("First call"). PGlite never gathers statistics by itself, so PGlite runs twice: after
 * `VACUUM ANALYZE` (as PostgreSQL's autovacuum would leave it) and as a PGlite school really is, never analysed.
 *
 * Beside each, in the same run and on the same database, the floor: a bare `SELECT count(*)` over the same
 * cells, which is the least any reader of them must do. Each round runs the floor and both endpoints one after
 * the other, so a slow minute on this machine shows in all three. One warm-up round (the first call after the
 * seed) is reported on its own and left out of the medians. PGlite always; PostgreSQL too when DATABASE_URL or
 * TEST_DATABASE_URL is set. An endpoint that is not in the app yet (404) is reported as "not yet built".
 */
import { randomUUID } from 'node:crypto';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { seedSecondarySchool, type SecondarySchool } from './secondarySchool.js';
import { machineLine, ms, percentile } from './stats.js';

/** The last school day of the summer term (a Thursday): every school day before it has its registers. */
const TODAY = process.env.BENCH_FIGURES_TODAY ?? '2027-07-22';
const NOW = Date.parse(`${TODAY}T07:00:00Z`);
const PUPILS = Number(process.env.BENCH_FIGURES_PUPILS ?? 1500);
const FORMS = Number(process.env.BENCH_FIGURES_FORMS ?? 60);
const RUNS = Number(process.env.BENCH_FIGURES_RUNS ?? 7);

type Engine = 'pglite' | 'postgres';

async function freshDb(engine: Engine, url?: string): Promise<{ db: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = await openPostgres(url!);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres(url!, { searchPath: schema });
  await migrate(db);
  return { db, drop: async () => { await db.close(); await admin.exec(`DROP SCHEMA ${schema} CASCADE`); await admin.close(); } };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

interface Measure {
  name: string;
  budget: number | null;
  url: string;
  /** Null when the app has no such route yet. */
  times: number[] | null;
  first: number | null;
}

async function benchEngine(engine: Engine, url?: string, analysed = true): Promise<{ lines: string[]; school: SecondarySchool; seedMs: number }> {
  const { db, drop } = await freshDb(engine, url);
  const label = analysed ? engine : `${engine}, never analysed`;
  try {
    const [seedMs, school] = await timed(() => seedSecondarySchool(db, TODAY, { pupils: PUPILS, forms: FORMS }));
    // As autovacuum would have left a real school's database: statistics and visibility map up to date. Only
    // this school's tables: a database-wide VACUUM waits on locks held by anyone else's work in other schemas.
    if (analysed) await db.exec('VACUUM ANALYZE register_cells, calendar_days, terms, enrolments, group_memberships, pupils, registration_groups');
    const app = await buildApp({ db, clock: manualClock(NOW), staticDir: null });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'office1', password: 'demo' } });
      if (login.statusCode !== 200) throw new Error(`sign-in answered ${login.statusCode}: ${login.body.slice(0, 200)}`);
      const cookie = `register_session=${login.cookies.find((c) => c.name === 'register_session')!.value}`;
      const measures: Measure[] = [
        { name: 'GET /api/office/attendance, whole school, year so far', budget: 200, url: `/api/office/attendance?from=${school.firstDay}&to=${TODAY}`, times: [], first: null },
        { name: 'GET /api/office/alerts', budget: 500, url: '/api/office/alerts', times: [], first: null },
        { name: 'GET /api/office/attendance/patterns, whole school, year so far', budget: null, url: `/api/office/attendance/patterns?from=${school.firstDay}&to=${TODAY}`, times: [], first: null },
      ];
      const floorSql = `SELECT count(*)::int AS n FROM register_cells WHERE school_id = $1 AND date >= $2 AND date <= $3`;
      const floor = () => db.query<{ n: number }>(floorSql, [school.schoolId, school.firstDay, TODAY]);
      const counted = (await floor()).rows[0].n;
      if (counted !== school.cells) throw new Error(`the floor counted ${counted} cells, the seed wrote ${school.cells}`);
      const floorTimes: number[] = [];
      for (let round = 0; round <= RUNS; round++) {
        const [f] = await timed(floor);
        if (round > 0) floorTimes.push(f);
        for (const m of measures) {
          if (m.times === null) continue;
          const [t, res] = await timed(() => app.inject({ method: 'GET', url: m.url, headers: { cookie } }));
          if (res.statusCode === 404 && res.json().message?.startsWith?.('Route ')) { m.times = null; continue; }
          if (res.statusCode !== 200) throw new Error(`${m.url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
          if (round === 0) m.first = t; else m.times.push(t);
        }
      }
      const floorMedian = percentile(floorTimes, 50);
      const lines = [`| ${label} | Floor: SELECT count(*) over the ${school.cells.toLocaleString('en-GB')} cells | ${floorTimes.length} | ${ms(floorMedian)} | ${ms(Math.max(...floorTimes))} | – | 1.0 | – |`];
      for (const m of measures) {
        const budget = m.budget === null ? '–' : `${m.budget} ms`;
        if (m.times === null) { lines.push(`| ${label} | ${m.name} | not yet built | – | – | – | – | ${budget} |`); continue; }
        const median = percentile(m.times, 50);
        lines.push(`| ${label} | ${m.name} | ${m.times.length} | ${ms(median)} | ${ms(Math.max(...m.times))} | ${ms(m.first!)} | ${(median / floorMedian).toFixed(1)} | ${budget} |`);
      }
      return { lines, school, seedMs };
    } finally {
      await app.close();
    }
  } finally {
    await drop();
  }
}

export async function runFiguresBench(): Promise<void> {
  const lines = ['| Engine | Measure | Runs | Median | Max | First call | Median ÷ floor | Budget |', '|---|---|---|---|---|---|---|---|'];
  const seeds: string[] = [];
  const pglite = await benchEngine('pglite');
  lines.push(...pglite.lines);
  seeds.push(`PGlite ${(pglite.seedMs / 1000).toFixed(1)} s`);
  if (process.env.BENCH_FIGURES_UNANALYSED !== '0') lines.push(...(await benchEngine('pglite', undefined, false)).lines);
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const postgres = await benchEngine('postgres', url);
    lines.push(...postgres.lines);
    seeds.push(`PostgreSQL ${(postgres.seedMs / 1000).toFixed(1)} s`);
  }
  const s = pglite.school;
  console.log(`Attendance figures: a secondary school of ${s.pupils} pupils in ${FORMS} forms, ${s.cells.toLocaleString('en-GB')} register cells from ${s.firstDay} to the day before ${TODAY} (seeded in ${seeds.join(', ')})`);
  console.log(machineLine());
  console.log(lines.join('\n'));
}
