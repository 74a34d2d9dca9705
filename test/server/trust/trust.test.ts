/**
 * The trust admin (issue 12): creates a school whose setup address its first admin uses, reads every school's
 * headline figures (the same as each school's own office reads), and is refused every school route; every
 * school role is refused the trust's routes.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, post, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { seedDemoTrust } from '../../../src/server/demo/seedDemoTrust.js';
import type { TrustOverviewResponse } from '../../../src/protocol/trust.js';
import { getJson, groupPupils, teacherMarks } from '../office/officeSupport.js';

const SCHOOL_ROLES = ['teacher1', 'ta1', 'office1', 'admin1'];

describe.each(ENGINES)('the trust admin (%s)', (engine) => {
  let server: TestServer;
  let trust: string;
  const routes: Array<{ method: string; url: string }> = [];
  let newSchool: { schoolId: string; adminCookie: string };

  beforeAll(async () => {
    const collect = (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    };
    server = await startTestServer(engine, undefined, undefined, { onRoute: collect });
    await seedDemoTrust(server.db);
    // Some of the morning's marks at the demo school, so its figures are not all zero: two absent.
    const g1 = groupPupils(server, 'g1');
    await teacherMarks(server)('g1', g1.map((p, i) => ({ pupilId: p.id, mark: i < 2 ? 'N' : '/' })));
    trust = await signIn(server.app, 'trust1');
  }, 60_000);
  afterAll(() => server.close());

  it('creates a school whose one-time setup address gives it its first admin, who sees only it', async () => {
    const created = await post(server.app, '/api/trust/schools', trust, { name: 'Oakfield Academy', urn: '123456' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { schoolId, setupAddress } = created.json();
    expect(setupAddress).toMatch(/^http:\/\/[^/]+\/setup\?token=[A-Za-z0-9_-]{40,}$/);
    const token = new URL(setupAddress).searchParams.get('token')!;

    // Plain refusals: a URN twice, a URN that is not 6 digits.
    const twice = await post(server.app, '/api/trust/schools', trust, { name: 'Oakfield Again', urn: '123456' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'urn_taken' });
    expect(twice.json().message).toContain('Oakfield Academy');
    expect((await post(server.app, '/api/trust/schools', trust, { name: 'Short', urn: '12345' })).statusCode).toBe(400);

    const admin = { username: 'oak.admin', displayName: 'Mr Oakley', password: 'a long enough password' };
    const setup = await post(server.app, '/api/setup', null, { token, school: { name: 'Oakfield Academy', urn: '' }, admin });
    expect(setup.statusCode, setup.body).toBe(201);
    expect(setup.json()).toMatchObject({ schoolId, user: { role: 'admin', schoolId, schoolName: 'Oakfield Academy' } });
    expect((await post(server.app, '/api/setup', null, { token, school: { name: 'Again' }, admin: { ...admin, username: 'oak2' } })).statusCode).toBe(403);

    const adminCookie = await signIn(server.app, 'oak.admin', admin.password);
    const school = await getJson(server, adminCookie, '/api/admin/school');
    expect(school.settings).toMatchObject({ name: 'Oakfield Academy', urn: '123456' });
    expect((await getJson(server, adminCookie, '/api/admin/pupils')).pupils).toEqual([]);
    const staff = (await getJson(server, adminCookie, '/api/admin/staff')).staff as Array<{ username: string }>;
    expect(staff.map((s) => s.username)).toEqual(['oak.admin']);
    const audit = JSON.stringify(await getJson(server, adminCookie, '/api/admin/audit'));
    expect(audit).toContain('Created Oakfield Academy (URN 123456) for the trust');
    expect(audit).toContain('as its first admin');
    newSchool = { schoolId, adminCookie };
  });

  it("shows every school's figures, each as the school's own office reads them", async () => {
    expect(newSchool).toBeDefined();
    const res = await server.app.inject({ method: 'GET', url: '/api/trust/overview', headers: { cookie: trust } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const overview = res.json() as TrustOverviewResponse;
    expect(overview.schools.map((s) => s.name)).toEqual(['Oakfield Academy', server.demo.school.name].sort());
    const own = new Map([[server.demo.school.id, await signIn(server.app, 'admin1')], [newSchool.schoolId, newSchool.adminCookie]]);
    for (const row of overview.schools) {
      const cookie = own.get(row.schoolId)!;
      const { from, to } = row.attendance.range;
      const attendance = await getJson(server, cookie, `/api/office/attendance?from=${from}&to=${to}`);
      expect(row.attendance.percent, row.name).toBe(attendance.totals.attendancePercent);
      expect(row.attendance.possibleSessions).toBe(attendance.totals.possible);
      expect(row.attendance.pupils).toBe(attendance.totals.pupils);
      expect(row.persistentAbsence.pupils).toBe(attendance.totals.persistentAbsence);
      expect(row.persistentAbsence.range).toEqual(row.attendance.range);
      const missing = await getJson(server, cookie, '/api/office/missing-registers');
      expect(row.missingRegisters).toEqual({ date: missing.date, registers: missing.registers.length });
      const alerts = await getJson(server, cookie, `/api/office/alerts?from=${row.alertsWaiting.range.from}&to=${row.alertsWaiting.range.to}`);
      expect(row.alertsWaiting.alerts).toBe(alerts.waiting.total);
    }
    const demo = overview.schools.find((s) => s.schoolId === server.demo.school.id)!;
    // The demo school has pupils, marks (two N of g1's) and registers not yet taken at 09:05.
    expect(demo.attendance.possibleSessions).toBeGreaterThan(0);
    expect(demo.attendance.percent).toBeLessThan(100);
    expect(demo.persistentAbsence.pupils).toBeGreaterThanOrEqual(2);
    expect(demo.missingRegisters.registers).toBeGreaterThan(0);
    expect(demo.setUp).toBe(true);
    const oak = overview.schools.find((s) => s.schoolId === newSchool.schoolId)!;
    expect(oak).toMatchObject({ urn: '123456', setUp: true, attendance: { pupils: 0, percent: null } });
  });

  it('refuses the trust routes to every school role and to no session', async () => {
    const trustRoutes = routes.filter((r) => r.url.startsWith('/api/trust/'));
    expect(trustRoutes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /api/trust/overview', 'HEAD /api/trust/overview', 'POST /api/trust/schools']);
    const cookies = [...await Promise.all(SCHOOL_ROLES.map((u) => signIn(server.app, u))), newSchool.adminCookie];
    for (const cookie of [...cookies, null]) {
      for (const r of trustRoutes) {
        const res = await server.app.inject({ method: r.method as 'GET', url: r.url, headers: cookie ? { cookie } : {}, payload: r.method === 'POST' ? { name: 'Sneaky', urn: '654321' } : undefined });
        expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(cookie ? 403 : 401);
      }
    }
    const { rows } = await server.db.query(`SELECT 1 FROM schools WHERE urn = '654321'`);
    expect(rows).toEqual([]);
  });

  it('refuses the trust admin every route that needs a session, but its own and who it is', async () => {
    // Every route the app registers: those that answer 401 without a session must answer the trust admin 403.
    let checked = 0;
    for (const r of routes.filter((x) => x.method !== 'HEAD' && !x.url.startsWith('/api/trust/') && x.url !== '/api/auth/me')) {
      const url = r.url.replace(/:(\w+)/g, 'x-$1');
      const payload = ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined;
      const anonymous = await server.app.inject({ method: r.method as 'GET', url, payload });
      if (anonymous.statusCode !== 401) continue;
      const res = await server.app.inject({ method: r.method as 'GET', url, payload, headers: { cookie: trust } });
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    const me = await getJson(server, trust, '/api/auth/me');
    expect(me.user).toMatchObject({ username: 'trust1', role: 'trust' });
  }, 60_000);
});
