import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness';

function send(app: FastifyInstance, cookie: string, body: string, mode = 'commit') {
  return app.inject({ method: 'POST', url: `/api/admin/import/pupils?mode=${mode}`, payload: body, headers: { 'content-type': 'text/csv', cookie } });
}
const uk = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe.each(ENGINES)('pupil import: moves, leavers and the export (%s)', (engine) => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer(engine);
    admin = await signIn(t.app, 'admin1');
  });
  afterAll(() => t.close());

  const memberships = async (pupilId: string) =>
    (await t.db.query<Record<string, unknown>>(
      `SELECT group_id, start_date, end_date FROM group_memberships WHERE pupil_id = $1 ORDER BY start_date`, [pupilId])).rows;

  it('exports every pupil in the import layout, and importing the export back changes nothing', async () => {
    // Gender X, as the pupil form records it, must read back too.
    await t.db.query(`UPDATE pupils SET gender = 'X' WHERE id = $1`, [t.demo.pupils[2]!.id]);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/export/pupils.csv', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^UPN,Surname,Forename,Preferred Forename,Preferred Surname,Date of Birth,Gender,Year,Reg Group,/);
    expect(lines).toHaveLength(t.demo.pupils.length + 1);
    const p = t.demo.pupils[0]!;
    expect(res.body).toContain(`${p.upn},${p.lastName},${p.firstName}`);
    expect(res.body).toContain(uk(p.dateOfBirth));
    const back = await send(t.app, admin, res.body);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ rows: t.demo.pupils.length, unchanged: t.demo.pupils.length, created: 0, updated: 0, left: 0, groupsCreated: 0, errors: [] });
  });

  it('writes text a spreadsheet would run as a formula safely, and reads it back unchanged', async () => {
    const p = t.demo.pupils[1]!;
    await t.db.query(`UPDATE pupil_contacts SET phone = '+44 7700 900999' WHERE pupil_id = $1 AND priority = 1`, [p.id]);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/export/pupils.csv', headers: { cookie: admin } });
    expect(res.body).toContain(",'+44 7700 900999");
    expect((await send(t.app, admin, res.body)).json()).toMatchObject({ unchanged: t.demo.pupils.length });
  });

  it('moves a pupil to another class from today, keeping earlier registers; warns of pupils not in the file', async () => {
    const p = t.demo.pupils[0]!;
    const other = t.demo.groups.find((g) => g.id !== p.groupId)!;
    await t.db.query(`INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, version) VALUES ('demo', $1, '2026-11-23', 'AM', '/', 'teacher', 1)`, [p.id]);
    const cellsBefore = (await t.db.query(`SELECT * FROM register_cells WHERE pupil_id = $1`, [p.id])).rows;
    const file = `UPN,Surname,Forename,DOB,Reg Group\n${p.upn},${p.lastName},${p.firstName},${uk(p.dateOfBirth)},${other.name.toUpperCase()}\n`;
    const preview = (await send(t.app, admin, file, 'preview')).json();
    expect(preview).toMatchObject({ updated: 1, created: 0 });
    expect(preview.changes[0].details).toEqual([expect.stringMatching(/^Class: .* → .* from 24\/11\/2026$/)]);
    expect(preview.warnings).toContainEqual({ row: 0, column: '', message: expect.stringMatching(new RegExp(`^${t.demo.pupils.length - 1} pupils on roll are not in this file`)) });
    expect((await send(t.app, admin, file)).json()).toMatchObject({ updated: 1 });
    expect(await memberships(p.id)).toEqual([
      { group_id: p.groupId, start_date: t.demo.days[0]!.date, end_date: '2026-11-23' },
      { group_id: other.id, start_date: '2026-11-24', end_date: null },
    ]);
    expect((await t.db.query(`SELECT * FROM register_cells WHERE pupil_id = $1`, [p.id])).rows).toEqual(cellsBefore);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM pupils`)).rows[0]).toEqual({ n: t.demo.pupils.length });
    // Moving back the same day changes the new membership's class instead of overlapping it.
    const back = file.replace(other.name.toUpperCase(), t.demo.groups.find((g) => g.id === p.groupId)!.name);
    await send(t.app, admin, back);
    expect((await memberships(p.id)).at(-1)).toEqual({ group_id: p.groupId, start_date: '2026-11-24', end_date: null });
  });

  it('a leaving date ends the enrolment and membership on that date (on roll through it)', async () => {
    const p = t.demo.pupils[2]!;
    const group = t.demo.groups.find((g) => g.id === p.groupId)!;
    const file = `UPN,Surname,Forename,DOB,Reg Group,Leaving Date\n${p.upn},${p.lastName},${p.firstName},${uk(p.dateOfBirth)},${group.name},30/11/2026\n`;
    expect((await send(t.app, admin, file)).json()).toMatchObject({ left: 1, updated: 0 });
    expect(await memberships(p.id)).toEqual([{ group_id: p.groupId, start_date: t.demo.days[0]!.date, end_date: '2026-11-30' }]);
    expect((await t.db.query(`SELECT end_date FROM enrolments WHERE pupil_id = $1`, [p.id])).rows).toEqual([{ end_date: '2026-11-30' }]);
    expect((await send(t.app, admin, file)).json()).toMatchObject({ left: 0, unchanged: 1 });
  });

  it('moves from the file’s move date when it has one', async () => {
    const p = t.demo.pupils[3]!;
    const other = t.demo.groups.find((g) => g.id !== p.groupId)!;
    const file = `UPN,Surname,Forename,DOB,Reg Group,Move Date\n${p.upn},${p.lastName},${p.firstName},${uk(p.dateOfBirth)},${other.name},01/12/2026\n`;
    await send(t.app, admin, file);
    expect((await memberships(p.id)).map((m) => m.start_date)).toEqual([t.demo.days[0]!.date, '2026-12-01']);
  });
});
