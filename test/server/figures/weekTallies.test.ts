/**
 * The attendance figures' weekly tallies (register_week_tallies, figures/countCells.ts) against counting every
 * cell by hand. A class of 30 generated pupils (joiners and leavers among them) with a term of random codes,
 * stray marks on weekends and in half term, and unmarked sessions; random ranges (and the awkward ones: a
 * single day, Monday to Sunday, across half term) are counted three ways and must agree with the hand count:
 * straight after the tallies are built, after more cells are written without bringing them up to date (the
 * read corrects in its own snapshot), and after they are brought up to date week by week. The up-to-date
 * tallies, and the four-week blocks summed from them, must also equal a rebuild from nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMany } from '../../../src/server/db/insertMany.js';
import { addDays, isoWeekday } from '../../../src/domain/calendarDate.js';
import { weekStartOf } from '../../../src/domain/schoolWeeks.js';
import { mulberry32 } from '../../../src/server/demo/generateDemoSchool.js';
import { loadCohort } from '../../../src/server/figures/cohort.js';
import { addCode, emptyTally } from '../../../src/server/figures/classTally.js';
import { talliesByPattern, talliesByPupil } from '../../../src/server/figures/countCells.js';
import { refreshWeekTallies } from '../../../src/server/repositories/weekTalliesRepository.js';
import { ENGINES, startTestServer, TEST_TODAY, type TestServer } from '../../support/serverHarness.js';

const FIRST = '2026-09-01';
const CODES = ['/', '/', '/', '/', '/', '/', '/', '/', 'L', 'I', 'M', 'O', 'G', 'U', 'N', 'X', 'Y1', 'C', 'V', '#'];
const PUPILS = 30;

type Cell = { pupilId: string; date: string; session: 'AM' | 'PM'; code: string };
type Enrolment = { pupilId: string; start: string; end: string | null };

function datesFrom(from: string, until: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= until; d = addDays(d, 1)) out.push(d);
  return out;
}

describe.each(ENGINES)('weekly tallies of the attendance figures (%s)', (engine) => {
  let server: TestServer;
  let school: string;
  let schoolDays: Set<string>;
  const random = mulberry32(20261206);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const enrolments: Enrolment[] = [];
  const pupilIds = Array.from({ length: PUPILS }, (_, i) => `wt-${String(i).padStart(2, '0')}`);
  const allDays = datesFrom(FIRST, TEST_TODAY);

  /** Writes cells as the register's write path does: one new school version, stamped on every cell. */
  async function write(cells: Cell[]): Promise<void> {
    const { rows } = await server.db.query<{ version: string }>('UPDATE sync_state SET version = version + 1 WHERE school_id = $1 RETURNING version', [school]);
    await insertMany(server.db, 'register_cells', ['school_id', 'pupil_id', 'date', 'session', 'code', 'source', 'version'],
      cells.map((c) => [school, c.pupilId, c.date, c.session, c.code, 'office', Number(rows[0].version)]),
      { onConflict: 'ON CONFLICT (school_id, pupil_id, date, session) DO UPDATE SET code = EXCLUDED.code, version = EXCLUDED.version' });
  }

  const onRoll = (pupilId: string, date: string) =>
    enrolments.some((e) => e.pupilId === pupilId && e.start <= date && (e.end === null || date <= e.end));

  /** Counting by hand: every cell of the class, kept when its day is a school day and the pupil was on roll. */
  async function countedCells(from: string, until: string): Promise<Cell[]> {
    const { rows } = await server.db.query<Cell>(
      `SELECT pupil_id AS "pupilId", date::text AS date, session, code FROM register_cells WHERE school_id = $1 AND pupil_id LIKE 'wt-%' AND date >= $2 AND date <= $3`,
      [school, from, until],
    );
    return rows.filter((c) => schoolDays.has(c.date) && onRoll(c.pupilId, c.date));
  }

  const bump = (map: Map<string | number, Map<string, number>>, key: string | number, code: string) => {
    const codes = map.get(key) ?? new Map<string, number>();
    codes.set(code, (codes.get(code) ?? 0) + 1);
    map.set(key, codes);
  };
  /** A map of code counts without the codes counted zero times, as sorted entries. */
  const plain = (codes: Map<string, number> | undefined) => [...(codes ?? new Map()).entries()].filter(([, n]) => n !== 0).sort();
  const plainAll = (map: Map<string | number, Map<string, number>>) =>
    [...map.keys()].map((k) => [k, plain(map.get(k))] as const).filter(([, codes]) => codes.length > 0).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  async function expectAgrees(from: string, until: string): Promise<void> {
    const cells = await countedCells(from, until);
    const inRange = pupilIds.filter((id) => enrolments.some((e) => e.pupilId === id && e.start <= until && (e.end === null || e.end >= from)));
    const { byPupil, byPattern } = await server.db.transaction(async (tx) => {
      const cohort = await loadCohort(tx, school, { from, to: until, countUntil: until }, { yearGroup: 12 });
      expect(cohort.pupils.map((p) => p.pupilId).sort(), 'the cohort is the class on roll in the range').toEqual(inRange);
      return { byPupil: await talliesByPupil(tx, school, from, until, cohort), byPattern: await talliesByPattern(tx, school, from, until, cohort) };
    }, { repeatableRead: true });

    const pupils = new Map<string | number, Map<string, number>>();
    const weeks = new Map<string | number, Map<string, number>>();
    const sessions = new Map<string | number, Map<string, number>>();
    const weekdays = new Map<string | number, Map<string, number>>();
    for (const c of cells) {
      bump(pupils, c.pupilId, c.code);
      bump(weeks, weekStartOf(c.date), c.code);
      bump(sessions, c.session, c.code);
      bump(weekdays, isoWeekday(c.date), c.code);
    }
    const range = `${from} to ${until}`;
    // The figures read the tallies of the cohort's pupils only (others may be in the map).
    for (const id of inRange) {
      const byHand = emptyTally();
      for (const [code, n] of pupils.get(id) ?? []) addCode(byHand, code, n);
      expect(byPupil.get(id) ?? emptyTally(), `${id}, ${range}`).toEqual(byHand);
    }
    expect(plainAll(byPattern.weeks as never), `weeks, ${range}`).toEqual(plainAll(weeks));
    expect(plain(byPattern.sessions.AM), `mornings, ${range}`).toEqual(plain(sessions.get('AM')));
    expect(plain(byPattern.sessions.PM), `afternoons, ${range}`).toEqual(plain(sessions.get('PM')));
    expect(plainAll(byPattern.weekdays as never), `weekdays, ${range}`).toEqual(plainAll(weekdays));
  }

  /** Awkward ranges, then random ones. */
  function ranges(count: number): Array<[string, string]> {
    const fixed: Array<[string, string]> = [
      [FIRST, TEST_TODAY], ['2026-11-02', '2026-11-08'], ['2026-11-03', '2026-11-03'], ['2026-10-21', '2026-11-04'],
      ['2026-10-26', '2026-10-30'], ['2026-09-07', '2026-11-22'], ['2026-09-06', '2026-09-06'], ['2026-11-16', TEST_TODAY],
    ];
    const random_: Array<[string, string]> = Array.from({ length: count }, () => {
      const a = pick(allDays);
      const b = pick(allDays);
      return a <= b ? [a, b] : [b, a];
    });
    return [...fixed, ...random_];
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    school = server.demo.school.id;
    schoolDays = new Set((await server.db.query<{ date: string }>('SELECT date::text AS date FROM calendar_days WHERE school_id = $1 AND is_school_day', [school])).rows.map((r) => r.date));
    await insertMany(server.db, 'registration_groups', ['school_id', 'id', 'name', 'year_group'], [[school, 'wt', '12 Tallies', 12]]);
    await insertMany(server.db, 'pupils', ['school_id', 'id', 'first_name', 'last_name', 'date_of_birth', 'gender'],
      pupilIds.map((id) => [school, id, id, 'Tallies', '2009-01-01', 'F']));
    pupilIds.forEach((id, i) => {
      // Pupils 0-3 join during the term, 4-6 leave during it, 7 leaves and comes back; the rest are on roll throughout.
      if (i < 4) enrolments.push({ pupilId: id, start: pick(allDays.slice(20, 70)), end: null });
      else if (i < 7) enrolments.push({ pupilId: id, start: FIRST, end: pick(allDays.slice(10, 70)) });
      else if (i === 7) enrolments.push({ pupilId: id, start: FIRST, end: '2026-10-09' }, { pupilId: id, start: '2026-11-02', end: null });
      else enrolments.push({ pupilId: id, start: FIRST, end: null });
    });
    await insertMany(server.db, 'enrolments', ['school_id', 'pupil_id', 'start_date', 'end_date'], enrolments.map((e) => [school, e.pupilId, e.start, e.end]));
    await insertMany(server.db, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'end_date'], pupilIds.map((id) => [school, id, 'wt', FIRST, null]));
    // A term of marks, a week per write; about one session in twelve unmarked, and a few stray marks on days off.
    for (let week = weekStartOf(FIRST); week <= TEST_TODAY; week = addDays(week, 7)) {
      const cells: Cell[] = [];
      for (const date of datesFrom(week, addDays(week, 6)).filter((d) => d >= FIRST && d <= TEST_TODAY)) {
        for (const pupilId of pupilIds) {
          for (const session of ['AM', 'PM'] as const) {
            const chance = schoolDays.has(date) ? 0.92 : 0.02;
            if (random() < chance) cells.push({ pupilId, date, session, code: session === 'PM' && random() < 0.5 ? '\\' : pick(CODES) });
          }
        }
      }
      if (cells.length > 0) await write(cells);
    }
  });
  afterAll(() => server.close());

  it('agrees with counting every cell, once the tallies are built', async () => {
    expect(await refreshWeekTallies(server.db, school)).toMatchObject({ rebuilt: true });
    for (const [from, until] of ranges(20)) await expectAgrees(from, until);
  });

  it('agrees with counting every cell when cells were written after the tallies were brought up to date', async () => {
    const changes: Cell[] = Array.from({ length: 120 }, () => ({ pupilId: pick(pupilIds), date: pick(allDays), session: pick(['AM', 'PM'] as const), code: pick(CODES) }));
    // Several writes, as several pushes would be; a later write of the same cell wins.
    for (let i = 0; i < changes.length; i += 40) {
      const batch = new Map(changes.slice(i, i + 40).map((c) => [`${c.pupilId} ${c.date} ${c.session}`, c]));
      await write([...batch.values()]);
    }
    for (const [from, until] of ranges(20)) await expectAgrees(from, until);
  });

  it('brings the tallies up to date week by week, and they then equal a rebuild from nothing', async () => {
    const refreshed = await refreshWeekTallies(server.db, school);
    expect(refreshed.rebuilt).toBe(false);
    expect(refreshed.pupilWeeks).toBeGreaterThan(0);
    expect(await refreshWeekTallies(server.db, school), 'nothing new to count').toEqual({ rebuilt: false, pupilWeeks: 0 });
    for (const [from, until] of ranges(10)) await expectAgrees(from, until);

    const upToDate = await stored();
    const blocksUpToDate = await storedBlocks();
    expect(blocksUpToDate.length).toBeGreaterThan(PUPILS);
    await server.db.query('DELETE FROM register_week_tallies_state WHERE school_id = $1', [school]);
    expect(await refreshWeekTallies(server.db, school)).toMatchObject({ rebuilt: true });
    expect(await stored()).toEqual(upToDate);
    expect(await storedBlocks(), 'the four-week blocks, brought up to date with the weeks').toEqual(blocksUpToDate);
  });

  it('sums the four-week blocks again when the code table they were summed with is not this release\'s', async () => {
    const blocks = await storedBlocks();
    // As if an earlier release had summed them with another table of classes.
    await server.db.query(`UPDATE register_week_tallies_state SET block_classes = 'an earlier table' WHERE school_id = $1`, [school]);
    await server.db.query(`UPDATE register_block_tallies SET present = present + 100 WHERE school_id = $1 AND pupil_id = 'wt-10'`, [school]);
    expect(await refreshWeekTallies(server.db, school)).toEqual({ rebuilt: false, pupilWeeks: 0 });
    expect(await storedBlocks()).toEqual(blocks);
    await expectAgrees(FIRST, TEST_TODAY);
  });

  const stored = async () => (await server.db.query(`SELECT * FROM register_week_tallies WHERE school_id = $1 ORDER BY pupil_id, week, code`, [school])).rows;
  const storedBlocks = async () => (await server.db.query(`SELECT * FROM register_block_tallies WHERE school_id = $1 ORDER BY pupil_id, block`, [school])).rows;
});
