/**
 * The load benchmark (`npm run bench -- load`) on the smallest trust, so it cannot rot: one school of 60
 * pupils (two classes, two tablets) on PGlite, through the real server over HTTP. Every mark sent is
 * acknowledged and found in the database exactly once; no speed is asserted (speed is `npm run bench`).
 */
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { interleavedBySchool, loadOptionsFromEnv, runLoad } from '../../scripts/bench/load.js';
import { seedHistory, seedTrust } from '../../scripts/bench/trust.js';

const TODAY = '2026-11-24';

describe('the load benchmark', () => {
  it('generates a trust of schools, classes of about 30 and one teacher a class', async () => {
    const db = await openPglite();
    try {
      await migrate(db);
      const trust = await seedTrust(db, TODAY, { schools: 2, pupils: 95 });
      expect(trust.schools.map((s) => s.classes.length)).toEqual([3, 3]);
      expect(trust.schools.flatMap((s) => s.classes.map((c) => c.pupilIds.length))).toEqual([32, 32, 31, 32, 32, 31]);
      const counts = await db.query<{ pupils: number; members: number; teachers: number; assigned: number }>(
        `SELECT (SELECT count(*)::int FROM pupils) AS pupils, (SELECT count(*)::int FROM group_memberships) AS members,
                (SELECT count(*)::int FROM staff WHERE role = 'teacher') AS teachers, (SELECT count(*)::int FROM staff_assignments) AS assigned`,
      );
      expect(counts.rows[0]).toEqual({ pupils: 190, members: 190, teachers: 6, assigned: 6 });
    } finally {
      await db.close();
    }
  }, 60_000);

  it('gives every pupil the registers of the school days before today, each mark logged once, as a tablet sends them', async () => {
    const db = await openPglite();
    try {
      await migrate(db);
      await seedTrust(db, TODAY, { schools: 2, pupils: 40 });
      expect(await seedHistory(db, TODAY, 3)).toBe(2 * 40 * 3 * 2);
      const { rows: [counts] } = await db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM register_cells) AS cells, (SELECT count(*)::int FROM mark_events) AS events,
                (SELECT count(*)::int FROM mutation_log) AS logged,
                (SELECT count(DISTINCT date)::int FROM register_cells) AS days,
                (SELECT count(*)::int FROM register_cells c JOIN calendar_days d ON d.school_id = c.school_id AND d.date = c.date
                  WHERE d.is_school_day AND c.date < '${TODAY}') AS "beforeToday",
                (SELECT count(*)::int FROM register_cells c JOIN mark_events e ON e.school_id = c.school_id AND e.pupil_id = c.pupil_id
                  AND e.date = c.date AND e.session = c.session AND e.code = c.code
                  JOIN mutation_log l ON l.school_id = e.school_id AND l.mutation_id = e.mutation_id AND l.device_id = e.device_id AND l.seq = e.seq) AS matched`,
      );
      expect(counts).toEqual({ cells: 480, events: 480, logged: 480, days: 3, beforeToday: 480, matched: 480 });
      // Each class's history tablet numbers its changes 1, 2, 3... with no gap, as a real tablet does.
      const { rows: gaps } = await db.query(
        `SELECT device_id FROM mutation_log GROUP BY school_id, device_id HAVING max(seq) <> count(*) OR min(seq) <> 1`,
      );
      expect(gaps).toEqual([]);
      expect(await seedHistory(db, TODAY, 0)).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('paces its half-rate round with the schools taking turns, every tablet once', () => {
    const tablets = ['a', 'a', 'a', 'b', 'c', 'c'].map((schoolId) => ({ cls: { schoolId } }));
    expect(interleavedBySchool(tablets)).toEqual([0, 3, 4, 1, 5, 2]);
    expect(interleavedBySchool([])).toEqual([]);
  });

  it('reads where the cores went, server and load generator, on a machine with /proc', async () => {
    const options = { ...loadOptionsFromEnv({}), schools: 1, pupils: 30, rounds: 1, halfRate: false, log: () => undefined };
    const result = await runLoad('pglite', options);
    if (process.platform !== 'linux') return void expect(result.cpu).toBeNull();
    expect(result.cpu).not.toBeNull();
    expect(result.cpu!.server).toBeGreaterThan(0);
    expect(result.cpu!.serverMsPerPush).toBeGreaterThan(0);
    expect(result.cpu!.database).toBeNull(); // PGlite is inside the server
  }, 90_000);

  it('pushes every mark of a small trust through the real server, none lost or duplicated', async () => {
    const options = { ...loadOptionsFromEnv({}), schools: 1, pupils: 60, rounds: 1, log: () => undefined };
    const result = await runLoad('pglite', options);
    expect(result.errors).toBe(0);
    expect(result.firstErrors).toEqual([]);
    // One full-speed round and one at half the rate, each marking all 60 pupils.
    expect(result.marks).toBe(60);
    expect(result.acknowledged).toBe(120);
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(result.tablets).toBe(2);
    expect(result.officePolls).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
