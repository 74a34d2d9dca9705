/**
 * A shared tablet: Ms Patel's marks wait while Ms Jones is signed in. They must reach the server as Ms Patel's
 * (her device id, her device key, no session cookie), never as Ms Jones's, and never be lost.
 */
import { describe, expect, it } from 'vitest';
import { createSyncEngine } from '../../../src/app/sync/engine';
import type { FetchLike } from '../../../src/app/sync/api';
import type { RegisterDb } from '../../../src/app/db/schema';
import type { DeviceIdentity } from '../../../src/app/db/types';
import { FakeServer, freshDb, teacher, DEMO_NOW } from '../helpers';

const patel = { id: 'u-patel', displayName: 'Ms Patel' };

interface SeenPush {
  deviceId: string;
  key: string | null;
  credentials: RequestCredentials | undefined;
  pupils: string[];
}

/** The fake server, plus device keys and a record of how each push was authenticated. */
function sharedServer() {
  const server = new FakeServer();
  const seen: SeenPush[] = [];
  const issued = new Map<string, string>();
  const keyRequests: string[] = [];
  let keyReply: (deviceId: string) => { status: number; body?: unknown } = (deviceId) => {
    const deviceKey = `key-for-${deviceId}`;
    issued.set(deviceId, deviceKey);
    return { status: 200, body: { deviceId, deviceKey } };
  };
  server.onOther = (path, init) => {
    if (path !== '/api/sync/device-key') return { status: 404, body: { code: 'not_found', message: '' } };
    const { deviceId } = JSON.parse(String(init?.body));
    keyRequests.push(deviceId);
    return keyReply(deviceId);
  };
  const fetch: FetchLike = (url, init) => {
    if (url.endsWith('/api/sync/push')) {
      const body = JSON.parse(String(init?.body));
      const headers = (init?.headers ?? {}) as Record<string, string>;
      seen.push({ deviceId: body.deviceId, key: headers['x-device-key'] ?? null, credentials: init?.credentials, pupils: body.mutations.map((m: { args: { pupilId: string } }) => m.args.pupilId) });
    }
    return server.fetch(url, init);
  };
  return { server, seen, issued, keyRequests, fetch, setKeyReply: (fn: typeof keyReply) => (keyReply = fn) };
}

function engineFor(db: RegisterDb, fetch: FetchLike, person: { id: string; displayName: string }, extra: { courier?: boolean } = {}) {
  return createSyncEngine({ db, userId: person.id, displayName: person.displayName, fetch, now: () => DEMO_NOW, locks: null, ...extra });
}

const mark = (e: ReturnType<typeof engineFor>, pupilId: string) => e.recordMark({ pupilId, date: '2026-11-24', session: 'AM', mark: '/' });
const device = async (db: RegisterDb, userId: string) => (await db.meta.get(`device:${userId}`))?.value as DeviceIdentity | undefined;

/** Ms Patel signs in (gets a key if the server gives one), marks two pupils with no connection, and leaves. */
async function patelLeavesMarks(db: RegisterDb, s: ReturnType<typeof sharedServer>, withKey = true) {
  const a = engineFor(db, s.fetch, patel);
  if (withKey) expect(await a.registerDeviceKey()).toBe('stored');
  s.server.onPush = () => 'network-error';
  await mark(a, 'p1');
  await mark(a, 'p2');
  expect((await a.sync()).ok).toBe(false);
  s.server.onPush = (req) => ({ status: 200, body: s.server.applyAll(req) });
  s.seen.length = 0;
  return (await device(db, patel.id))!;
}

