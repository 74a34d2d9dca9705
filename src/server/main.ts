/**
 * Starts the server: reads the configuration, opens and migrates the database, seeds the demo school on an
 * empty database in demo mode, and listens. `npm start` runs this after building the app.
 */
import { readConfig } from './config.js';
import { clockStartingAt, systemClock } from './clock.js';
import { openDatabase } from './db/open.js';
import { buildApp } from './app.js';
import { databaseIsEmpty, DEMO_PASSWORD, seedDemoSchool } from './demo/seedDemoSchool.js';
import { localDateOf, DEFAULT_TIME_ZONE } from '../domain/time.js';
import { prepareFirstRun } from './auth/setupToken.js';
import { warmWeekTallies } from './figures/warmTallies.js';

async function main() {
  const config = readConfig();
  const clock = config.appNow != null ? clockStartingAt(config.appNow) : systemClock;
  const db = await openDatabase(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;

  if (config.demo && (await databaseIsEmpty(db))) {
    // The attendance history takes a few seconds on a laptop, so say what is happening.
    console.log("\nCreating the demo school, with its attendance since 1 September…");
    const demo = await seedDemoSchool(db, localDateOf(clock.now(), DEFAULT_TIME_ZONE), { history: true });
    console.log(`Created the demo school "${demo.school.name}" with ${demo.pupils.length} pupils in ${demo.groups.length} groups and ${demo.history?.events.length ?? 0} register entries up to yesterday.`);
    console.log(`Demo accounts (password "${DEMO_PASSWORD}" for all):`);
    for (const s of demo.staff) console.log(`  ${s.username.padEnd(10)} ${s.role.padEnd(8)} ${s.displayName}`);
  }

  const app = await buildApp({ db, clock, secureCookies: config.secureCookies, staticDir: config.staticDir, trustProxy: config.trustProxy, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
  // Ctrl-C in a terminal signals npm, tsx and this process at once, and npm and tsx pass it on again:
  // close once.
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const origin = `http://${shownHost}:${config.port}`;
  console.log(`\nThe register is running on ${origin} (database: ${where}${config.appNow != null ? `, clock starts at ${new Date(config.appNow).toISOString()}` : ''}).`);
  // Production on a database with no school: the one-time setup address (a new one at each start until used).
  if (!config.demo) {
    const firstRun = await prepareFirstRun(db, { now: clock.now(), origin });
    if (firstRun) console.log(`\n${firstRun}\n`);
  }
  // In the background: the server already answers, and a failure here only means the first read counts.
  warmWeekTallies(db).catch((error: unknown) => {
    console.warn(`The attendance figures will be counted when first opened: ${error instanceof Error ? error.message : String(error)}`);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
