/**
 * Starts the server: reads the configuration, opens and migrates the database, seeds the demo school on an
 * empty database in demo mode, and listens: in this process, or with WORKERS=n in n worker processes that
 * share the port (cluster.ts; this process then only looks after them). `npm start` runs this after building
 * the app.
 */
import { readConfig, type ServerConfig } from './config.js';
import { clockStartingAt, systemClock, type Clock } from './clock.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open.js';
import { databaseIsEmpty, DEMO_PASSWORD, seedDemoSchool } from './demo/seedDemoSchool.js';
import { seedDemoTrust } from './demo/seedDemoTrust.js';
import { localDateOf, DEFAULT_TIME_ZONE } from '../domain/time.js';
import { prepareFirstRun } from './auth/setupToken.js';
import { warmWeekTallies } from './figures/warmTallies.js';
import { keepStatistics } from './db/statistics.js';
import { isWorker, runWorker, startWorkers } from './cluster.js';
import { closeOnStopSignal, serveApp } from './serve.js';

async function main() {
  const config = readConfig();
  if (isWorker()) return runWorker(config);
  const clock = config.appNow != null ? clockStartingAt(config.appNow) : systemClock;
  const db = await openDatabase(config);
  if (config.demo && (await databaseIsEmpty(db))) await seedDemo(db, clock);

  if (config.workers > 1) {
    const workers = await startWorkers(config, clock, (reason) => {
      console.error(reason);
      void db.close().finally(() => process.exit(1));
    });
    closeOnStopSignal(async () => {
      await workers.stop();
      await db.close();
    });
  } else {
    const app = await serveApp(config, db, clock);
    closeOnStopSignal(async () => {
      await app.close();
      await db.close();
    });
  }
  await announce(config, db, clock);
  keepStatistics(db, console.warn);
  // In the background: the server already answers, and a failure here only means the first read counts.
  warmWeekTallies(db).catch((error: unknown) => {
    console.warn(`The attendance figures will be counted when first opened: ${error instanceof Error ? error.message : String(error)}`);
  });
}

async function seedDemo(db: Database, clock: Clock) {
  // The attendance history takes a few seconds on a laptop, so say what is happening.
  console.log("\nCreating the demo school, with its attendance since 1 September…");
  const demo = await seedDemoSchool(db, localDateOf(clock.now(), DEFAULT_TIME_ZONE), { history: true });
  console.log(`Created the demo school "${demo.school.name}" with ${demo.pupils.length} pupils in ${demo.groups.length} groups and ${demo.history?.events.length ?? 0} register entries up to yesterday.`);
  console.log(`Demo accounts (password "${DEMO_PASSWORD}" for all):`);
  const trust = await seedDemoTrust(db);
  for (const s of [...demo.staff, trust]) console.log(`  ${s.username.padEnd(10)} ${s.role.padEnd(8)} ${s.displayName}`);
}

/** Where the register answers, and on a production database with no school the one-time setup address. */
async function announce(config: ServerConfig, db: Database, clock: Clock) {
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const origin = `http://${shownHost}:${config.port}`;
  const processes = config.workers > 1 ? `, ${config.workers} server processes` : '';
  const pinned = config.appNow != null ? `, clock starts at ${new Date(config.appNow).toISOString()}` : '';
  console.log(`\nThe register is running on ${origin} (database: ${where}${processes}${pinned}).`);
  // A new setup address at each start until used.
  if (!config.demo) {
    const firstRun = await prepareFirstRun(db, { now: clock.now(), origin });
    if (firstRun) console.log(`\n${firstRun}\n`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
