/**
 * Opens the database the configuration names (PostgreSQL when DATABASE_URL is set, else PGlite in dataDir):
 * `openDatabase` also migrates it (the one process that starts the server); `connectDatabase` only connects
 * (each worker of a cluster, once the primary has migrated).
 */
import { mkdir } from 'node:fs/promises';
import { openPglite, openPostgres, type Database } from './database.js';
import { migrate } from './migrate.js';

export async function connectDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  await mkdir(config.dataDir, { recursive: true });
  return openPglite(config.dataDir);
}

export async function openDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  const db = await connectDatabase(config);
  await migrate(db);
  return db;
}
