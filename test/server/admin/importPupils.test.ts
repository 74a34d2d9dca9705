import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness';
import { upnCheckLetter } from '../../../src/domain/upn';
import { misPupilCsv, misPupils } from '../../support/misExports';

const IMPORT = '/api/admin/import/pupils';
const upn = (serial: number) => { const d = `82030002${String(serial).padStart(4, '0')}`; return upnCheckLetter(d)! + d; };

function send(app: FastifyInstance, cookie: string | null, body: string | Buffer, mode = 'preview', type = 'text/csv') {
  return app.inject({ method: 'POST', url: `${IMPORT}?mode=${mode}`, payload: body, headers: { 'content-type': type, ...(cookie ? { cookie } : {}) } });
}

async function counts(t: TestServer) {
  const q = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;
  return {
    pupils: await q('SELECT count(*)::int AS n FROM pupils'),
    memberships: await q('SELECT count(*)::int AS n FROM group_memberships'),
    groups: await q('SELECT count(*)::int AS n FROM registration_groups'),
    audit: await q('SELECT count(*)::int AS n FROM admin_audit'),
    fsm: await q('SELECT count(*)::int AS n FROM pupils WHERE fsm'),
  };
}

const SIMS = [
  '\uFEFFUPN,Legal Surname,Legal Forename,Preferred Forename,Date of Birth,Gender,Year,Reg Group,Admission Date,SEN Status,FSM,EAL,Contact 1 Name,Contact 1 Relationship,Contact 1 Phone',
  `${upn(1)},Zając,Zoë,,15/03/2019,F,2,Year 2 New Class,01/09/2026,K,Y,N,"Zając, Anna",Mother,07700 900001`,
  `${upn(2)},O'Brien,Seán,Shay,02/10/2018,Male,3,Year 2 New Class,01/09/2026,N,N,Yes,"Pat ""PJ"" O'Brien",Father,"07700
900002"`,
].join('\r\n') + '\r\n';

const ARBOR = [
  'Last Name,First Name,DOB,Sex,NC Year,Registration Form,Start Date,SEN,FSM Eligible,CLA,CP',
  'Arbor,Amy,2019-05-05,Female,Year 2,Arbor Form,2026-09-01,SEN Support,False,0,1',
].join('\n') + '\n';