describe('a shared tablet', () => {
  it('keeps the device key with the person’s identity, without disturbing their seq numbers', async () => {
    const db = freshDb();
    const s = sharedServer();
    const a = engineFor(db, s.fetch, patel);
    await mark(a, 'p1');
    expect(await a.registerDeviceKey()).toBe('stored');
    const identity = await device(db, patel.id);
    expect(s.keyRequests).toEqual([identity!.deviceId]);
    expect(identity).toEqual({ deviceId: identity!.deviceId, nextSeq: 2, displayName: 'Ms Patel', deviceKey: s.issued.get(identity!.deviceId) });
    await mark(a, 'p2');
    expect(await device(db, patel.id)).toMatchObject({ nextSeq: 3, deviceKey: s.issued.get(identity!.deviceId) });
  });

  it('sends the waiting marks of someone who signed out under their own device and key, and the signed-in person’s with the session', async () => {
    const db = freshDb();
    const s = sharedServer();
    const patelDevice = await patelLeavesMarks(db, s);
    const b = engineFor(db, s.fetch, teacher);
    await mark(b, 'p3');
    const result = await b.sync();
    expect(result.ok).toBe(true);
    const jonesDevice = (await device(db, teacher.id))!;
    expect(s.seen).toEqual([
      { deviceId: jonesDevice.deviceId, key: null, credentials: 'same-origin', pupils: ['p3'] },
      { deviceId: patelDevice.deviceId, key: patelDevice.deviceKey, credentials: 'omit', pupils: ['p1', 'p2'] },
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cells.get('p1|2026-11-24|AM')).toMatchObject({ code: '/', pending: false });
  });

  it('keeps them, and forgets the key, when the server refuses it; the signed-in person’s marks still go', async () => {
    const db = freshDb();
    const s = sharedServer();
    await patelLeavesMarks(db, s);
    const b = engineFor(db, s.fetch, teacher);
    await mark(b, 'p3');
    const patelId = (await device(db, patel.id))!.deviceId;
    s.server.onPush = (req) =>
      req.deviceId === patelId
        ? { status: 401, body: { code: 'unauthenticated', message: 'Unknown device key' } }
        : { status: 200, body: s.server.applyAll(req) };
    const result = await b.sync();
    expect(result.ok).toBe(true); // nothing the tablet can do about it now: no backoff, no alarm for Ms Jones
    expect(b.status.getState().needsSignIn).toBe(false);
    expect(s.seen.map((p) => p.pupils)).toEqual([['p3'], ['p1', 'p2']]);
    const left = await db.outbox.toArray();
    expect(left.map((e) => [e.userId, e.status, (e.args as { pupilId: string }).pupilId])).toEqual([
      [patel.id, 'pending', 'p1'],
      [patel.id, 'pending', 'p2'],
    ]);
    expect(await device(db, patel.id)).not.toHaveProperty('deviceKey');
    // Without a key they are not tried again: they wait for Ms Patel.
    s.seen.length = 0;
    await b.sync();
    expect(s.seen.filter((p) => p.deviceId === patelId)).toEqual([]);
  });

  it('never sends someone else’s marks without their key (not even with the signed-in person’s session)', async () => {
    const db = freshDb();
    const s = sharedServer();
    await patelLeavesMarks(db, s, false);
    const b = engineFor(db, s.fetch, teacher);
    await mark(b, 'p3');
    await b.sync();
    expect(s.seen.map((p) => p.pupils)).toEqual([['p3']]);
    expect((await db.outbox.toArray()).map((e) => e.userId)).toEqual([patel.id, patel.id]);
  });

  it('with nobody signed in, a courier sends the marks of people who left a key, and asks for nothing else', async () => {
    const db = freshDb();
    const s = sharedServer();
    const patelDevice = await patelLeavesMarks(db, s);
    s.keyRequests.length = 0;
    const pullsBefore = s.server.pulls.length;
    const courier = engineFor(db, s.fetch, { id: '', displayName: '' }, { courier: true });
    expect((await courier.sync()).ok).toBe(true);
    expect(s.seen).toEqual([{ deviceId: patelDevice.deviceId, key: patelDevice.deviceKey, credentials: 'omit', pupils: ['p1', 'p2'] }]);
    expect(s.server.pulls).toHaveLength(pullsBefore);
    expect(s.keyRequests).toEqual([]);
    expect(await db.meta.get('device:')).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('asks for a key at the first good sync when the person has none (signed in before keys existed)', async () => {
    const db = freshDb();
    const s = sharedServer();
    const b = engineFor(db, s.fetch, teacher);
    await b.sync();
    await b.sync();
    expect(s.keyRequests).toHaveLength(1);
    expect((await device(db, teacher.id))?.deviceKey).toBe(s.issued.get(s.keyRequests[0]));
  });

  it('takes a fresh device id when the server says the id is someone else’s, and gets the key for the new one', async () => {
    const db = freshDb();
    const s = sharedServer();
    const b = engineFor(db, s.fetch, teacher);
    await mark(b, 'p1');
    const first = (await device(db, teacher.id))!.deviceId;
    s.setKeyReply((deviceId) =>
      deviceId === first
        ? { status: 403, body: { code: 'device_of_another_user', message: 'Not yours' } }
        : { status: 200, body: { deviceId, deviceKey: `key-for-${deviceId}` } },
    );
    expect(await b.registerDeviceKey()).toBe('stored');
    const now = (await device(db, teacher.id))!;
    expect(now.deviceId).not.toBe(first);
    expect(now.deviceKey).toBe(`key-for-${now.deviceId}`);
    expect((await db.outbox.toArray()).map((e) => [e.deviceId, e.seq])).toEqual([[now.deviceId, 1]]);
  });

  it('says nothing is stored when the server has no device keys (older server)', async () => {
    const db = freshDb();
    const s = sharedServer();
    s.setKeyReply(() => ({ status: 404, body: { code: 'not_found', message: 'Not found' } }));
    expect(await engineFor(db, s.fetch, teacher).registerDeviceKey()).toBe('unavailable');
    expect((await device(db, teacher.id))?.deviceKey).toBeUndefined();
  });
});
