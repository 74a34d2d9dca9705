/**
 * How far back a device's mark may reach (issue 9): a mark for a register past the school's N window (5
 * school days by default) on the day it reaches the server is held for the office as a conflict, whatever
 * observation time the tablet gives it; within the window an offline tablet's marks are applied as before.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';
import { getJson, pusher } from './office/officeSupport.js';

const TODAY = '2026-11-24'; // a Tuesday
const LAST_MONDAY = '2026-11-16'; // its N deadline (5 school days) was Monday 23 November: settled today
const LAST_WEDNESDAY = '2026-11-18'; // deadline Wednesday 25 November: still open
const observedOn = (date: string, time = '09:00') => Date.parse(`${date}T${time}:00Z`);

describe.each(ENGINES)('marks for a settled register (%s)', (engine) => {
  let server: TestServer;
  let teacher1: string;
  let office: string;
  let g1: string[];
  let devices = 0;
  const newDevice = () => `settled-${engine}-${++devices}`;
  const push = async (mutations: unknown[], device = newDevice()) => (await post(server.app, '/api/sync/push', teacher1, { deviceId: device, mutations })).json();
  const cell = async (pupilId: string, date: string) =>
    (await server.db.query<{ code: string; source: string }>(`SELECT code, source FROM register_cells WHERE pupil_id = $1 AND date = $2 AND session = 'AM'`, [pupilId, date])).rows[0] ?? null;
  const events = async (pupilId: string, date: string) =>
    (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mark_events WHERE pupil_id = $1 AND date = $2`, [pupilId, date])).rows[0].n;
  const openConflicts = async () => (await getJson(server, office, '/api/office/conflicts')).conflicts as Array<Record<string, unknown>>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    teacher1 = await signIn(server.app, 'teacher1');
    office = await signIn(server.app, 'office1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    // Last Monday's register, taken on its day: the first pupils absent.
    server.clock.set(observedOn(LAST_MONDAY, '09:01'));
    const onTheDay = await push(g1.slice(0, 4).map((pupilId, i) => markMutation(i + 1, { pupilId, date: LAST_MONDAY, mark: 'N' }, observedOn(LAST_MONDAY))));
    expect(onTheDay.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    server.clock.set(TEST_NOW);
  });
  afterAll(() => server.close());
  afterEach(() => server.clock.set(TEST_NOW));

  it("holds a present mark for last week's register for the office instead of changing it", async () => {
    const pupil = g1[0];
    const before = await events(pupil, LAST_MONDAY);
    const res = await push([markMutation(1, { pupilId: pupil, date: LAST_MONDAY, mark: '/' }, observedOn(LAST_MONDAY, '09:10'))]);
    expect(res.results[0]).toEqual({ seq: 1, status: 'applied' });
    expect(await cell(pupil, LAST_MONDAY)).toEqual({ code: 'N', source: 'teacher' });
    expect(await events(pupil, LAST_MONDAY)).toBe(before);

    const held = (await openConflicts()).find((c) => c.pupilId === pupil);
    expect(held).toMatchObject({
      kind: 'settled_register', date: LAST_MONDAY, session: 'AM', teacherCode: '/', officeCode: null, currentCode: 'N',
      raisedBy: 'Ms Patel', raisedAt: new Date(TEST_NOW).toISOString(), observedAt: new Date(observedOn(LAST_MONDAY, '09:10')).toISOString(),
    });

    // The office decides: the teacher was right. The code is set with the resolution as its reason.
    const desk = pusher(server, office, `office-settled-${engine}`);
    expect(await desk('conflict.resolve', { conflictId: held!.id, resolution: 'Tablet was offline all week; the class confirms', code: '/' })).toMatchObject({ status: 'applied' });
    expect(await cell(pupil, LAST_MONDAY)).toEqual({ code: '/', source: 'office' });
  });

  it('applies an offline tablet\'s marks within the window as before', async () => {
    const pupil = g1[5];
    server.clock.set(observedOn(LAST_WEDNESDAY, '09:01'));
    const onTheDay = await push([markMutation(1, { pupilId: pupil, date: LAST_WEDNESDAY, mark: 'N' }, observedOn(LAST_WEDNESDAY))]);
    expect(onTheDay.results[0].status).toBe('applied');
    server.clock.set(TEST_NOW);
    const res = await push([markMutation(1, { pupilId: pupil, date: LAST_WEDNESDAY, mark: '/' }, observedOn(LAST_WEDNESDAY, '09:10'))]);
    expect(res.results[0]).toEqual({ seq: 1, status: 'applied' });
    expect(await cell(pupil, LAST_WEDNESDAY)).toEqual({ code: '/', source: 'teacher' });
    expect((await openConflicts()).some((c) => c.pupilId === pupil)).toBe(false);
  });

  it('holds nothing when the mark says what the register already says', async () => {
    const pupil = g1[1];
    const res = await push([markMutation(1, { pupilId: pupil, date: LAST_MONDAY, mark: 'N' }, observedOn(LAST_MONDAY, '09:20'))]);
    expect(res.results[0].status).toBe('applied');
    expect((await openConflicts()).some((c) => c.pupilId === pupil)).toBe(false);
  });

  it('holds a mark for a register nobody took, and follows a stricter school window', async () => {
    const pupil = g1[10];
    await server.db.query(`UPDATE schools SET n_window_school_days = 1 WHERE id = 'demo'`);
    try {
      // Friday 20 November with a one-school-day window: settled once Monday 23 November has passed.
      const res = await push([markMutation(1, { pupilId: pupil, date: '2026-11-20', mark: '/' }, observedOn('2026-11-20'))]);
      expect(res.results[0].status).toBe('applied');
      expect(await cell(pupil, '2026-11-20')).toBeNull();
      expect((await openConflicts()).find((c) => c.pupilId === pupil)).toMatchObject({ kind: 'settled_register', teacherCode: '/', officeCode: null, currentCode: null });
      // Yesterday's register is still open to it.
      const yesterday = await push([markMutation(1, { pupilId: pupil, date: '2026-11-23', mark: '/' }, observedOn('2026-11-23'))]);
      expect(yesterday.results[0].status).toBe('applied');
      expect(await cell(pupil, '2026-11-23')).toEqual({ code: '/', source: 'teacher' });
    } finally {
      await server.db.query(`UPDATE schools SET n_window_school_days = 5 WHERE id = 'demo'`);
    }
  });

  it('keeps the office code in a held conflict, and the register unchanged', async () => {
    const pupil = g1[3];
    const desk = pusher(server, office, `office-settled-code-${engine}`);
    expect(await desk('code.set', { pupilId: pupil, date: LAST_MONDAY, session: 'AM', code: 'I' })).toMatchObject({ status: 'applied' });
    const res = await push([markMutation(1, { pupilId: pupil, date: LAST_MONDAY, mark: '/' }, observedOn(LAST_MONDAY, '09:05'))]);
    expect(res.results[0].status).toBe('applied');
    expect(await cell(pupil, LAST_MONDAY)).toEqual({ code: 'I', source: 'office' });
    expect((await openConflicts()).find((c) => c.pupilId === pupil)).toMatchObject({ kind: 'settled_register', officeCode: 'I', teacherCode: '/', currentCode: 'I' });
  });
});
