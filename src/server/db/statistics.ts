/**
 * The query planner's statistics on PGlite. PostgreSQL keeps them up to date by itself (autovacuum analyses a
 * table once enough of it has changed); PGlite is a single-user PostgreSQL inside the server with no autovacuum,
 * so a school's tables were never analysed and every plan was a guess: the office's Registers today took
 * 170 ms for a school of 1,000 pupils, and 40 ms once analysed, and on PGlite each of those milliseconds
 * holds up every register being sent. So the server analyses, on PGlite only, every table that has grown by
 * a fifth (or was never analysed) since it was last analysed: when it starts, every hour, and after an import.
 * Reading the sizes is cheap; ANALYZE reads a sample of at most 30,000 rows a table.
 */
import type { Database } from './database.js';

export const STATISTICS_CHECK_MS = 60 * 60_000;

/** Tables never analysed, or grown by more than a fifth (and 8 pages) since. */
const GROWN_TABLES = `
  SELECT c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND n.nspname = current_schema()
     AND (c.reltuples < 0 OR pg_relation_size(c.oid) / 8192 > c.relpages * 1.2 + 8)
   ORDER BY c.relname`;

/** Analyses the tables that need it (PGlite only; PostgreSQL's autovacuum does this). Returns their names. */
export async function analyseGrownTables(db: Database): Promise<string[]> {
  if (db.engine !== 'pglite') return [];
  const { rows } = await db.query<{ name: string }>(GROWN_TABLES);
  for (const { name } of rows) await db.query(`ANALYZE "${name.replace(/"/g, '""')}"`);
  return rows.map((r) => r.name);
}

/** Starts the hourly check; the timer does not keep the process alive. Returns a function that stops it. */
export function keepStatistics(db: Database, log: (message: string) => void): () => void {
  if (db.engine !== 'pglite') return () => undefined;
  const run = () => analyseSoon(db, log);
  run();
  const timer = setInterval(run, STATISTICS_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** After a bulk change (an import): analyses in the background; a failure only leaves the old statistics. */
export function analyseSoon(db: Database, log: (message: string) => void = () => undefined): void {
  analyseGrownTables(db).catch((error: unknown) => log(`Could not refresh the database's statistics: ${error instanceof Error ? error.message : String(error)}`));
}
