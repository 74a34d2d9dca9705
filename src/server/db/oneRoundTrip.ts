/**
 * Several statements in one round trip to the database. A push's time (and how long it holds its school's
 * version row) is mostly round trips: each statement is a write to the database's socket and a wait for the
 * answer, and on these machines the socket write alone was a fifth of the server's CPU under load. So the reads
 * a push needs are sent as one SELECT, and its writes as one statement of data-modifying WITH clauses.
 *
 * `inOneRoundTrip(tx, mode, fn)` gives `fn` a Queryable that holds each query instead of sending it. When `fn`
 * has asked for everything it can without an answer, the held queries go to the database as one statement,
 * and each caller gets its own rows; what `fn` asks for after that goes in the next round trip. So repository
 * functions are used as they are, in a Promise.all, and a function that needs an answer before its next
 * query (a device registered on first use) simply takes two rounds.
 *
 * - 'read': SELECTs, each sent as `(SELECT json_agg(t) FROM (<select>) t)`, one column each. Rows come back
 *   through JSON: dates as 'YYYY-MM-DD', bigints as numbers (as the adapter gives them), but timestamps as
 *   ISO strings, not Date objects (callers here pass them to `new Date()`). A locking clause (FOR UPDATE)
 *   inside a statement still locks its rows.
 * - 'write': INSERT, UPDATE and DELETE without RETURNING, sent as `WITH w0 AS (...), w1 AS (...) SELECT 1`.
 *   PostgreSQL runs every one of them on the same snapshot, so they must not depend on each other (a push's
 *   events, cells, conflicts, log and device row are different tables with no keys between them).
 * - Anything else (a single statement, an INSERT in read mode, RETURNING) is sent on its own, in order.
 *
 * Measured with `npm run bench -- load` on PostgreSQL (with statements prepared, database.ts): about 4 ms of
 * the server's CPU a push instead of 5, and 4.5 ms of PostgreSQL's instead of 6. The push's writes are
 * INSERT ... SELECT FROM json_populate_recordset (insertRows), so the combined statement's text is the same
 * from push to push and is prepared too.
 */
import type { Queryable } from './database.js';

type Mode = 'read' | 'write';

interface Held {
  sql: string;
  params: unknown[];
  resolve(result: { rows: unknown[] }): void;
  reject(error: unknown): void;
}

/** Above this many parameters a round trip is split (PostgreSQL takes at most 65,535 in one statement). */
const MAX_PARAMS = 30_000;

/**
 * `combine` false sends each statement as it comes (PGlite: there a round trip is a call into the same process,
 * and building and reading the JSON of a combined read cost a push more CPU than the calls it saved).
 */
export async function inOneRoundTrip<T>(tx: Queryable, mode: Mode, fn: (batch: Queryable) => Promise<T>, combine = true): Promise<T> {
  if (!combine) return fn(tx);
  let held: Held[] = [];
  let wake: () => void = () => undefined;
  const batch: Queryable = {
    engine: tx.engine,
    query: <R>(sql: string, params: unknown[] = []) =>
      new Promise<{ rows: R[] }>((resolve, reject) => {
        held.push({ sql, params, resolve: resolve as Held['resolve'], reject });
        wake();
      }),
  };
  let finished = false;
  const outcome = fn(batch).finally(() => {
    finished = true;
    wake();
  });
  outcome.catch(() => undefined); // handled when returned below
  for (;;) {
    // Let every caller's continuations run (several awaits deep) before deciding the round is complete.
    await new Promise((resolve) => setImmediate(resolve));
    if (held.length > 0) {
      const round = held;
      held = [];
      await sendRound(tx, mode, round);
      continue;
    }
    if (finished) return outcome;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** The statements of one round were asked for together, so none waits for another: their order is free. */
async function sendRound(tx: Queryable, mode: Mode, round: Held[]): Promise<void> {
  const together = round.filter((h) => combinable(h.sql, mode));
  const alone = together.length > 1 ? round.filter((h) => !combinable(h.sql, mode)) : round;
  if (together.length > 1) for (const group of byParams(together)) await sendCombined(tx, mode, group);
  for (const h of alone) await tx.query(h.sql, h.params).then(h.resolve, h.reject);
}

function combinable(sql: string, mode: Mode): boolean {
  if (QUOTED_PLACEHOLDER.test(sql) || sql.includes('$$')) return false;
  return mode === 'read' ? /^\s*SELECT\b/i.test(sql) : /^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql) && !/\bRETURNING\b/i.test(sql);
}
/** A `$1` inside a quoted literal is text, not a placeholder: such a statement is never renumbered. */
const QUOTED_PLACEHOLDER = /'[^']*\$\d[^']*'/;

function byParams(held: Held[]): Held[][] {
  const groups: Held[][] = [];
  let count = Infinity;
  for (const h of held) {
    if (count + h.params.length > MAX_PARAMS) {
      groups.push([]);
      count = 0;
    }
    groups[groups.length - 1].push(h);
    count += h.params.length;
  }
  return groups;
}

/** Renumbers a statement's $n placeholders from `offset` + 1, so several statements share one parameter list. */
export function shiftPlaceholders(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

async function sendCombined(tx: Queryable, mode: Mode, group: Held[]): Promise<void> {
  if (group.length === 1) {
    const [h] = group;
    await tx.query(h.sql, h.params).then(h.resolve, h.reject);
    return;
  }
  const params: unknown[] = [];
  const parts = group.map((h) => {
    const sql = shiftPlaceholders(h.sql, params.length);
    params.push(...h.params);
    return sql;
  });
  const sql = mode === 'read'
    ? `SELECT ${parts.map((p, i) => `(SELECT coalesce(json_agg(t), '[]'::json) FROM (${p}) t) AS r${i}`).join(',\n       ')}`
    : `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(',\n     ')}\nSELECT 1`;
  let row: Record<string, unknown> | undefined;
  try {
    ({ rows: [row] } = await tx.query<Record<string, unknown>>(sql, params));
  } catch (error) {
    for (const h of group) h.reject(error);
    return;
  }
  group.forEach((h, i) => h.resolve({ rows: mode === 'read' ? asRows(row?.[`r${i}`]) : [] }));
}

/** json_agg's answer: parsed by the driver, or text when a driver leaves json unparsed. */
function asRows(value: unknown): unknown[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}
