/** The admin's School settings: GET/PUT /api/admin/school (issue 10). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, post, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import type { SchoolSettingsResponse, SchoolSettingsWire } from '../../../src/protocol/adminSchool.js';
import type { Change, PullResponse } from '../../../src/protocol/index.js';
import { DEFAULT_LETTER_TEMPLATE } from '../../../src/protocol/letterTemplate.js';

describe.each(ENGINES)('admin: school settings (%s)', (engine) => {
  let server: TestServer;
  let admin: string;

  const put = (cookie: string | null, payload: unknown): Promise<LightMyRequestResponse> =>
    server.app.inject({ method: 'PUT', url: '/api/admin/school', payload: payload as object, headers: cookie ? { cookie } : {} });
  const get = async (): Promise<SchoolSettingsResponse> => {
    const res = await server.app.inject({ method: 'GET', url: '/api/admin/school', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const good = (): SchoolSettingsWire => ({
    name: 'Hillside Primary School',
    urn: '123456',
    timeZone: 'Europe/London',
    sessions: { AM: { opensAt: '08:40', openMinutes: 25 }, PM: { opensAt: '13:05', openMinutes: 25 } },
    missingRegisterMinutes: 12,
    nWindowSchoolDays: 3,
    attendanceTarget: 96.5,
    attendanceBands: [
      { name: 'Concern', min: 0, max: 92 },
      { name: 'Watch', min: 92, max: 97 },
      { name: 'Good', min: 97, max: null },
    ],
    letterTemplate: DEFAULT_LETTER_TEMPLATE,
    latesInWeek: 4,
  });

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  it('gives the demo school with the default bands (red, amber, green) and no target when none are stored', async () => {
    const body = await get();
    expect(body.settings.name).toBe(server.demo.school.name);
    expect(body.settings.urn).toBe('');
    expect(body.settings.sessions).toEqual(server.demo.school.sessions);
    expect(body.settings.attendanceTarget).toBeNull();
    expect(body.defaultBands).toBe(true);
    expect(body.settings.latesInWeek).toBe(3);
    expect(body.settings.attendanceBands).toEqual([
      { name: 'Red', min: 0, max: 90 },
      { name: 'Amber', min: 90, max: 96 },
      { name: 'Green', min: 96, max: null },
    ]);
  });

  it('keeps what was saved (round trip), audits it, and tablets pull the new register times', async () => {
    const teacher = await signIn(server.app, 'teacher1');
    const first = (await post(server.app, '/api/sync/pull', teacher, { deviceId: `school-${engine}`, cursor: null })).json() as PullResponse;
    const res = await put(admin, good());
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings).toEqual([]);
    const back = await get();
    expect(back.settings).toEqual(good());
    expect(back.defaultBands).toBe(false);

    const after = (await post(server.app, '/api/sync/pull', teacher, { deviceId: `school-${engine}`, cursor: first.cursor })).json() as PullResponse;
    const school = after.changes.find((c: Change) => c.entity === 'school');
    expect(school?.value).toMatchObject({
      name: 'Hillside Primary School',
      sessions: { AM: { opensAt: '08:40', openMinutes: 25 }, PM: { opensAt: '13:05', openMinutes: 25 } },
    });

    const audit = (await server.app.inject({ method: 'GET', url: '/api/admin/audit?entity=school', headers: { cookie: admin } })).json();
    expect(audit.entries[0]).toMatchObject({ action: 'update', entity: 'school', staffName: expect.any(String) });
    expect(audit.entries[0].before.name).toBe(server.demo.school.name);
    expect(audit.entries[0].after.urn).toBe('123456');
  });

  it('gives 3 lates in a week for an alert by default, and keeps the stored number when a PUT leaves it out', async () => {
    expect((await put(admin, { ...good(), latesInWeek: 5 })).statusCode).toBe(200);
    const { latesInWeek: _left, ...withoutLates } = good();
    const res = await put(admin, withoutLates);
    expect(res.statusCode).toBe(200);
    expect(res.json().settings.latesInWeek).toBe(5);
    expect((await get()).settings.latesInWeek).toBe(5);
    const { rows } = await server.db.query<{ n: number }>(`SELECT lates_in_week AS n FROM schools`);
    expect(rows[0].n).toBe(5);
  });

  it('clears the URN and the target when they are left empty', async () => {
    expect((await put(admin, { ...good(), urn: '', attendanceTarget: null })).statusCode).toBe(200);
    const back = await get();
    expect(back.settings.urn).toBe('');
    expect(back.settings.attendanceTarget).toBeNull();
  });

  it.each([
    ['a URN that is not six digits', { urn: '12345' }, 'The URN is six digits'],
    ['a URN with letters', { urn: '12345A' }, 'The URN is six digits'],
    ['a time zone that does not exist', { timeZone: 'Europe/Atlantis' }, 'is not a time zone'],
    ['an opening time not written HH:MM', { sessions: { AM: { opensAt: '8:40', openMinutes: 25 }, PM: { opensAt: '13:05', openMinutes: 25 } } }, 'must be written HH:MM'],
    ['a register open for no time', { sessions: { AM: { opensAt: '08:40', openMinutes: 0 }, PM: { opensAt: '13:05', openMinutes: 25 } } }, 'from 1 to 240'],
    ['a register open longer than the table allows', { sessions: { AM: { opensAt: '08:40', openMinutes: 25 }, PM: { opensAt: '13:05', openMinutes: 241 } } }, 'from 1 to 240'],
    ['missing-register minutes of 0', { missingRegisterMinutes: 0 }, 'counts as missing'],
    ['a fractional N window', { nWindowSchoolDays: 2.5 }, 'window for resolving N'],
    ['a target above 100', { attendanceTarget: 101 }, 'from 0 to 100'],
    ['an empty name', { name: '   ' }, "the school's name"],
    ['no lates in a week for an alert', { latesInWeek: 0 }, 'Lates in a week for an alert must be a whole number from 1 to 10'],
    ['11 lates in a week for an alert', { latesInWeek: 11 }, 'from 1 to 10'],
    ['a fractional number of lates', { latesInWeek: 2.5 }, 'from 1 to 10'],
  ])('refuses %s with 400 invalid_settings in words', async (_what, change, words) => {
    const before = await get();
    const res = await put(admin, { ...good(), ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_settings');
    expect(res.json().problems.join(' ')).toContain(words);
    expect((await get()).settings).toEqual(before.settings);
  });

  it('refuses bands with a gap or an overlap, listing each problem from the domain', async () => {
    const res = await put(admin, {
      ...good(),
      attendanceBands: [
        { name: 'Red', min: 10, max: 90 },
        { name: 'Amber', min: 85, max: 96 },
        { name: 'Green', min: 96, max: 100 },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_settings');
    const problems: string[] = res.json().problems;
    expect(problems).toContain('No band covers 0% up to 10%. Start the lowest band at 0%.');
    expect(problems.some((p) => p.includes('overlap'))).toBe(true);
    expect(problems.some((p) => p.includes('up to and including 100%'))).toBe(true);
    expect((await put(admin, { ...good(), attendanceBands: [] })).json().problems).toEqual(['Add at least one band.']);
  });

  it('saves but warns when a register stays open more than 30 minutes, or AM and PM differ', async () => {
    const res = await put(admin, { ...good(), sessions: { AM: { opensAt: '08:40', openMinutes: 45 }, PM: { opensAt: '13:05', openMinutes: 20 } } });
    expect(res.statusCode).toBe(200);
    const warnings: string[] = res.json().warnings;
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^AM: The register stays open for 45 minutes/);
    expect(warnings[1]).toMatch(/AM register stays open for 45 minutes and the PM register for 20/);
    expect((await get()).warnings).toEqual(warnings);
  });

  it('refuses wrong types and hostile text with 400, never 500', async () => {
    for (const payload of [
      { ...good(), name: 'Hill\u0000side' },
      { ...good(), name: 'x'.repeat(5000) },
      { ...good(), urn: '\uD800' },
      { ...good(), sessions: { AM: { opensAt: '08:40', openMinutes: '25' }, PM: { opensAt: '13:05', openMinutes: 25 } } },
      { ...good(), extra: true },
      JSON.parse('{"__proto__": {"admin": true}}'),
      null,
    ]) {
      const res = await put(admin, payload);
      expect(res.statusCode).toBe(400);
    }
  });

  it('is for admins only: 401 without a session, 403 for teacher, TA and office', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/admin/school' })).statusCode).toBe(401);
    expect((await put(null, good())).statusCode).toBe(401);
    for (const who of ['teacher1', 'ta1', 'office1']) {
      const cookie = await signIn(server.app, who);
      expect((await server.app.inject({ method: 'GET', url: '/api/admin/school', headers: { cookie } })).statusCode).toBe(403);
      expect((await put(cookie, good())).statusCode).toBe(403);
    }
  });
});
