import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('the office sets codes: code.set and the cell history (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  let teacher1: string;
  let officeSeq = 0;
  let teacherSeq = 0;
  let g1: string[];
  const codeSet = async (args: Record<string, unknown>) => {
    const res = await post(server.app, '/api/sync/push', office, {
      deviceId: 'office-desk-codes',
      mutations: [{ seq: ++officeSeq, id: randomUUID(), type: 'code.set', args: { date: '2026-11-24', session: 'AM', ...args }, observedAt: new Date(TEST_NOW).toISOString(), clockOffsetMs: 0 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results[0];
  };
  const teacherMark = async (pupilId: string, mark: string) =>
    (await post(server.app, '/api/sync/push', teacher1, { deviceId: 'teacher1-codes-tablet', mutations: [markMutation(++teacherSeq, { pupilId, mark }, TEST_NOW - 60_000)] })).json().results[0];
  const cellCode = async (pupilId: string) =>
    (await server.db.query<{ code: string; source: string }>(`SELECT code, source FROM register_cells WHERE pupil_id = $1 AND date = '2026-11-24' AND session = 'AM'`, [pupilId])).rows[0];
  const history = async (pupilId: string) =>
    (await server.app.inject({ method: 'GET', url: `/api/office/history?pupilId=${pupilId}&date=2026-11-24&session=AM`, headers: { cookie: office } })).json().entries;

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    teacher1 = await signIn(server.app, 'teacher1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
  });
  afterAll(() => server.close());

  it("replaces a teacher's N with the real reason, with no typed reason needed, and keeps both in the history", async () => {
    expect((await teacherMark(g1[0], 'N')).status).toBe('applied');
    expect(await codeSet({ pupilId: g1[0], code: 'I' })).toEqual({ seq: officeSeq, status: 'applied' });
    expect(await cellCode(g1[0])).toEqual({ code: 'I', source: 'office' });
    const entries = await history(g1[0]);
    expect(entries.map((e: { code: string; oldCode: string | null; by: string; role: string }) => [e.code, e.oldCode, e.by, e.role])).toEqual([
      ['N', null, 'Ms Patel', 'teacher'],
      ['I', 'N', 'Mrs Begum', 'office'],
    ]);
    expect(entries[1]).toMatchObject({ deviceId: 'office-desk-codes', receivedAt: new Date(TEST_NOW).toISOString() });
  });

  it('needs a typed reason to change a code the office already set, and records it', async () => {
    const refused = await codeSet({ pupilId: g1[0], code: 'M' });
    expect(refused).toMatchObject({ status: 'rejected', code: 'reason_required' });
    expect(refused.message).toMatch(/already has I/);
    expect((await codeSet({ pupilId: g1[0], code: 'M', reason: 'Mother rang: it was a dentist appointment' })).status).toBe('applied');
    const last = (await history(g1[0])).at(-1);
    expect(last).toMatchObject({ code: 'M', oldCode: 'I', reason: 'Mother rang: it was a dentist appointment' });
  });

  it("needs a typed reason to replace a teacher's present mark, and names the mark it would amend", async () => {
    expect((await teacherMark(g1[5], '/')).status).toBe('applied');
    const refused = await codeSet({ pupilId: g1[5], code: 'M' });
    expect(refused).toMatchObject({ status: 'rejected', code: 'reason_required' });
    expect(refused.message).toMatch(/present mark \(\/\).*Say why it is changing to M/);
    expect(await cellCode(g1[5])).toEqual({ code: '/', source: 'teacher' });
    expect((await codeSet({ pupilId: g1[5], code: 'L', minutesLate: 15, reason: 'Signed the late book at 09:05' })).status).toBe('applied');
    expect((await history(g1[5])).at(-1)).toMatchObject({ code: 'L', oldCode: '/', reason: 'Signed the late book at 09:05' });
  });

  it('records a late arrival as L with the minutes late', async () => {
    await teacherMark(g1[1], 'N');
    expect((await codeSet({ pupilId: g1[1], code: 'L', minutesLate: 12 })).status).toBe('applied');
    expect((await history(g1[1])).at(-1)).toMatchObject({ code: 'L', minutesLate: 12 });
    expect((await codeSet({ pupilId: g1[2], code: 'M', minutesLate: 5 })).code).toBe('invalid_args');
  });

  it('refuses retired, unknown and age-forbidden codes with a message that says why', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['H', 'retired_code', /retired.*Use C/],
      ['J', 'retired_code', /J1/],
      ['$', 'unknown_code', /not a national attendance code/],
      ['X', 'compulsory_age_for_X', /compulsory school age/],
      ['\\', 'wrong_present_symbol', /morning is written \//],
    ];
    for (const [code, expected, message] of cases) {
      const result = await codeSet({ pupilId: g1[3], code });
      expect(result, code).toMatchObject({ status: 'rejected', code: expected });
      expect(result.message).toMatch(message);
    }
    expect(await cellCode(g1[3])).toBeUndefined();
  });

  it("keeps the office's code when the teacher's mark arrives later, and opens a conflict if the mark says present", async () => {
    expect((await codeSet({ pupilId: g1[4], code: 'V' })).status).toBe('applied');
    expect((await teacherMark(g1[4], '/')).status).toBe('applied');
    expect(await cellCode(g1[4])).toEqual({ code: 'V', source: 'office' });
    const { rows } = await server.db.query<{ office_code: string; teacher_code: string }>(`SELECT office_code, teacher_code FROM conflicts WHERE pupil_id = $1`, [g1[4]]);
    expect(rows).toEqual([{ office_code: 'V', teacher_code: '/' }]);
  });

  it('lets the office pre-enter a known absence for a later day, which the teacher sees read-only', async () => {
    expect((await codeSet({ pupilId: g1[5], date: '2026-11-26', code: 'M' })).status).toBe('applied');
    const { rows } = await server.db.query<{ code: string }>(`SELECT code FROM register_cells WHERE pupil_id = $1 AND date = '2026-11-26'`, [g1[5]]);
    expect(rows[0].code).toBe('M');
  });

  it('refuses code.set from teachers and TAs, and the history endpoint to them', async () => {
    const res = await post(server.app, '/api/sync/push', teacher1, {
      deviceId: 'teacher1-codes-tablet',
      mutations: [{ seq: ++teacherSeq, id: randomUUID(), type: 'code.set', args: { pupilId: g1[6], date: '2026-11-24', session: 'AM', code: 'I' }, observedAt: new Date(TEST_NOW).toISOString(), clockOffsetMs: 0 }],
    });
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', code: 'role_not_allowed' });
    for (const who of ['teacher1', 'ta1']) {
      const cookie = await signIn(server.app, who);
      const h = await server.app.inject({ method: 'GET', url: `/api/office/history?pupilId=${g1[0]}&date=2026-11-24&session=AM`, headers: { cookie } });
      expect(h.statusCode).toBe(403);
    }
  });

  it('cannot rewrite the history, even with SQL as the app', async () => {
    await expect(server.db.query(`UPDATE mark_events SET reason = 'changed' WHERE pupil_id = $1`, [g1[0]])).rejects.toThrow(/append-only/);
    await expect(server.db.query(`DELETE FROM mark_events WHERE pupil_id = $1`, [g1[0]])).rejects.toThrow(/append-only/);
    expect((await history(g1[0])).length).toBe(3);
  });
});
