/**
 * The pupil import benchmark (`npm run bench -- import`): a 2,000-pupil MIS file (SIMS-like headers, three
 * contacts each) previewed, committed into the demo school, and imported again unchanged, through the real
 * HTTP stack (Fastify inject), on PGlite and, when DATABASE_URL or TEST_DATABASE_URL is set, PostgreSQL.
 * Beside it the floor: a bare insertMany of the same pupils, enrolments, memberships and contacts, which is
 * what any import must at least do. Each commit runs on a freshly seeded database.
 */
import { randomUUID } from 'node:crypto';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { insertMany } from '../../src/server/db/insertMany.js';
import { buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import { upnCheckLetter } from '../../src/domain/upn.js';
import { machineLine, ms, percentile } from './stats.js';

const TODAY = '2026-11-24';
const NOW = Date.parse('2026-11-24T09:05:00Z');
const PUPILS = Number(process.env.BENCH_IMPORT_PUPILS ?? 2000);
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function misFile(count: number): string {
  const header = 'UPN,Legal Surname,Legal Forename,Preferred Forename,Date of Birth,Gender,Year,Reg Group,Admission Date,SEN Status,FSM,EAL,' +
    [1, 2, 3].map((n) => `Contact ${n} Name,Contact ${n} Relationship,Contact ${n} Phone`).join(',');
  const lines = [header];
  for (let i = 0; i < count; i++) {
    const year = 1 + (i % 6);
    const upnDigits = `8203000${pad(10 + Math.floor(i / 1000), 2)}${pad(i % 1000, 3)}`;
    const upn = upnCheckLetter(upnDigits)! + upnDigits;
    const born = `${pad(1 + (i % 28), 2)}/${pad(9 + (i % 4), 2)}/${2026 - 5 - year}`;
    const contacts = [1, 2, 3].map((n) => `"Parent${n} Surname${i}, Jo",${n === 1 ? 'Mother' : 'Father'},07700 9${pad((i * 3 + n) % 100000, 5)}`).join(',');
    lines.push(`${upn},Surname${i},Forename${i},,${born},${i % 2 ? 'M' : 'F'},${year},Year ${year} Bench ${i % 10},01/09/2026,${i % 9 ? 'N' : 'K'},${i % 4 ? 'N' : 'Y'},N,${contacts}`);
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

async function freshDb(engine: 'pglite' | 'postgres', url?: string): Promise<{ db: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    await seedDemoSchool(db, TODAY);
    return { db, drop: () => db.close() };
  }
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = await openPostgres(url!);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres(url!, { searchPath: schema });
  await migrate(db);
  await seedDemoSchool(db, TODAY);
  return { db, drop: async () => { await db.close(); await admin.exec(`DROP SCHEMA ${schema} CASCADE`); await admin.close(); } };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

async function benchEngine(engine: 'pglite' | 'postgres', file: string, url?: string): Promise<string[]> {
  const preview: number[] = [], commit: number[] = [], again: number[] = [], floor: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { db, drop } = await freshDb(engine, url);
    const app = await buildApp({ db, clock: manualClock(NOW), staticDir: null });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin1', password: 'demo' } });
    const cookie = `register_session=${login.cookies.find((c) => c.name === 'register_session')!.value}`;
    const send = (mode: string) => app.inject({ method: 'POST', url: `/api/admin/import/pupils?mode=${mode}`, payload: file, headers: { cookie, 'content-type': 'text/csv' } });
    const check = (res: Awaited<ReturnType<typeof send>>, field: string, expected: number) => {
      if (res.statusCode !== 200 || res.json()[field] !== expected) throw new Error(`import answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    };
    const [p, pr] = await timed(() => send('preview')); check(pr, 'created', PUPILS); preview.push(p);
    const [c, cr] = await timed(() => send('commit')); check(cr, 'created', PUPILS); commit.push(c);
    const [a, ar] = await timed(() => send('commit')); check(ar, 'unchanged', PUPILS); again.push(a);
    // The floor: the same rows written bare, in one transaction, into the same database.
    const [f] = await timed(() => db.transaction(async (tx) => {
      const rows = Array.from({ length: PUPILS }, (_, i) => `floor-${i}`);
      await insertMany(tx, 'pupils', ['school_id', 'id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'version'], rows.map((id, i) => ['demo', id, `F${i}`, `S${i}`, '2018-01-01', 'F', 1]), { chunk: 100 });
      await insertMany(tx, 'enrolments', ['school_id', 'pupil_id', 'start_date'], rows.map((id) => ['demo', id, '2026-09-01']), { chunk: 500 });
      await insertMany(tx, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'version'], rows.map((id) => ['demo', id, 'g1', '2026-09-01', 1]), { chunk: 300 });
      await insertMany(tx, 'pupil_contacts', ['school_id', 'pupil_id', 'priority', 'name', 'relationship', 'phone'], rows.flatMap((id) => [1, 2, 3].map((n) => ['demo', id, n, 'Jo', 'Mother', '07700 900000'])), { chunk: 300 });
    }));
    floor.push(f);
    await app.close();
    await drop();
  }
  const row = (name: string, v: number[]) => `| ${engine} | ${name} | ${v.length} | ${ms(percentile(v, 50))} | ${ms(Math.max(...v))} |`;
  return [row(`Preview of ${PUPILS} new pupils`, preview), row(`Commit of ${PUPILS} new pupils`, commit), row(`Commit of the same file again (all unchanged)`, again), row('Floor: bare insertMany of the same rows', floor)];
}

export async function runImportBench(): Promise<void> {
  const file = misFile(PUPILS);
  const lines = ['| Engine | Measure | Runs | Median | Max |', '|---|---|---|---|---|'];
  lines.push(...(await benchEngine('pglite', file)));
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) lines.push(...(await benchEngine('postgres', file, url)));
  console.log(`Pupil import: a ${(file.length / 1024).toFixed(0)} kB file of ${PUPILS} pupils with three contacts each`);
  console.log(machineLine());
  console.log(lines.join('\n'));
}
