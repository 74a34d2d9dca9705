/**
 * Hostile input (issue 9): every case the issue lists, one named test each. A mutation the server cannot
 * apply is answered `rejected` with a code and a message, and the valid mark pushed behind it in the same
 * push is still applied; a hostile request that is not a push is a 4xx, never a 5xx.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from '../../src/server/plugins/errors.js';
import type { MutationResult } from '../../src/protocol/index.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../support/serverHarness.js';

const MINUTE = 60_000;
const NUL = '\u0000';
const LONE_SURROGATE = '\uD800';
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-01', '0000-01-01'];

/** A mutation as a broken or hostile device might send it: any field may be anything. */
function mutation(seq: number, type: string, args: unknown, extra: Record<string, unknown> = {}) {
  return { seq, id: randomUUID(), type, args, observedAt: new Date(TEST_NOW - MINUTE).toISOString(), clockOffsetMs: 0, ...extra };
}

/** JSON text of a value nested `depth` deep (built as text: JSON.stringify itself overflows the stack on it). */
function nestedJson(depth: number): string {
  return `${'{"a":['.repeat(depth)}"bottom"${']}'.repeat(depth)}`;
}

/** The JSON text of `body` with the string "DEEP" replaced by a value nested `depth` deep. */
const withDeepValue = (body: unknown, depth: number) => JSON.stringify(body).replace('"DEEP"', nestedJson(depth));

