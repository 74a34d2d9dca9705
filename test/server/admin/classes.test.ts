import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, signIn, startTestServer, TEST_TODAY, type TestServer } from '../../support/serverHarness.js';
import type { GroupRow } from '../../../src/protocol/adminStaff.js';

describe.each(ENGINES)('admin: classes (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, cookie: string | null = admin): Promise<LightMyRequestResponse> =>
    server.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const groups = async () => (await call('GET', '/api/admin/groups')).json().groups as GroupRow[];
  const version = async () => Number((await server.db.query<{ version: string }>(`SELECT version FROM sync_state`)).rows[0]!.version);
  // The test clock stands still, so entries are told apart by their action (and the latest by its version).
  const audit = async (entity: string, action?: string) => (await server.db.query<{ action: string; summary: string; before: unknown; after: unknown }>(
    `SELECT action, summary, before, after FROM admin_audit WHERE entity = $1 AND ($2::text IS NULL OR action = $2) ORDER BY at, id`, [entity, action ?? null])).rows;

  it('lists each class with its year group, teachers, TAs, covers today and pupils on roll', async () => {
    const list = await groups();
    expect(list).toHaveLength(6);
    const g1 = list.find((g) => g.id === 'g1')!;
    expect(g1).toMatchObject({ name: 'Year 1 Hazel', yearGroup: 1, teachers: [{ id: 's-teacher1', displayName: 'Ms Patel' }], tas: [] });
    expect(g1.pupilsOnRoll).toBe(server.demo.pupils.filter((p) => p.groupId === 'g1').length);
    // The demo's TA covers Year 2 this afternoon: a dated cover, shown apart from the class's own staff.
    expect(list.find((g) => g.id === 'g2')!.coversToday).toEqual([{ id: 's-ta1', displayName: 'Mr Hughes' }]);
  });

  it('adds a class, refuses a name already used (any case), and renames it', async () => {
    const before = await version();
    const res = await call('POST', '/api/admin/groups', { name: 'Reception Oak', yearGroup: 0 });
    expect(res.statusCode).toBe(201);
    const created = res.json().group;
    expect(created).toMatchObject({ name: 'Reception Oak', yearGroup: 0 });
    const row = (await server.db.query<{ version: string }>(`SELECT version FROM registration_groups WHERE id = $1`, [created.id])).rows[0]!;
    expect(Number(row.version)).toBe(before + 1);
    expect((await audit('group', 'create')).at(-1)).toMatchObject({ action: 'create', after: { name: 'Reception Oak' } });

    const clash = await call('POST', '/api/admin/groups', { name: 'year 1 HAZEL', yearGroup: 1 });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('class_name_taken');
    expect((await call('PATCH', `/api/admin/groups/${created.id}`, { name: 'Year 2 Rowan' })).statusCode).toBe(409);

    const renamed = await call('PATCH', `/api/admin/groups/${created.id}`, { name: 'Reception Ash', yearGroup: null });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().group).toMatchObject({ name: 'Reception Ash', yearGroup: null });
    expect((await audit('group', 'update')).at(-1)).toMatchObject({ action: 'update', before: { name: 'Reception Oak' }, after: { name: 'Reception Ash' } });
    expect((await call('PATCH', '/api/admin/groups/nope', { name: 'X' })).statusCode).toBe(404);
  });

  it('validates bodies: empty or NUL names, bad year groups, unknown fields', async () => {
    for (const body of [{ name: '', yearGroup: 1 }, { name: 'A\u0000B', yearGroup: 1 }, { name: 'A', yearGroup: 99 }, { name: 'A', yearGroup: 1, __proto__x: 1 }, { name: 'x'.repeat(41), yearGroup: 1 }, {}]) {
      const res = await call('POST', '/api/admin/groups', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call('PUT', '/api/admin/groups/g1/staff', { teachers: ['s-teacher1'], tas: ['s-teacher1'] })).statusCode).toBe(400);
    expect((await call('PUT', '/api/admin/groups/g1/staff', { teachers: ['s-ta1'], tas: [] })).statusCode).toBe(400);
    expect((await call('PUT', '/api/admin/groups/g1/staff', { teachers: [], tas: ['s-teacher2'] })).statusCode).toBe(400);
    expect((await call('PUT', '/api/admin/groups/g1/staff', { teachers: ['s-nobody'], tas: [] })).statusCode).toBe(400);
    expect((await call('PUT', '/api/admin/groups/nope/staff', { teachers: [], tas: [] })).statusCode).toBe(404);
  });

  it('sets teachers and TAs from today: a new one starts today, a removed one ends yesterday, history stays', async () => {
    const before = await version();
    const res = await call('PUT', '/api/admin/groups/g1/staff', { teachers: ['s-teacher2'], tas: ['s-ta1'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().group).toMatchObject({ teachers: [{ id: 's-teacher2' }], tas: [{ id: 's-ta1' }] });
    const rows = (await server.db.query<{ staff_id: string; start_date: string; end_date: string | null; sessions: string[]; kind: string; version: string }>(
      `SELECT staff_id, start_date::text, end_date::text, sessions, kind, version FROM staff_assignments WHERE group_id = 'g1' ORDER BY staff_id`)).rows;
    expect(rows.map((r) => [r.staff_id, r.kind, r.start_date, r.end_date, r.sessions])).toEqual([
      ['s-ta1', 'teacher', TEST_TODAY, null, ['AM', 'PM']],
      ['s-teacher1', 'teacher', server.demo.days[0]!.date, '2026-11-23', ['AM', 'PM']],
      ['s-teacher2', 'teacher', TEST_TODAY, null, ['AM', 'PM']],
    ]);
    expect(rows.every((r) => Number(r.version) === before + 1)).toBe(true);
    expect((await audit('group', 'assign')).at(-1)).toMatchObject({ action: 'assign', after: { started: ['Mr Okafor', 'Mr Hughes'], ended: ['Ms Patel'] } });

    // The same again changes nothing (no new rows, no audit).
    const audits = (await audit('group')).length;
    expect((await call('PUT', '/api/admin/groups/g1/staff', { teachers: ['s-teacher2'], tas: ['s-ta1'] })).statusCode).toBe(200);
    expect((await audit('group')).length).toBe(audits);
    expect((await server.db.query(`SELECT 1 FROM staff_assignments WHERE group_id = 'g1'`)).rows).toHaveLength(3);
  });

  it('a teacher given a class pulls it; the one taken off no longer registers it from today', async () => {
    const teacher2 = await signIn(server.app, 'teacher2');
    const pull = await server.app.inject({ method: 'POST', url: '/api/sync/pull', headers: { cookie: teacher2 }, payload: { deviceId: 'tablet-classes-1' } });
    expect(pull.statusCode).toBe(200);
    const groupsPulled = (pull.json().changes as Array<{ entity: string; key: string }>).filter((c) => c.entity === 'group').map((c) => c.key);
    expect(groupsPulled).toContain('g1');
  });

  it('is for admins only', async () => {
    const routes: Array<['GET' | 'POST' | 'PATCH' | 'PUT', string, unknown]> = [
      ['GET', '/api/admin/groups', undefined],
      ['POST', '/api/admin/groups', { name: 'Nope', yearGroup: 1 }],
      ['PATCH', '/api/admin/groups/g1', { name: 'Nope' }],
      ['PUT', '/api/admin/groups/g1/staff', { teachers: [], tas: [] }],
    ];
    for (const [method, url, body] of routes) {
      expect((await call(method, url, body, null)).statusCode).toBe(401);
      for (const who of ['teacher1', 'ta1', 'office1']) {
        const res = await call(method, url, body, await signIn(server.app, who));
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
      }
    }
    expect((await groups()).some((g) => g.name === 'Nope')).toBe(false);
  });
});
