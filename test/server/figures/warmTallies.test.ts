/** The server brings every school's weekly tallies up to date at start, so the first figures read does not count a year. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmWeekTallies } from '../../../src/server/figures/warmTallies.js';
import { refreshWeekTallies } from '../../../src/server/repositories/weekTalliesRepository.js';
import { ENGINES, startTestServer, type TestServer } from '../../support/serverHarness.js';

describe.each(ENGINES)('warming the weekly tallies at start (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it("builds each school's tallies up to its current version, and then there is nothing left to count", async () => {
    const school = server.demo.school.id;
    await server.db.query(`INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, version)
      VALUES ($1, $2, '2026-11-23', 'AM', 'I', 'office', 1)`, [school, server.demo.pupils[0].id]);
    expect(await warmWeekTallies(server.db)).toMatchObject({ schools: 1 });
    const { rows } = await server.db.query<{ built: string; version: string }>(
      `SELECT t.built_version AS built, s.version FROM register_week_tallies_state t JOIN sync_state s ON s.school_id = t.school_id WHERE t.school_id = $1`, [school]);
    expect(Number(rows[0].built)).toBe(Number(rows[0].version));
    const stored = await server.db.query<{ sessions: number }>(`SELECT sessions FROM register_week_tallies WHERE school_id = $1 AND pupil_id = $2 AND code = 'I'`, [school, server.demo.pupils[0].id]);
    expect(stored.rows).toEqual([{ sessions: 1 }]);
    expect(await refreshWeekTallies(server.db, school)).toEqual({ rebuilt: false, pupilWeeks: 0 });
  });
});
