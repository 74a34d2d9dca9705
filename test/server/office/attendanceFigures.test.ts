/**
 * GET /api/office/attendance (issue 11) against hand-worked fixtures: five pupils in three classes of their own
 * (years 10 and 11, which the demo school does not have) with known codes, from Monday 2 to Friday 13 November
 * 2026, with Wednesday 11 November made a closure. That leaves 9 school days, 18 sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMany } from '../../../src/server/db/insertMany.js';
import { ENGINES, signIn, startTestServer, TEST_TODAY, type TestServer } from '../../support/serverHarness.js';
import { getJson } from './officeSupport.js';

const RANGE = 'from=2026-11-02&to=2026-11-13';
const WEEK_ONE = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];

type Cell = [date: string, am: string | null, pm: string | null];

/** Pupils: id, names, class memberships, enrolments, record flags and their cells. */
const PUPILS = {
  // Present all of week one; L and V; I and M; N and O; Y1 and G. A stray mark on the closure day.
  mix: { groups: [['fA', '2026-09-01', null]], enrolments: [['2026-09-01', null]], gender: 'F', sen: 'K', fsm: true, eal: false, lookedAfter: false,
    cells: [...WEEK_ONE.map((d): Cell => [d, '/', '\\']), ['2026-11-09', 'L', 'V'], ['2026-11-10', 'I', 'M'], ['2026-11-11', '#', '\\'],
      ['2026-11-12', 'N', 'O'], ['2026-11-13', 'Y1', 'G']] as Cell[] },
  // Joined on Monday 9 November: a Z before that is not counted; X is not possible; Friday is unmarked.
  joiner: { groups: [['fA', '2026-11-09', null]], enrolments: [['2026-11-09', null]], gender: 'M', sen: 'none', fsm: false, eal: true, lookedAfter: false,
    cells: [['2026-11-05', 'Z', 'Z'], ['2026-11-09', '/', '\\'], ['2026-11-10', '/', '\\'], ['2026-11-12', '/', 'X']] as Cell[] },
  // Left on Wednesday 4 November: an O after that is not counted.
  leaver: { groups: [['fC', '2026-09-01', '2026-11-04']], enrolments: [['2026-09-01', '2026-11-04']], gender: 'M', sen: 'E', fsm: false, eal: false, lookedAfter: true,
    cells: [['2026-11-02', '/', '\\'], ['2026-11-03', 'I', 'I'], ['2026-11-04', 'O', 'O'], ['2026-11-05', 'O', 'O']] as Cell[] },
  // Moved from class A to class B on Monday 9 November; present throughout except an appointment on the last afternoon.
  mover: { groups: [['fA', '2026-09-01', '2026-11-06'], ['fB', '2026-11-09', null]], enrolments: [['2026-09-01', null]], gender: 'X', sen: 'none', fsm: false, eal: false, lookedAfter: false,
    cells: [...[...WEEK_ONE, '2026-11-09', '2026-11-10', '2026-11-12'].map((d): Cell => [d, '/', '\\']), ['2026-11-13', '/', 'M']] as Cell[] },
  // On roll throughout, never marked.
  unmarked: { groups: [['fC', '2026-09-01', null]], enrolments: [['2026-09-01', null]], gender: 'F', sen: 'none', fsm: true, eal: false, lookedAfter: false, cells: [] as Cell[] },
} as const;
type Name = keyof typeof PUPILS;

const ids = (body: { pupils: Array<{ pupilId: string }> }) => body.pupils.map((p) => p.pupilId).sort();
const fig = (id: Name) => `fig-${id}`;

