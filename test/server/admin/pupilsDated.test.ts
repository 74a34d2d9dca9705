/**
 * Moves, leavers and rejoiners on both engines, with memberships checked by hand; the office's registers
 * before and after (an earlier date still lists a moved pupil with their marks in the old class; the new
 * class lists them from the move; a leaver is on no register after the last day) and register_cells and
 * mark_events unchanged throughout; 409 confirmations when register entries fall on the changed days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, post, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { teacherMarks } from '../office/officeSupport.js';
import type { PupilRecord } from '../../../src/protocol/adminPupils.js';

describe.each(ENGINES)('admin: moves and leavers (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  let firstDay: string;
  let marks: ReturnType<typeof teacherMarks>;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
    marks = teacherMarks(server);
    firstDay = (await server.db.query<{ d: string }>(`SELECT min(start_date) AS d FROM enrolments`)).rows[0]!.d;
  });
  afterAll(() => server.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    server.app.inject({ method, url, headers: { cookie: admin }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const act = async (url: string, body: unknown, status = 200) => {
    const res = await call('POST', url, body);
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const pupilsOf = async (groupId: string) =>
    (await server.db.query<{ id: string }>(`SELECT pupil_id AS id FROM group_memberships WHERE group_id = $1 ORDER BY pupil_id`, [groupId])).rows.map((r) => r.id);
  const memberships = async (pupilId: string) =>
    (await server.db.query<{ g: string; s: string; e: string | null }>(
      `SELECT group_id AS g, start_date AS s, end_date AS e FROM group_memberships WHERE pupil_id = $1 ORDER BY start_date`, [pupilId])).rows.map((r) => [r.g, r.s, r.e]);
  const enrolments = async (pupilId: string) =>
    (await server.db.query<{ s: string; e: string | null }>(`SELECT start_date AS s, end_date AS e FROM enrolments WHERE pupil_id = $1 ORDER BY start_date`, [pupilId])).rows.map((r) => [r.s, r.e]);
  const history = async () => JSON.stringify({
    cells: (await server.db.query(`SELECT * FROM register_cells ORDER BY pupil_id, date, session`)).rows,
    events: (await server.db.query(`SELECT * FROM mark_events ORDER BY id`)).rows,
  });
  /** The office's register of a class on a date: the pupils it lists and their AM codes. */
  const register = async (groupId: string, date: string) => {
    const res = await call('GET', `/api/office/registers?date=${date}`);
    expect(res.statusCode, res.body).toBe(200);
    const reg = (res.json().registers as Array<{ groupId: string; session: string; pupils: Array<{ pupilId: string; code: string | null }> }>)
      .find((r) => r.groupId === groupId && r.session === 'AM')!;
    return new Map(reg.pupils.map((p) => [p.pupilId, p.code]));
  };

  it('moves a pupil from a date: the old class keeps them (and their marks) before it, the new class has them from it', async () => {
    const [ava] = await pupilsOf('g3');
    await marks('g3', [{ pupilId: ava!, date: '2026-11-20', mark: '/' }, { pupilId: ava!, date: '2026-11-24', mark: '/' }]);
    const before = await history();

    const refused = await call('POST', `/api/admin/pupils/${ava}/move`, { groupId: 'g4', from: '2026-11-24' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'confirmation_required', entries: 1 });
    expect(await memberships(ava!)).toEqual([['g3', firstDay, null]]);

    const moved = await act(`/api/admin/pupils/${ava}/move`, { groupId: 'g4', from: '2026-11-24', confirm: true });
    expect(moved.changed).toBe(true);
    expect(await memberships(ava!)).toEqual([['g3', firstDay, '2026-11-23'], ['g4', '2026-11-24', null]]);
    expect((moved.pupil as PupilRecord).groupId).toBe('g4');

    expect((await register('g3', '2026-11-20')).get(ava!)).toBe('/');
    expect((await register('g4', '2026-11-20')).has(ava!)).toBe(false);
    expect((await register('g3', '2026-11-24')).has(ava!)).toBe(false);
    expect((await register('g4', '2026-11-24')).get(ava!)).toBe('/');
    expect(await history()).toBe(before);

    const { rows } = await server.db.query<{ v: number; sync: number }>(
      `SELECT m.version AS v, s.version AS sync FROM group_memberships m JOIN sync_state s ON s.school_id = m.school_id WHERE m.pupil_id = $1`, [ava]);
    expect(rows.every((r) => r.v === r.sync)).toBe(true);
    const audit = await server.db.query<{ summary: string; before: unknown; after: unknown }>(`SELECT summary, before, after FROM admin_audit WHERE entity_key = $1`, [ava]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.summary).toMatch(/^Moved .+ to Year 4 .+ from 24 November 2026 \(1 register entries kept, confirmed\)$/);
    expect(audit.rows[0]!.before).toMatchObject({ memberships: [{ groupId: 'g3', endDate: null }] });

    // Into the class they are in: nothing changes and nothing is audited.
    expect((await act(`/api/admin/pupils/${ava}/move`, { groupId: 'g4', from: '2026-11-30' })).changed).toBe(false);
    // Again from the same day: that membership's class is rewritten, no empty row is made.
    await act(`/api/admin/pupils/${ava}/move`, { groupId: 'g5', from: '2026-11-24', confirm: true });
    expect(await memberships(ava!)).toEqual([['g3', firstDay, '2026-11-23'], ['g5', '2026-11-24', null]]);
    expect(await history()).toBe(before);
  });

  it('a move in the past is a correction, said in the audit; a later planned move is superseded, never deleted', async () => {
    const [, ben] = await pupilsOf('g3');
    await act(`/api/admin/pupils/${ben}/move`, { groupId: 'g4', from: '2027-01-05' });
    expect(await memberships(ben!)).toEqual([['g3', firstDay, '2027-01-04'], ['g4', '2027-01-05', null]]);
    await act(`/api/admin/pupils/${ben}/move`, { groupId: 'g2', from: '2026-11-02' });
    expect(await memberships(ben!)).toEqual([['g3', firstDay, '2026-11-01'], ['g2', '2026-11-02', '2027-01-04'], ['g2', '2027-01-05', null]]);
    const audit = await server.db.query<{ summary: string }>(`SELECT summary FROM admin_audit WHERE entity_key = $1 AND summary LIKE '%to Year 2%'`, [ben]);
    expect(audit.rows[0]!.summary).toContain('from 2 November 2026 (backdated: a correction)');
    expect((await register('g2', '2027-01-06')).has(ben!)).toBe(true);
  });

  it('a leaver is on roll through the last day and on no register after it; earlier marks are unchanged', async () => {
    const [cal] = await pupilsOf('g6');
    await marks('g6', [{ pupilId: cal!, date: '2026-11-20', mark: '/' }, { pupilId: cal!, date: '2026-11-23', mark: 'N' }]);
    const before = await history();
    const refused = await call('POST', `/api/admin/pupils/${cal}/leave`, { lastDay: '2026-11-20' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'confirmation_required', entries: 1 });
    const left = await act(`/api/admin/pupils/${cal}/leave`, { lastDay: '2026-11-20', confirm: true });
    expect(left.pupil).toMatchObject({ onRoll: false, groupId: null, enrolments: [{ startDate: firstDay, endDate: '2026-11-20' }] });
    expect(await memberships(cal!)).toEqual([['g6', firstDay, '2026-11-20']]);
    expect((await register('g6', '2026-11-20')).get(cal!)).toBe('/');
    expect((await register('g6', '2026-11-23')).has(cal!)).toBe(false);
    expect(await history()).toBe(before);
    // Leaving again on the same day changes nothing; a move after the last day is refused.
    expect((await act(`/api/admin/pupils/${cal}/leave`, { lastDay: '2026-11-20' })).changed).toBe(false);
    expect((await act(`/api/admin/pupils/${cal}/move`, { groupId: 'g5', from: '2026-11-24' }, 409)).code).toBe('not_on_roll');
    expect((await act(`/api/admin/pupils/${cal}/leave`, { lastDay: '2026-11-25' }, 409)).code).toBe('not_on_roll');

    // Rejoining from a later date: a new enrolment and membership; the gap stays off roll.
    expect((await act(`/api/admin/pupils/${cal}/rejoin`, { groupId: 'g6', from: '2026-11-20' }, 409)).code).toBe('conflicting_change');
    const back = await act(`/api/admin/pupils/${cal}/rejoin`, { groupId: 'g5', from: '2027-01-05' });
    expect(back.changed).toBe(true);
    expect(await enrolments(cal!)).toEqual([[firstDay, '2026-11-20'], ['2027-01-05', null]]);
    expect(await memberships(cal!)).toEqual([['g6', firstDay, '2026-11-20'], ['g5', '2027-01-05', null]]);
    expect((await register('g5', '2027-01-06')).has(cal!)).toBe(true);
    expect((await register('g6', '2026-12-01')).has(cal!)).toBe(false);
    expect((await act(`/api/admin/pupils/${cal}/rejoin`, { groupId: 'g5', from: '2027-02-01' }, 409)).code).toBe('conflicting_change');
    expect(await history()).toBe(before);
  });

  it('a leaver with a planned move: the plan no register entry fell in goes, the enrolment ends', async () => {
    const [dee] = await pupilsOf('g1');
    await act(`/api/admin/pupils/${dee}/move`, { groupId: 'g2', from: '2027-01-05' });
    await act(`/api/admin/pupils/${dee}/leave`, { lastDay: '2026-12-18' });
    expect(await memberships(dee!)).toEqual([['g1', firstDay, '2026-12-18']]);
    expect(await enrolments(dee!)).toEqual([[firstDay, '2026-12-18']]);
  });

  it('a move reaches the new class teacher\'s tablet at its next pull (versions bumped)', async () => {
    const teacher5 = await signIn(server.app, 'teacher5');
    const pullAll = async (cursor: string | null) => {
      const changes: Array<{ entity: string; key: string; value: { groupId?: string } | null }> = [];
      let next = cursor;
      for (let i = 0; i < 50; i++) {
        const res = await post(server.app, '/api/sync/pull', teacher5, { deviceId: 'teacher5-pupils-test', cursor: next });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json();
        changes.push(...page.changes);
        next = page.cursor;
        if (!page.hasMore) break;
      }
      return { changes, cursor: next };
    };
    const first = await pullAll(null);
    const [eve] = await pupilsOf('g2');
    expect(first.changes.some((c) => c.entity === 'pupil' && c.key === eve)).toBe(false);
    await act(`/api/admin/pupils/${eve}/move`, { groupId: 'g5', from: '2026-11-25' });
    const second = await pullAll(first.cursor);
    expect(second.changes.find((c) => c.entity === 'pupil' && c.key === eve)?.value).toMatchObject({ groupId: 'g5' });
  });

  it('answers 404 for a pupil that does not exist and 400 for a class that does not', async () => {
    expect((await act('/api/admin/pupils/nobody/move', { groupId: 'g2', from: '2026-11-24' }, 404)).code).toBe('not_found');
    expect((await act('/api/admin/pupils/nobody/leave', { lastDay: '2026-11-24' }, 404)).code).toBe('not_found');
    expect((await act('/api/admin/pupils/p0001/move', { groupId: 'g42', from: '2026-11-24' }, 400)).code).toBe('bad_request');
  });
});
