import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../../src/server/routes/officePupil.js';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { getJson, groupPupils, pusher, teacherMarks, type Pusher } from './officeSupport.js';

const TODAY = '2026-11-24';

describe('csvField', () => {
  it('neutralises spreadsheet formulas and quotes as RFC 4180 says', () => {
    expect(csvField('Smith')).toBe('Smith');
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+44 7700')).toBe("'+44 7700");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvField('Smith, Ann')).toBe('"Smith, Ann"');
    expect(csvField('Ann "Nan" Smith')).toBe('"Ann ""Nan"" Smith"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x"), Ann')).toBe(`"'=HYPERLINK(""http://x""), Ann"`);
    expect(csvField('\\')).toBe('\\');
    expect(csvField('')).toBe('');
  });
});

describe.each(ENGINES)("a pupil's register and the CSV export (%s)", (engine) => {
  let server: TestServer;
  let office: string;
  let push: Pusher;
  let mark: ReturnType<typeof teacherMarks>;
  let pupil: TestServer['demo']['pupils'][number];

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    push = pusher(server, office, 'office-desk-reports');
    mark = teacherMarks(server);
    pupil = groupPupils(server, 'g1')[0];
    await mark('g1', [
      { pupilId: pupil.id, date: '2026-10-05', mark: '/' },
      { pupilId: pupil.id, date: '2026-11-16', mark: '/' },
      { pupilId: pupil.id, date: '2026-11-16', session: 'PM', mark: '/' },
      { pupilId: pupil.id, date: TODAY, mark: 'N' },
    ]);
    for (const session of ['AM', 'PM']) {
      expect((await push('code.set', { pupilId: pupil.id, date: '2026-11-17', session, code: 'I' })).status).toBe('applied');
    }
  });
  afterAll(() => server.close());

  describe('the pupil register', () => {
    it('gives the details, the cells with their class and source, and attendance for the term and the year so far', async () => {
      const body = await getJson(server, office, `/api/office/pupil/${pupil.id}`);
      expect(body.pupil).toMatchObject({
        id: pupil.id, firstName: pupil.firstName, lastName: pupil.lastName, dateOfBirth: pupil.dateOfBirth, group: { id: 'g1', name: 'Year 1 Hazel' },
        flags: pupil.flags, contacts: pupil.contacts.map((c) => ({ name: c.name, relationship: c.relationship, phone: c.phone, priority: c.priority })),
        enrolments: [{ startDate: '2026-09-01', endDate: null }],
      });
      expect(body).toMatchObject({ from: '2026-09-01', to: TODAY });
      expect(body.cells).toEqual([
        { date: '2026-10-05', session: 'AM', code: '/', class: 'present', source: 'teacher', markedBy: 'Ms Patel' },
        { date: '2026-11-16', session: 'AM', code: '/', class: 'present', source: 'teacher', markedBy: 'Ms Patel' },
        { date: '2026-11-16', session: 'PM', code: '\\', class: 'present', source: 'teacher', markedBy: 'Ms Patel' },
        { date: '2026-11-17', session: 'AM', code: 'I', class: 'authorised', source: 'office', markedBy: 'Mrs Begum' },
        { date: '2026-11-17', session: 'PM', code: 'I', class: 'authorised', source: 'office', markedBy: 'Mrs Begum' },
        { date: TODAY, session: 'AM', code: 'N', class: 'unauthorised', source: 'teacher', markedBy: 'Ms Patel' },
      ]);
      // Autumn 2 runs from 2 November: 17 school days to today, 34 sessions, 5 of them marked.
      expect(body.summaries.term).toMatchObject({
        name: 'Autumn 2', from: '2026-11-02', to: TODAY, possible: 5, present: 2, authorised: 2, unauthorised: 1,
        attendancePercent: 40, absencePercent: 60, persistentAbsence: true, severeAbsence: true, unmarked: 29,
      });
      expect(body.summaries.yearToDate).toMatchObject({ from: '2026-09-01', to: TODAY, possible: 6, present: 3, attendancePercent: 50 });
    });

    it('narrows the cells to a range (the summaries stay the term and the year), and answers 404 and 400', async () => {
      const body = await getJson(server, office, `/api/office/pupil/${pupil.id}?from=2026-11-17&to=2026-11-17`);
      expect(body.cells.map((c: { session: string; code: string }) => `${c.session} ${c.code}`)).toEqual(['AM I', 'PM I']);
      expect(body.summaries.yearToDate.possible).toBe(6);
      expect((await getJson(server, office, '/api/office/pupil/nobody', 404)).code).toBe('unknown_pupil');
      expect((await getJson(server, office, `/api/office/pupil/${pupil.id}?from=2026-11-18&to=2026-11-17`, 400)).code).toBe('bad_request');
      expect((await getJson(server, office, `/api/office/pupil/${pupil.id}?from=yesterday`, 400)).code).toBe('bad_request');
    });

    it('names the weekdays the school was closed in the range (half term), and no weekend', async () => {
      const body = await getJson(server, office, `/api/office/pupil/${pupil.id}?from=2026-10-23&to=2026-11-02`);
      const closed = body.closedDays as Array<{ date: string; label: string | null }>;
      expect(closed.map((d) => d.date)).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']);
      expect(closed.every((d) => /half term/i.test(d.label ?? ''))).toBe(true);
    });

    it('only counts school days the pupil was on roll', async () => {
      // A pupil who joined on 20 November: the earlier days are outside the roll, not unmarked.
      await server.db.query(`UPDATE enrolments SET start_date = '2026-11-20' WHERE pupil_id = $1`, [groupPupils(server, 'g1')[1].id]);
      const body = await getJson(server, office, `/api/office/pupil/${groupPupils(server, 'g1')[1].id}`);
      expect(body.summaries.term).toMatchObject({ possible: 0, attendancePercent: null, unmarked: 6 });
    });
  });

  describe('the CSV export', () => {
    it('exports one row per cell, ordered by group, surname, date and session, safe to open in a spreadsheet', async () => {
      // A pupil whose surname would run as a formula, and a first name with a double quote in it.
      await server.db.query(`INSERT INTO pupils (school_id, id, first_name, last_name, date_of_birth) VALUES ('demo', 'p-evil', 'Zoe "Zed"', '=HYPERLINK("http://x.example")', '2020-01-15')`);
      await server.db.query(`INSERT INTO enrolments (school_id, pupil_id, start_date) VALUES ('demo', 'p-evil', '2026-09-01')`);
      await server.db.query(`INSERT INTO group_memberships (school_id, pupil_id, group_id, start_date) VALUES ('demo', 'p-evil', 'g1', '2026-09-01')`);
      expect((await push('code.set', { pupilId: 'p-evil', date: '2026-11-16', session: 'AM', code: 'M' })).status).toBe('applied');
      const g2pupil = groupPupils(server, 'g2')[0];
      await mark('g2', [{ pupilId: g2pupil.id, date: '2026-11-16', mark: 'N' }]);

      const res = await server.app.inject({ method: 'GET', url: '/api/office/export.csv?from=2026-11-01&to=2026-11-30', headers: { cookie: office } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="register-2026-11-01-to-2026-11-30.csv"');
      const lines = res.body.split('\r\n');
      expect(lines.at(-1)).toBe('');
      const surname = (p: { lastName: string; firstName: string }) => `"${p.lastName}, ${p.firstName}"`;
      expect(lines.slice(0, -1)).toEqual([
        'pupil,group,date,session,code,class',
        `"'=HYPERLINK(""http://x.example""), Zoe ""Zed""",Year 1 Hazel,2026-11-16,AM,M,authorised`,
        `${surname(pupil)},Year 1 Hazel,2026-11-16,AM,/,present`,
        `${surname(pupil)},Year 1 Hazel,2026-11-16,PM,\\,present`,
        `${surname(pupil)},Year 1 Hazel,2026-11-17,AM,I,authorised`,
        `${surname(pupil)},Year 1 Hazel,2026-11-17,PM,I,authorised`,
        `${surname(pupil)},Year 1 Hazel,2026-11-24,AM,N,unauthorised`,
        `${surname(g2pupil)},Year 2 Rowan,2026-11-16,AM,N,unauthorised`,
      ]);
    });

    it('exports one group, and refuses a range longer than a year or an unknown group', async () => {
      const res = await server.app.inject({ method: 'GET', url: '/api/office/export.csv?from=2026-11-01&to=2026-11-30&groupId=g2', headers: { cookie: office } });
      expect(res.body.split('\r\n').filter(Boolean)).toHaveLength(2);
      expect((await getJson(server, office, '/api/office/export.csv?from=2025-09-01&to=2026-11-30', 400)).code).toBe('range_too_long');
      expect((await getJson(server, office, '/api/office/export.csv?groupId=g99', 400)).code).toBe('unknown_group');
      // Half term with its weekends: not a single school day, so no file at all, and a message that says why.
      const halfTerm = await getJson(server, office, '/api/office/export.csv?from=2026-10-24&to=2026-11-01', 400);
      expect(halfTerm).toEqual({ code: 'no_school_days', message: expect.stringMatching(/^There are no school days from 2026-10-24 to 2026-11-01 \(.*Half term.*\), so there is no register to export\./) });
      expect(await getJson(server, office, '/api/office/export-summary?from=2026-10-24&to=2026-11-01&groupId=g2')).toEqual({
        from: '2026-10-24', to: '2026-11-01', groupId: 'g2', schoolDays: 0, closedLabels: expect.arrayContaining(['Half term']),
      });
      expect((await getJson(server, office, '/api/office/export-summary?from=2026-11-01&to=2026-11-30')).schoolDays).toBe(21);
      // By default: the academic year to today.
      const whole = await server.app.inject({ method: 'GET', url: '/api/office/export.csv', headers: { cookie: office } });
      expect(whole.body.split('\r\n').filter(Boolean)).toHaveLength(9);
      expect(whole.headers['content-disposition']).toContain(`register-2026-09-01-to-${TODAY}.csv`);
    });
  });
});