describe.each(ENGINES)('attendance figures (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  const get = (query: string, status = 200) => getJson(server, office, `/api/office/attendance?${query}`, status);
  const pupil = (body: { pupils: Array<{ pupilId: string }> }, id: Name) => body.pupils.find((p) => p.pupilId === fig(id));

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    const school = server.demo.school.id;
    await server.db.query(`UPDATE calendar_days SET is_school_day = false, label = 'INSET day' WHERE school_id = $1 AND date = '2026-11-11'`, [school]);
    await insertMany(server.db, 'registration_groups', ['school_id', 'id', 'name', 'year_group'],
      [[school, 'fA', '10 Figures A', 10], [school, 'fB', '10 Figures B', 10], [school, 'fC', '11 Figures C', 11]]);
    const entries = Object.entries(PUPILS) as Array<[Name, (typeof PUPILS)[Name]]>;
    await insertMany(server.db, 'pupils', ['school_id', 'id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'sen_status', 'send', 'fsm', 'eal', 'looked_after'],
      entries.map(([id, p]) => [school, fig(id), id, 'Figures', '2011-01-01', p.gender, p.sen, p.sen !== 'none', p.fsm, p.eal, p.lookedAfter]));
    await insertMany(server.db, 'enrolments', ['school_id', 'pupil_id', 'start_date', 'end_date'],
      entries.flatMap(([id, p]) => p.enrolments.map(([start, end]) => [school, fig(id), start, end])));
    await insertMany(server.db, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'end_date'],
      entries.flatMap(([id, p]) => p.groups.map(([group, start, end]) => [school, fig(id), group, start, end])));
    await insertMany(server.db, 'register_cells', ['school_id', 'pupil_id', 'date', 'session', 'code', 'source', 'version'],
      entries.flatMap(([id, p]) => p.cells.flatMap(([date, am, pm]) => [
        ...(am ? [[school, fig(id), date, 'AM', am, 'office', 1]] : []),
        ...(pm ? [[school, fig(id), date, 'PM', pm, 'office', 1]] : []),
      ])));
  });
  afterAll(() => server.close());

  it('counts a known mix of codes: L present, V approved activity, N unauthorised, Y1 not possible, a closure day not at all', async () => {
    const body = await get(`${RANGE}&groupId=fA`);
    expect(body).toMatchObject({ from: '2026-11-02', to: '2026-11-13' });
    expect(pupil(body, 'mix')).toEqual({
      pupilId: fig('mix'), name: 'mix Figures', groupId: 'fA', groupName: '10 Figures A', yearGroup: 10,
      possible: 17, present: 11, aea: 1, authorised: 2, unauthorised: 3, unmarked: 0,
      attendancePercent: 1200 / 17, absencePercent: 500 / 17, persistentAbsence: true, severeAbsence: false, band: 'Red',
      flags: { send: 'K', fsm: true, eal: false, lookedAfter: false },
    });
  });

  it('counts a pupil who joined mid-range only from admission, X not possible, and their unmarked sessions', async () => {
    const body = await get(`${RANGE}&groupId=fA`);
    // On roll 9, 10, 12 and 13 November: 8 sessions, 6 marked, 5 of them possible and present.
    expect(pupil(body, 'joiner')).toMatchObject({
      possible: 5, present: 5, aea: 0, authorised: 0, unauthorised: 0, unmarked: 2,
      attendancePercent: 100, absencePercent: 0, persistentAbsence: false, severeAbsence: false, band: 'Green',
    });
  });

  it('counts a leaver up to their last day, in the class they left from', async () => {
    const body = await get(`${RANGE}&groupId=fC`);
    expect(pupil(body, 'leaver')).toMatchObject({
      groupId: 'fC', yearGroup: 11, possible: 6, present: 2, authorised: 2, unauthorised: 2, unmarked: 0,
      attendancePercent: 200 / 6, absencePercent: 400 / 6, persistentAbsence: true, severeAbsence: true, band: 'Red',
    });
    // A range after they left does not list them.
    expect(ids(await get('from=2026-11-05&to=2026-11-13&yearGroup=11'))).toEqual([fig('unmarked')]);
  });

  it("puts a pupil who moved class in the class they ended the range in, with the whole range's figures", async () => {
    expect(ids(await get(`${RANGE}&groupId=fA`))).toEqual([fig('joiner'), fig('mix')]);
    expect(ids(await get(`${RANGE}&groupId=fB`))).toEqual([fig('mover')]);
    expect(pupil(await get(`${RANGE}&groupId=fB`), 'mover')).toMatchObject({
      groupName: '10 Figures B', possible: 18, present: 17, authorised: 1, attendancePercent: 1700 / 18, absencePercent: 100 / 18,
      persistentAbsence: false, band: 'Amber',
    });
    // Ending the range before the move: class A, and the joiner not yet on roll.
    expect(ids(await get('from=2026-11-02&to=2026-11-06&groupId=fA'))).toEqual([fig('mix'), fig('mover')]);
  });

  it('gives a pupil with no marks null percentages and no band, and counts their sessions as unmarked', async () => {
    expect(pupil(await get(`${RANGE}&groupId=fC`), 'unmarked')).toMatchObject({
      possible: 0, present: 0, unmarked: 18, attendancePercent: null, absencePercent: null, persistentAbsence: false, severeAbsence: false, band: null,
    });
  });

  it('totals the counts and counts the PA and SA pupils', async () => {
    // mix 17/11/1/2/3, joiner 5/5 with 2 unmarked, mover 18/17/0/1/0: attendance 34 of 40, absence 6 of 40.
    expect((await get(`${RANGE}&yearGroup=10`)).totals).toEqual({
      pupils: 3, possible: 40, present: 33, aea: 1, authorised: 3, unauthorised: 3, unmarked: 2,
      attendancePercent: 85, absencePercent: 15, persistentAbsence: 1, severeAbsence: 0,
    });
    expect((await get(`${RANGE}&yearGroup=11`)).totals).toEqual({
      pupils: 2, possible: 6, present: 2, aea: 0, authorised: 2, unauthorised: 2, unmarked: 18,
      attendancePercent: 200 / 6, absencePercent: 400 / 6, persistentAbsence: 1, severeAbsence: 1,
    });
    // The whole school: the demo's pupils (on roll, no marks) are in it too, and the totals add up.
    const school = await get(RANGE);
    expect(school.totals.pupils).toBe(server.demo.pupils.length + 5);
    for (const key of ['possible', 'present', 'aea', 'authorised', 'unauthorised', 'unmarked'] as const) {
      expect(school.totals[key]).toBe(school.pupils.reduce((sum: number, p: Record<string, number>) => sum + p[key], 0));
    }
    expect(school.totals.unmarked).toBe(server.demo.pupils.length * 18 + 2 + 18);
  });

  it('filters by SEND, FSM, EAL, looked after and gender', async () => {
    expect(ids(await get(`${RANGE}&yearGroup=10&send=K`))).toEqual([fig('mix')]);
    expect(ids(await get(`${RANGE}&yearGroup=10&send=none`))).toEqual([fig('joiner'), fig('mover')]);
    expect(ids(await get(`${RANGE}&yearGroup=11&send=E`))).toEqual([fig('leaver')]);
    expect(ids(await get(`${RANGE}&yearGroup=11&fsm=true`))).toEqual([fig('unmarked')]);
    expect(ids(await get(`${RANGE}&yearGroup=10&fsm=false`))).toEqual([fig('joiner'), fig('mover')]);
    expect(ids(await get(`${RANGE}&yearGroup=10&eal=true`))).toEqual([fig('joiner')]);
    expect(ids(await get(`${RANGE}&lookedAfter=true&yearGroup=11`))).toEqual([fig('leaver')]);
    expect(ids(await get(`${RANGE}&gender=X`))).toEqual([fig('mover')]);
    // Across the whole school a filter keeps exactly the pupils whose record matches.
    const { rows } = await server.db.query<{ id: string }>(`SELECT id FROM pupils WHERE school_id = $1 AND sen_status = 'K' ORDER BY id`, [server.demo.school.id]);
    expect(ids(await get(`${RANGE}&send=K`))).toEqual(rows.map((r) => r.id).sort());
    expect(ids(await get(`${RANGE}&yearGroup=10&fsm=true&eal=true`))).toEqual([]);
  });

  it("gives each pupil's cohort flags and the school's target", async () => {
    const body = await get(`${RANGE}&yearGroup=11`);
    const flagsOf = (id: string) => body.pupils.find((p: { pupilId: string }) => p.pupilId === id).flags;
    expect(flagsOf(fig('leaver'))).toEqual({ send: 'E', fsm: false, eal: false, lookedAfter: true });
    expect(flagsOf(fig('unmarked'))).toMatchObject({ fsm: true });
    expect(body.target).toBeNull();
    await server.db.query(`UPDATE schools SET attendance_target = 96.5 WHERE id = $1`, [server.demo.school.id]);
    try {
      expect((await get(RANGE)).target).toBe(96.5);
    } finally {
      await server.db.query(`UPDATE schools SET attendance_target = NULL WHERE id = $1`, [server.demo.school.id]);
    }
  });

  it("uses the school's own bands", async () => {
    const school = server.demo.school.id;
    await server.db.query(`UPDATE schools SET attendance_bands = $2::jsonb WHERE id = $1`,
      [school, JSON.stringify([{ name: 'Below target', min: 0, max: 95 }, { name: 'On target', min: 95, max: null }])]);
    try {
      const body = await get(`${RANGE}&yearGroup=10`);
      expect(body.pupils.map((p: { pupilId: string; band: string }) => [p.pupilId, p.band])).toEqual([
        [fig('joiner'), 'On target'], [fig('mix'), 'Below target'], [fig('mover'), 'Below target'],
      ]);
    } finally {
      await server.db.query(`UPDATE schools SET attendance_bands = NULL WHERE id = $1`, [school]);
    }
  });

  it('defaults to the academic year to today, and counts nothing after today', async () => {
    const body = await get('groupId=fC');
    expect(body).toMatchObject({ from: '2026-09-01', to: TEST_TODAY });
    // A range into next week: codes entered ahead wait for their day, and only sessions up to today are unmarked.
    await server.db.query(`INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, version) VALUES ($1, $2, '2026-11-26', 'AM', 'C', 'office', 1)`,
      [server.demo.school.id, fig('unmarked')]);
    expect(pupil(await get('from=2026-11-23&to=2026-11-30&groupId=fC'), 'unmarked')).toMatchObject({ possible: 0, authorised: 0, unmarked: 4 });
  });

  it('gives the term that holds today', async () => {
    const { rows } = await server.db.query<{ name: string; from: string; to: string }>(
      `SELECT name, start_date::text AS "from", end_date::text AS "to" FROM terms WHERE school_id = $1 AND start_date <= $2 AND end_date >= $2`,
      [server.demo.school.id, TEST_TODAY],
    );
    expect(rows).toHaveLength(1);
    expect((await get(`${RANGE}&groupId=fC`)).term).toEqual(rows[0]);
  });

  describe('patterns', () => {
    const patterns = (query: string, status = 200) => getJson(server, office, `/api/office/attendance/patterns?${query}`, status);
    const counts = (f: Record<string, unknown>) => ({
      possible: f.possible, present: f.present, aea: f.aea, authorised: f.authorised, unauthorised: f.unauthorised, unmarked: f.unmarked,
    });

    // Class A: mix all range; the joiner from Monday 9 November (their Z on the 5th not counted, Friday 13th unmarked).
    it('counts the cohort week by week, clipped to the range, on school days while on roll', async () => {
      const body = await patterns(`from=2026-11-04&to=2026-11-13&groupId=fA`);
      expect(body).toMatchObject({ from: '2026-11-04', to: '2026-11-13' });
      expect(body.weeks.map((w: Record<string, unknown>) => [w.monday, w.from, w.to])).toEqual([
        ['2026-11-02', '2026-11-04', '2026-11-08'], ['2026-11-09', '2026-11-09', '2026-11-13'],
      ]);
      // Week one from Wednesday: mix present 3 days. Week two: mix L V I M N O Y1 G; joiner 5 present, X, 2 unmarked.
      expect(counts(body.weeks[0])).toEqual({ possible: 6, present: 6, aea: 0, authorised: 0, unauthorised: 0, unmarked: 0 });
      expect(body.weeks[1]).toMatchObject({ possible: 12, present: 6, aea: 1, authorised: 2, unauthorised: 3, unmarked: 2, attendancePercent: 700 / 12, absencePercent: 500 / 12 });
    });

    it('splits mornings from afternoons and counts each day of the week', async () => {
      const body = await patterns(`${RANGE}&groupId=fA`);
      expect(counts(body.sessions.AM)).toEqual({ possible: 11, present: 9, aea: 0, authorised: 1, unauthorised: 1, unmarked: 1 });
      expect(counts(body.sessions.PM)).toEqual({ possible: 11, present: 7, aea: 1, authorised: 1, unauthorised: 2, unmarked: 1 });
      expect(body.sessions.PM.attendancePercent).toBe(800 / 11);
      // Wednesday 11th is a closure, so Wednesday has only the 4th; the joiner's Thursday 5th is before they joined.
      expect(body.weekdays.map((d: Record<string, unknown>) => [d.weekday, d.possible, d.present, d.aea, d.authorised, d.unauthorised, d.unmarked])).toEqual([
        [1, 6, 5, 1, 0, 0, 0], [2, 6, 4, 0, 2, 0, 0], [3, 2, 2, 0, 0, 0, 0], [4, 5, 3, 0, 0, 2, 0], [5, 3, 2, 0, 0, 1, 2],
      ]);
      // The patterns add up to the same totals as the figures.
      const totals = (await get(`${RANGE}&groupId=fA`)).totals;
      for (const key of ['possible', 'present', 'aea', 'authorised', 'unauthorised', 'unmarked'] as const) {
        expect(body.sessions.AM[key] + body.sessions.PM[key], key).toBe(totals[key]);
        expect(body.weeks.reduce((sum: number, w: Record<string, number>) => sum + w[key], 0), key).toBe(totals[key]);
        expect(body.weekdays.reduce((sum: number, w: Record<string, number>) => sum + w[key], 0), key).toBe(totals[key]);
      }
    });

    it('follows the cohort filters, counts a leaver only while on roll, and answers null without sessions', async () => {
      // Year 11: the leaver (on roll 2-4 November: / \, I I, O O) and the pupil never marked.
      const body = await patterns(`${RANGE}&yearGroup=11&lookedAfter=true`);
      expect(counts(body.sessions.AM)).toEqual({ possible: 3, present: 1, aea: 0, authorised: 1, unauthorised: 1, unmarked: 0 });
      expect(body.weeks.map((w: Record<string, unknown>) => [w.monday, w.possible, w.unmarked])).toEqual([['2026-11-02', 6, 0], ['2026-11-09', 0, 0]]);
      expect(body.weeks[1]).toMatchObject({ attendancePercent: null, absencePercent: null });
      const none = await patterns(`${RANGE}&yearGroup=11&fsm=true`);
      expect(none.sessions.AM).toMatchObject({ possible: 0, unmarked: 9, attendancePercent: null });
    });

    it('answers nothing counted for a range wholly after today, and refuses what the figures refuse', async () => {
      const body = await patterns('from=2026-12-01&to=2026-12-04&groupId=fA');
      expect(body).toMatchObject({ weeks: [], weekdays: [] });
      expect(body.sessions.AM).toMatchObject({ possible: 0, unmarked: 0, attendancePercent: null });
      for (const query of ['from=2026-02-30', 'send=Q', 'groupId=nope', 'gender=Z', 'to=%00']) {
        const res = await server.app.inject({ method: 'GET', url: `/api/office/attendance/patterns?${query}`, headers: { cookie: office } });
        expect(res.statusCode, query).toBe(400);
      }
      expect((await server.app.inject({ method: 'GET', url: '/api/office/attendance/patterns' })).statusCode).toBe(401);
      const teacher = await server.app.inject({ method: 'GET', url: '/api/office/attendance/patterns', headers: { cookie: await signIn(server.app, 'teacher1') } });
      expect(teacher.statusCode).toBe(403);
    });
  });

  it('answers office and admin, 401 without a session and 403 for teachers and TAs', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/office/attendance' })).statusCode).toBe(401);
    for (const who of ['teacher1', 'ta1']) {
      const res = await server.app.inject({ method: 'GET', url: '/api/office/attendance', headers: { cookie: await signIn(server.app, who) } });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await getJson(server, await signIn(server.app, 'admin1'), `/api/office/attendance?${RANGE}&groupId=fB`)).pupils).toHaveLength(1);
    const res = await server.app.inject({ method: 'GET', url: `/api/office/attendance?${RANGE}`, headers: { cookie: office } });
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('refuses bad queries with 400 and a message, never 500', async () => {
    const cases: Array<[string, string | RegExp]> = [
      ['from=2026-02-30', /from/],
      ['from=yesterday', /from/],
      ['from=2026-11-13&to=2026-11-02', 'The range ends (2026-11-02) before it starts (2026-11-13).'],
      ['from=2010-01-01&to=2026-11-13', /too long/],
      ['send=Q', /send/],
      ['fsm=yes', /fsm/],
      ['eal=1', /eal/],
      ['lookedAfter=TRUE', /lookedAfter/],
      ['gender=Z', /gender/],
      ['yearGroup=abc', /yearGroup/],
      ['yearGroup=99', /yearGroup/],
      ['yearGroup=1.5', /yearGroup/],
      ['groupId=nope', 'That class is not known at this school.'],
      ["groupId=' OR 1=1 --", 'That class is not known at this school.'],
      [`groupId=${'x'.repeat(500)}`, /groupId/],
      ['from=2026-11-02&from=2026-11-03', /from/],
      ['sen=K', /sen/],
      ['to=%00', /./],
      ['gender=%F0%9F%98%80', /gender/],
    ];
    for (const [query, message] of cases) {
      const res = await server.app.inject({ method: 'GET', url: `/api/office/attendance?${query}`, headers: { cookie: office } });
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json().message, query).toMatch(message);
    }
  });
});
