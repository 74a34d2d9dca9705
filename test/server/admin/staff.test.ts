import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../../support/serverHarness.js';
import type { StaffRow } from '../../../src/protocol/adminStaff.js';

describe.each(ENGINES)('admin: staff accounts (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, cookie: string | null = admin): Promise<LightMyRequestResponse> =>
    server.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const staff = async () => (await call('GET', '/api/admin/staff')).json().staff as StaffRow[];
  const person = async (id: string) => (await staff()).find((s) => s.id === id)!;
  const auditText = async () => JSON.stringify((await server.db.query(`SELECT * FROM admin_audit`)).rows);

  it('lists every account with role, classes, password, waiting code and last sign-in', async () => {
    const list = await staff();
    expect(list).toHaveLength(9);
    const t1 = list.find((s) => s.username === 'teacher1')!;
    expect(t1).toMatchObject({ displayName: 'Ms Patel', role: 'teacher', active: true, hasPassword: true, codeExpiresAt: null, groups: [{ id: 'g1', name: 'Year 1 Hazel' }] });
    expect(list.find((s) => s.username === 'admin1')!.lastSignInAt).toBe(new Date(TEST_NOW).toISOString());
    expect(t1.lastSignInAt).toBeNull();
  });

  it('creates an account without a password, with a readable unique username and a 14-day code', async () => {
    // Usernames are unique across the whole database: another school already has asmith.
    await server.db.query(`INSERT INTO schools (id, name) VALUES ('other', 'Other School')`);
    await server.db.query(`INSERT INTO staff (school_id, id, username, display_name, role, password_hash) VALUES ('other', 'x1', 'ASmith', 'A Smith', 'teacher', NULL)`);
    const res = await call('POST', '/api/admin/staff', { title: 'Mrs', forename: 'Anna', surname: 'Smith', role: 'teacher', email: 'a.smith@school.org.uk', groups: ['g4'] });
    expect(res.statusCode).toBe(201);
    const { account } = res.json();
    expect(account.username).toBe('asmith2');
    expect(account.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(account.expiresAt).toBe(new Date(TEST_NOW + 14 * 86_400_000).toISOString());
    const row = (await server.db.query<{ password_hash: string | null; title: string }>(`SELECT password_hash, title FROM staff WHERE id = $1`, [account.staffId])).rows[0]!;
    expect(row).toEqual({ password_hash: null, title: 'Mrs' });
    const listed = await person(account.staffId);
    expect(listed).toMatchObject({ displayName: 'Anna Smith', hasPassword: false, codeExpiresAt: account.expiresAt, groups: [{ id: 'g4' }] });
    expect(await auditText()).not.toContain(account.code);

    const again = await call('POST', '/api/admin/staff', { displayName: 'Émile Zoë Smith', role: 'ta' });
    expect(again.json().account.username).toBe('esmith');
  });

  it('validates the new account', async () => {
    for (const body of [
      { forename: 'No', role: 'teacher' },
      { displayName: 'A B', role: 'headteacher' },
      { displayName: 'A\u0000B', role: 'teacher' },
      { displayName: 'A B', role: 'teacher', email: 'not-an-email' },
      { displayName: 'x'.repeat(101), role: 'teacher' },
      { displayName: 'A B', role: 'teacher', password: 'sneaky' },
    ]) {
      expect((await call('POST', '/api/admin/staff', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call('POST', '/api/admin/staff', { displayName: 'A B', role: 'teacher', groups: ['nope'] })).statusCode).toBe(400);
  });

  it('edits name, role and classes; classes start today and end yesterday', async () => {
    const res = await call('PATCH', '/api/admin/staff/s-teacher5', { role: 'ta', groups: ['g6'], email: 'ahmed@school.org.uk' });
    expect(res.statusCode).toBe(200);
    expect(res.json().staff).toMatchObject({ role: 'ta', email: 'ahmed@school.org.uk', groups: [{ id: 'g6' }] });
    const rows = (await server.db.query<{ group_id: string; end_date: string | null; start_date: string }>(
      `SELECT group_id, start_date::text, end_date::text FROM staff_assignments WHERE staff_id = 's-teacher5' ORDER BY group_id`)).rows;
    expect(rows.map((r) => [r.group_id, r.end_date])).toEqual([['g5', '2026-11-23'], ['g6', null]]);
    expect(rows[1]!.start_date).toBe(TEST_TODAY);
    expect(await auditText()).toContain("Changed Mr Ahmed's account");
    expect((await call('PATCH', '/api/admin/staff/s-nobody', { role: 'ta' })).statusCode).toBe(404);
    expect((await call('PATCH', '/api/admin/staff/s-teacher5', { role: 'boss' })).statusCode).toBe(400);
  });

  it('disabling ends sessions and device keys at once; enabling lets them sign in again', async () => {
    const teacher3 = await signIn(server.app, 'teacher3');
    const deviceId = 'tablet-disable-teacher3';
    const key = await post(server.app, '/api/sync/device-key', teacher3, { deviceId });
    expect(key.statusCode).toBe(200);
    const res = await call('POST', '/api/admin/staff/s-teacher3/disable');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ disabled: true, sessionsEnded: 1, keysRemoved: 1 });

    expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: teacher3 } })).statusCode).toBe(401);
    const pupil = server.demo.pupils.find((p) => p.groupId === 'g3')!.id;
    const push = await server.app.inject({
      method: 'POST', url: '/api/sync/push', headers: { 'x-device-key': key.json().deviceKey },
      payload: { deviceId, mutations: [markMutation(1, { pupilId: pupil, mark: '/' }, TEST_NOW)] },
    });
    expect(push.statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'teacher3', password: 'demo' } })).statusCode).not.toBe(200);
    expect((await person('s-teacher3')).active).toBe(false);
    expect((await call('POST', '/api/admin/staff/s-teacher3/code')).statusCode).toBe(409);

    expect((await call('POST', '/api/admin/staff/s-teacher3/enable')).statusCode).toBe(200);
    expect((await person('s-teacher3')).active).toBe(true);
    await signIn(server.app, 'teacher3');
    expect(await auditText()).toContain('Disabled Mrs Green');
  });

  it('a new code ends the earlier one and is never audited', async () => {
    const first = (await call('POST', '/api/admin/staff/s-teacher6/code')).json().account;
    // A second click in the same millisecond is refused (codes are keyed by their instant), never a 500.
    expect((await call('POST', '/api/admin/staff/s-teacher6/code')).statusCode).toBe(409);
    server.clock.set(TEST_NOW + 60_000);
    const second = await call('POST', '/api/admin/staff/s-teacher6/code');
    server.clock.set(TEST_NOW);
    expect(second.statusCode).toBe(200);
    expect(second.json().account.code).not.toBe(first.code);
    const codes = (await server.db.query<{ used_at: unknown }>(`SELECT used_at FROM first_sign_in_codes WHERE staff_id = 's-teacher6' ORDER BY issued_at, used_at NULLS LAST`)).rows;
    expect(codes.filter((c) => c.used_at === null)).toHaveLength(1);
    const audit = await auditText();
    expect(audit).not.toContain(first.code);
    expect(audit).not.toContain(second.json().account.code);
    expect((await call('POST', '/api/admin/staff/s-nobody/code')).statusCode).toBe(404);
  });

  it('an admin cannot disable or demote themselves, so the school keeps an active admin', async () => {
    const disable = await call('POST', '/api/admin/staff/s-admin1/disable');
    expect(disable.statusCode).toBe(409);
    expect(disable.json()).toMatchObject({ code: 'own_account' });
    const demote = await call('PATCH', '/api/admin/staff/s-admin1', { role: 'office' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().message).toMatch(/another admin/);
    expect((await person('s-admin1'))).toMatchObject({ role: 'admin', active: true });

    // With a second admin, either may disable the other, never the last.
    await call('PATCH', '/api/admin/staff/s-office1', { role: 'admin' });
    const office1 = await signIn(server.app, 'office1');
    expect((await call('POST', '/api/admin/staff/s-admin1/disable', undefined, office1)).statusCode).toBe(200);
    expect((await call('PATCH', '/api/admin/staff/s-office1', { role: 'teacher' }, office1)).statusCode).toBe(409);
    expect((await call('POST', '/api/admin/staff/s-admin1/enable', undefined, office1)).statusCode).toBe(200);
    admin = await signIn(server.app, 'admin1');
    expect((await call('PATCH', '/api/admin/staff/s-office1', { role: 'office' })).statusCode).toBe(200);
  });

  it('is for admins only', async () => {
    const routes: Array<['GET' | 'POST' | 'PATCH', string, unknown]> = [
      ['GET', '/api/admin/staff', undefined],
      ['POST', '/api/admin/staff', { displayName: 'Not Made', role: 'admin' }],
      ['PATCH', '/api/admin/staff/s-teacher1', { role: 'admin' }],
      ['POST', '/api/admin/staff/s-teacher1/disable', undefined],
      ['POST', '/api/admin/staff/s-teacher1/enable', undefined],
      ['POST', '/api/admin/staff/s-teacher1/code', undefined],
    ];
    const cookies = await Promise.all(['teacher1', 'ta1', 'office1'].map((u) => signIn(server.app, u)));
    for (const [method, url, body] of routes) {
      expect((await call(method, url, body, null)).statusCode).toBe(401);
      for (const cookie of cookies) expect((await call(method, url, body, cookie)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await staff()).some((s) => s.displayName === 'Not Made')).toBe(false);
    expect((await person('s-teacher1'))).toMatchObject({ role: 'teacher', active: true });
  });
});
