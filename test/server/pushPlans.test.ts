/**
 * A push reads the same few pages of the database whether its school and its tablet are a day old or a year
 * old. On PostgreSQL a statement sent again and again is prepared (database.ts), and after five runs it keeps
 * a generic plan, made without the parameters' values; and a plan made before a table has statistics (a new
 * server's first minutes, or PGlite between its analyses) cannot tell one index from another. Both together
 * planned a lookup written as `seq = ANY($3)` or as a join as a read of every row the tablet had ever logged,
 * every cell of the school, or every day of its calendar, filtered. This runs each of a push's reads under
 * plan_cache_mode = force_generic_plan on a school with a year's history, before and after ANALYZE, and counts
 * the pages they touch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database.js';
import { buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import { ENGINES, TEST_NOW, TEST_TODAY, markMutation, openTestDatabase, post, signIn } from '../support/serverHarness.js';
import { runGeneric, scans } from '../support/genericPlan.js';
import { keeping, type Sent } from '../support/sentStatements.js';

/** The database as the app sees it, keeping every statement a transaction sends. */
function recording(db: Database, sent: Sent[]): Database {
  return { ...db, engine: db.engine, transaction: (fn, options) => db.transaction((tx) => fn(keeping(tx, sent)), options) };
}

const DEVICE = 'plan-tablet';
const HISTORY_LOGGED = 20_000; // more than a tablet's changes in a school year; as many again from the school's other tablets

describe.each(ENGINES)('a push reads as little with a year of history as with none (%s)', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;
  let push: (seqFrom: number) => Promise<Sent[]>;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
    const demo = await seedDemoSchool(db, TEST_TODAY);
    const sent: Sent[] = [];
    const app = await buildApp({ db: recording(db, sent), clock: manualClock(TEST_NOW), staticDir: null });
    const teacher = await signIn(app, 'teacher1');
    const pupils = demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    push = async (seqFrom) => {
      const mutations = Array.from({ length: 10 }, (_, i) =>
        markMutation(seqFrom + i, { pupilId: pupils[(seqFrom + i) % pupils.length], mark: i % 3 === 0 ? 'N' : '/' }, TEST_NOW - 60_000 + seqFrom + i));
      sent.length = 0;
      const res = await post(app, '/api/sync/push', teacher, { deviceId: DEVICE, mutations });
      expect(res.statusCode).toBe(200);
      expect(res.json().results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
      return [...sent];
    };
    await push(1); // registers the tablet

    // A year: the tablet's own log (seqs below the ones it sends next), the other tablets', every pupil's
    // cells since September, and the calendar of the years before.
    await db.exec(`
      INSERT INTO mutation_log (school_id, device_id, seq, mutation_id, type, status, received_at)
        SELECT 'demo', '${DEVICE}', 100 + n, 'old-' || n, 'mark.set', 'applied', now() FROM generate_series(1, ${HISTORY_LOGGED}) n;
      INSERT INTO mutation_log (school_id, device_id, seq, mutation_id, type, status, received_at)
        SELECT 'demo', 'other-tablet-' || (n % 40), n, 'other-' || n, 'mark.set', 'applied', now() FROM generate_series(1, ${HISTORY_LOGGED}) n;
      UPDATE devices SET last_seq = ${100 + HISTORY_LOGGED} WHERE id = '${DEVICE}';
      INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, version)
        SELECT 'demo', p.id, d::date, s, '/', 'teacher', 1
          FROM pupils p, generate_series(date '2026-09-01', date '2026-11-20', interval '1 day') d, (VALUES ('AM'), ('PM')) v(s)
         WHERE p.school_id = 'demo'
        ON CONFLICT DO NOTHING;
      INSERT INTO calendar_days (school_id, date, is_school_day)
        SELECT 'demo', d::date, extract(isodow FROM d) < 6 FROM generate_series(date '2021-09-01', date '2025-08-31', interval '1 day') d
        ON CONFLICT DO NOTHING;
    `);
  }, 120_000);
  afterAll(() => drop());

  /** Pages each of a push's reads touched, under its generic plan, and what each scan read. */
  async function readPages(seqFrom: number): Promise<{ pages: number; filtered: number; plans: string }> {
    const sent = await push(seqFrom);
    const reads = sent.filter((s) => /^\s*SELECT/i.test(s.sql));
    expect(reads.length).toBeGreaterThan(0);
    let pages = 0;
    let filtered = 0;
    const plans: string[] = [];
    for (const s of reads) {
      const run = await runGeneric(db, s.sql, s.params);
      pages += run.buffers;
      for (const scan of scans(run.plan)) filtered = Math.max(filtered, Number(/(\d+) rows filtered out/.exec(scan)?.[1] ?? 0));
      plans.push(scans(run.plan).join('; '));
    }
    return { pages, filtered, plans: plans.join('\n') };
  }

  // A lookup by key is three or four pages (the index's levels and the row), and a push of 10 marks looks up
  // about 60 rows. Reading the tablet's log alone would be hundreds of pages, the school's cells thousands.
  const PAGES = 350;
  const FILTERED = 500;

  it('before the tables have statistics (a new server\'s first minutes): no read of the history', async () => {
    const { pages, filtered, plans } = await readPages(100 + HISTORY_LOGGED + 1);
    expect(pages, plans).toBeLessThanOrEqual(PAGES);
    expect(filtered, plans).toBeLessThan(FILTERED);
  });

  it('with statistics, as autovacuum (or statistics.ts on PGlite) keeps them: no read of the history', async () => {
    await db.exec('ANALYZE');
    const { pages, filtered, plans } = await readPages(100 + HISTORY_LOGGED + 11);
    expect(pages, plans).toBeLessThanOrEqual(PAGES);
    expect(filtered, plans).toBeLessThan(FILTERED);
  });
});
