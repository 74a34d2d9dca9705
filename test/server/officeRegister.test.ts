/**
 * The office taking a register for an absent teacher: an office computer's pull that names one class holds
 * that class and nothing else of the school, a mark.set from the office applies as the office's, and naming a
 * class never widens what a teacher's tablet may hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../src/protocol/index.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('the office taking one class’s register (%s)', (engine) => {
  let server: TestServer;
  let office1: string;
  let deviceNo = 0;
  const newDevice = () => `device-office-reg-${engine}-${++deviceNo}`;
  const keysOf = (changes: Change[], entity: string) => changes.filter((c) => c.entity === entity).map((c) => c.key).sort();
  const pupilsOf = (groupId: string) => server.demo.pupils.filter((p) => p.groupId === groupId).map((p) => p.id).sort();

  async function pullAll(cookie: string, deviceId: string, groupId?: string, cursor: string | null = null) {
    const pages: PullResponse[] = [];
    let next = cursor;
    do {
      const res = await post(server.app, '/api/sync/pull', cookie, { deviceId, cursor: next, ...(groupId ? { groupId } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res.json());
      next = pages[pages.length - 1].cursor;
    } while (pages[pages.length - 1].hasMore && pages.length < 50);
    return { reset: pages[0].reset === true, changes: pages.flatMap((p) => p.changes), cursor: next };
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    office1 = await signIn(server.app, 'office1');
  });
  afterAll(() => server.close());

  it('gives an office computer that names a class that class only: its pupils, its cells, its teachers', async () => {
    // Marks in two classes: the office computer must get the one in the class it names, not the other.
    for (const [username, groupId] of [['teacher1', 'g1'], ['teacher2', 'g2']]) {
      const cookie = await signIn(server.app, username);
      const mutations = [markMutation(1, { pupilId: pupilsOf(groupId)[0], mark: 'N' }, TEST_NOW)];
      const res = await post(server.app, '/api/sync/push', cookie, { deviceId: `${username}-tablet-${engine}`, mutations });
      expect(res.json().results[0].status, res.body).toBe('applied');
    }
    const { reset, changes } = await pullAll(office1, newDevice(), 'g2');
    expect(reset).toBe(true);
    expect(keysOf(changes, 'group')).toEqual(['g2']);
    expect(keysOf(changes, 'pupil')).toEqual(pupilsOf('g2'));
    const g2 = new Set(pupilsOf('g2'));
    const cells = changes.filter((c) => c.entity === 'cell');
    expect(cells.map((c) => c.key)).toEqual([`${pupilsOf('g2')[0]}|${TEST_TODAY}|AM`]);
    expect(cells.every((c) => g2.has((c.value as { pupilId: string }).pupilId))).toBe(true);
    expect(changes.filter((c) => c.entity === 'assignment').every((c) => (c.value as { groupId: string }).groupId === 'g2')).toBe(true);
    expect(keysOf(changes, 'school')).toEqual(['demo']);
    expect(changes.some((c) => c.entity === 'day' && c.key === TEST_TODAY)).toBe(true);
  });

  it('opening another class replaces the first on that computer (a reset to the new class)', async () => {
    const device = newDevice();
    const first = await pullAll(office1, device, 'g2');
    const second = await pullAll(office1, device, 'g3', first.cursor);
    expect(second.reset).toBe(true);
    expect(keysOf(second.changes, 'group')).toEqual(['g3']);
    expect(keysOf(second.changes, 'pupil')).toEqual(pupilsOf('g3'));
    // The same class again: nothing new, no reset.
    const again = await pullAll(office1, device, 'g3', second.cursor);
    expect(again.reset).toBe(false);
    expect(keysOf(again.changes, 'pupil')).toEqual([]);
  });

  it('applies a mark from the office on that class’s register, and the office computer’s next pull shows it as the office’s', async () => {
    const device = newDevice();
    const { cursor } = await pullAll(office1, device, 'g4');
    const pupilId = pupilsOf('g4')[0];
    const res = await post(server.app, '/api/sync/push', office1, { deviceId: device, mutations: [markMutation(1, { pupilId, mark: '/' }, TEST_NOW)] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([expect.objectContaining({ seq: 1, status: 'applied' })]);
    const { rows } = await server.db.query<{ code: string; role: string }>(
      `SELECT c.code, e.role FROM register_cells c JOIN mark_events e ON e.school_id = c.school_id AND e.pupil_id = c.pupil_id AND e.date = c.date AND e.session = c.session
        WHERE c.pupil_id = $1 AND c.date = $2 AND c.session = 'AM'`,
      [pupilId, TEST_TODAY],
    );
    expect(rows).toEqual([{ code: '/', role: 'office' }]);

    const next = await pullAll(office1, device, 'g4', cursor);
    const cell = next.changes.find((c) => c.entity === 'cell' && c.key === `${pupilId}|${TEST_TODAY}|AM`);
    expect(cell?.value).toMatchObject({ code: '/', source: 'teacher', markedBy: 'Mrs Begum' });
  });

  it('never widens a teacher’s tablet: naming another teacher’s class gives no pupils of it', async () => {
    const teacher1 = await signIn(server.app, 'teacher1');
    const { changes } = await pullAll(teacher1, newDevice(), 'g2');
    expect(keysOf(changes, 'group')).toEqual([]);
    expect(keysOf(changes, 'pupil')).toEqual([]);
    expect(changes.filter((c) => c.entity === 'cell')).toEqual([]);
  });
});
