/** Opens the database the configuration names (PostgreSQL when DATABASE_URL is set, else PGlite in dataDir) and migrates it. */
import { mkdir } from 'node:fs/promises';
import { openPglite, openPostgres, type Database } from './database.js';
import { migrate } from './migrate.js';

export async function openDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  let db: Database;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    await mkdir(config.dataDir, { recursive: true });
    db = await openPglite(config.dataDir);
  }
  await migrate(db);
  return db;
}