describe.each(ENGINES)('pupil import (%s)', (engine) => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer(engine);
    admin = await signIn(t.app, 'admin1');
  });
  afterAll(() => t.close());

  it('is for admins only', async () => {
    expect((await send(t.app, null, SIMS)).statusCode).toBe(401);
    for (const who of ['teacher1', 'ta1', 'office1']) expect((await send(t.app, await signIn(t.app, who), SIMS)).statusCode).toBe(403);
    const exp = await t.app.inject({ method: 'GET', url: '/api/admin/export/pupils.csv', headers: { cookie: await signIn(t.app, 'office1') } });
    expect(exp.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/export/pupils.csv' })).statusCode).toBe(401);
  });

  it('previews a SIMS-like file (BOM, CRLF, quoted commas, quotes and line breaks) without writing', async () => {
    const before = await counts(t);
    const res = await send(t.app, admin, SIMS);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ mode: 'preview', rows: 2, created: 2, updated: 0, left: 0, groupsCreated: 1, newGroups: ['Year 2 New Class'], errors: [] });
    expect(body.warnings.some((w: { row: number; message: string }) => w.row === 0 && /not in this file/.test(w.message))).toBe(true);
    expect(await counts(t)).toEqual(before);
  });

  it('commits a SIMS-like file in one change, then re-importing it changes nothing', async () => {
    const before = await counts(t);
    const res = await send(t.app, admin, SIMS, 'commit');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'commit', created: 2, groupsCreated: 1 });
    const after = await counts(t);
    expect(after.pupils).toBe(before.pupils + 2);
    expect(after.groups).toBe(before.groups + 1);
    const { rows } = await t.db.query<Record<string, unknown>>(
      `SELECT p.preferred_name, p.sen_status, p.send, p.fsm, p.eal, c.name, c.phone, p.version, (SELECT version FROM sync_state) AS sv
         FROM pupils p JOIN pupil_contacts c ON c.pupil_id = p.id AND c.priority = 1 WHERE p.upn = $1`, [upn(2)]);
    expect(rows[0]).toMatchObject({ preferred_name: 'Shay', sen_status: 'none', send: false, eal: true, name: 'Pat "PJ" O\'Brien', phone: '07700\n900002' });
    expect(rows[0]!.version).toBe(rows[0]!.sv);
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_audit WHERE action = 'import'`);
    expect(audit.rows[0]!.n).toBe(1);
    const again = (await send(t.app, admin, SIMS, 'commit')).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, left: 0, groupsCreated: 0 });
  });

  it('reads an Arbor-like file with other headers and ISO dates', async () => {
    const res = (await send(t.app, admin, ARBOR, 'commit')).json();
    expect(res).toMatchObject({ created: 1, errors: [] });
    const { rows } = await t.db.query<Record<string, unknown>>(`SELECT gender, sen_status, looked_after, child_protection FROM pupils WHERE first_name = 'Amy' AND last_name = 'Arbor'`);
    expect(rows[0]).toEqual({ gender: 'F', sen_status: 'K', looked_after: false, child_protection: true });
    expect((await send(t.app, admin, ARBOR)).json()).toMatchObject({ unchanged: 1 });
  });

  it('names the missing columns and the names accepted', async () => {
    const res = await send(t.app, admin, 'UPN,Surname\nx,y\n');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('missing_columns');
    expect(body.missing.map((m: { column: string }) => m.column)).toEqual(['Forename', 'Date of Birth', 'Reg Group']);
    expect(body.missing[0].accepted).toContain('Legal Forename');
  });

  it('refuses bodies that are not UTF-8 CSV, and other types', async () => {
    expect((await send(t.app, admin, Buffer.from([0x53, 0x75, 0x72, 0xe9, 0x0a]))).statusCode).toBe(400);
    expect((await send(t.app, admin, 'Surname\u0000,x\n')).statusCode).toBe(400);
    expect((await send(t.app, admin, '')).statusCode).toBe(400);
    const json = await send(t.app, admin, JSON.stringify({ a: 1 }), 'preview', 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    expect((await send(t.app, admin, SIMS, 'wrong')).statusCode).toBe(400);
  });

  it('reports every kind of row error, and a commit with errors writes nothing (422)', async () => {
    const file = [
      'UPN,Surname,Forename,DOB,Gender,Year,Class,SEN,FSM,Admission Date,Leaving Date,Shoe Size',
      `A${upn(3).slice(1)},Bad,Check,01/01/2019,F,2,X,N,N,,,4`.replace(/^A/, upn(3)[0] === 'A' ? 'B' : 'A'),
      'ABC,Bad,Format,01/01/2019,F,2,X,N,N,,,',
      `${upn(4)},Twice,One,01/01/2019,F,2,X,N,N,,,`,
      `${upn(4)},Twice,Two,01/01/2019,F,2,X,N,N,,,`,
      ',,NoSurname,01/01/2019,F,2,X,N,N,,,',
      ',Bad,Date,31/02/2019,F,2,X,N,N,,,',
      ',Bad,Sen,01/01/2019,F,2,X,Q,N,,,',
      ',Bad,Flag,01/01/2019,F,2,X,N,Maybe,,,',
      ',Bad,Gender,01/01/2019,Q,2,X,N,N,,,',
      ',Bad,Year,01/01/2019,F,Year 20,X,N,N,,,',
      ',Bad,Leaving,01/01/2019,F,2,X,N,N,2026-09-01,31/08/2026,',
    ].join('\n');
    const before = await counts(t);
    const res = await send(t.app, admin, file, 'commit');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('import_has_errors');
    const rows = body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(rows).toEqual(['2:UPN', '3:UPN', '5:UPN', '6:Surname', '7:DOB', '8:SEN', '9:FSM', '10:Gender', '11:Year', '12:Leaving Date']);
    expect(body.errors[1]).toMatchObject({ value: 'ABC' });
    expect(body.warnings).toContainEqual({ row: 1, column: 'Shoe Size', message: expect.any(String) });
    expect(await counts(t)).toEqual(before);
  });

  it('answers 413 for a file over 10 MB, and treats hostile headers as unknown columns', async () => {
    const big = await send(t.app, admin, 'Surname,Forename,DOB,Class\n' + 'x'.repeat(10 * 1024 * 1024));
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toMatch(/larger than 10 MB/);
    const res = await send(t.app, admin, 'Surname,Forename,DOB,Class,__proto__,constructor\nSmith,Ava,05/03/2019,Year 2 Hostile,x,y\n');
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings.filter((w: { row: number }) => w.row === 1).map((w: { column: string }) => w.column)).toEqual(['__proto__', 'constructor']);
  });

  it('imports the 200-pupil MIS file of the end-to-end test without problems', async () => {
    const res = await send(t.app, admin, misPupilCsv(misPupils(200, 2026), '01/09/2026'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 200, created: 200, groupsCreated: 7, errors: [] });
    expect(res.json().warnings.filter((w: { row: number }) => w.row > 0)).toEqual([]);
  });

  it('warns when a date of birth does not fit the year group', async () => {
    const res = (await send(t.app, admin, 'Surname,Forename,DOB,Year,Class\nYoung,Tom,01/01/2021,6,Year 6 Oak Test\n')).json();
    expect(res.errors).toEqual([]);
    expect(res.warnings).toContainEqual({ row: 2, column: 'Year', message: expect.stringMatching(/Year 1 by age, but listed in Year 6/) });
  });
});
