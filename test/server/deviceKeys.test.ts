import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/server/plugins/auth.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../support/serverHarness.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe.each(ENGINES)('device keys: limited to register marks before sign-out, expiring, none for the office, revocable (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());
  beforeEach(() => server.clock.set(TEST_NOW));

  const pupilOf = (groupId: string, index = 0) => server.demo.pupils.filter((p) => p.groupId === groupId)[index]!.id;
  const pushWithKey = (deviceKey: string, deviceId: string, mutations: unknown[]) =>
    server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { 'x-device-key': deviceKey }, payload: { deviceId, mutations } });
  const keyFor = async (cookie: string, deviceId: string) => {
    const res = await post(server.app, '/api/sync/device-key', cookie, { deviceId });
    expect(res.statusCode).toBe(200);
    return res.json() as { deviceKey: string; expiresAt: string };
  };
  const signOut = (cookie: string, body?: unknown) =>
    server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie }, ...(body ? { payload: body as object } : {}) });

  it('sends marks observed before the owner signed out on that device, and refuses marks observed after', async () => {
    const teacher1 = await signIn(server.app, 'teacher1');
    const deviceId = 'tablet-1-teacher1';
    const { deviceKey } = await keyFor(teacher1, deviceId);
    server.clock.set(TEST_NOW + 2 * MINUTE);
    expect((await signOut(teacher1, { deviceId })).statusCode).toBe(204);

    server.clock.set(TEST_NOW + 20 * MINUTE);
    const res = await pushWithKey(deviceKey, deviceId, [
      markMutation(1, { pupilId: pupilOf('g1', 0), mark: '/' }, TEST_NOW + MINUTE),
      // Made on this tablet as teacher1 ten minutes after she signed out here: not something her key may send.
      markMutation(2, { pupilId: pupilOf('g1', 1), mark: 'N' }, TEST_NOW + 12 * MINUTE),
      markMutation(3, { pupilId: pupilOf('g1', 2), mark: '/' }, TEST_NOW + 90_000),
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['applied', 'device_key_not_allowed', 'applied']);
    expect(res.json().results[1].message).toMatch(/after its author signed out/);
    expect(res.json().lastSeq).toBe(3);
  });

  it('lets a sign-out without a device (an older app) end the session and leaves the key as it was', async () => {
    const teacher2 = await signIn(server.app, 'teacher2');
    const deviceId = 'tablet-2-teacher2';
    const { deviceKey } = await keyFor(teacher2, deviceId);
    expect((await signOut(teacher2)).statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: teacher2 } })).statusCode).toBe(401);
    server.clock.set(TEST_NOW + 20 * MINUTE);
    const res = await pushWithKey(deviceKey, deviceId, [markMutation(1, { pupilId: pupilOf('g2'), mark: '/' }, TEST_NOW + 10 * MINUTE)]);
    expect(res.json().results[0].status).toBe('applied');
  });

  it('signing in again and taking a new key lifts the limit of the earlier sign-out', async () => {
    const deviceId = 'tablet-3-teacher3';
    const first = await signIn(server.app, 'teacher3');
    await keyFor(first, deviceId);
    await signOut(first, { deviceId });
    server.clock.set(TEST_NOW + 10 * MINUTE);
    const again = await signIn(server.app, 'teacher3');
    const { deviceKey } = await keyFor(again, deviceId);
    server.clock.set(TEST_NOW + 15 * MINUTE);
    const res = await pushWithKey(deviceKey, deviceId, [markMutation(1, { pupilId: pupilOf('g3'), mark: '/' }, TEST_NOW + 12 * MINUTE)]);
    expect(res.json().results[0].status).toBe('applied');
  });

  it('sends only register marks with a key: anything else is rejected, and the marks after it still go', async () => {
    const teacher4 = await signIn(server.app, 'teacher4');
    const deviceId = 'tablet-4-teacher4';
    const { deviceKey } = await keyFor(teacher4, deviceId);
    await signOut(teacher4, { deviceId });
    const observedAt = new Date(TEST_NOW - MINUTE).toISOString();
    const res = await pushWithKey(deviceKey, deviceId, [
      { seq: 1, id: randomUUID(), type: 'contact.record', args: { id: randomUUID(), pupilId: pupilOf('g4'), date: TEST_TODAY, method: 'phone', outcome: 'no answer' }, observedAt, clockOffsetMs: 0 },
      // "Pupil is here" is part of taking the register: the key lets it through (there is no office code to flag).
      { seq: 2, id: randomUUID(), type: 'pupil.here', args: { pupilId: pupilOf('g4'), date: TEST_TODAY, session: 'AM' }, observedAt, clockOffsetMs: 0 },
      markMutation(3, { pupilId: pupilOf('g4', 1), mark: 'N' }, TEST_NOW - MINUTE),
    ]);
    const results = res.json().results as { status: string; code?: string; message?: string }[];
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'device_key_not_allowed', message: expect.stringContaining('Only register marks') });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'no_office_code' });
    expect(results[2].status).toBe('applied');
  });

  it('expires 14 days after it was issued', async () => {
    const teacher5 = await signIn(server.app, 'teacher5');
    const deviceId = 'tablet-5-teacher5';
    const { deviceKey, expiresAt } = await keyFor(teacher5, deviceId);
    expect(Date.parse(expiresAt)).toBe(TEST_NOW + 14 * DAY);
    await signOut(teacher5, { deviceId });
    const marks = [markMutation(1, { pupilId: pupilOf('g5'), mark: '/' }, TEST_NOW - MINUTE)];

    server.clock.set(TEST_NOW + 14 * DAY + 1_000);
    const late = await pushWithKey(deviceKey, deviceId, marks);
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toMatch(/sign in again/);
    server.clock.set(TEST_NOW + 13 * DAY);
    expect((await pushWithKey(deviceKey, deviceId, marks)).json().results[0].status).toBe('applied');
  });

  it('issues no key to office or admin, and an office key issued before no longer sends a bulk code', async () => {
    for (const username of ['office1', 'admin1']) {
      const cookie = await signIn(server.app, username);
      const res = await post(server.app, '/api/sync/device-key', cookie, { deviceId: `desk-${username}` });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'device_key_not_issued', message: expect.stringContaining('next time you sign in') });
    }
    // A key from before keys were limited, still stored for office1's computer.
    const office1 = await signIn(server.app, 'office1');
    const deviceId = 'desk-office1-old';
    await post(server.app, '/api/sync/push', office1, { deviceId, mutations: [] });
    await server.db.query(`UPDATE devices SET key_hash = $2, key_expires_at = $3 WHERE id = $1`, [deviceId, hashToken('old-secret'), new Date(TEST_NOW + DAY)]);
    await signOut(office1, { deviceId });
    const bulk = {
      seq: 1, id: randomUUID(), type: 'code.bulk', observedAt: new Date(TEST_NOW - MINUTE).toISOString(), clockOffsetMs: 0,
      args: { id: randomUUID(), code: '#', dates: [TEST_TODAY], sessions: ['AM', 'PM'], reason: 'closed' },
    };
    expect((await pushWithKey(`${deviceId}.old-secret`, deviceId, [bulk])).statusCode).toBe(401);
    // Asking for a key again removes the old one for good.
    const again = await signIn(server.app, 'office1');
    await post(server.app, '/api/sync/device-key', again, { deviceId });
    expect((await server.db.query<{ key_hash: string | null }>(`SELECT key_hash FROM devices WHERE id = $1`, [deviceId])).rows[0].key_hash).toBeNull();
  });

  describe("an admin revoking a person's devices (a lost tablet)", () => {
    it("removes every key of that person, ends their sessions, and records who did it and when", async () => {
      const ta1 = await signIn(server.app, 'ta1');
      const onTablet = await signIn(server.app, 'ta1');
      const keys = [(await keyFor(ta1, 'tablet-6-ta1')).deviceKey, (await keyFor(onTablet, 'tablet-7-ta1')).deviceKey];
      const admin1 = await signIn(server.app, 'admin1');
      const before = (await server.app.inject({ method: 'GET', url: '/api/admin/staff/devices', headers: { cookie: admin1 } })).json();
      expect(before.staff.find((s: { username: string }) => s.username === 'ta1')).toMatchObject({ devicesWithKey: 2, sessions: 2, lastRevokedAt: null });

      server.clock.set(TEST_NOW + 5 * MINUTE);
      const res = await post(server.app, '/api/admin/staff/s-ta1/devices/revoke', admin1, {});
      expect(res.statusCode).toBe(200);
      expect(res.json().revocation).toMatchObject({ staffId: 's-ta1', revokedBy: 's-admin1', keysRemoved: 2, sessionsEnded: 2, revokedAt: new Date(TEST_NOW + 5 * MINUTE).toISOString() });

      for (const [i, key] of keys.entries()) {
        const deviceId = `tablet-${6 + i}-ta1`;
        expect((await pushWithKey(key, deviceId, [])).statusCode).toBe(401);
      }
      expect((await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: onTablet } })).statusCode).toBe(401);
      const { rows } = await server.db.query<{ staff_id: string; revoked_by: string; keys_removed: number }>(`SELECT staff_id, revoked_by, keys_removed FROM device_revocations`);
      expect(rows).toEqual([{ staff_id: 's-ta1', revoked_by: 's-admin1', keys_removed: 2 }]);
      const after = (await server.app.inject({ method: 'GET', url: '/api/admin/staff/devices', headers: { cookie: admin1 } })).json();
      expect(after.staff.find((s: { username: string }) => s.username === 'ta1')).toMatchObject({ devicesWithKey: 0, sessions: 0, lastRevokedBy: expect.any(String) });
    });

    it('is for admin only, and says so for someone who is not on the staff', async () => {
      for (const username of ['office1', 'teacher6']) {
        const cookie = await signIn(server.app, username);
        expect((await post(server.app, '/api/admin/staff/s-teacher1/devices/revoke', cookie, {})).statusCode).toBe(403);
        expect((await server.app.inject({ method: 'GET', url: '/api/admin/staff/devices', headers: { cookie } })).statusCode).toBe(403);
      }
      const admin1 = await signIn(server.app, 'admin1');
      const unknown = await post(server.app, '/api/admin/staff/s-nobody/devices/revoke', admin1, {});
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('not_found');
    });
  });
});
