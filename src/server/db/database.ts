/**
 * A thin adapter over the two databases the server runs on: embedded PGlite (one school on a small server)
 * and PostgreSQL through `pg` (a trust or a local authority). One SQL dialect for both.
 *
 * Guarantees: `transaction` runs its callback on one connection between BEGIN and COMMIT, and rolls back
 * when the callback throws. Dates come back as 'YYYY-MM-DD' strings and bigints as numbers on both
 * engines, so repositories never see engine-specific types.
 */
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `fn` inside one transaction. `repeatableRead` gives a consistent snapshot for multi-query reads; such
   * a transaction is READ ONLY, so it never meets a serialization failure (only a write can).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { repeatableRead?: boolean }): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** PGlite in a data folder, or in memory when `dataDir` is undefined (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const parsers = {
    [pgliteTypes.DATE]: (value: string) => value,
    [pgliteTypes.INT8]: (value: string) => Number(value),
    [NUMERIC_OID]: (value: string) => Number(value),
  };
  const db = dataDir ? new PGlite(dataDir, { parsers }) : new PGlite({ parsers });
  await db.waitReady;
  return {
    engine: 'pglite',
    query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows as never[] }),
    // PGlite is single-connection: its transaction() holds the connection, so other queries wait their turn.
    transaction: (fn) => db.transaction((tx) => fn({ query: async (sql, params) => ({ rows: (await tx.query(sql, params)).rows as never[] }) })),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

let pgParsersInstalled = false;
function installPgParsers() {
  if (pgParsersInstalled) return;
  pg.types.setTypeParser(DATE_OID, (value: string) => value);
  pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
  pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));
  pgParsersInstalled = true;
}

/** PostgreSQL. `searchPath` lets tests isolate themselves in a schema of their own. */
export async function openPostgres(connectionString: string, options: { searchPath?: string } = {}): Promise<Database> {
  installPgParsers();
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    engine: 'postgres',
    query: async (sql, params) => ({ rows: (await pool.query(sql, params as unknown[])).rows }),
    transaction: async (fn, opts) => {
      const client = await pool.connect();
      try {
        await client.query(opts?.repeatableRead ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
        // One connection runs one query at a time: queue them so callers may still use Promise.all.
        let queue: Promise<unknown> = Promise.resolve();
        const query = <T>(sql: string, params?: unknown[]) => {
          const run = queue.then(() => client.query(sql, params as unknown[]));
          queue = run.catch(() => {});
          return run.then((r) => ({ rows: r.rows as T[] }));
        };
        const result = await fn({ query });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
