import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { cellCode, getJson, groupPupils, pusher, teacherMarks, type Pusher } from './officeSupport.js';

const TODAY = '2026-11-24';

describe.each(ENGINES)('planned absences and bulk codes (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  let push: Pusher;
  let mark: ReturnType<typeof teacherMarks>;
  let g4: TestServer['demo']['pupils'];
  const codesOf = async (pupilId: string, from: string, to: string) =>
    (await server.db.query<{ date: string; session: string; code: string }>(
      `SELECT date, session, code FROM register_cells WHERE pupil_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, session`, [pupilId, from, to])).rows
      .map((r) => `${r.date} ${r.session} ${r.code}`);
  const plans = async () => (await getJson(server, office, '/api/office/planned-absences')).plannedAbsences;

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    push = pusher(server, office, 'office-desk-bulk');
    mark = teacherMarks(server);
    g4 = groupPupils(server, 'g4');
  });
  afterAll(() => server.close());

  describe('absence.plan', () => {
    it('sets the code on every school day and session in the range, skipping cells with an office code, and records the counts', async () => {
      // An illness the office already recorded for Thursday morning stays.
      expect((await push('code.set', { pupilId: g4[0].id, date: '2026-11-26', session: 'AM', code: 'I' })).status).toBe('applied');
      const id = randomUUID();
      const args = { id, pupilIds: [g4[0].id, g4[1].id], startDate: '2026-11-26', endDate: '2026-11-29', sessions: ['AM', 'PM'], code: 'V', note: 'Year 4 residential trip' };
      expect(await push('absence.plan', args)).toMatchObject({ status: 'applied' });
      // Thursday and Friday; the weekend has no registers.
      expect(await codesOf(g4[0].id, '2026-11-26', '2026-11-29')).toEqual(['2026-11-26 AM I', '2026-11-26 PM V', '2026-11-27 AM V', '2026-11-27 PM V']);
      expect(await codesOf(g4[1].id, '2026-11-26', '2026-11-29')).toEqual(['2026-11-26 AM V', '2026-11-26 PM V', '2026-11-27 AM V', '2026-11-27 PM V']);
      const history = await getJson(server, office, `/api/office/history?pupilId=${g4[1].id}&date=2026-11-27&session=PM`);
      expect(history.entries).toEqual([expect.objectContaining({ code: 'V', oldCode: null, reason: 'Year 4 residential trip', by: 'Mrs Begum' })]);
      expect((await plans()).find((p: { id: string }) => p.id === id)).toMatchObject({
        id, code: 'V', startDate: '2026-11-26', endDate: '2026-11-29', createdBy: 'Mrs Begum', cellsSet: 7, cellsSkipped: 1, args: expect.objectContaining({ pupilIds: args.pupilIds }),
      });
      expect(await push('absence.plan', args)).toMatchObject({ status: 'rejected', code: 'plan_exists' });
    });

    it('follows a part-time timetable (Friday afternoons) and lets the calendar decide: no holidays, no INSET days', async () => {
      const id = randomUUID();
      expect((await push('absence.plan', { id, pupilIds: [g4[2].id], startDate: '2026-11-30', endDate: '2027-01-15', sessions: ['PM'], weekdays: [5], code: 'C2', note: 'Agreed part-time timetable' })).status).toBe('applied');
      // Fridays 4, 11 and 18 December, then 8 and 15 January (the Christmas holiday and 1 January are not school days).
      expect(await codesOf(g4[2].id, '2026-11-30', '2027-01-15')).toEqual(['2026-12-04 PM C2', '2026-12-11 PM C2', '2026-12-18 PM C2', '2027-01-08 PM C2', '2027-01-15 PM C2']);
      expect((await plans()).find((p: { id: string }) => p.id === id)).toMatchObject({ cellsSet: 5, cellsSkipped: 0 });
    });

    it("keeps the planned code when the teacher later marks N: the office's code stays effective", async () => {
      expect((await push('absence.plan', { id: randomUUID(), pupilIds: [g4[3].id], startDate: TODAY, endDate: TODAY, sessions: ['AM'], code: 'M', note: 'Dentist 9:30' })).status).toBe('applied');
      await mark('g4', [{ pupilId: g4[3].id, mark: 'N' }]);
      expect(await cellCode(server, g4[3].id, TODAY, 'AM')).toEqual({ code: 'M', source: 'office' });
      const history = await getJson(server, office, `/api/office/history?pupilId=${g4[3].id}&date=${TODAY}&session=AM`);
      expect(history.entries.map((e: { code: string; effectiveCode: string; role: string }) => [e.code, e.effectiveCode, e.role])).toEqual([['M', 'M', 'office'], ['N', 'M', 'teacher']]);
    });

    it("replaces a teacher's present mark only with a note: without one the plan is refused, naming the cell", async () => {
      await mark('g4', [{ pupilId: g4[7].id, mark: '/' }]);
      const args = { pupilIds: [g4[7].id], startDate: TODAY, endDate: '2026-11-25', sessions: ['AM'], code: 'M' };
      const refused = await push('absence.plan', { id: randomUUID(), ...args });
      expect(refused).toMatchObject({ status: 'rejected', code: 'reason_required' });
      expect(refused.message).toContain(`${g4[7].lastName}, ${TODAY} morning: This cell has a present mark (/)`);
      expect(await codesOf(g4[7].id, TODAY, '2026-11-25')).toEqual([`${TODAY} AM /`]);
      expect(await push('absence.plan', { id: randomUUID(), ...args, note: 'Hospital appointment: the teacher marked her before she left' })).toMatchObject({ status: 'applied' });
      expect(await codesOf(g4[7].id, TODAY, '2026-11-25')).toEqual([`${TODAY} AM M`, '2026-11-25 AM M']);
    });

    it('is all or nothing: a code one pupil may not have refuses the whole plan, naming the pupil', async () => {
      const before = (await plans()).length;
      const result = await push('absence.plan', { id: randomUUID(), pupilIds: [g4[4].id, g4[5].id], startDate: '2026-12-01', endDate: '2026-12-02', sessions: ['AM'], code: 'X' });
      expect(result).toMatchObject({ status: 'rejected', code: 'compulsory_age_for_X' });
      expect(result.message).toContain(g4[4].lastName);
      expect(await codesOf(g4[4].id, '2026-12-01', '2026-12-02')).toEqual([]);
      expect((await plans()).length).toBe(before);
    });

    it('refuses unreasonable or impossible plans, each with a reason', async () => {
      const base = { pupilIds: [g4[6].id], startDate: '2026-12-01', endDate: '2026-12-02', sessions: ['AM'], code: 'M' };
      const everyone = server.demo.pupils.map((p) => p.id);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ startDate: '2026-12-03' }, 'invalid_args'],
        [{ endDate: '2026-02-30' }, 'invalid_args'],
        [{ endDate: '2027-12-31' }, 'invalid_args'],
        [{ weekdays: [6] }, 'invalid_args'],
        [{ sessions: [] }, 'invalid_args'],
        [{ pupilIds: [] }, 'invalid_args'],
        [{ pupilIds: [g4[6].id, 'nobody'] }, 'unknown_pupil'],
        [{ code: 'H' }, 'retired_code'],
        // Only what can be known in advance: no present marks, lates or N.
        [{ code: '/' }, 'code_not_plannable'],
        [{ code: '\\' }, 'code_not_plannable'],
        [{ code: 'L' }, 'code_not_plannable'],
        [{ code: 'U' }, 'code_not_plannable'],
        [{ code: 'N' }, 'code_not_plannable'],
        [{ code: 'Y4' }, 'code_not_plannable'],
        [{ startDate: '2026-12-19', endDate: '2026-12-20' }, 'no_school_days'],
        // About 16,000 cells to look at, more than 5,000 of them to change.
        [{ pupilIds: everyone, startDate: '2026-11-25', endDate: '2027-02-12', sessions: ['AM', 'PM'] }, 'too_many_cells'],
        // A whole year for everyone: refused before anything is loaded.
        [{ pupilIds: everyone, startDate: '2026-09-01', endDate: '2027-07-23', sessions: ['AM', 'PM'] }, 'too_many_cells'],
      ];
      for (const [change, code] of cases) {
        expect(await push('absence.plan', { id: randomUUID(), ...base, ...change }), JSON.stringify(change)).toMatchObject({ status: 'rejected', code });
      }
      const teacher = pusher(server, await signIn(server.app, 'teacher4'), 'teacher4-plan-device');
      expect(await teacher('absence.plan', { id: randomUUID(), ...base })).toMatchObject({ status: 'rejected', code: 'role_not_allowed' });
    });
  });

  describe('a large change', () => {
    it('sets nearly 5,000 cells in one mutation, one event and one cell each, and answers a repeat with the stored result', async () => {
      const everyone = server.demo.pupils.map((p) => p.id);
      // 5 to 22 January: 14 school days (the 4th is an INSET day).
      const id = randomUUID();
      const mutation = { seq: 1, id: randomUUID(), type: 'absence.plan', args: { id, pupilIds: everyone, startDate: '2027-01-04', endDate: '2027-01-22', sessions: ['AM', 'PM'], code: 'Y3', note: 'Building works' }, observedAt: new Date().toISOString(), clockOffsetMs: 0 };
      const send = () => server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { cookie: office }, payload: { deviceId: 'office-desk-large', mutations: [mutation] } });
      const first = await send();
      expect(first.json().results[0]).toEqual({ seq: 1, status: 'applied' });
      // Less the two Friday afternoons of the part-time timetable above, which keep their C2.
      const expected = everyone.length * 14 * 2 - 2;
      const count = async (sql: string) => (await server.db.query<{ n: number }>(sql)).rows[0].n;
      expect(await count(`SELECT count(*)::int AS n FROM register_cells WHERE date BETWEEN '2027-01-04' AND '2027-01-22' AND code = 'Y3'`)).toBe(expected);
      expect(await count(`SELECT count(*)::int AS n FROM mark_events WHERE date BETWEEN '2027-01-04' AND '2027-01-22' AND code = 'Y3' AND reason = 'Building works'`)).toBe(expected);
      expect((await plans()).find((p: { id: string }) => p.id === id)).toMatchObject({ cellsSet: expected, cellsSkipped: 2 });
      expect((await send()).json().results[0]).toEqual({ seq: 1, status: 'applied' });
      expect(await count(`SELECT count(*)::int AS n FROM mark_events WHERE date BETWEEN '2027-01-04' AND '2027-01-22' AND code = 'Y3'`)).toBe(expected);
    });
  });

  describe('code.bulk and its preview', () => {
    const preview = (query: string, status = 200) => getJson(server, office, `/api/office/bulk-preview?${query}`, status);

    it('previews, then sets one code for a whole group, with the reason on every event', async () => {
      const g5 = groupPupils(server, 'g5');
      await mark('g5', [{ pupilId: g5[0].id, mark: '/' }]);
      const before = await preview(`code=Y2&dates=${TODAY}&sessions=AM,PM&groupId=g5`);
      expect(before).toMatchObject({
        code: 'Y2', dates: [TODAY], sessions: ['AM', 'PM'], groupId: 'g5', groupName: 'Year 5 Chestnut', notSchoolDays: [], cells: g5.length * 2,
        wouldChange: g5.length * 2, alreadyHaveCode: 0, replacesOfficeCodes: 0, refused: 0, firstRefusal: null, tooMany: false, canApply: true, maxCells: 5000,
      });
      const reason = 'Snow: the buses did not run';
      expect((await push('code.bulk', { id: randomUUID(), code: 'Y2', dates: [TODAY], sessions: ['AM', 'PM'], groupId: 'g5', reason })).status).toBe('applied');
      const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM register_cells WHERE date = $1 AND code = 'Y2'`, [TODAY]);
      expect(rows[0].n).toBe(g5.length * 2);
      const history = await getJson(server, office, `/api/office/history?pupilId=${g5[0].id}&date=${TODAY}&session=AM`);
      expect(history.entries.at(-1)).toMatchObject({ code: 'Y2', oldCode: '/', reason });
      expect(await cellCode(server, groupPupils(server, 'g6')[0].id, TODAY, 'AM')).toBeNull();
      expect(await preview(`code=Y2&dates=${TODAY}&sessions=AM,PM&groupId=g5`)).toMatchObject({ wouldChange: 0, alreadyHaveCode: g5.length * 2 });
    });

    it('sees its own cells in the same push: a later code.set over the bulk code needs a reason', async () => {
      const [p] = groupPupils(server, 'g6');
      const results = await push.many([
        { type: 'code.bulk', args: { id: randomUUID(), code: 'Y1', dates: ['2026-11-25'], sessions: ['AM'], groupId: 'g6', reason: 'The council minibus broke down' } },
        { type: 'code.set', args: { pupilId: p.id, date: '2026-11-25', session: 'AM', code: 'I' } },
        { type: 'code.set', args: { pupilId: p.id, date: '2026-11-25', session: 'AM', code: 'I', reason: 'Was ill anyway: mum rang' } },
      ]);
      expect(results.map((r) => r.code ?? r.status)).toEqual(['applied', 'reason_required', 'applied']);
      expect(await cellCode(server, p.id, '2026-11-25', 'AM')).toEqual({ code: 'I', source: 'office' });
      const history = await getJson(server, office, `/api/office/history?pupilId=${p.id}&date=2026-11-25&session=AM`);
      expect(history.entries.map((e: { code: string; oldCode: string | null }) => [e.code, e.oldCode])).toEqual([['Y1', null], ['I', 'Y1']]);
    });

    it('says what would be refused or is too big, and code.bulk refuses the same', async () => {
      const days = await server.db.query<{ date: string }>(`SELECT date FROM calendar_days WHERE school_id = 'demo' AND is_school_day AND date >= '2026-11-30' ORDER BY date LIMIT 20`);
      const many = days.rows.map((r) => r.date);
      const big = await preview(`code=%23&dates=${many.join(',')}&sessions=AM,PM`);
      expect(big).toMatchObject({ tooMany: true, canApply: false, cells: server.demo.pupils.length * 2 * 20 });
      expect(await push('code.bulk', { id: randomUUID(), code: '#', dates: many, sessions: ['AM', 'PM'], reason: 'Closure' })).toMatchObject({ status: 'rejected', code: 'too_many_cells' });

      const weekend = await preview(`code=%23&dates=2026-11-28,2026-11-30&sessions=AM`);
      expect(weekend).toMatchObject({ notSchoolDays: ['2026-11-28'], canApply: false });
      expect(await push('code.bulk', { id: randomUUID(), code: '#', dates: ['2026-11-28', '2026-11-30'], sessions: ['AM'], reason: 'Closure' })).toMatchObject({ status: 'rejected', code: 'not_a_school_day' });

      const wrongSymbol = await preview(`code=%2F&dates=2026-11-30&sessions=AM,PM&groupId=g1`);
      expect(wrongSymbol).toMatchObject({ refused: groupPupils(server, 'g1').length, canApply: false });
      expect(wrongSymbol.firstRefusal).toMatch(/PM: Present in the afternoon is written \\/);
      const refused = await push('code.bulk', { id: randomUUID(), code: '/', dates: ['2026-11-30'], sessions: ['AM', 'PM'], groupId: 'g1', reason: 'Sports day, all present' });
      expect(refused).toMatchObject({ status: 'rejected', code: 'wrong_present_symbol' });
      expect(await cellCode(server, groupPupils(server, 'g1')[0].id, '2026-11-30', 'AM')).toBeNull();

      expect(await push('code.bulk', { id: randomUUID(), code: '#', dates: ['2026-11-30'], sessions: ['AM'], reason: '  ' })).toMatchObject({ code: 'invalid_args' });
      expect(await push('code.bulk', { id: randomUUID(), code: '#', dates: ['2026-11-30'], sessions: ['AM'], groupId: 'g99', reason: 'x' })).toMatchObject({ code: 'unknown_group' });
      expect(await push('code.bulk', { id: randomUUID(), code: 'Y', dates: ['2026-11-30'], sessions: ['AM'], reason: 'x' })).toMatchObject({ code: 'retired_code' });

      expect((await preview('code=Y&dates=2026-11-30', 400)).code).toBe('retired_code');
      expect((await preview('code=Y9&dates=2026-11-30', 400)).code).toBe('unknown_code');
      expect((await preview('code=%23', 400)).code).toBe('bad_request');
      expect((await preview('code=%23&dates=2026-13-01', 400)).code).toBe('bad_request');
      expect((await preview('code=%23&dates=2026-11-30&sessions=EVE', 400)).code).toBe('bad_request');
      expect((await preview('code=%23&dates=2026-11-30&groupId=g99', 400)).code).toBe('unknown_group');
    });
  });
});
