/**
 * Admin pupils' records on both engines: list and search, create (on roll and in a class from the admission
 * date), edit (send kept equal to sen_status <> 'none', contacts replaced in priority order), UPN checks,
 * hostile and impossible input refused with 400, warnings for a date of birth that does not fit the year,
 * the audit, and role tests for every endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import type { PupilListResponse, PupilRecord } from '../../../src/protocol/adminPupils.js';

const UPN_1 = 'H201300126001';
const UPN_2 = 'X201300126002';

/** A Year 3 pupil in 2026/27 (born September 2018 to August 2019). */
const newPupil = (extra: Record<string, unknown> = {}) => ({
  firstName: 'Amara',
  lastName: 'Quennell',
  preferredName: 'Mara',
  dateOfBirth: '2018-10-02',
  gender: 'F',
  groupId: 'g3',
  admissionDate: '2026-11-25',
  contacts: [{ name: 'Grace Quennell', relationship: 'Mother', phone: '07700 900123' }],
  ...extra,
});

describe.each(ENGINES)('admin: pupils records (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, cookie: string | null = admin): Promise<LightMyRequestResponse> =>
    server.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const create = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/api/admin/pupils', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { pupil: PupilRecord; warnings: string[] };
  };
  const list = async (query = '') => (await call('GET', `/api/admin/pupils${query}`)).json() as PupilListResponse;

  it('creates a pupil on roll and in the class from the admission date, with an audit entry', async () => {
    const { pupil, warnings } = await create(newPupil({ upn: ` ${UPN_1.toLowerCase().slice(0, 6)} ${UPN_1.slice(6)} ` }));
    expect(warnings).toEqual([]);
    expect(pupil).toMatchObject({
      firstName: 'Amara', lastName: 'Quennell', preferredName: 'Mara', upn: UPN_1, senStatus: 'none', gender: 'F',
      enrolments: [{ startDate: '2026-11-25', endDate: null }],
      memberships: [{ groupId: 'g3', groupName: 'Year 3 Willow', startDate: '2026-11-25', endDate: null }],
      contacts: [{ priority: 1, name: 'Grace Quennell', relationship: 'Mother', phone: '07700 900123' }],
      onRoll: false, // admitted tomorrow
    });
    const { rows } = await server.db.query<{ version: number; sync: number; mversion: number }>(
      `SELECT p.version, s.version AS sync, m.version AS mversion FROM pupils p JOIN sync_state s ON s.school_id = p.school_id
         JOIN group_memberships m ON m.school_id = p.school_id AND m.pupil_id = p.id WHERE p.id = $1`, [pupil.id]);
    expect(rows[0]!.version).toBe(rows[0]!.sync);
    expect(rows[0]!.mversion).toBe(rows[0]!.sync);
    const audit = await server.db.query<{ summary: string; action: string }>(`SELECT summary, action FROM admin_audit WHERE entity_key = $1`, [pupil.id]);
    expect(audit.rows).toEqual([{ action: 'create', summary: 'Added Mara Quennell to Year 3 Willow from 25 November 2026' }]);
  });

  it('lists and searches by name or UPN, filters by class, and shows leavers only when asked', async () => {
    const all = await list();
    expect(all.pupils.length).toBeGreaterThan(150);
    expect(all.pupils.every((p) => p.upn === null || typeof p.upn === 'string')).toBe(true);
    expect((await list('?q=quennell')).pupils.map((p) => p.firstName)).toEqual(['Amara']);
    expect((await list('?q=mara%20quen')).pupils).toHaveLength(1);
    expect((await list(`?q=${UPN_1.slice(3, 9)}`)).pupils).toHaveLength(1);
    expect((await list('?q=100%25')).pupils).toHaveLength(0);
    const g2 = await list('?groupId=g2');
    expect(g2.pupils.length).toBeGreaterThan(10);
    expect(g2.pupils.every((p) => p.groupId === 'g2' && p.groupName === 'Year 2 Rowan' && p.yearGroup === 2 && p.onRoll && p.leftOn === null)).toBe(true);
    const leaver = g2.pupils[0]!;
    expect((await call('POST', `/api/admin/pupils/${leaver.id}/leave`, { lastDay: '2026-11-20', confirm: true })).statusCode).toBe(200);
    expect((await list('?groupId=g2')).pupils.map((p) => p.id)).not.toContain(leaver.id);
    const withLeavers = await list('?groupId=g2&include=leavers');
    expect(withLeavers.pupils.find((p) => p.id === leaver.id)).toMatchObject({ onRoll: false, leftOn: '2026-11-20', groupId: 'g2' });
  });

  it('gives the whole record, and 404 for a pupil that does not exist', async () => {
    const res = await call('GET', '/api/admin/pupils/p0001');
    expect(res.statusCode).toBe(200);
    const pupil = res.json().pupil as PupilRecord;
    expect(pupil.enrolments).toHaveLength(1);
    expect(pupil.memberships).toHaveLength(1);
    expect(pupil.contacts.length).toBeGreaterThan(0);
    expect(pupil.onRoll).toBe(true);
    expect((await call('GET', '/api/admin/pupils/nobody')).statusCode).toBe(404);
    expect((await call('PATCH', '/api/admin/pupils/nobody', { fsm: true })).statusCode).toBe(404);
  });

  it('edits fields: sen_status decides send, contacts are replaced in priority order, the audit names what changed', async () => {
    const { pupil } = await create(newPupil({ firstName: 'Ben', lastName: 'Ashby', preferredName: null }));
    const res = await call('PATCH', `/api/admin/pupils/${pupil.id}`, {
      senStatus: 'E', fsm: true, preferredSurname: 'Ashby-Cole',
      contacts: [
        { name: 'Tom Ashby', relationship: 'Father', phone: '+44 7700 900456' },
        { name: 'Grace Quennell', relationship: 'Mother', phone: '(020) 7946 0123' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json().pupil as PupilRecord;
    expect(after).toMatchObject({ senStatus: 'E', fsm: true, preferredSurname: 'Ashby-Cole', firstName: 'Ben' });
    expect(after.contacts.map((c) => [c.priority, c.name])).toEqual([[1, 'Tom Ashby'], [2, 'Grace Quennell']]);
    const { rows } = await server.db.query<{ send: boolean }>(`SELECT send FROM pupils WHERE id = $1`, [pupil.id]);
    expect(rows[0]!.send).toBe(true);
    await call('PATCH', `/api/admin/pupils/${pupil.id}`, { senStatus: 'none' });
    expect((await server.db.query<{ send: boolean }>(`SELECT send FROM pupils WHERE id = $1`, [pupil.id])).rows[0]!.send).toBe(false);
    const audit = await server.db.query<{ summary: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT summary, before, after FROM admin_audit WHERE entity_key = $1 AND action = 'update' ORDER BY at, summary`, [pupil.id]);
    const first = audit.rows.find((r) => r.summary.includes('contacts'))!;
    expect(first.summary).toContain('preferredSurname, senStatus, fsm, contacts');
    expect(first.summary).toContain('now Tom Ashby (Father) +44 7700 900456; Grace Quennell (Mother) (020) 7946 0123');
    expect(first.before).toMatchObject({ senStatus: 'none', fsm: false, preferredSurname: null });
    expect(first.after).toMatchObject({ senStatus: 'E', fsm: true });
    const same = await call('PATCH', `/api/admin/pupils/${pupil.id}`, { fsm: true });
    expect(same.json().changed).toBe(false);
  });

  it('checks UPNs: the format and check letter (400 with the sentence), and one pupil per UPN (409)', async () => {
    const wrongLetter = await call('POST', '/api/admin/pupils', newPupil({ upn: 'A201300126001' }));
    expect(wrongLetter.statusCode).toBe(400);
    expect(wrongLetter.json()).toMatchObject({ code: 'upn_invalid' });
    expect(wrongLetter.json().message).toContain('should start with H');
    const badFormat = await call('POST', '/api/admin/pupils', newPupil({ upn: 'H2013' }));
    expect(badFormat.json()).toMatchObject({ code: 'upn_invalid' });
    expect(badFormat.statusCode).toBe(400);
    const taken = await call('POST', '/api/admin/pupils', newPupil({ upn: UPN_1 }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('upn_taken');
    expect((await call('PATCH', '/api/admin/pupils/p0002', { upn: UPN_1 })).json().code).toBe('upn_taken');
    const own = await call('PATCH', '/api/admin/pupils/p0002', { upn: UPN_2 });
    expect(own.statusCode, own.body).toBe(200);
    expect((await call('PATCH', '/api/admin/pupils/p0002', { upn: UPN_2 })).json().changed).toBe(false);
    expect((await call('PATCH', '/api/admin/pupils/p0002', { upn: 'X201300126003' })).statusCode).toBe(400);
  });

  it('warns when the date of birth does not fit the year group', async () => {
    const { warnings } = await create(newPupil({ firstName: 'Cal', preferredName: null, dateOfBirth: '2021-01-15' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Cal Quennell's date of birth (15 January 2021) belongs in Year 1 this year, but the record says Year 3");
    const ownYear = await create(newPupil({ firstName: 'Dee', dateOfBirth: '2021-01-15', yearGroup: 1 }));
    expect(ownYear.warnings).toEqual([]);
  });

  it.each([
    ['a NUL in a name', { firstName: 'A\u0000' }],
    ['a lone surrogate', { lastName: 'B\uD800' }],
    ['a huge name', { lastName: 'x'.repeat(5000) }],
    ['a name of spaces', { firstName: '   ' }],
    ['no surname', { lastName: undefined }],
    ['an impossible date of birth', { dateOfBirth: '2019-02-30' }],
    ['a date of birth in the future', { dateOfBirth: '2027-01-01' }],
    ['a date of birth a century ago', { dateOfBirth: '1926-01-01' }],
    ['an impossible admission date', { admissionDate: '2026-13-01' }],
    ['no class', { groupId: undefined }],
    ['a class that does not exist', { groupId: 'g99' }],
    ['an unknown gender', { gender: 'Q' }],
    ['an unknown SEN status', { senStatus: 'Q' }],
    ['a phone that is not a UK number', { contacts: [{ name: 'A', relationship: 'Aunt', phone: '12' }] }],
    ['a field that does not exist', { shoeSize: 4 }],
    ['a year group out of range', { yearGroup: 40 }],
  ])('refuses %s with 400', async (_label, change) => {
    const res = await call('POST', '/api/admin/pupils', newPupil(change));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toEqual(expect.any(String));
  });

  it('drops a __proto__ key and refuses hostile strings in an edit and in the query', async () => {
    const fsmBefore = (await call('GET', '/api/admin/pupils/p0003')).json().pupil.fsm;
    const proto = await server.app.inject({
      method: 'PATCH', url: '/api/admin/pupils/p0003', headers: { cookie: admin, 'content-type': 'application/json' },
      payload: '{"__proto__": {"fsm": true}, "firstName": "Zed"}',
    });
    // The key is dropped as the body is read: the edit it carried is made, and nothing under __proto__ is.
    expect(proto.statusCode, proto.body).toBe(200);
    expect((await call('GET', '/api/admin/pupils/p0003')).json().pupil).toMatchObject({ firstName: 'Zed', fsm: fsmBefore });
    expect((await call('PATCH', '/api/admin/pupils/p0003', { firstName: 'Z\uDC00' })).statusCode).toBe(400);
    expect((await call('GET', '/api/admin/pupils?q=%00')).statusCode).toBe(400);
    expect((await call('GET', `/api/admin/pupils?q=${'a'.repeat(500)}`)).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/pupils/p0003/move', { groupId: 'g2', from: '2026-02-29' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/pupils/p0003/leave', { lastDay: 'tomorrow' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/pupils/p0003/leave', { lastDay: '9999-12-31' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/pupils/p0003/move', { groupId: 'g2', from: '0001-01-01' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/pupils/p0003/rejoin', { groupId: 'g2', from: '2100-01-01' })).statusCode).toBe(400);
    expect((await call('GET', '/api/admin/pupils/p0003')).json().pupil.firstName).toBe('Zed');
  });

  it('is admin only: 401 without a session, 403 for teacher, ta and office', async () => {
    const others = [await signIn(server.app, 'teacher1'), await signIn(server.app, 'ta1'), await signIn(server.app, 'office1')];
    const endpoints: Array<['GET' | 'POST' | 'PATCH', string, unknown]> = [
      ['GET', '/api/admin/pupils', undefined],
      ['GET', '/api/admin/pupils/p0001', undefined],
      ['POST', '/api/admin/pupils', newPupil()],
      ['PATCH', '/api/admin/pupils/p0001', { fsm: true }],
      ['POST', '/api/admin/pupils/p0001/move', { groupId: 'g2', from: '2026-11-24' }],
      ['POST', '/api/admin/pupils/p0001/leave', { lastDay: '2026-11-24' }],
      ['POST', '/api/admin/pupils/p0001/rejoin', { groupId: 'g2', from: '2026-11-24' }],
    ];
    for (const [method, url, body] of endpoints) {
      expect((await call(method, url, body, null)).statusCode, `${method} ${url}`).toBe(401);
      for (const cookie of others) expect((await call(method, url, body, cookie)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await call('GET', '/api/admin/pupils/p0001')).json().pupil.fsm).toBe(false);
  });
});
