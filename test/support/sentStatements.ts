/** Statements a test sees its code send to the database, through the real adapter. */
import type { Database, Queryable } from '../../src/server/db/database.js';

export interface Sent {
  sql: string;
  params: unknown[];
}

/** `tx` as it is (its engine included), keeping every statement sent through it in `sent`. */
export function keeping(tx: Queryable, sent: Sent[]): Queryable {
  return {
    engine: tx.engine,
    query: (sql, params) => {
      sent.push({ sql, params: params ?? [] });
      return tx.query(sql, params);
    },
  };
}

/** A transaction that keeps the text of every statement it sends. */
export async function counted<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<{ value: T; sent: string[] }> {
  const sent: Sent[] = [];
  const value = await db.transaction((tx) => fn(keeping(tx, sent)));
  return { value, sent: sent.map((s) => s.sql) };
}
