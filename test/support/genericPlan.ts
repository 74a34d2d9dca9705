/**
 * How a statement runs once PostgreSQL has prepared it: with plan_cache_mode = force_generic_plan, the plan a
 * named statement settles on after five runs (database.ts names statements sent again and again), which is
 * made without the parameters' values. Runs the statement under EXPLAIN (ANALYZE, BUFFERS) in a transaction
 * that is rolled back, so reads that lock and writes change nothing.
 */
import type { Database } from '../../src/server/db/database.js';

export interface GenericRun {
  /** Pages of the database read or found in memory: a measure of work that does not wander with the machine's speed. */
  buffers: number;
  plan: unknown;
}

/** A parameter as a quoted literal for EXECUTE: PostgreSQL casts it to the type the statement gives it. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return quote(value.toISOString());
  if (Array.isArray(value)) return quote(`{${value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`);
  if (typeof value === 'object') return quote(JSON.stringify(value));
  return quote(String(value));
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

class Rollback extends Error {}

let probes = 0;

/** Each scan of the plan as "index or table: pages (rows filtered out)", for a failure message. */
export function scans(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    const on = node['Index Name'] ?? node['Relation Name'];
    if (on) out.push(`${node['Node Type']} ${on}: ${node['Shared Hit Blocks'] ?? 0} pages${node['Rows Removed by Filter'] ? `, ${node['Rows Removed by Filter']} rows filtered out` : ''}`);
    for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
  };
  walk(plan as Record<string, unknown>);
  return out;
}

export async function runGeneric(db: Database, sql: string, params: unknown[]): Promise<GenericRun> {
  let run: GenericRun | null = null;
  await db
    .transaction(async (tx) => {
      await tx.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      // A prepared statement outlives the transaction: each probe has its own name and is let go at the end.
      const name = `generic_probe_${++probes}`;
      await tx.query(`PREPARE ${name} AS ${sql}`);
      const args = params.length > 0 ? `(${params.map(literal).join(', ')})` : '';
      const { rows } = await tx.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE ${name}${args}`);
      await tx.query(`DEALLOCATE ${name}`);
      const [top] = rows[0]['QUERY PLAN'];
      run = { buffers: (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0), plan: top.Plan };
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return run!;
}