describe('a body that overflows the stack where it is read', () => {
  it('is 400, not 500: the input is the caller\'s, the fault is not the server\'s', async () => {
    const app = Fastify();
    installErrorHandling(app);
    // Any reader that recurses into the body (a schema, a jsonb encoder) overflows on input nested deeply enough.
    const depthOf = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
    app.post('/recurses', async (request) => ({ depth: depthOf(request.body) }));
    const res = await app.inject({ method: 'POST', url: '/recurses', payload: nestedJson(80_000), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({ code: 'bad_request', message: expect.stringMatching(/nested too deeply/) });
    await app.close();
  });
});

describe.each(ENGINES)('hostile input (%s)', (engine) => {
  let server: TestServer;
  let teacher: string;
  let office: string;
  let g1: string[];
  let deviceNo = 0;

  beforeAll(async () => {
    server = await startTestServer(engine);
    teacher = await signIn(server.app, 'teacher1');
    office = await signIn(server.app, 'office1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
  });
  afterAll(() => server.close());

  /**
   * Pushes the hostile mutation as seq 1 and a valid mark as seq 2 from a new device; expects the push to be
   * answered, the first rejected with a code and a message, the second applied. Returns the first result.
   */
  async function rejectedThenApplied(hostile: Record<string, unknown>, cookie = office): Promise<MutationResult> {
    const deviceId = `hostile-${engine}-${++deviceNo}`;
    const valid = markMutation(2, { pupilId: g1[deviceNo % g1.length], mark: deviceNo % 2 ? '/' : 'N' }, TEST_NOW - MINUTE);
    const res = await post(server.app, '/api/sync/push', cookie, { deviceId, mutations: [{ ...hostile, seq: 1 }, valid] });
    expect(res.statusCode, res.body).toBe(200);
    const [first, second] = res.json().results as MutationResult[];
    expect(first, JSON.stringify(first)).toMatchObject({ seq: 1, status: 'rejected', code: expect.any(String), message: expect.any(String) });
    expect(first.message!.length).toBeGreaterThan(10);
    expect(second).toEqual({ seq: 2, status: 'applied' });
    expect(res.json().lastSeq).toBe(2);
    return first;
  }

  const mark = (args: Record<string, unknown>) => ({ pupilId: g1[0], date: TEST_TODAY, session: 'AM', mark: '/', ...args });

  describe('a NUL character in any string of a mutation', () => {
    it.each([
      ['pupilId of mark.set', () => mutation(1, 'mark.set', mark({ pupilId: `p${NUL}1` })), 'teacher'],
      ['mark of mark.set', () => mutation(1, 'mark.set', mark({ mark: `/${NUL}` })), 'teacher'],
      ['the mutation id', () => mutation(1, 'mark.set', mark({}), { id: `bad-id-${NUL}-0001` }), 'teacher'],
      ['the mutation type', () => mutation(1, `mark.set${NUL}`, mark({})), 'teacher'],
      ['reason of code.set', () => mutation(1, 'code.set', { pupilId: g1[1], date: TEST_TODAY, session: 'PM', code: 'I', reason: `ill${NUL}` }), 'office'],
      ['outcome of contact.record', () => mutation(1, 'contact.record', { id: randomUUID(), pupilId: g1[1], date: TEST_TODAY, method: 'phone', outcome: `rang${NUL}` }), 'office'],
      ['reason of pupil.signout', () => mutation(1, 'pupil.signout', { id: randomUUID(), pupilId: g1[1], reason: `dentist${NUL}` }), 'office'],
      ['note of absence.plan', () => mutation(1, 'absence.plan', { id: randomUUID(), pupilIds: [g1[1]], startDate: '2026-11-26', endDate: '2026-11-26', sessions: ['AM'], code: 'M', note: `x${NUL}` }), 'office'],
      ['an unknown extra field', () => mutation(1, 'mark.set', mark({ comment: `hello${NUL}` })), 'teacher'],
      ['the name of an unknown extra field', () => mutation(1, 'mark.set', mark({ [`com${NUL}ment`]: 'hello' })), 'teacher'],
      ['an unknown field of the mutation itself', () => mutation(1, 'mark.set', mark({}), { note: `x${NUL}` }), 'teacher'],
    ] as const)('in %s: rejected, and the mark behind it applied', async (_name, build, who) => {
      await rejectedThenApplied(build(), who === 'teacher' ? teacher : office);
    });
  });

  describe('a lone UTF-16 surrogate in a string of a mutation', () => {
    it.each([
      ['reason of code.set', () => mutation(1, 'code.set', { pupilId: g1[2], date: TEST_TODAY, session: 'PM', code: 'I', reason: `ill ${LONE_SURROGATE}` })],
      ['note of absence.plan (kept as JSON)', () => mutation(1, 'absence.plan', { id: randomUUID(), pupilIds: [g1[2]], startDate: '2026-11-27', endDate: '2026-11-27', sessions: ['AM'], code: 'M', note: `x${LONE_SURROGATE}` })],
      ['an unknown extra field (kept in the mutation log)', () => mutation(1, 'mark.set', mark({ comment: `\uDC00 alone` }))],
      ['the mutation id', () => mutation(1, 'mark.set', mark({}), { id: `id-${LONE_SURROGATE}-000001` })],
    ])('in %s: rejected, and the mark behind it applied', async (_name, build) => {
      await rejectedThenApplied(build());
    });
  });

  describe('well-formed but impossible dates', () => {
    it.each(IMPOSSIBLE_DATES)('mark.set on %s is rejected invalid_args', async (date) => {
      expect(await rejectedThenApplied(mutation(1, 'mark.set', mark({ date })), teacher)).toMatchObject({ code: 'invalid_args' });
    });
    it.each(IMPOSSIBLE_DATES.flatMap((date) => [
      ['code.set', { pupilId: 'p1', date, session: 'AM', code: 'I' }],
      ['pupil.here', { pupilId: 'p1', date, session: 'AM' }],
      ['contact.record', { id: randomUUID(), pupilId: 'p1', date, method: 'phone', outcome: '' }],
      ['absence.plan', { id: randomUUID(), pupilIds: ['p1'], startDate: date, endDate: '2026-12-01', sessions: ['AM'], code: 'M' }],
      ['code.bulk', { id: randomUUID(), code: 'Y1', dates: [date], sessions: ['AM'], reason: 'snow' }],
      ['cover.add', { id: randomUUID(), staffId: 's-ta1', groupId: 'g1', startDate: date, endDate: date, sessions: ['AM'] }],
    ] as const))('%s with a date like %j is rejected', async (type, args) => {
      expect(await rejectedThenApplied(mutation(1, type, args))).toMatchObject({ code: 'invalid_args' });
    });
    it.each(IMPOSSIBLE_DATES.flatMap((d) => [
      `/api/office/history?pupilId=p1&date=${d}&session=AM`,
      `/api/office/registers?date=${d}`,
      `/api/office/missing-registers?date=${d}`,
      `/api/office/first-day?date=${d}`,
      `/api/office/on-site?date=${d}`,
      `/api/office/planned-absences?from=${d}`,
      `/api/office/planned-absences?from=2026-01-01&to=${d}`,
      `/api/office/covers?from=${d}`,
      `/api/office/pupil/p1?from=${d}`,
      `/api/office/export.csv?to=${d}`,
      `/api/office/bulk-preview?code=Y1&dates=${d}`,
      `/api/office/late-proposal?pupilId=p1&date=${d}&session=AM&arrivedAt=2026-11-24T09:00:00Z`,
    ]))('GET %s is 400', async (url) => {
      const res = await server.app.inject({ method: 'GET', url, headers: { cookie: office } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    });
  });

  describe('office reads with a NUL or a lone surrogate in a parameter', () => {
    it.each([
      '/api/office/history?pupilId=p%001&date=2026-11-24&session=AM',
      '/api/office/pupil/p%001',
      '/api/office/export.csv?groupId=g%001',
      '/api/office/bulk-preview?code=Y1&dates=2026-11-24&groupId=g%001',
      '/api/office/late-proposal?pupilId=p%001&date=2026-11-24&session=AM&arrivedAt=2026-11-24T09:00:00Z',
      '/api/office/conflicts?status=open%00',
    ])('GET %s is 400', async (url) => {
      const res = await server.app.inject({ method: 'GET', url, headers: { cookie: office } });
      expect(res.statusCode, res.body).toBe(400);
    });
  });

  describe('mutation types named like built-in object properties', () => {
    it.each(['constructor', 'valueOf', '__proto__', 'toString', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'])(
      '%s is rejected unknown_mutation',
      async (type) => {
        expect(await rejectedThenApplied(mutation(1, type, mark({})), teacher)).toMatchObject({ code: 'unknown_mutation' });
      },
    );
  });

  describe('an absurd clock', () => {
    it.each([-1e308, 1e308, -Number.MAX_VALUE, 8.64e15])('clockOffsetMs %d: the mark is applied and its time flagged suspect', async (clockOffsetMs) => {
      const deviceId = `clock-${engine}-${++deviceNo}`;
      const m = { ...markMutation(1, { pupilId: g1[4], mark: '/' }, TEST_NOW - MINUTE), clockOffsetMs };
      const res = await post(server.app, '/api/sync/push', teacher, { deviceId, mutations: [m] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results).toEqual([{ seq: 1, status: 'applied' }]);
      const { rows } = await server.db.query<{ time_quality: string; observed_at: Date }>(`SELECT time_quality, observed_at FROM mark_events WHERE device_id = $1`, [deviceId]);
      expect(rows).toEqual([{ time_quality: 'suspect', observed_at: new Date(TEST_NOW) }]);
    });

    it('an observation time that is not an instant is rejected, and the mark behind it applied', async () => {
      expect(await rejectedThenApplied(mutation(1, 'mark.set', mark({}), { observedAt: 'yesterday' }), teacher)).toMatchObject({ code: 'invalid_mutation' });
    });
  });

  describe('arguments nested thousands deep', () => {
    const postText = (url: string, cookie: string | null, text: string) =>
      server.app.inject({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });

    it.each([20, 5000, 50_000])('%d deep in a mutation: rejected, and the mark behind it applied', async (depth) => {
      const deviceId = `deep-${engine}-${++deviceNo}`;
      const valid = markMutation(2, { pupilId: g1[7], mark: '/' }, TEST_NOW - MINUTE);
      const res = await postText('/api/sync/push', teacher, withDeepValue({ deviceId, mutations: [mutation(1, 'mark.set', mark({ extra: 'DEEP' })), valid] }, depth));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results).toEqual([{ seq: 1, status: 'rejected', code: 'invalid_args', message: expect.stringMatching(/nested/) }, { seq: 2, status: 'applied' }]);
    });
    it.each([
      ['/api/auth/login', { username: 'DEEP', password: 'x' }],
      ['/api/sync/pull', { deviceId: 'DEEP', cursor: null }],
      ['/api/sync/push', { deviceId: 'deep-device-1', mutations: 'DEEP' }],
      ['/api/sync/push', { deviceId: 'DEEP', mutations: [] }],
    ])('50,000 deep as a field of the body of %s: 400', async (url, body) => {
      const res = await postText(url, teacher, withDeepValue(body, 50_000));
      expect(res.statusCode, res.body).toBe(400);
    });
  });

  describe('keys named __proto__ or constructor in the JSON', () => {
    // A body is refused whole only when it cannot be read at all: a push refused for a poisoned key would
    // hold back every mark behind it on the tablet, so the key is dropped as it is read and the rest goes in.
    it.each([
      ['__proto__ in an unknown field of the arguments', (m: string) => m.replace('"args":{', '"args":{"junk":{"__proto__":{"isAdmin":true}},')],
      ['__proto__ as a field of the mutation', (m: string) => m.replace('{', '{"__proto__":false,')],
      ['constructor.prototype in an unknown field', (m: string) => m.replace('"args":{', '"args":{"junk":{"constructor":{"prototype":{"x":1}}},')],
    ])('%s: the mark is applied, and the one behind it', async (_what, poison) => {
      const deviceId = `proto-${engine}-${++deviceNo}`;
      const first = JSON.stringify(markMutation(1, { pupilId: g1[9], mark: '/' }, TEST_NOW - MINUTE));
      const second = JSON.stringify(markMutation(2, { pupilId: g1[10], mark: '/' }, TEST_NOW - MINUTE));
      const text = `{"deviceId":${JSON.stringify(deviceId)},"mutations":[${poison(first)},${second}]}`;
      const res = await server.app.inject({ method: 'POST', url: '/api/sync/push', payload: text, headers: { 'content-type': 'application/json', cookie: teacher } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results).toEqual([{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });

  describe('unknown fields are not stored as sent', () => {
    it('a mark carrying a megabyte of junk is applied, and the mutation log keeps only the mark', async () => {
      const deviceId = `junk-${engine}-${++deviceNo}`;
      const m = markMutation(1, { pupilId: g1[5], mark: '/' }, TEST_NOW - MINUTE);
      const res = await post(server.app, '/api/sync/push', teacher, { deviceId, mutations: [{ ...m, args: { ...m.args, junk: 'x'.repeat(1_000_000) } }] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results).toEqual([{ seq: 1, status: 'applied' }]);
      const { rows } = await server.db.query<{ args: unknown; size: number }>(`SELECT args, length(args::text)::int AS size FROM mutation_log WHERE device_id = $1`, [deviceId]);
      expect(rows[0].args).toEqual({ pupilId: g1[5], date: TEST_TODAY, session: 'AM', mark: '/' });
      expect(rows[0].size).toBeLessThan(200);
    });

    it('a rejected mutation with a large body keeps a short note, not the body', async () => {
      const deviceId = `junk-${engine}-${++deviceNo}`;
      const res = await post(server.app, '/api/sync/push', teacher, { deviceId, mutations: [mutation(1, 'no.such.type', { junk: 'x'.repeat(500_000) })] });
      expect(res.json().results[0]).toMatchObject({ status: 'rejected', code: 'unknown_mutation' });
      const { rows } = await server.db.query<{ size: number }>(`SELECT length(args::text)::int AS size FROM mutation_log WHERE device_id = $1`, [deviceId]);
      expect(rows[0].size).toBeLessThan(2000);
    });
  });

  describe('the push itself', () => {
    it('a push over the size limit is 413 payload_too_large with a message a person can act on', async () => {
      const res = await post(server.app, '/api/sync/push', teacher, { deviceId: 'too-large-device', mutations: [mutation(1, 'mark.set', mark({ junk: 'x'.repeat(3_000_000) }))] });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ code: 'payload_too_large', message: expect.stringMatching(/too large/) });
    });

    it('a mutation id already used (by this device under another seq, or by another device) is rejected, and the mark behind it applied', async () => {
      const first = markMutation(1, { pupilId: g1[8], mark: '/' }, TEST_NOW - MINUTE);
      const deviceId = `dup-${engine}-${++deviceNo}`;
      expect((await post(server.app, '/api/sync/push', teacher, { deviceId, mutations: [first] })).json().results).toEqual([{ seq: 1, status: 'applied' }]);
      expect(await rejectedThenApplied({ ...first }, teacher)).toMatchObject({ code: 'duplicate_mutation_id' });
      const again = await post(server.app, '/api/sync/push', teacher, { deviceId, mutations: [{ ...first, seq: 2 }, markMutation(3, { pupilId: g1[8], mark: 'N' }, TEST_NOW - MINUTE)] });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().results).toEqual([expect.objectContaining({ seq: 2, status: 'rejected', code: 'duplicate_mutation_id' }), { seq: 3, status: 'applied' }]);
    });

    it('a NUL in the device id of a pull is 400', async () => {
      const res = await post(server.app, '/api/sync/pull', teacher, { deviceId: `device-${NUL}-x`, cursor: null });
      expect(res.statusCode, res.body).toBe(400);
    });

    it('a NUL in the device id is 400', async () => {
      const res = await post(server.app, '/api/sync/push', teacher, { deviceId: `device-${NUL}-x`, mutations: [] });
      expect(res.statusCode, res.body).toBe(400);
    });

    it('a repeated push with a rejected hostile mutation returns the same results and changes nothing', async () => {
      const deviceId = `repeat-${engine}-${++deviceNo}`;
      const mutations = [mutation(1, 'mark.set', mark({}), { id: `x${NUL}` }), markMutation(2, { pupilId: g1[6], mark: '/' }, TEST_NOW - MINUTE)];
      const first = await post(server.app, '/api/sync/push', teacher, { deviceId, mutations });
      const again = await post(server.app, '/api/sync/push', teacher, { deviceId, mutations });
      expect(first.json().results[0]).toMatchObject({ status: 'rejected', code: 'invalid_mutation' });
      expect(again.json().results).toEqual(first.json().results);
      const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mark_events WHERE device_id = $1`, [deviceId]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('sign-in', () => {
    it.each([
      { username: `teacher1${NUL}`, password: 'demo' },
      { username: 'teacher1', password: `demo${NUL}` },
      { username: `teacher${LONE_SURROGATE}`, password: 'demo' },
    ])('%j is refused with 400 or 401', async (body) => {
      const res = await post(server.app, '/api/auth/login', null, body);
      expect([400, 401], res.body).toContain(res.statusCode);
    });
  });
});
