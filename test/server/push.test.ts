import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';

const MINUTE = 60_000;

describe.each(ENGINES)('push: applying marks (%s)', (engine) => {
  let server: TestServer;
  let teacher1: string;
  let g1: string[];
  let g2: string[];
  let deviceNo = 0;
  const newDevice = () => `device-push-${engine}-${++deviceNo}`;
  const push = (cookie: string, deviceId: string, mutations: unknown[]) => post(server.app, '/api/sync/push', cookie, { deviceId, mutations });
  const cell = async (pupilId: string, date = '2026-11-24', session = 'AM') =>
    (await server.db.query<{ code: string; source: string; marked_by: string }>(
      `SELECT code, source, marked_by FROM register_cells WHERE pupil_id = $1 AND date = $2 AND session = $3`, [pupilId, date, session])).rows[0];
  const eventCount = async (pupilId: string) =>
    (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mark_events WHERE pupil_id = $1`, [pupilId])).rows[0].n;

  beforeAll(async () => {
    server = await startTestServer(engine);
    teacher1 = await signIn(server.app, 'teacher1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    g2 = server.demo.pupils.filter((p) => p.groupId === 'g2').map((p) => p.id);
  });
  afterAll(() => server.close());

  it('applies a whole register of marks and records who marked each one', async () => {
    const device = newDevice();
    const mutations = g1.map((pupilId, i) => markMutation(i + 1, { pupilId, mark: i % 5 === 0 ? 'N' : '/' }, TEST_NOW - MINUTE));
    const res = await push(teacher1, device, mutations);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results).toHaveLength(g1.length);
    expect(body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    expect(body.lastSeq).toBe(g1.length);
    expect(await cell(g1[0])).toMatchObject({ code: 'N', source: 'teacher', marked_by: 's-teacher1' });
    expect(await cell(g1[1])).toMatchObject({ code: '/', source: 'teacher' });
  });

  it('is idempotent: a repeated push returns the stored results and changes nothing', async () => {
    const device = newDevice();
    const pupil = g1[2];
    const mutations = [markMutation(1, { pupilId: pupil, mark: 'N' }, TEST_NOW - MINUTE), markMutation(2, { pupilId: 'no-such-pupil', mark: '/' }, TEST_NOW - MINUTE)];
    const first = (await push(teacher1, device, mutations)).json();
    const eventsAfterFirst = await eventCount(pupil);
    const again = (await push(teacher1, device, mutations)).json();
    expect(again.results).toEqual(first.results);
    expect(again.lastSeq).toBe(2);
    expect(await eventCount(pupil)).toBe(eventsAfterFirst);
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mutation_log WHERE device_id = $1`, [device]);
    expect(rows[0].n).toBe(2);
  });

  it('answers retry for a gap in seq, and for everything after it', async () => {
    const device = newDevice();
    const res = (await push(teacher1, device, [markMutation(2, { pupilId: g1[3], mark: '/' }, TEST_NOW), markMutation(3, { pupilId: g1[4], mark: '/' }, TEST_NOW)])).json();
    expect(res.results.map((r: { status: string }) => r.status)).toEqual(['retry', 'retry']);
    expect(res.lastSeq).toBe(0);
  });

  it('rejects a bad mutation with a readable reason and still applies the ones after it', async () => {
    const device = newDevice();
    const res = (await push(teacher1, device, [
      markMutation(1, { pupilId: g1[5], mark: 'L' }, TEST_NOW - MINUTE),
      markMutation(2, { pupilId: g1[5], mark: '/' }, TEST_NOW - MINUTE),
    ])).json();
    expect(res.results[0]).toMatchObject({ seq: 1, status: 'rejected', code: 'mark_not_allowed' });
    expect(res.results[0].message).toMatch(/present or absent/);
    expect(res.results[1]).toEqual({ seq: 2, status: 'applied' });
    expect(res.lastSeq).toBe(2);
  });

  it('rejects every mark a teacher may not make, each with its own code', async () => {
    const device = newDevice();
    const t = TEST_NOW - MINUTE;
    const cases: Array<[unknown, string]> = [
      [markMutation(1, { pupilId: g2[0], mark: '/' }, t), 'not_your_group'],
      [markMutation(2, { pupilId: 'p9999', mark: '/' }, t), 'unknown_pupil'],
      [markMutation(3, { pupilId: g1[6], mark: 'M' }, t), 'mark_not_allowed'],
      [markMutation(4, { pupilId: g1[6], mark: 'n' }, t), 'mark_not_allowed'],
      [markMutation(5, { pupilId: g1[6], date: '2026-11-22', mark: '/' }, t), 'not_a_school_day'],
      [markMutation(6, { pupilId: g1[6], date: '2026-11-25', mark: '/' }, t), 'date_in_future'],
      [markMutation(7, { pupilId: g1[6], date: '2026-11-23', mark: '/' }, t), 'observed_on_another_date'],
      [markMutation(8, { pupilId: g1[6], mark: '/' }, Date.parse('2026-11-24T07:49:00Z')), 'before_register_opens'],
      [markMutation(9, { pupilId: g1[6], date: 'tomorrow', mark: '/' }, t), 'invalid_args'],
      [{ ...markMutation(10, { pupilId: g1[6], mark: '/' }, t), type: 'code.delete' }, 'unknown_mutation'],
    ];
    const res = (await push(teacher1, device, cases.map(([m]) => m))).json();
    expect(res.results.map((r: { code?: string }) => r.code)).toEqual(cases.map(([, code]) => code));
    expect(res.results.every((r: { status: string; message?: string }) => r.status === 'rejected' && (r.message ?? '').length > 10)).toBe(true);
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mark_events WHERE device_id = $1`, [device]);
    expect(rows[0].n).toBe(0);
  });

  it('accepts a mark up to an hour before the register opens', async () => {
    const res = (await push(teacher1, newDevice(), [markMutation(1, { pupilId: g1[7], mark: '/' }, Date.parse('2026-11-24T07:51:00Z'))])).json();
    expect(res.results[0].status).toBe('applied');
  });

  it('accepts a mark that arrives days later when it was observed in time', async () => {
    const device = newDevice();
    const observed = TEST_NOW - MINUTE;
    const mutation = markMutation(1, { pupilId: g1[8], mark: 'N' }, observed);
    server.clock.set(TEST_NOW + 3 * 24 * 60 * MINUTE);
    try {
      const res = (await push(teacher1, device, [mutation])).json();
      expect(res.results[0].status).toBe('applied');
      const { rows } = await server.db.query<{ observed_at: Date; received_at: Date }>(
        `SELECT observed_at, received_at FROM mark_events WHERE device_id = $1`, [device]);
      expect(new Date(rows[0].observed_at).getTime()).toBe(observed);
      expect(new Date(rows[0].received_at).getTime()).toBe(TEST_NOW + 3 * 24 * 60 * MINUTE);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('stores PM presence as \\ whichever present symbol the tablet sent', async () => {
    server.clock.set(Date.parse('2026-11-24T13:20:00Z'));
    try {
      const device = newDevice();
      const t = Date.parse('2026-11-24T13:15:00Z');
      const res = (await push(teacher1, device, [
        markMutation(1, { pupilId: g1[9], session: 'PM', mark: '/' }, t),
        markMutation(2, { pupilId: g1[10], session: 'PM', mark: '\\' }, t),
      ])).json();
      expect(res.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
      expect((await cell(g1[9], '2026-11-24', 'PM')).code).toBe('\\');
      expect((await cell(g1[10], '2026-11-24', 'PM')).code).toBe('\\');
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('lets a TA mark a covered class only in the covered session', async () => {
    const ta = await signIn(server.app, 'ta1');
    const device = newDevice();
    const am = (await push(ta, device, [markMutation(1, { pupilId: g2[1], mark: '/' }, TEST_NOW - MINUTE)])).json();
    expect(am.results[0]).toMatchObject({ status: 'rejected', code: 'not_your_group' });
    server.clock.set(Date.parse('2026-11-24T13:20:00Z'));
    try {
      const pm = (await push(ta, device, [markMutation(2, { pupilId: g2[1], session: 'PM', mark: '/' }, Date.parse('2026-11-24T13:12:00Z'))])).json();
      expect(pm.results[0].status).toBe('applied');
      const other = (await push(ta, device, [markMutation(3, { pupilId: g1[11], session: 'PM', mark: '/' }, Date.parse('2026-11-24T13:12:00Z'))])).json();
      expect(other.results[0]).toMatchObject({ status: 'rejected', code: 'not_your_group' });
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('keeps the latest observation, whatever order the marks arrive in', async () => {
    const pupil = g1[12];
    const a = newDevice();
    const b = newDevice();
    // Device b observed later (N at 09:04) but pushes first; device a's earlier '/' (09:00) arrives after it.
    await push(teacher1, b, [markMutation(1, { pupilId: pupil, mark: 'N' }, TEST_NOW - MINUTE)]);
    await push(teacher1, a, [markMutation(1, { pupilId: pupil, mark: '/' }, TEST_NOW - 5 * MINUTE)]);
    const before = await eventCount(pupil);
    expect((await cell(pupil)).code).toBe('N');
    expect(before).toBeGreaterThanOrEqual(2);
    // Both marks are in the history even though only one is effective.
    const { rows } = await server.db.query<{ code: string }>(`SELECT code FROM mark_events WHERE device_id = ANY($1::text[]) ORDER BY received_at, id`, [[a, b]]);
    expect(rows.map((r) => r.code).sort()).toEqual(['/', 'N']);
  });

  it('corrects the device clock by its offset, and flags an impossible clock instead of trusting it', async () => {
    const device = newDevice();
    // The tablet's clock is 2 hours slow and it knows it: corrected time is 09:04.
    const good = markMutation(1, { pupilId: g1[13], mark: '/' }, TEST_NOW - MINUTE, 2 * 60 * MINUTE);
    // The tablet's clock is a day fast and it does not know: the receive time is used and the event flagged.
    const wrongClock = { ...markMutation(2, { pupilId: g1[14], mark: '/' }, TEST_NOW), observedAt: new Date(TEST_NOW + 24 * 60 * MINUTE).toISOString() };
    const res = (await push(teacher1, device, [good, wrongClock])).json();
    expect(res.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const { rows } = await server.db.query<{ pupil_id: string; observed_at: Date; time_quality: string; clock_offset_ms: number }>(
      `SELECT pupil_id, observed_at, time_quality, clock_offset_ms FROM mark_events WHERE device_id = $1 ORDER BY seq`, [device]);
    expect(new Date(rows[0].observed_at).getTime()).toBe(TEST_NOW - MINUTE);
    expect(rows[0]).toMatchObject({ time_quality: 'good', clock_offset_ms: 2 * 60 * MINUTE });
    expect(new Date(rows[1].observed_at).getTime()).toBe(TEST_NOW);
    expect(rows[1].time_quality).toBe('suspect');
  });

  it('refuses a device registered to someone else with 403', async () => {
    const device = newDevice();
    await push(teacher1, device, []);
    const teacher2 = await signIn(server.app, 'teacher2');
    const res = await push(teacher2, device, []);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('device_of_another_user');
  });

  it('refuses the office endpoints to teachers with 403 and serves them to the office', async () => {
    const teacherView = await server.app.inject({ method: 'GET', url: '/api/office/registers?date=2026-11-24', headers: { cookie: teacher1 } });
    expect(teacherView.statusCode).toBe(403);
    const office = await signIn(server.app, 'office1');
    const res = await server.app.inject({ method: 'GET', url: '/api/office/registers?date=2026-11-24', headers: { cookie: office } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.registers).toHaveLength(12);
    const g1am = body.registers.find((r: { groupId: string; session: string }) => r.groupId === 'g1' && r.session === 'AM');
    expect(g1am.total).toBe(g1.length);
    expect(g1am.takenBy).toEqual([server.demo.staff.find((s) => s.username === 'teacher1')!.displayName]);
    const first = g1am.pupils.find((p: { pupilId: string }) => p.pupilId === g1[0]);
    expect(first).toMatchObject({ code: 'N', source: 'teacher', markedBy: server.demo.staff.find((s) => s.username === 'teacher1')!.displayName });
    expect(first.markedAt).toBe(new Date(TEST_NOW - MINUTE).toISOString());
    const g2pm = body.registers.find((r: { groupId: string; session: string }) => r.groupId === 'g2' && r.session === 'PM');
    expect(g2pm.coveredBy).toEqual(['Mr Hughes']);
    const bad = await server.app.inject({ method: 'GET', url: '/api/office/registers?date=24/11/2026', headers: { cookie: office } });
    expect(bad.statusCode).toBe(400);
  });
});
