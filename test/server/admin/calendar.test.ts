/** The admin's Calendar: years, half-terms, closures, bank holidays, and never losing a register entry (issue 10). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../../support/serverHarness.js';
import type { BankHolidaysResponse, CalendarResponse } from '../../../src/protocol/adminSchool.js';
import type { PullResponse } from '../../../src/protocol/index.js';

/** 2027-28, worked out by hand: 193 weekdays in term, less 1 May (bank holiday) and two INSET days = 190. */
const TERMS_2027 = [
  { name: 'Autumn 1', startDate: '2027-09-06', endDate: '2027-10-22' }, // 7 weeks: 35 (33 after INSET)
  { name: 'Autumn 2', startDate: '2027-11-01', endDate: '2027-12-17' }, // 7 weeks: 35
  { name: 'Spring 1', startDate: '2028-01-04', endDate: '2028-02-11' }, // Tue-Fri + 5 weeks: 29
  { name: 'Spring 2', startDate: '2028-02-21', endDate: '2028-03-31' }, // 6 weeks: 30
  { name: 'Summer 1', startDate: '2028-04-18', endDate: '2028-05-26' }, // Tue-Fri + 5 weeks: 29 (28 after 1 May)
  { name: 'Summer 2', startDate: '2028-06-05', endDate: '2028-07-21' }, // 7 weeks: 35
];

