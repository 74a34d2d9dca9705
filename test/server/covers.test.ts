import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/protocol/index.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('covers and the "pupil is here" flag (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  let seq = 0;
  const officeMutation = (type: string, args: unknown) => ({ seq: ++seq, id: randomUUID(), type, args, observedAt: new Date(TEST_NOW).toISOString(), clockOffsetMs: 0 });
  const officePush = async (type: string, args: unknown) => {
    const res = await post(server.app, '/api/sync/push', office, { deviceId: 'office-desk-1', mutations: [officeMutation(type, args)] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results[0];
  };

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
  });
  afterAll(() => server.close());

  it('lets the office put teacher5 on Year 1 for this morning only, and take the cover off again', async () => {
    const teacher5 = await signIn(server.app, 'teacher5');
    const g1pupil = server.demo.pupils.find((p) => p.groupId === 'g1')!.id;
    const before = await post(server.app, '/api/sync/push', teacher5, { deviceId: 'device-t5', mutations: [markMutation(1, { pupilId: g1pupil, mark: '/' }, TEST_NOW - 60_000)] });
    expect(before.json().results[0].code).toBe('not_your_group');

    const id = randomUUID();
    expect(await officePush('cover.add', { id, staffId: 's-teacher5', groupId: 'g1', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['AM'] })).toEqual({ seq, status: 'applied' });
    const covers = (await server.app.inject({ method: 'GET', url: '/api/office/covers?from=2026-11-23&to=2026-11-30', headers: { cookie: office } })).json().covers;
    expect(covers).toContainEqual(expect.objectContaining({ id, staffName: 'Mr Ahmed', groupName: 'Year 1 Hazel', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['AM'], createdBy: 'Mrs Begum' }));

    const pull = (await post(server.app, '/api/sync/pull', teacher5, { deviceId: 'device-t5', cursor: null })).json() as PullResponse;
    expect(pull.changes.filter((c) => c.entity === 'group').map((c) => c.key).sort()).toEqual(['g1', 'g5']);
    const during = await post(server.app, '/api/sync/push', teacher5, { deviceId: 'device-t5', mutations: [markMutation(2, { pupilId: g1pupil, mark: '/' }, TEST_NOW - 60_000)] });
    expect(during.json().results[0].status).toBe('applied');
    const pm = await post(server.app, '/api/sync/push', teacher5, { deviceId: 'device-t5', mutations: [markMutation(3, { pupilId: g1pupil, session: 'PM', mark: '/' }, TEST_NOW - 60_000)] });
    expect(pm.json().results[0].code).toBe('not_your_group');

    expect((await officePush('cover.remove', { id })).status).toBe('applied');
    const after = (await post(server.app, '/api/sync/pull', teacher5, { deviceId: 'device-t5', cursor: pull.cursor })).json() as PullResponse;
    expect(after.reset).toBe(true);
    expect(after.changes.filter((c) => c.entity === 'group').map((c) => c.key)).toEqual(['g5']);
    const audit = await server.db.query<{ type: string; args: { id: string } }>(`SELECT type, args FROM mutation_log WHERE device_id = 'office-desk-1' ORDER BY seq`);
    expect(audit.rows.map((r) => [r.type, r.args.id])).toEqual([['cover.add', id], ['cover.remove', id]]);
  });

  it('refuses covers from teachers, and covers that make no sense, each with a reason', async () => {
    const teacher1 = await signIn(server.app, 'teacher1');
    const fromTeacher = await post(server.app, '/api/sync/push', teacher1, {
      deviceId: 'dev-t1-covers',
      mutations: [{ seq: 1, id: randomUUID(), type: 'cover.add', args: { id: randomUUID(), staffId: 's-ta1', groupId: 'g1', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['AM'] }, observedAt: new Date(TEST_NOW).toISOString(), clockOffsetMs: 0 }],
    });
    expect(fromTeacher.json().results[0].code).toBe('role_not_allowed');
    const base = { staffId: 's-ta1', groupId: 'g1', startDate: '2026-11-24', endDate: '2026-11-25', sessions: ['PM'] };
    expect((await officePush('cover.add', { ...base, id: randomUUID(), endDate: '2026-11-20' })).code).toBe('invalid_args');
    expect((await officePush('cover.add', { ...base, id: randomUUID(), staffId: 's-office1' })).code).toBe('unknown_staff');
    expect((await officePush('cover.add', { ...base, id: randomUUID(), groupId: 'g99' })).code).toBe('unknown_group');
    expect((await officePush('cover.add', { ...base, id: randomUUID(), sessions: [] })).code).toBe('invalid_args');
    expect((await officePush('cover.remove', { id: 'asg-g1-teacher1' })).code).toBe('not_a_cover');
    expect((await officePush('cover.remove', { id: 'no-such-cover' })).code).toBe('unknown_cover');
  });

  it('answers "pupil is here" with a conflict for the office and leaves the office code alone', async () => {
    const teacher1 = await signIn(server.app, 'teacher1');
    const [withCode, withoutCode] = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    // The office booked an appointment (M) for this morning. (Office codes arrive with issue 4; set it directly.)
    await server.db.query(
      `INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, office_code, office_version, office_event_id, office_staff_id, version)
       VALUES ('demo', $1, '2026-11-24', 'AM', 'M', 'office', 'M', 1, 'e-office', 's-office1', 1)
       ON CONFLICT (school_id, pupil_id, date, session) DO UPDATE SET code = 'M', source = 'office', office_code = 'M', office_version = 1`,
      [withCode],
    );
    const flag = (pupilId: string, s: number) => ({ seq: s, id: randomUUID(), type: 'pupil.here', args: { pupilId, date: '2026-11-24', session: 'AM' }, observedAt: new Date(TEST_NOW - 30_000).toISOString(), clockOffsetMs: 0 });
    const res = (await post(server.app, '/api/sync/push', teacher1, { deviceId: 'dev-t1-here', mutations: [flag(withCode, 1), flag(withoutCode, 2)] })).json();
    expect(res.results[0].status).toBe('applied');
    expect(res.results[1]).toMatchObject({ status: 'rejected', code: 'no_office_code' });
    const { rows } = await server.db.query<{ office_code: string; teacher_code: string; raised_by: string; resolved_at: Date | null }>(
      `SELECT office_code, teacher_code, raised_by, resolved_at FROM conflicts WHERE pupil_id = $1`, [withCode]);
    expect(rows).toEqual([{ office_code: 'M', teacher_code: 'here', raised_by: 's-teacher1', resolved_at: null }]);
    const cell = await server.db.query<{ code: string }>(`SELECT code FROM register_cells WHERE pupil_id = $1 AND date = '2026-11-24' AND session = 'AM'`, [withCode]);
    expect(cell.rows[0].code).toBe('M');
  });

  it('serves the office its lists and refuses them to teachers', async () => {
    const staff = (await server.app.inject({ method: 'GET', url: '/api/office/staff', headers: { cookie: office } })).json().staff;
    expect(staff.map((s: { username: string }) => s.username)).toContain('ta1');
    const groups = (await server.app.inject({ method: 'GET', url: '/api/office/groups', headers: { cookie: office } })).json().groups;
    expect(groups).toHaveLength(6);
    const teacher1 = await signIn(server.app, 'teacher1');
    for (const url of ['/api/office/staff', '/api/office/groups', '/api/office/covers']) {
      expect((await server.app.inject({ method: 'GET', url, headers: { cookie: teacher1 } })).statusCode).toBe(403);
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/office/covers?from=2026-13-01', headers: { cookie: office } })).statusCode).toBe(400);
  });
});
