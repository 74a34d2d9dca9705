/**
 * insertRows (db/insertMany.ts): the push's rows written in the form each engine is fastest with (one JSON
 * parameter on PostgreSQL, whose statement text then never changes and is prepared once; VALUES lists on
 * PGlite), and the same rows stored either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../../src/server/db/database.js';
import { insertMany, insertRecords, insertRows } from '../../../src/server/db/insertMany.js';
import { ENGINES, openTestDatabase } from '../../support/serverHarness.js';
import { counted } from '../../support/sentStatements.js';

const COLUMNS = ['id', 'day', 'at', 'big', 'ratio', 'flag', 'note', 'args'];
const ROWS: unknown[][] = [
  ['a', '2026-11-24', new Date('2026-11-24T09:05:00.123Z'), 9007199254740991, 1.5, true, `it's "quoted" \\ and ünïcode ✓`, { pupilId: 'p1', list: [1, 'two', null] }],
  ['b', null, null, null, null, null, null, null],
  ['c', '2024-02-29', new Date('2024-02-29T23:59:59Z'), -1, -0.25, false, '', 'a JSON string'],
];

describe.each(ENGINES)('insertRows (%s)', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
    await db.exec(`
      CREATE TABLE ir_rows (id text PRIMARY KEY, day date, at timestamptz, big bigint, ratio double precision, flag boolean,
                            note text, args jsonb, made text NOT NULL DEFAULT 'by default');
      CREATE TABLE mutation_log_like (LIKE ir_rows INCLUDING ALL);
    `);
  });
  afterAll(() => drop());

  const read = async (table: string) =>
    (await db.query(`SELECT id, day, at, big, ratio, flag, note, args, made FROM ${table} ORDER BY id`)).rows;

  const sent = async (fn: (tx: Queryable) => Promise<void>) => (await counted(db, fn)).sent;

  it('stores every type as a VALUES list would, and leaves the columns not named to their defaults', async () => {
    await db.transaction((tx) => insertRecords(tx, 'ir_rows', COLUMNS, ROWS));
    await db.exec(`CREATE TABLE ir_values (LIKE ir_rows INCLUDING ALL)`);
    await db.transaction((tx) => insertMany(tx, 'ir_values', COLUMNS, ROWS.map((r) => r.map((v, j) => (COLUMNS[j] === 'args' ? JSON.stringify(v) : v)))));
    const records = await read('ir_rows');
    expect(records).toEqual(await read('ir_values'));
    expect(records[0]).toMatchObject({ id: 'a', day: '2026-11-24', big: 9007199254740991, flag: true, args: { pupilId: 'p1', list: [1, 'two', null] }, made: 'by default' });
    expect(new Date(records[0].at as string).toISOString()).toBe('2026-11-24T09:05:00.123Z');
    expect(records[2]).toMatchObject({ args: 'a JSON string', note: '' });
  });

  it('upserts with an ON CONFLICT clause', async () => {
    await db.transaction((tx) => insertRecords(tx, 'ir_rows', ['id', 'note'], [['a', 'changed'], ['d', 'new']],
      { onConflict: 'ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note' }));
    const rows = await read('ir_rows');
    expect(rows.map((r) => [r.id, r.note])).toEqual([['a', 'changed'], ['b', null], ['c', ''], ['d', 'new']]);
  });

  it(`sends ${engine === 'postgres' ? 'one statement text for one row or fifty, so it is prepared once' : 'VALUES lists, since PGlite prepares nothing'}`, async () => {
    const many = Array.from({ length: 50 }, (_, i) => [`m${i}`, '2026-11-24', new Date(), i, i / 2, i % 2 === 0, `note ${i}`, { i }]);
    const one = await sent((tx) => insertRows(tx, 'mutation_log_like', COLUMNS, [many[0]], { jsonb: ['args'] }));
    const fifty = await sent((tx) => insertRows(tx, 'mutation_log_like', COLUMNS, many.slice(1), { jsonb: ['args'] }));
    if (engine === 'postgres') {
      expect(one).toHaveLength(1);
      expect(fifty).toEqual(one);
      expect(one[0]).toContain('json_populate_recordset');
    } else {
      expect(one[0]).toContain('VALUES');
      expect(fifty[0]).not.toEqual(one[0]);
    }
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mutation_log_like`);
    expect(rows[0].n).toBe(50);
  });

  it('writes a JSON value as itself, a string as a JSON string, in either form', async () => {
    await db.transaction((tx) => insertRows(tx, 'mutation_log_like', ['id', 'args'], [['s1', 'just text'], ['s2', { a: [1] }], ['s3', null]], { jsonb: ['args'] }));
    const { rows } = await db.query<{ id: string; args: unknown; kind: string | null }>(
      `SELECT id, args, jsonb_typeof(args) AS kind FROM mutation_log_like WHERE id LIKE 's%' ORDER BY id`);
    expect(rows.map((r) => [r.id, r.args, r.kind])).toEqual([['s1', 'just text', 'string'], ['s2', { a: [1] }, 'object'], ['s3', null, null]]);
  });

  it('writes nothing and sends nothing for no rows', async () => {
    expect(await sent((tx) => insertRows(tx, 'ir_rows', COLUMNS, []))).toEqual([]);
  });
});
