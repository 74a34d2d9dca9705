/**
 * The alerts read only the cells of the pupils who could meet a threshold, found in the weekly tallies
 * (alerts/alertCandidates.ts). Their answer must be exactly the one every pupil's cells give. A year group of
 * 240 generated pupils (mostly in school, some persistently or severely absent, a few on a week's holiday,
 * stray marks on days off) has a term of registers; several ranges are checked against reading every pupil,
 * both when the tallies are up to date and when cells were written after they were built (the read then
 * counts those pupils in its own snapshot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendarDate.js';
import { insertMany } from '../../../src/server/db/insertMany.js';
import { mulberry32 } from '../../../src/server/demo/generateDemoSchool.js';
import { alertCandidatePupils } from '../../../src/server/alerts/alertCandidates.js';
import { findAlerts, readRange, type FoundAlerts } from '../../../src/server/alerts/findAlerts.js';
import { refreshWeekTallies } from '../../../src/server/repositories/weekTalliesRepository.js';
import { ENGINES, startTestServer, TEST_TODAY, type TestServer } from '../../support/serverHarness.js';

const FIRST = '2026-09-01';
const PUPILS = 240;
/** The school year so far, then ranges starting later (the lookback then starts within the term). */
const RANGES: Array<[string, string]> = [[FIRST, TEST_TODAY], ['2026-10-05', TEST_TODAY], ['2026-11-02', '2026-11-20'], ['2026-09-14', '2026-10-23']];

type Cell = { pupilId: string; date: string; session: 'AM' | 'PM'; code: string };
type Profile = { ill: number; illDays: number; away: number; awayDays: number; late: number };

const QUIET: Profile = { ill: 0.01, illDays: 2, away: 0.003, awayDays: 1, late: 0.01 };
const PERSISTENT: Profile = { ill: 0.03, illDays: 4, away: 0.04, awayDays: 3, late: 0.08 };
const SEVERE: Profile = { ill: 0.04, illDays: 16, away: 0.08, awayDays: 12, late: 0.05 };

/** What the alerts say, in a fixed order, to compare two answers. */
const plain = (a: FoundAlerts) => a.found.map((f) => JSON.stringify([f.pupilId, f.kind, f.key, f.evidence])).sort();

