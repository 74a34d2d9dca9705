/**
 * PGlite has no autovacuum, so the server analyses the tables that need it (db/statistics.ts): every table
 * never analysed, and then only those grown by more than a fifth since. PostgreSQL is left to its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database.js';
import { analyseGrownTables } from '../../../src/server/db/statistics.js';
import { ENGINES, openTestDatabase } from '../../support/serverHarness.js';

describe.each(ENGINES)('analyseGrownTables (%s)', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
  });
  afterAll(() => drop());

  const analysedRows = async (table: string) =>
    (await db.query<{ reltuples: number }>(`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = $1 AND relnamespace = to_regnamespace(current_schema())`, [table])).rows[0].reltuples;

  it(engine === 'pglite' ? 'analyses every table never analysed, then only one that has grown by a fifth' : 'leaves PostgreSQL to its autovacuum', async () => {
    if (engine === 'postgres') {
      await db.exec(`CREATE TABLE stats_pg (id int PRIMARY KEY); INSERT INTO stats_pg SELECT generate_series(1, 2000)`);
      expect(await analyseGrownTables(db)).toEqual([]);
      return;
    }
    await db.exec(`CREATE TABLE stats_grows (id int PRIMARY KEY, note text); CREATE TABLE stats_stays (id int PRIMARY KEY)`);
    await db.exec(`INSERT INTO stats_grows SELECT g, repeat('x', 100) FROM generate_series(1, 2000) g; INSERT INTO stats_stays SELECT generate_series(1, 2000)`);
    const first = await analyseGrownTables(db);
    expect(first).toEqual(expect.arrayContaining(['stats_grows', 'stats_stays', 'register_cells', 'mark_events']));
    expect(await analysedRows('stats_grows')).toBe(2000);
    expect(await analyseGrownTables(db)).toEqual([]);

    await db.exec(`INSERT INTO stats_grows SELECT g, repeat('x', 100) FROM generate_series(2001, 3000) g; INSERT INTO stats_stays SELECT generate_series(2001, 2010)`);
    expect(await analyseGrownTables(db)).toEqual(['stats_grows']);
    expect(await analysedRows('stats_grows')).toBe(3000);
  });
});
