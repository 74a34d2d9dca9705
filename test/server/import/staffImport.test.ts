import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import type { StaffImportResult } from '../../../src/protocol/adminStaff.js';

const GOOD = [
  'Title,Forename,Surname,Role,Email,Registration Groups',
  'Mrs,Jane,Bloggs,Teacher,j.bloggs@school.org.uk,Year 4 Birch',
  'Mr,Tom,Jones,Teaching Assistant,,Year 1 Hazel; Year 2 Rowan',
  'Ms,"Sarah, Anne",Lee,Attendance Officer,s.lee@school.org.uk,',
].join('\r\n');

describe.each(ENGINES)('admin: staff import (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  const send = (mode: string, csv: string, cookie: string | null = admin, type = 'text/csv'): Promise<LightMyRequestResponse> =>
    server.app.inject({ method: 'POST', url: `/api/admin/import/staff?mode=${mode}`, headers: { 'content-type': type, ...(cookie ? { cookie } : {}) }, payload: csv });
  const snapshot = async () => JSON.stringify(await Promise.all(
    ['staff', 'staff_assignments', 'first_sign_in_codes', 'admin_audit', 'sync_state'].map(async (t) => (await server.db.query(`SELECT * FROM ${t} ORDER BY 1, 2`)).rows),
  ));

  it('previews without writing anything or issuing codes', async () => {
    const before = await snapshot();
    const res = await send('preview', GOOD);
    expect(res.statusCode).toBe(200);
    const body = res.json() as StaffImportResult;
    expect(body).toMatchObject({ mode: 'preview', rows: 3, created: 3, updated: 0, unchanged: 0, left: 0, groupsCreated: 0, errors: [], warnings: [], accounts: [] });
    expect(body.changes.map((c) => [c.row, c.displayName, c.action])).toEqual([[2, 'Jane Bloggs', 'create'], [3, 'Tom Jones', 'create'], [4, 'Sarah, Anne Lee', 'create']]);
    expect(await snapshot()).toBe(before);
  });

  it('commits the file in one go: accounts without passwords, a code each, classes from today', async () => {
    const res = await send('commit', GOOD);
    expect(res.statusCode).toBe(200);
    const body = res.json() as StaffImportResult;
    expect(body).toMatchObject({ mode: 'commit', created: 3, errors: [] });
    expect(body.accounts.map((a) => a.username)).toEqual(['jbloggs', 'tjones', 'slee']);
    expect(body.accounts.every((a) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(a.code))).toBe(true);
    const jones = (await server.db.query<{ id: string; role: string; password_hash: null; title: string }>(`SELECT id, role, password_hash, title FROM staff WHERE username = 'tjones'`)).rows[0]!;
    expect(jones).toMatchObject({ role: 'ta', password_hash: null, title: 'Mr' });
    const groups = (await server.db.query<{ group_id: string }>(`SELECT group_id FROM staff_assignments WHERE staff_id = $1 ORDER BY group_id`, [jones.id])).rows;
    expect(groups.map((g) => g.group_id)).toEqual(['g1', 'g2']);
    const audit = JSON.stringify((await server.db.query(`SELECT * FROM admin_audit`)).rows);
    for (const a of body.accounts) expect(audit).not.toContain(a.code);
  });

  it('importing the same file again changes nothing and issues no codes', async () => {
    const before = (await server.db.query(`SELECT count(*)::int AS n FROM first_sign_in_codes`)).rows[0];
    const res = await send('commit', GOOD.replace(/\r\n/g, '\n'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, accounts: [] });
    expect((await server.db.query(`SELECT count(*)::int AS n FROM first_sign_in_codes`)).rows[0]).toEqual(before);
  });

  it('matches by email, else by name, and updates role, title and classes', async () => {
    const csv = '\uFEFFtitle , FORENAME,surname,role,e-mail,registration groups\nDr,Janet,Bloggs,TA,J.BLOGGS@school.org.uk,\nMr,Tom,Jones,LSA,,Year 3 Willow\n';
    const res = await send('commit', csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 2, unchanged: 0, errors: [] });
    const bloggs = (await server.db.query<{ role: string; title: string; email: string }>(`SELECT role, title, email FROM staff WHERE username = 'jbloggs'`)).rows[0]!;
    expect(bloggs).toEqual({ role: 'ta', title: 'Dr', email: 'J.BLOGGS@school.org.uk' });
  });

  it('reports every kind of row error, and a commit with errors writes nothing (422)', async () => {
    const csv = [
      'Title,Forename,Surname,Role,Email,Registration Groups,Shoe Size',
      'Mr,Ann,Other,Headteacher,,,',
      'Mr,Bea,Other,Teacher,,Year 9 Nowhere,',
      'Mr,Cal,Other,Teacher,c@x.org,,',
      'Mr,Cal,Other,Teacher,,,',
      'Mr,D\u0000an,Other,Teacher,,,',
      'Mr,,Other,Teacher,not-an-email,,',
    ].join('\n');
    const preview = await send('preview', csv);
    expect(preview.statusCode).toBe(200);
    const errors = (preview.json() as StaffImportResult).errors;
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Role'], [3, 'Registration Groups'], [5, 'Surname'], [6, 'Forename'], [7, 'Forename'], [7, 'Email'],
    ]);
    expect(errors[0]!.message).toMatch(/Teacher; TA, Teaching Assistant or LSA; Office, Admin Officer or Attendance Officer; Admin or Administrator/);
    expect(errors[1]!.message).toMatch(/no class called Year 9 Nowhere/);
    expect(errors[2]!.message).toMatch(/already on row 4/);
    expect(errors[3]!.value).toBe('D\uFFFDan');
    expect(preview.json().warnings).toEqual([{ row: 1, column: 'Shoe Size', message: expect.stringMatching(/ignored/) }]);

    const before = await snapshot();
    const commit = await send('commit', csv);
    expect(commit.statusCode).toBe(422);
    expect(commit.json()).toMatchObject({ code: 'import_has_errors', mode: 'commit', errors });
    expect(await snapshot()).toBe(before);
  });

  it('refuses a file without Forename, Surname or Role, naming them and the names accepted (400)', async () => {
    const res = await send('preview', 'First,Last,Email\nA,B,c@d.org\n');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'missing_columns', missing: [
      { column: 'Forename', accepted: expect.arrayContaining(['Forename', 'First Name']) },
      { column: 'Surname', accepted: expect.arrayContaining(['Surname', 'Last Name']) },
      { column: 'Role', accepted: expect.arrayContaining(['Role']) },
    ] });
    expect(res.json().message).toMatch(/Forename \/ First Name/);
    expect((await send('preview', '')).statusCode).toBe(400);
  });

  it('refuses demoting the importing admin, and a body that is not CSV', async () => {
    const res = await send('preview', 'Forename,Surname,Role\nMr,Clarke,Teacher\n');
    expect(res.statusCode).toBe(200);
    await server.db.query(`UPDATE staff SET display_name = 'Tim Clarke' WHERE id = 's-admin1'`);
    const demote = await send('commit', 'Forename,Surname,Role\nTim,Clarke,Teacher\n');
    expect(demote.statusCode).toBe(422);
    expect(demote.json().errors[0]).toMatchObject({ row: 2, column: 'Role', message: expect.stringMatching(/from yourself/) });
    await server.db.query(`UPDATE staff SET display_name = 'Mr Clarke' WHERE id = 's-admin1'`);

    const json = await server.app.inject({ method: 'POST', url: '/api/admin/import/staff?mode=preview', headers: { cookie: admin }, payload: { csv: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    const xml = await server.app.inject({ method: 'POST', url: '/api/admin/import/staff?mode=preview', headers: { cookie: admin, 'content-type': 'application/xml' }, payload: '<staff/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('unsupported_media_type');
    const latin1 = await server.app.inject({ method: 'POST', url: '/api/admin/import/staff?mode=preview', headers: { cookie: admin, 'content-type': 'text/csv' }, payload: Buffer.from('Forename,Surname,Role\nZo\xeb,Smith,Teacher\n', 'latin1') });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().message).toMatch(/UTF-8/);
    const huge = await send('preview', 'Forename,Surname,Role\n' + 'Ann,Smith,Teacher\n'.repeat(70_000));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
    expect((await send('dryrun', GOOD)).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    expect((await send('preview', GOOD, null)).statusCode).toBe(401);
    for (const who of ['teacher1', 'ta1', 'office1']) {
      expect((await send('commit', GOOD.replace('Jane', 'Janice'), await signIn(server.app, who))).statusCode).toBe(403);
    }
    expect((await server.db.query(`SELECT 1 FROM staff WHERE display_name = 'Janice Bloggs'`)).rows).toHaveLength(0);
  });
});