describe.each(ENGINES)('admin: calendar (%s)', (engine) => {
  let server: TestServer;
  let admin: string;

  const send = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown, cookie: string | null = admin): Promise<LightMyRequestResponse> =>
    server.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers: cookie ? { cookie } : {} });
  const calendar = async (): Promise<CalendarResponse> => (await send('GET', '/api/admin/calendar')).json();
  const day = async (date: string) =>
    (await server.db.query<{ isSchoolDay: boolean; label: string | null; version: number }>(
      `SELECT is_school_day AS "isSchoolDay", label, version::int AS version FROM calendar_days WHERE date = $1`,
      [date],
    )).rows[0];

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  it("shows the demo school's year, its half-terms and school days, and the closures behind its days", async () => {
    const { years } = await calendar();
    expect(years).toHaveLength(1);
    const year = years[0]!;
    expect([year.startDate, year.endDate]).toEqual(['2026-09-01', '2027-08-31']);
    expect(year.terms.map((t) => t.name)).toEqual(['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2']);
    expect(year.schoolDays).toBe(server.demo.days.filter((d) => d.isSchoolDay).length);
    expect(year.terms.reduce((n, t) => n + t.schoolDays, 0)).toBe(year.schoolDays);
    expect(year.closures.filter((c) => c.kind === 'inset')).toHaveLength(5);
  });

  it('creates a year whose school days match the hand count, offering only the bank holidays in term', async () => {
    const created = await send('PUT', '/api/admin/calendar/years/2027-09-01', { endDate: '2028-08-31', terms: TERMS_2027 });
    expect(created.statusCode).toBe(200);
    let year = (created.json() as CalendarResponse).years.find((y) => y.startDate === '2027-09-01')!;
    expect(year.schoolDays).toBe(193);

    const offer = (await send('GET', '/api/admin/calendar/bank-holidays?year=2027-09-01')).json() as BankHolidaysResponse;
    expect(offer.holidays.map((h) => h.date)).toEqual(['2027-12-27', '2027-12-28', '2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28']);
    const inTerm = offer.holidays.filter((h) => h.inTerm && !h.closed);
    expect(inTerm.map((h) => h.date)).toEqual(['2028-05-01']);
    const added = await send('POST', '/api/admin/calendar/closures', {
      closures: inTerm.map((h) => ({ startDate: h.date, label: `Bank holiday: ${h.name}`, kind: 'bank_holiday' })),
    });
    expect(added.statusCode).toBe(201);
    expect((await send('POST', '/api/admin/calendar/closures', { startDate: '2027-09-06', endDate: '2027-09-07', label: 'INSET day', kind: 'inset' })).statusCode).toBe(201);

    year = (await calendar()).years.find((y) => y.startDate === '2027-09-01')!;
    expect(year.terms.map((t) => t.schoolDays)).toEqual([33, 35, 29, 30, 28, 35]);
    expect(year.schoolDays).toBe(190);
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM calendar_days WHERE date BETWEEN '2027-09-01' AND '2028-08-31' AND is_school_day`,
    );
    expect(rows[0]!.n).toBe(190);
    expect(await day('2028-05-01')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Early May bank holiday' });
    expect(await day('2028-02-14')).toMatchObject({ isSchoolDay: false, label: 'Half term' });
    expect((await send('GET', '/api/admin/calendar/bank-holidays?year=2027-09-01')).json().holidays.find((h: { date: string }) => h.date === '2028-05-01').closed).toBe(true);
  });

  it('adds a closure without entries at once, rewriting only that day, and a teacher pull sees it', async () => {
    const teacher = await signIn(server.app, 'teacher1');
    const device = `calendar-${engine}`;
    const first = (await post(server.app, '/api/sync/pull', teacher, { deviceId: device, cursor: null })).json() as PullResponse;
    const res = await send('POST', '/api/admin/calendar/closures', { startDate: '2026-11-27', label: 'Polling day', kind: 'polling_day' });
    expect(res.statusCode).toBe(201);
    const closed = await day('2026-11-27');
    expect(closed).toMatchObject({ isSchoolDay: false, label: 'Polling day' });
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_days WHERE version = $1`, [closed!.version]);
    expect(rows[0]!.n).toBe(1);
    const after = (await post(server.app, '/api/sync/pull', teacher, { deviceId: device, cursor: first.cursor })).json() as PullResponse;
    expect(after.changes.find((c) => c.entity === 'day' && c.key === '2026-11-27')?.value).toEqual({ date: '2026-11-27', isSchoolDay: false, label: 'Polling day' });
    const audit = (await send('GET', '/api/admin/audit?entity=closure&key=2026-11-27')).json();
    expect(audit.entries[0]).toMatchObject({ action: 'create', key: '2026-11-27', summary: 'Closed the school on 27 November 2026: Polling day' });
  });

  it('asks before closing a day with register entries, keeps the entries, and reopens it', async () => {
    const teacher = await signIn(server.app, 'teacher1');
    const pupil = server.demo.pupils.find((p) => p.groupId === 'g1')!.id;
    const pushed = await post(server.app, '/api/sync/push', teacher, { deviceId: `calendar-push-${engine}`, mutations: [markMutation(1, { pupilId: pupil, mark: '/' }, TEST_NOW - 60_000)] });
    expect(pushed.json().results[0].status).toBe('applied');

    const closure = { startDate: '2026-11-24', label: 'Snow', kind: 'other' };
    const asked = await send('POST', '/api/admin/calendar/closures', closure);
    expect(asked.statusCode).toBe(409);
    expect(asked.json()).toMatchObject({ code: 'confirmation_required', entries: 1, dates: [{ date: '2026-11-24', entries: 1 }] });
    expect(asked.json().message).toContain('24 November 2026 has 1 register entry; they will be kept but the day will no longer count.');
    expect(await day('2026-11-24')).toMatchObject({ isSchoolDay: true });
    expect((await calendar()).years[0]!.closures.some((c) => c.startDate === '2026-11-24')).toBe(false);

    expect((await send('POST', '/api/admin/calendar/closures', { ...closure, confirm: true })).statusCode).toBe(201);
    expect(await day('2026-11-24')).toMatchObject({ isSchoolDay: false, label: 'Snow' });
    const cells = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM register_cells WHERE date = '2026-11-24' AND pupil_id = $1`, [pupil]);
    expect(cells.rows[0]!.n).toBe(1);

    expect((await send('DELETE', '/api/admin/calendar/closures/2026-11-24')).statusCode).toBe(200);
    expect(await day('2026-11-24')).toMatchObject({ isSchoolDay: true, label: null });

    // A change of half-terms that would put the day in a break asks the same question.
    const demoYear = (await calendar()).years[0]!;
    const terms = demoYear.terms.map(({ name, startDate, endDate }) => ({ name, startDate, endDate }));
    terms[1] = { ...terms[1]!, startDate: '2026-11-25' };
    const moved = await send('PUT', '/api/admin/calendar/years/2026-09-01', { endDate: '2027-08-31', terms });
    expect(moved.statusCode).toBe(409);
    expect(moved.json()).toMatchObject({ code: 'confirmation_required', entries: 1 });
    expect(await day('2026-11-24')).toMatchObject({ isSchoolDay: true });
    expect((await send('PUT', '/api/admin/calendar/years/2026-09-01', { endDate: '2027-08-31', terms, confirm: true })).statusCode).toBe(200);
    expect(await day('2026-11-24')).toMatchObject({ isSchoolDay: false, label: 'Half term' });
    expect(cells.rows[0]!.n).toBe(1);
  });

  it('refuses a year, closure or removal that cannot be, in words', async () => {
    const bad = await send('PUT', '/api/admin/calendar/years/2028-09-01', { endDate: '2029-08-31', terms: TERMS_2027 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_settings');
    expect(bad.json().problems).toContain('Autumn 1 must fall inside the year (1 September 2028 to 31 August 2029).');
    const overlap = await send('PUT', '/api/admin/calendar/years/2027-06-01', { endDate: '2028-05-31', terms: TERMS_2027.map((t) => ({ ...t, endDate: t.startDate })) });
    expect(overlap.json().problems.join(' ')).toContain('overlaps the year from 1 September 2026 to 31 August 2027');
    const outside = await send('POST', '/api/admin/calendar/closures', { startDate: '2031-01-06', label: 'INSET day', kind: 'inset' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().problems[0]).toMatch(/No academic year holds 6 January 2031/);
    const twice = await send('POST', '/api/admin/calendar/closures', { startDate: '2026-11-27', label: 'Again', kind: 'other' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().problems[0]).toContain('is already closed');
    expect((await send('DELETE', '/api/admin/calendar/closures/2026-11-30')).statusCode).toBe(404);
    expect((await send('GET', '/api/admin/calendar/bank-holidays?year=2040-09-01')).statusCode).toBe(404);
    for (const [method, url, payload] of [
      ['POST', '/api/admin/calendar/closures', { startDate: '2026-11-30', label: 'x\u0000', kind: 'other' }],
      ['POST', '/api/admin/calendar/closures', { startDate: '2026-11-30', label: 'x', kind: 'holiday' }],
      ['POST', '/api/admin/calendar/closures', { startDate: '2026-02-30', label: 'x', kind: 'other' }],
      ['POST', '/api/admin/calendar/closures', { startDate: '2026-11-30', label: 'x'.repeat(1000), kind: 'other' }],
      ['PUT', '/api/admin/calendar/years/not-a-date', { endDate: '2029-08-31', terms: TERMS_2027 }],
      ['PUT', '/api/admin/calendar/years/2028-09-01', { endDate: '2029-08-31', terms: 'six' }],
      ['DELETE', '/api/admin/calendar/closures/2026-13-01', undefined],
      ['GET', '/api/admin/calendar/bank-holidays?year=2026', undefined],
    ] as const) {
      expect((await send(method, url, payload)).statusCode, `${method} ${url}`).toBe(400);
    }
  });

  it('is for admins only: 401 without a session, 403 for teacher, TA and office', async () => {
    const calls = [
      ['GET', '/api/admin/calendar', undefined],
      ['PUT', '/api/admin/calendar/years/2027-09-01', { endDate: '2028-08-31', terms: TERMS_2027 }],
      ['POST', '/api/admin/calendar/closures', { startDate: '2026-12-01', label: 'INSET day', kind: 'inset' }],
      ['DELETE', '/api/admin/calendar/closures/2026-11-27', undefined],
      ['GET', '/api/admin/calendar/bank-holidays?year=2026-09-01', undefined],
    ] as const;
    for (const [method, url, payload] of calls) expect((await send(method, url, payload, null)).statusCode).toBe(401);
    for (const who of ['teacher1', 'ta1', 'office1']) {
      const cookie = await signIn(server.app, who);
      for (const [method, url, payload] of calls) expect((await send(method, url, payload, cookie)).statusCode, `${who} ${method} ${url}`).toBe(403);
    }
    expect(await day('2026-11-27')).toMatchObject({ label: 'Polling day' });
  });
});
