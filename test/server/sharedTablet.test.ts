import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('device keys: a shared tablet sends waiting marks as the person who made them (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  const pushWithKey = (deviceKey: string, deviceId: string, mutations: unknown[]) =>
    server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { 'x-device-key': deviceKey }, payload: { deviceId, mutations } });

  it("sends teacher1's marks with her device key after she has signed out, recorded as hers", async () => {
    const teacher1 = await signIn(server.app, 'teacher1');
    const deviceId = 'tablet-7-teacher1';
    const keyRes = await post(server.app, '/api/sync/device-key', teacher1, { deviceId });
    expect(keyRes.statusCode).toBe(200);
    const { deviceKey } = keyRes.json();
    expect(deviceKey).toMatch(/^tablet-7-teacher1\.[A-Za-z0-9_-]{20,}$/);
    await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: teacher1 } });

    const pupilId = server.demo.pupils.find((p) => p.groupId === 'g1')!.id;
    const res = await pushWithKey(deviceKey, deviceId, [markMutation(1, { pupilId, mark: 'N' }, TEST_NOW - 60_000)]);
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].status).toBe('applied');
    const { rows } = await server.db.query<{ staff_id: string; device_id: string }>(`SELECT staff_id, device_id FROM mark_events WHERE device_id = $1`, [deviceId]);
    expect(rows).toEqual([{ staff_id: 's-teacher1', device_id: deviceId }]);
  });

  it('refuses a key for another device, a made-up key, and a replaced key', async () => {
    const teacher2 = await signIn(server.app, 'teacher2');
    const first = (await post(server.app, '/api/sync/device-key', teacher2, { deviceId: 'tablet-8-teacher2' })).json().deviceKey;
    const other = await pushWithKey(first, 'tablet-8-someone-else', []);
    expect(other.statusCode).toBe(403);
    const madeUp = await pushWithKey('tablet-8-teacher2.not-the-secret', 'tablet-8-teacher2', []);
    expect(madeUp.statusCode).toBe(401);
    expect(madeUp.json().message).toMatch(/sign in again/);
    await post(server.app, '/api/sync/device-key', teacher2, { deviceId: 'tablet-8-teacher2' });
    expect((await pushWithKey(first, 'tablet-8-teacher2', [])).statusCode).toBe(401);
  });

  it("will not issue a key for someone else's device, and a key does not open pulls", async () => {
    const teacher3 = await signIn(server.app, 'teacher3');
    const key = (await post(server.app, '/api/sync/device-key', teacher3, { deviceId: 'tablet-9-teacher3' })).json().deviceKey;
    const teacher4 = await signIn(server.app, 'teacher4');
    const stolen = await post(server.app, '/api/sync/device-key', teacher4, { deviceId: 'tablet-9-teacher3' });
    expect(stolen.statusCode).toBe(403);
    const pull = await server.app.inject({ method: 'POST', url: '/api/sync/pull', headers: { 'x-device-key': key }, payload: { deviceId: 'tablet-9-teacher3', cursor: null } });
    expect(pull.statusCode).toBe(401);
  });
});
