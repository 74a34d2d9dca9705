/**
 * A thin adapter over the two databases the server runs on: embedded PGlite (one school on a small server)
 * and PostgreSQL through `pg` (a trust or a local authority). One SQL dialect for both.
 *
 * Guarantees: `transaction` runs its callback on one connection between BEGIN and COMMIT, and rolls back
 * when the callback throws. On PostgreSQL a transaction that the server aborted because it lost a race with
 * another one (serialization failure, deadlock) is run again, a few times at most, after a short random
 * pause: so a callback must change nothing outside the database (every caller only reads and writes through
 * `tx`, builds its answer, and at most logs). Dates come back as 'YYYY-MM-DD' strings and bigints as
 * numbers on both engines, so repositories never see engine-specific types.
 */
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Which database answers, where a statement's best form differs between them (insertRows); unset when unknown. */
  readonly engine?: 'pglite' | 'postgres';
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `fn` inside one transaction. `repeatableRead` gives a consistent snapshot for multi-query reads; such
   * a transaction is READ ONLY, so it never meets a serialization failure (only a write can). `fn` may be run
   * again after a serialization failure or a deadlock: it must have no effect outside the database.
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
    transaction: (fn) => db.transaction((tx) => fn({ engine: 'pglite', query: async (sql, params) => ({ rows: (await tx.query(sql, params)).rows as never[] }) })),
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

/**
 * SQLSTATEs with which PostgreSQL aborts a transaction that lost a race with another (serialization_failure,
 * deadlock_detected): nothing of it was kept, and running it again is the documented answer.
 */
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);
/** How many times a transaction is run, the first included, before its conflict is reported. */
export const TRANSACTION_ATTEMPTS = 4;

/** True for an error with which PostgreSQL aborted a transaction that lost a race (see CONFLICT_SQLSTATES). */
export const isConflict = (error: unknown) =>
  typeof error === 'object' && error !== null && CONFLICT_SQLSTATES.has(String((error as { code?: unknown }).code));
/** 5-25 ms, then 10-50, then 15-75: short beside a request, and random so two losers do not meet again. */
const conflictPauseMs = (attempt: number) => attempt * (5 + Math.random() * 20);

/**
 * Names for the statements the server sends again and again (a push's, a pull's, a sign-in's), so that each
 * connection prepares one once and PostgreSQL plans it from its plan cache: planning a push's reads took
 * twice as long as running them, and naming them halved PostgreSQL's CPU a push. A statement is named the
 * third time its text is seen, so one-off statements (migrations) stay unprepared; a multi-row VALUES list is
 * never named, as its text changes with the number of rows (a push's writes, an import's chunks); and at most
 * `maxNamed` texts are ever named in a process, which bounds what each connection keeps prepared.
 */
const MULTI_ROW_VALUES = /\)\s*,\s*\(\$/;

export class StatementNames {
  private seen = new Map<string, number>();
  private names = new Map<string, string>();

  constructor(
    private readonly maxNamed = 300,
    private readonly prepareAfter = 3,
  ) {}

  nameFor(sql: string): string | undefined {
    const name = this.names.get(sql);
    if (name || this.names.size >= this.maxNamed || MULTI_ROW_VALUES.test(sql)) return name;
    const count = (this.seen.get(sql) ?? 0) + 1;
    if (count < this.prepareAfter) {
      if (this.seen.size >= 10_000) this.seen.clear(); // texts seen once or twice are forgotten in time
      this.seen.set(sql, count);
      return undefined;
    }
    this.seen.delete(sql);
    const named = `register_${this.names.size + 1}`;
    this.names.set(sql, named);
    return named;
  }
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown; conflict: boolean };

async function attemptTransaction<T>(pool: pg.Pool, names: StatementNames, fn: (tx: Queryable) => Promise<T>, repeatableRead: boolean): Promise<Attempt<T>> {
  const client = await pool.connect();
  // A statement aborted by a conflict counts even when the callback caught its error and went on (a push
  // answers a failed mutation `retry`): the next statement then fails with "transaction is aborted".
  let conflict = false;
  try {
    await client.query(repeatableRead ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    // One connection runs one query at a time: queue them so callers may still use Promise.all.
    let queue: Promise<unknown> = Promise.resolve();
    const query = <R>(sql: string, params?: unknown[]) => {
      const run = queue.then(() => client.query({ name: names.nameFor(sql), text: sql, values: params as unknown[] }));
      queue = run.catch(() => {});
      return run.then(
        (r) => ({ rows: r.rows as R[] }),
        (error: unknown) => {
          if (isConflict(error)) conflict = true;
          throw error;
        },
      );
    };
    const value = await fn({ engine: 'postgres', query });
    await client.query('COMMIT');
    return { ok: true, value };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    return { ok: false, error, conflict: conflict || isConflict(error) };
  } finally {
    client.release();
  }
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
  const names = new StatementNames();
  return {
    engine: 'postgres',
    query: async (sql, params) => ({ rows: (await pool.query({ name: names.nameFor(sql), text: sql, values: params as unknown[] })).rows }),
    transaction: async (fn, opts) => {
      for (let attempt = 1; ; attempt++) {
        const outcome = await attemptTransaction(pool, names, fn, opts?.repeatableRead ?? false);
        if (outcome.ok) return outcome.value;
        if (!outcome.conflict || attempt >= TRANSACTION_ATTEMPTS) throw outcome.error;
        await new Promise((resolve) => setTimeout(resolve, conflictPauseMs(attempt)));
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
