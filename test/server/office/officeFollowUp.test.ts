import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../../support/serverHarness.js';
import { cellCode, getJson, groupPupils, pusher, teacherMarks, type Pusher } from './officeSupport.js';

const TODAY = '2026-11-24';
type Item = { pupilId: string; date: string; session: string; deadline: string | null; overdue: boolean; markedBy: string | null; source: string };

describe.each(ENGINES)("the office's follow-up: unresolved N, conflicts, lates (%s)", (engine) => {
  let server: TestServer;
  let office: string;
  let push: Pusher;
  let mark: ReturnType<typeof teacherMarks>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    push = pusher(server, office, 'office-desk-follow-up');
    mark = teacherMarks(server);
  });
  afterAll(() => server.close());

  describe('unresolved N', () => {
    let g1: TestServer['demo']['pupils'];
    beforeAll(async () => {
      g1 = groupPupils(server, 'g1');
      // Marks arriving today from a tablet that was offline: each was observed on its own day.
      await mark('g1', [
        { pupilId: g1[0].id, date: '2026-11-16', mark: 'N' },
        { pupilId: g1[1].id, date: '2026-11-17', mark: 'N' },
        { pupilId: g1[2].id, date: '2026-10-23', mark: 'N' },
        { pupilId: g1[3].id, date: TODAY, mark: 'N' },
        { pupilId: g1[5].id, date: '2026-11-16', mark: 'N' },
        { pupilId: g1[5].id, date: '2026-11-16', session: 'PM', mark: '/' },
      ]);
      // The office's own N counts too; an N the office has resolved does not.
      expect((await push('code.set', { pupilId: g1[4].id, date: '2026-11-18', session: 'PM', code: 'N' })).status).toBe('applied');
      await mark('g1', [{ pupilId: g1[6].id, date: '2026-11-16', mark: 'N' }]);
      expect((await push('code.set', { pupilId: g1[6].id, date: '2026-11-16', session: 'AM', code: 'I' })).status).toBe('applied');
    });

    it('lists every N with its deadline in school days, overdue first and then oldest first', async () => {
      const body = await getJson(server, office, '/api/office/unresolved-n');
      expect(body).toMatchObject({ today: TODAY, windowSchoolDays: 5, total: 6, overdue: 3 });
      const rows = body.items.map((i: Item) => [i.pupilId, i.date, i.session, i.deadline, i.overdue]);
      expect(rows).toEqual([
        // 23 October, the Friday before half term: the week off does not count, so it was due on 6 November.
        [g1[2].id, '2026-10-23', 'AM', '2026-11-06', true],
        [g1[0].id, '2026-11-16', 'AM', '2026-11-23', true],
        [g1[5].id, '2026-11-16', 'AM', '2026-11-23', true],
        // Due today: it may still be resolved today, so it is not overdue yet.
        [g1[1].id, '2026-11-17', 'AM', '2026-11-24', false],
        [g1[4].id, '2026-11-18', 'PM', '2026-11-25', false],
        [g1[3].id, TODAY, 'AM', '2026-12-01', false],
      ]);
      expect(body.items[0]).toMatchObject({ name: `${g1[2].preferredName ?? g1[2].firstName} ${g1[2].lastName}`, groupId: 'g1', groupName: 'Year 1 Hazel', markedBy: 'Ms Patel', source: 'teacher' });
      expect(body.items.find((i: Item) => i.pupilId === g1[4].id)).toMatchObject({ markedBy: 'Mrs Begum', source: 'office' });
    });

    it("follows the school's window: a stricter school has more overdue", async () => {
      await server.db.query(`UPDATE schools SET n_window_school_days = 1 WHERE id = 'demo'`);
      try {
        const body = await getJson(server, office, '/api/office/unresolved-n');
        expect(body.windowSchoolDays).toBe(1);
        expect(body.items.filter((i: Item) => i.overdue).map((i: Item) => i.date)).toEqual(['2026-10-23', '2026-11-16', '2026-11-16', '2026-11-17', '2026-11-18']);
        expect(body.items.find((i: Item) => i.date === '2026-10-23').deadline).toBe('2026-11-02');
      } finally {
        await server.db.query(`UPDATE schools SET n_window_school_days = 5 WHERE id = 'demo'`);
      }
    });

    it('changes the overdue ones to O in one push ("No reason established"), and they leave the list', async () => {
      const overdue = (await getJson(server, office, '/api/office/unresolved-n')).items.filter((i: Item) => i.overdue);
      const results = await push.many(overdue.map((i: Item) => ({ type: 'code.set', args: { pupilId: i.pupilId, date: i.date, session: i.session, code: 'O', reason: 'No reason established' } })));
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const after = await getJson(server, office, '/api/office/unresolved-n');
      expect(after).toMatchObject({ total: 3, overdue: 0 });
      expect(after.items.map((i: Item) => i.pupilId)).toEqual([g1[1].id, g1[4].id, g1[3].id]);
      expect(await cellCode(server, g1[2].id, '2026-10-23', 'AM')).toEqual({ code: 'O', source: 'office' });
      const history = await getJson(server, office, `/api/office/history?pupilId=${g1[0].id}&date=2026-11-16&session=AM`);
      expect(history.entries.at(-1)).toMatchObject({ code: 'O', oldCode: 'N', reason: 'No reason established', role: 'office' });
    });
  });

  describe('conflicts', () => {
    let booked: TestServer['demo']['pupils'][number];
    let onTrip: TestServer['demo']['pupils'][number];
    const conflicts = async (status?: string) => (await getJson(server, office, `/api/office/conflicts${status ? `?status=${status}` : ''}`)).conflicts;

    beforeAll(async () => {
      [booked, onTrip] = groupPupils(server, 'g2');
      expect((await push('code.set', { pupilId: booked.id, date: TODAY, session: 'AM', code: 'M' })).status).toBe('applied');
      expect((await push('code.set', { pupilId: onTrip.id, date: TODAY, session: 'AM', code: 'V' })).status).toBe('applied');
      await mark('g2', [{ pupilId: booked.id, mark: '/' }]);
      const teacher2 = await signIn(server.app, 'teacher2');
      const here = await post(server.app, '/api/sync/push', teacher2, {
        deviceId: 'teacher2-here-tablet',
        mutations: [{ seq: 1, id: randomUUID(), type: 'pupil.here', args: { pupilId: onTrip.id, date: TODAY, session: 'AM' }, observedAt: new Date(TEST_NOW - 30_000).toISOString(), clockOffsetMs: 0 }],
      });
      expect(here.json().results[0].status).toBe('applied');
    });

    it('lists open conflicts with the pupil, the two codes and who raised them', async () => {
      const open = await conflicts();
      expect(open).toHaveLength(2);
      const byPupil = new Map(open.map((c: { pupilId: string }) => [c.pupilId, c]));
      expect(byPupil.get(booked.id)).toMatchObject({
        name: `${booked.preferredName ?? booked.firstName} ${booked.lastName}`, groupId: 'g2', groupName: 'Year 2 Rowan', date: TODAY, session: 'AM',
        officeCode: 'M', teacherCode: '/', currentCode: 'M', raisedBy: 'Mr Okafor', raisedAt: new Date(TEST_NOW).toISOString(),
        resolved: false, resolvedBy: null, resolvedAt: null, resolution: null,
      });
      expect(byPupil.get(onTrip.id)).toMatchObject({ officeCode: 'V', teacherCode: 'here', raisedBy: 'Mr Okafor' });
      expect(await conflicts('resolved')).toEqual([]);
      expect((await getJson(server, office, '/api/office/conflicts?status=maybe', 400)).code).toBe('bad_request');
    });

    it('resolves a conflict with a code, which changes the cell with the resolution as the reason', async () => {
      const conflict = (await conflicts()).find((c: { pupilId: string }) => c.pupilId === booked.id);
      const resolution = 'Appointment was cancelled; the pupil was in class';
      expect(await push('conflict.resolve', { conflictId: conflict.id, resolution, code: '/' })).toMatchObject({ status: 'applied' });
      expect(await cellCode(server, booked.id, TODAY, 'AM')).toEqual({ code: '/', source: 'office' });
      const history = await getJson(server, office, `/api/office/history?pupilId=${booked.id}&date=${TODAY}&session=AM`);
      expect(history.entries.at(-1)).toMatchObject({ code: '/', oldCode: 'M', reason: resolution, by: 'Mrs Begum' });
      const resolved = await conflicts('resolved');
      expect(resolved).toEqual([expect.objectContaining({ id: conflict.id, resolved: true, resolvedBy: 'Mrs Begum', resolvedAt: new Date(TEST_NOW).toISOString(), resolution, resolutionCode: '/', currentCode: '/' })]);
      expect(await push('conflict.resolve', { conflictId: conflict.id, resolution: 'again' })).toMatchObject({ status: 'rejected', code: 'already_resolved' });
    });

    it('resolves without a code, once, even when asked twice in one push; refuses unknown ids and empty resolutions', async () => {
      const conflict = (await conflicts()).find((c: { pupilId: string }) => c.pupilId === onTrip.id);
      expect(await push('conflict.resolve', { conflictId: conflict.id, resolution: '' })).toMatchObject({ status: 'rejected', code: 'invalid_args' });
      expect(await push('conflict.resolve', { conflictId: 'no-such-conflict', resolution: 'x' })).toMatchObject({ status: 'rejected', code: 'unknown_conflict' });
      const [first, second] = await push.many([
        { type: 'conflict.resolve', args: { conflictId: conflict.id, resolution: 'Left late for the trip; joined the coach at 9:30' } },
        { type: 'conflict.resolve', args: { conflictId: conflict.id, resolution: 'Duplicate', code: 'O' } },
      ]);
      expect(first.status).toBe('applied');
      expect(second).toMatchObject({ status: 'rejected', code: 'already_resolved' });
      expect(await cellCode(server, onTrip.id, TODAY, 'AM')).toEqual({ code: 'V', source: 'office' });
      expect(await conflicts()).toEqual([]);
      expect((await conflicts('all')).map((c: { resolution: string }) => c.resolution).sort()).toEqual(['Appointment was cancelled; the pupil was in class', 'Left late for the trip; joined the coach at 9:30']);
    });
  });

  describe('late arrivals', () => {
    it('proposes L before the register closes and U after, with the minutes late from the opening', async () => {
      const [p] = groupPupils(server, 'g3');
      const late = await getJson(server, office, `/api/office/late-proposal?pupilId=${p.id}&date=${TODAY}&session=AM&arrivedAt=2026-11-24T09:12:00Z`);
      expect(late).toEqual({
        pupilId: p.id, date: TODAY, session: 'AM', arrivedAt: '2026-11-24T09:12:00.000Z', code: 'L', minutesLate: 22, registerClosedAt: '09:20',
        description: 'Arrived 22 minutes late, before the register closed at 09:20: L', currentCode: null,
      });
      const veryLate = await getJson(server, office, `/api/office/late-proposal?pupilId=${p.id}&date=${TODAY}&session=AM&arrivedAt=2026-11-24T09:35:00Z`);
      expect(veryLate).toMatchObject({ code: 'U', minutesLate: 45 });
      expect((await push('code.set', { pupilId: p.id, date: TODAY, session: 'AM', code: late.code, minutesLate: late.minutesLate })).status).toBe('applied');
      const history = await getJson(server, office, `/api/office/history?pupilId=${p.id}&date=${TODAY}&session=AM`);
      expect(history.entries.at(-1)).toMatchObject({ code: 'L', minutesLate: 22 });
    });

    it('answers 400 for bad input', async () => {
      const [p] = groupPupils(server, 'g3');
      const base = `/api/office/late-proposal?pupilId=${p.id}&date=${TODAY}`;
      expect((await getJson(server, office, `${base}&session=EVE&arrivedAt=2026-11-24T09:12:00Z`, 400)).code).toBe('bad_request');
      expect((await getJson(server, office, `${base}&session=AM&arrivedAt=nine-ish`, 400)).code).toBe('bad_request');
      expect((await getJson(server, office, `${base}&session=AM`, 400)).code).toBe('bad_request');
      expect((await getJson(server, office, `${base}&session=AM&arrivedAt=2026-11-25T09:12:00Z`, 400)).code).toBe('arrival_on_another_date');
      expect((await getJson(server, office, `/api/office/late-proposal?pupilId=nobody&date=${TODAY}&session=AM&arrivedAt=2026-11-24T09:12:00Z`, 400)).code).toBe('unknown_pupil');
      expect((await getJson(server, office, `/api/office/late-proposal?pupilId=${p.id}&date=2026-11-21&session=AM&arrivedAt=2026-11-21T09:12:00Z`, 400)).code).toBe('not_a_school_day');
    });
  });
});
