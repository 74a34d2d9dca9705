/**
 * inOneRoundTrip (db/oneRoundTrip.ts): the statements a caller asks for together go to the database as one,
 * and each caller gets exactly the rows (or the effect) it would have had on its own, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../../src/server/db/database.js';
import { inOneRoundTrip, shiftPlaceholders } from '../../../src/server/db/oneRoundTrip.js';
import { ENGINES, openTestDatabase } from '../../support/serverHarness.js';
import { counted } from '../../support/sentStatements.js';


describe('shiftPlaceholders', () => {
  it('renumbers every placeholder, two-digit ones included', () => {
    expect(shiftPlaceholders('SELECT $1, $2::text[], $10 WHERE a = $1', 5)).toBe('SELECT $6, $7::text[], $15 WHERE a = $6');
  });
});

describe.each(ENGINES)('inOneRoundTrip (%s)', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
    await db.exec(`
      CREATE TABLE rt_things (id text PRIMARY KEY, n int NOT NULL, at timestamptz, day date, big bigint, tags text[], doc jsonb);
      CREATE TABLE rt_log (id text PRIMARY KEY, note text);
      INSERT INTO rt_things VALUES
        ('a', 1, '2026-11-24T09:05:00Z', '2026-11-24', 9007199254740991, '{AM,PM}', '{"x": [1, "two"]}'),
        ('b', 2, NULL, NULL, NULL, '{}', NULL);
    `);
  });
  afterAll(() => drop());

  const thing = (q: Queryable, id: string) =>
    q.query<Record<string, unknown>>(`SELECT id, n, at, day, big, tags, doc FROM rt_things WHERE id = $1`, [id]);

  it('sends reads asked for together as one statement, and each caller gets its own rows', async () => {
    const { value, sent } = await counted(db, (tx) => inOneRoundTrip(tx, 'read', (q) => Promise.all([
      thing(q, 'a'),
      thing(q, 'b'),
      q.query<{ id: string }>(`SELECT id FROM rt_things WHERE n > $1 ORDER BY id`, [0]),
      q.query(`SELECT id FROM rt_things WHERE id = $1`, ['none']),
    ])));
    expect(sent).toHaveLength(1);
    const [a, b, all, none] = value;
    // As the adapter gives them on their own, but a timestamp, which comes back as text to be read by new Date().
    expect(a.rows).toEqual([{ id: 'a', n: 1, at: expect.any(String), day: '2026-11-24', big: 9007199254740991, tags: ['AM', 'PM'], doc: { x: [1, 'two'] } }]);
    expect(new Date(a.rows[0].at as string).toISOString()).toBe('2026-11-24T09:05:00.000Z');
    expect(b.rows).toEqual([{ id: 'b', n: 2, at: null, day: null, big: null, tags: [], doc: null }]);
    expect(all.rows).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(none.rows).toEqual([]);
    const alone = await thing(db, 'a');
    expect({ ...alone.rows[0], at: null }).toEqual({ ...a.rows[0], at: null });
  });

  it('keeps a locking clause: rows read FOR UPDATE stay locked to the end of the transaction', async () => {
    const { value, sent } = await counted(db, (tx) => inOneRoundTrip(tx, 'read', (q) => Promise.all([
      q.query<{ id: string }>(`SELECT id FROM rt_things WHERE id = $1 FOR UPDATE`, ['a']),
      q.query<{ id: string }>(`SELECT id FROM rt_things WHERE id = $1`, ['b']),
    ])));
    expect(sent).toHaveLength(1);
    expect(value.map((r) => r.rows)).toEqual([[{ id: 'a' }], [{ id: 'b' }]]);
  });

  it('sends what a caller asks for after an answer in the next round trip', async () => {
    const { value, sent } = await counted(db, (tx) => inOneRoundTrip(tx, 'read', async (q) => {
      const [first, other] = await Promise.all([
        (async () => {
          const { rows } = await q.query<{ n: number }>(`SELECT n FROM rt_things WHERE id = $1`, ['a']);
          return (await q.query<{ id: string }>(`SELECT id FROM rt_things WHERE n = $1 + 1`, [rows[0].n])).rows;
        })(),
        q.query<{ n: number }>(`SELECT n FROM rt_things WHERE id = $1`, ['b']),
      ]);
      return { first, other: other.rows };
    }));
    expect(value).toEqual({ first: [{ id: 'b' }], other: [{ n: 2 }] });
    expect(sent).toHaveLength(2);
  });

  it('sends writes asked for together as one statement, and each takes effect', async () => {
    const { sent } = await counted(db, (tx) => inOneRoundTrip(tx, 'write', (q) => Promise.all([
      q.query(`INSERT INTO rt_log (id, note) VALUES ($1, $2), ($3, $4)`, ['w1', 'one', 'w2', 'two']),
      q.query(`UPDATE rt_things SET n = n + $2 WHERE id = $1`, ['b', 10]),
      q.query(`INSERT INTO rt_things (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n`, ['a', 5]),
    ])));
    expect(sent).toHaveLength(1);
    expect((await db.query(`SELECT id, note FROM rt_log WHERE id IN ('w1', 'w2') ORDER BY id`)).rows).toEqual([{ id: 'w1', note: 'one' }, { id: 'w2', note: 'two' }]);
    expect((await thing(db, 'b')).rows[0].n).toBe(12);
    expect((await thing(db, 'a')).rows[0].n).toBe(5);
  });

  it('runs the writes of one round on one snapshot: they must not touch the same rows (why PushWrites keeps one row a cell)', async () => {
    const attempt = db.transaction((tx) => inOneRoundTrip(tx, 'write', (q) => Promise.all([
      q.query(`INSERT INTO rt_log (id, note) VALUES ($1, $2)`, ['s1', 'first']),
      q.query(`INSERT INTO rt_log (id, note) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note`, ['s1', 'second']),
    ])));
    await expect(attempt).rejects.toThrow(/duplicate key/);
  });

  it('sends on its own what cannot be combined: an INSERT among reads, a write with RETURNING, a lone statement', async () => {
    const { value, sent } = await counted(db, (tx) => inOneRoundTrip(tx, 'read', (q) => Promise.all([
      q.query<{ id: string }>(`INSERT INTO rt_log (id, note) VALUES ($1, $2) RETURNING id`, ['r1', 'returned']),
      thing(q, 'a'),
      thing(q, 'b'),
    ])));
    expect(value[0].rows).toEqual([{ id: 'r1' }]);
    expect(value[1].rows[0].id).toBe('a');
    expect(sent).toHaveLength(2);
    const lone = await counted(db, (tx) => inOneRoundTrip(tx, 'read', (q) => thing(q, 'a')));
    expect(lone.sent).toEqual([`SELECT id, n, at, day, big, tags, doc FROM rt_things WHERE id = $1`]);
  });

  it('fails every caller of a round trip that failed, and the transaction with it', async () => {
    const attempt = db.transaction((tx) => inOneRoundTrip(tx, 'write', (q) => Promise.all([
      q.query(`INSERT INTO rt_log (id, note) VALUES ($1, $2)`, ['f1', 'fine']),
      q.query(`INSERT INTO rt_things (id, n) VALUES ($1, $2)`, ['f2', null]),
    ])));
    await expect(attempt).rejects.toThrow();
    expect((await db.query(`SELECT id FROM rt_log WHERE id = 'f1'`)).rows).toEqual([]);
  });

  it('returns what the caller returns when it asks for nothing', async () => {
    const { value, sent } = await counted(db, (tx) => inOneRoundTrip(tx, 'read', async () => 42));
    expect(value).toBe(42);
    expect(sent).toEqual([]);
  });
});
