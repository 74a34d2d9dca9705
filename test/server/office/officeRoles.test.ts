import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/time.js';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { getJson, groupPupils, pusher, teacherMarks } from './officeSupport.js';
import { seedDemoTrust } from '../../../src/server/demo/seedDemoTrust.js';

const TODAY = '2026-11-24';

describe.each(ENGINES)('office endpoints and mutations are for the office and admin only (%s)', (engine) => {
  let server: TestServer;
  let pupilId: string;
  const urls = () => [
    '/api/office/missing-registers',
    '/api/office/first-day',
    '/api/office/unresolved-n',
    '/api/office/conflicts',
    `/api/office/late-proposal?pupilId=${pupilId}&date=${TODAY}&session=AM&arrivedAt=2026-11-24T09:12:00Z`,
    '/api/office/on-site',
    `/api/office/pupil/${pupilId}`,
    '/api/office/export.csv',
    '/api/office/export-summary',
    '/api/office/planned-absences',
    `/api/office/bulk-preview?code=Y2&dates=${TODAY}&sessions=AM&groupId=g1`,
    '/api/office/attendance',
    '/api/office/attendance/patterns?send=K',
    '/api/office/alerts',
    '/api/office/letter-template',
  ];

  beforeAll(async () => {
    server = await startTestServer(engine);
    await seedDemoTrust(server.db);
    pupilId = groupPupils(server, 'g1')[0].id;
  });
  afterAll(() => server.close());

  it('answers 403 to teachers, TAs and the trust admin, 401 without a session, and 200 to office and admin', async () => {
    for (const who of ['teacher1', 'ta1', 'trust1']) {
      const cookie = await signIn(server.app, who);
      for (const url of urls()) {
        const body = await getJson(server, cookie, url, 403);
        expect(body.code, `${who} ${url}`).toBe('forbidden');
      }
    }
    for (const url of urls()) {
      expect((await server.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    for (const who of ['office1', 'admin1']) {
      const cookie = await signIn(server.app, who);
      for (const url of urls()) {
        const res = await server.app.inject({ method: 'GET', url, headers: { cookie } });
        expect(res.statusCode, `${who} ${url}: ${res.body}`).toBe(200);
      }
    }
  });

  it('answers malformed queries with a 4xx and {code, message}, never a 5xx', async () => {
    const cookie = await signIn(server.app, 'office1');
    const bad = [
      '/api/office/missing-registers?date=tomorrow', '/api/office/missing-registers?date=2026-11-24&date=2026-11-25',
      '/api/office/first-day?date=2026-13-40', '/api/office/on-site?date=%00', '/api/office/conflicts?status=open&status=all',
      '/api/office/late-proposal', `/api/office/late-proposal?pupilId=${'x'.repeat(65)}&date=${TODAY}&session=AM&arrivedAt=2026-11-24T09:00:00Z`,
      `/api/office/late-proposal?pupilId=p&date=2026-02-30&session=AM&arrivedAt=2026-02-30T09:00:00Z`,
      '/api/office/pupil/%20?from=2026-01-01&to=2025-01-01', '/api/office/pupil/x?to=never',
      '/api/office/export.csv?from=2026-11-30&to=2026-11-01', '/api/office/export.csv?groupId=%27%3B--',
      '/api/office/planned-absences?from=0', '/api/office/bulk-preview', '/api/office/bulk-preview?code=%23&dates=,,,',
      // 400 different dates: more than a bulk change may name.
      `/api/office/bulk-preview?code=%23&dates=${Array.from({ length: 400 }, (_, i) => addDays('2026-01-01', i)).join(',')}`,
    ];
    for (const url of bad) {
      const res = await server.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, `${url}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
      expect(Object.keys(res.json()).sort()).toEqual(['code', 'message']);
    }
  });

  it("refuses every new mutation to teachers and TAs (role_not_allowed) and applies admin's", async () => {
    const g1 = groupPupils(server, 'g1');
    // A conflict for conflict.resolve: the office booked an appointment, the teacher saw the pupil.
    const admin = pusher(server, await signIn(server.app, 'admin1'), 'admin1-desk-roles');
    expect((await admin('code.set', { pupilId: g1[1].id, date: TODAY, session: 'AM', code: 'M' })).status).toBe('applied');
    await teacherMarks(server)('g1', [{ pupilId: g1[1].id, mark: '/' }]);
    const { rows } = await server.db.query<{ id: string }>(`SELECT id FROM conflicts WHERE pupil_id = $1`, [g1[1].id]);
    const conflictId = rows[0].id;

    const mutations = (): Array<{ type: string; args: unknown }> => [
      { type: 'contact.record', args: { id: randomUUID(), pupilId: g1[0].id, date: TODAY, method: 'phone', outcome: 'No answer' } },
      { type: 'conflict.resolve', args: { conflictId, resolution: 'Checked: the appointment stands' } },
      { type: 'pupil.signout', args: { id: randomUUID(), pupilId: g1[2].id, reason: 'Unwell' } },
      { type: 'pupil.signin', args: { id: randomUUID(), pupilId: g1[2].id } },
      { type: 'absence.plan', args: { id: randomUUID(), pupilIds: [g1[3].id], startDate: '2026-11-26', endDate: '2026-11-26', sessions: ['AM'], code: 'M' } },
      { type: 'code.bulk', args: { id: randomUUID(), code: 'Y2', dates: ['2026-11-27'], sessions: ['AM'], groupId: 'g1', reason: 'Snow' } },
    ];
    for (const who of ['teacher1', 'ta1']) {
      const push = pusher(server, await signIn(server.app, who), `${who}-roles-device`);
      const results = await push.many(mutations());
      expect(results.map((r) => r.code), who).toEqual(Array(6).fill('role_not_allowed'));
    }
    const results = await admin.many(mutations());
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
  });
});
