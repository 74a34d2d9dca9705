import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../src/protocol/index.js';
import { processPull } from '../../src/server/sync/pull.js';
import { findSessionUser } from '../../src/server/repositories/staffRepository.js';
import { hashToken } from '../../src/server/plugins/auth.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';

const MINUTE = 60_000;

describe.each(ENGINES)('pull: what a device receives (%s)', (engine) => {
  let server: TestServer;
  let teacher1: string;
  let deviceNo = 0;
  const newDevice = () => `device-pull-${engine}-${++deviceNo}`;
  const pull = async (cookie: string, deviceId: string, cursor: string | null): Promise<PullResponse> => {
    const res = await post(server.app, '/api/sync/pull', cookie, { deviceId, cursor });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const pullAll = async (cookie: string, deviceId: string, cursor: string | null) => {
    const pages: PullResponse[] = [];
    let next = cursor;
    do {
      const page = await pull(cookie, deviceId, next);
      pages.push(page);
      next = page.cursor;
    } while (pages[pages.length - 1].hasMore && pages.length < 50);
    return { pages, changes: pages.flatMap((p) => p.changes), cursor: next };
  };
  const keysOf = (changes: Change[], entity: string) => changes.filter((c) => c.entity === entity).map((c) => c.key).sort();

  beforeAll(async () => {
    server = await startTestServer(engine);
    teacher1 = await signIn(server.app, 'teacher1');
  });
  afterAll(() => server.close());

  it('gives a new device a full reset holding only its own groups', async () => {
    const { pages, changes } = await pullAll(teacher1, newDevice(), null);
    expect(pages[0].reset).toBe(true);
    expect(keysOf(changes, 'school')).toEqual(['demo']);
    expect(keysOf(changes, 'group')).toEqual(['g1']);
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id).sort();
    expect(keysOf(changes, 'pupil')).toEqual(g1);
    expect(changes.filter((c) => c.entity === 'assignment').every((c) => (c.value as { staffId: string }).staffId === 's-teacher1')).toBe(true);
    const school = changes.find((c) => c.entity === 'school')!.value as { sessions: { AM: { opensAt: string } }; timeZone: string };
    expect(school.sessions.AM.opensAt).toBe('08:50');
    expect(school.timeZone).toBe('Europe/London');
    const today = changes.find((c) => c.entity === 'day' && c.key === '2026-11-24')!.value;
    expect(today).toEqual({ date: '2026-11-24', isSchoolDay: true, label: null });
    const pupil = changes.find((c) => c.entity === 'pupil')!.value as Record<string, unknown>;
    expect(Object.keys(pupil).sort()).toEqual(['dateOfBirth', 'firstName', 'groupId', 'id', 'lastName', 'memberships', 'preferredName']);
  });

  it("refuses a pull for someone else's device with 403 and sends it nothing", async () => {
    const device = newDevice();
    await pullAll(teacher1, device, null);
    const teacher2 = await signIn(server.app, 'teacher2');
    const res = await post(server.app, '/api/sync/pull', teacher2, { deviceId: device, cursor: null });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'device_of_another_user' });
    expect(res.json().changes).toBeUndefined();
  });

  it('sends only what changed since the cursor, with the effective code and who marked it', async () => {
    const device = newDevice();
    const { cursor } = await pullAll(teacher1, device, null);
    const quiet = await pull(teacher1, device, cursor);
    expect(quiet).toMatchObject({ hasMore: false, changes: [] });
    expect(quiet.reset).toBeUndefined();
    const pupilId = server.demo.pupils.find((p) => p.groupId === 'g1')!.id;
    await post(server.app, '/api/sync/push', teacher1, { deviceId: newDevice(), mutations: [markMutation(1, { pupilId, mark: 'N' }, TEST_NOW - MINUTE)] });
    const next = await pull(teacher1, device, quiet.cursor);
    expect(next.changes).toEqual([
      {
        entity: 'cell',
        op: 'put',
        key: `${pupilId}|2026-11-24|AM`,
        value: { pupilId, date: '2026-11-24', session: 'AM', code: 'N', source: 'teacher', markedBy: 'Ms Patel', markedAt: new Date(TEST_NOW - MINUTE).toISOString() },
      },
    ]);
  });

  it('pages by version without splitting a version, and the pages add up to the full snapshot', async () => {
    const user = (await findSessionUser(server.db, hashToken(teacher1.split('=')[1]), TEST_NOW))!;
    const device = newDevice();
    // A register of marks makes one version; several pushes make several.
    const pupils = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    for (let i = 0; i < 4; i++) {
      await post(server.app, '/api/sync/push', teacher1, {
        deviceId: device,
        mutations: pupils.slice(i * 5, i * 5 + 5).map((pupilId, j) => markMutation(i * 5 + j + 1, { pupilId, mark: '/' }, TEST_NOW - 30_000)),
      });
    }
    const whole = await processPull(server.db, server.clock, user, { deviceId: device, cursor: null }, 100_000);
    const pages: PullResponse[] = [];
    let cursor: string | null = null;
    do {
      const page = await processPull(server.db, server.clock, user, { deviceId: device, cursor }, 7);
      pages.push(page);
      cursor = page.cursor;
    } while (pages[pages.length - 1].hasMore && pages.length < 100);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0].reset).toBe(true);
    expect(pages.slice(1).every((p) => !p.reset)).toBe(true);
    const paged = pages.flatMap((p) => p.changes).map((c) => `${c.entity}:${c.key}`).sort();
    expect(paged).toEqual(whole.changes.map((c) => `${c.entity}:${c.key}`).sort());
    expect(new Set(paged).size).toBe(paged.length);
  });

  it('answers a garbage cursor, a cursor from the future, and a stale scope with a full reset', async () => {
    const device = newDevice();
    const { cursor } = await pullAll(teacher1, device, null);
    for (const bad of ['nonsense', 'v1.99999999.' + cursor.split('.')[2], 'v1.1.AAAAAAAAAAAAAAAA']) {
      const page = await pull(teacher1, device, bad);
      expect(page.reset).toBe(true);
      expect(page.changes.some((c) => c.entity === 'school')).toBe(true);
    }
  });

  it('resets a device whose scope shrank, so a pupil who left the class leaves the tablet', async () => {
    const device = newDevice();
    const { cursor } = await pullAll(teacher1, device, null);
    const leaver = server.demo.pupils.filter((p) => p.groupId === 'g1')[0].id;
    // The pupil moves to another group from the start of the year (a correction): they are no longer teacher1's.
    await server.db.query(`UPDATE group_memberships SET group_id = 'g6' WHERE pupil_id = $1`, [leaver]);
    try {
      const { pages, changes } = await pullAll(teacher1, device, cursor);
      expect(pages[0].reset).toBe(true);
      expect(keysOf(changes, 'pupil')).not.toContain(leaver);
    } finally {
      await server.db.query(`UPDATE group_memberships SET group_id = 'g1' WHERE pupil_id = $1`, [leaver]);
    }
  });

  it("gives a TA only the covered classes, and only the covered sessions' cells", async () => {
    const ta = await signIn(server.app, 'ta1');
    const { changes } = await pullAll(ta, newDevice(), null);
    expect(keysOf(changes, 'group')).toEqual(['g2', 'g3']);
    const teacher2 = await signIn(server.app, 'teacher2');
    const g2pupil = server.demo.pupils.find((p) => p.groupId === 'g2')!.id;
    await post(server.app, '/api/sync/push', teacher2, { deviceId: newDevice(), mutations: [markMutation(1, { pupilId: g2pupil, mark: '/' }, TEST_NOW - MINUTE)] });
    const after = await pullAll(ta, newDevice(), null);
    // teacher2's AM mark is not in the TA's scope: the cover is for the PM only.
    expect(keysOf(after.changes, 'cell')).not.toContain(`${g2pupil}|2026-11-24|AM`);
    expect(after.changes.filter((c) => c.entity === 'assignment').every((c) => (c.value as { staffId: string }).staffId === 's-ta1')).toBe(true);
  });

  it('gives the office the whole school', async () => {
    const office = await signIn(server.app, 'office1');
    const { changes } = await pullAll(office, newDevice(), null);
    expect(keysOf(changes, 'group')).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
    expect(keysOf(changes, 'pupil')).toHaveLength(server.demo.pupils.length);
  });
});