describe.each(ENGINES)('the alerts read only the pupils who could meet a threshold (%s)', (engine) => {
  let server: TestServer;
  let school: string;
  let schoolDays: string[];
  let pupilsInSchool: number;
  const random = mulberry32(20261124);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const pupilIds = Array.from({ length: PUPILS }, (_, i) => `ac-${String(i).padStart(3, '0')}`);

  /** Writes cells as the register's write path does: one new school version, stamped on every cell. */
  async function write(cells: Cell[]): Promise<void> {
    const { rows } = await server.db.query<{ version: string }>('UPDATE sync_state SET version = version + 1 WHERE school_id = $1 RETURNING version', [school]);
    await insertMany(server.db, 'register_cells', ['school_id', 'pupil_id', 'date', 'session', 'code', 'source', 'version'],
      cells.map((c) => [school, c.pupilId, c.date, c.session, c.code, 'office', Number(rows[0].version)]),
      { onConflict: 'ON CONFLICT (school_id, pupil_id, date, session) DO UPDATE SET code = EXCLUDED.code, version = EXCLUDED.version' });
  }

  /** A term of one pupil's marks: runs of illness and unauthorised absence, lates, the odd holiday week. */
  function termOf(pupilId: string, profile: Profile, holiday: boolean): Cell[] {
    const cells: Cell[] = [];
    const holidayStart = holiday ? Math.floor(random() * (schoolDays.length - 5)) : null;
    let run: { code: string; left: number } | null = null;
    schoolDays.forEach((date, d) => {
      const day = (am: string, pm: string) => cells.push({ pupilId, date, session: 'AM', code: am }, { pupilId, date, session: 'PM', code: pm });
      if (holidayStart !== null && d >= holidayStart && d < holidayStart + 5) return day('G', 'G');
      if (run && run.left-- > 0) return day(run.code, run.code);
      const roll = random();
      if (roll < profile.ill) run = { code: 'I', left: Math.floor(random() * profile.illDays) };
      else if (roll < profile.ill + profile.away) run = { code: pick(['O', 'O', 'N', 'U']), left: Math.floor(random() * profile.awayDays) };
      else if (roll < profile.ill + profile.away + profile.late) return day(pick(['L', 'U']), '\\');
      else return day('/', random() < 0.01 ? 'O' : '\\');
      day(run.code, run.code);
    });
    return cells;
  }

  /** The candidates for the year so far, in one snapshot, without bringing the tallies up to date first. */
  const candidatesNow = () => server.db.transaction(async (tx) => alertCandidatePupils(tx, school, await readRange(tx, school, FIRST, TEST_TODAY)), { repeatableRead: true });

  async function expectSameAnswer(label: string): Promise<FoundAlerts[]> {
    const answers: FoundAlerts[] = [];
    for (const [from, to] of RANGES) {
      const prefiltered = await findAlerts(server.db, school, from, to);
      const everyPupil = await findAlerts(server.db, school, from, to, { everyPupil: true });
      expect(everyPupil.candidates).toBeNull();
      expect(plain(prefiltered), `${label}, ${from} to ${to}`).toEqual(plain(everyPupil));
      answers.push(prefiltered);
    }
    return answers;
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    school = server.demo.school.id;
    schoolDays = (await server.db.query<{ date: string }>(
      'SELECT date::text AS date FROM calendar_days WHERE school_id = $1 AND is_school_day AND date >= $2 AND date <= $3 ORDER BY date',
      [school, FIRST, TEST_TODAY],
    )).rows.map((r) => r.date);
    await insertMany(server.db, 'registration_groups', ['school_id', 'id', 'name', 'year_group'], [[school, 'ac', '13 Candidates', 13]]);
    await insertMany(server.db, 'pupils', ['school_id', 'id', 'first_name', 'last_name', 'date_of_birth', 'gender'],
      pupilIds.map((id) => [school, id, id, 'Candidates', '2008-01-01', 'M']));
    await insertMany(server.db, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'end_date'], pupilIds.map((id) => [school, id, 'ac', FIRST, null]));
    const cells = pupilIds.flatMap((id) => {
      const roll = random();
      return termOf(id, roll < 0.04 ? SEVERE : roll < 0.14 ? PERSISTENT : QUIET, random() < 0.05);
    });
    // A few stray marks on days off (a Saturday's detention, a half-term trip): the tallies count them too.
    const strays = new Map<string, Cell>();
    for (let i = 0; i < 40; i++) {
      const stray: Cell = { pupilId: pick(pupilIds), date: addDays('2026-10-24', Math.floor(random() * 9)), session: pick(['AM', 'PM'] as const), code: pick(['O', 'I', 'L', 'U']) };
      strays.set(`${stray.pupilId} ${stray.date} ${stray.session}`, stray);
    }
    cells.push(...strays.values());
    // Written week by week, as the registers would be.
    for (let week = 0; week * 2500 < cells.length; week++) await write(cells.slice(week * 2500, (week + 1) * 2500));
    pupilsInSchool = Number((await server.db.query<{ n: string }>('SELECT count(*) AS n FROM pupils WHERE school_id = $1', [school])).rows[0].n);
  });
  afterAll(() => server.close());

  it('gives the same alerts as reading every pupil, reading far fewer pupils', async () => {
    const answers = await expectSameAnswer('tallies up to date');
    const [year] = answers;
    // Not a vacuous comparison: the year so far has alerts of every kind.
    expect(new Set(year.found.map((f) => f.kind))).toEqual(new Set(['penaltyNotice', 'continuousUnauthorised', 'illness', 'lateness']));
    const alerted = new Set(year.found.map((f) => f.pupilId)).size;
    expect(year.candidates).toBeGreaterThanOrEqual(alerted);
    expect(year.candidates!, `${year.candidates} candidates of ${pupilsInSchool} pupils`).toBeLessThan(pupilsInSchool / 3);
  });

  it('counts the pupils whose cells were written after the tallies were built', async () => {
    await refreshWeekTallies(server.db, school);
    // Quiet pupils until now, each given just enough for one kind of alert, written after the build.
    const quiet = (await findAlerts(server.db, school, FIRST, TEST_TODAY, { everyPupil: true })).found.map((f) => f.pupilId);
    const [penalty, run, illness, late] = pupilIds.filter((id) => !quiet.includes(id)).slice(0, 4);
    const week = schoolDays.slice(schoolDays.indexOf('2026-11-09'), schoolDays.indexOf('2026-11-09') + 10);
    const both = (pupilId: string, dates: string[], code: string): Cell[] =>
      dates.flatMap((date) => [{ pupilId, date, session: 'AM' as const, code }, { pupilId, date, session: 'PM' as const, code }]);
    await write([
      ...both(penalty, week.slice(0, 5), 'G'),
      ...both(run, week, 'N'),
      ...both(illness, [...schoolDays.slice(0, 5), ...week], 'I'),
      ...week.slice(0, 3).map((date) => ({ pupilId: late, date, session: 'AM' as const, code: 'L' })),
    ]);

    // In a snapshot that has the new cells but tallies that do not, the new cells' pupils are candidates.
    const candidates = await candidatesNow();
    for (const id of [penalty, run, illness, late]) expect(candidates?.has(id), id).toBe(true);
    const everyPupil = await findAlerts(server.db, school, FIRST, TEST_TODAY, { everyPupil: true });
    for (const id of [penalty, run, illness, late]) expect(everyPupil.found.some((f) => f.pupilId === id), `${id} now has an alert`).toBe(true);
    for (const pupilId of everyPupil.found.map((f) => f.pupilId)) expect(candidates?.has(pupilId), pupilId).toBe(true);

    await expectSameAnswer('after more cells were written');
    // Once the tallies count them, the tallies alone find them: each has just the threshold's worth.
    await refreshWeekTallies(server.db, school);
    const fromTallies = await candidatesNow();
    for (const id of [penalty, run, illness, late]) expect(fromTallies?.has(id), id).toBe(true);
  });
});
