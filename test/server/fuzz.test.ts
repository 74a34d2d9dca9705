/**
 * Fuzz test (issue 9): generated hostile values in every field of every mutation type, in the fields of the
 * mutation itself, in unknown extra fields, and in every parameter of every office read, through inject(),
 * on PGlite and (with TEST_DATABASE_URL) on PostgreSQL. It asserts what a device and the office would notice:
 * - no answer is a 5xx;
 * - each hostile mutation is answered `rejected` with a code and a message, never `retry` (which would hold
 *   every later change of that tablet behind it), and the valid mark pushed behind it is applied;
 * - odd but allowed values (absurd clocks, far-off instants, junk extra fields) never fail a push either;
 * - an office read with a NUL or an impossible date in a parameter is 400.
 *
 * `npm test` runs it small (20 runs per property). Run it bigger with, for example,
 * FUZZ_RUNS=500 npx vitest run test/server/fuzz.test.ts (and FUZZ_SEED=<seed> to replay a failure).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationResult } from '../../src/protocol/index.js';
import { MUTATION_TYPES } from '../../src/server/sync/mutationHandlers.js';
import { ENGINES, markMutation, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../support/serverHarness.js';
import { impossibleDate, MUTATION_SPECS, oddButAllowed, refusedAnywhere, refusedIn, refusedMutationField, unstorableText, USED_MUTATION_ID } from './fuzzArbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const options = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
const MINUTE = 60_000;
/** Long enough for the runs on a busy machine; the default size takes a few seconds. */
const TIMEOUT = 60_000 + RUNS * 2_000;

interface Hostile {
  type: string;
  /** Where the hostile value went, for the failure message. */
  where: string;
  mutation: Record<string, unknown>;
}

describe.each(ENGINES)('fuzz: hostile input never fails a push or a read (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  let pupils: string[];
  let deviceNo = 0;

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    pupils = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    const used = { ...markMutation(1, { pupilId: pupils[0], mark: '/' }, TEST_NOW - MINUTE), id: USED_MUTATION_ID };
    const res = await post(server.app, '/api/sync/push', office, { deviceId: `fuzz-${engine}-first`, mutations: [used] });
    expect(res.json().results).toEqual([{ seq: 1, status: 'applied' }]);
  });
  afterAll(() => server.close());

  it('knows every mutation type the server knows', () => {
    expect(Object.keys(MUTATION_SPECS).sort()).toEqual([...MUTATION_TYPES].sort());
  });

  /** A mutation of `type` with valid arguments, observed a minute ago by a device whose clock is right. */
  function validMutation(type: string): Record<string, unknown> {
    const args = MUTATION_SPECS[type].args({ pupilId: pupils[1], today: TEST_TODAY, now: TEST_NOW });
    return { id: randomUUID(), type, args, observedAt: new Date(TEST_NOW - MINUTE).toISOString(), clockOffsetMs: 0 };
  }

  /** A mutation with one must-be-refused value: in one of its argument fields, an unknown extra field, or its own fields. */
  const hostileMutation: fc.Arbitrary<Hostile> = fc.constantFrom(...Object.keys(MUTATION_SPECS)).chain((type) => {
    const spec = MUTATION_SPECS[type];
    const inArgs = Object.entries(spec.fields).map(([field, kind]) =>
      refusedIn(kind).map((value) => ({ where: `args.${field}`, patch: (m: Record<string, unknown>) => ({ ...m, args: { ...(m.args as object), [field]: value } }) })));
    const inExtraArg = fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), unstorableText), refusedAnywhere).map(([field, value]) => ({
      where: 'an unknown field of args', patch: (m: Record<string, unknown>) => ({ ...m, args: { ...(m.args as object), [`x-${field}`]: value } }),
    }));
    const inMutation = Object.entries(refusedMutationField).map(([field, arb]) => arb.map((value) => ({ where: field, patch: (m: Record<string, unknown>) => ({ ...m, [field]: value }) })));
    const inExtraField = refusedAnywhere.map((value) => ({ where: 'an unknown field of the mutation', patch: (m: Record<string, unknown>) => ({ ...m, note: value }) }));
    return fc.oneof(...inArgs, inExtraArg, ...inMutation, inExtraField).map(({ where, patch }) => ({ type, where, mutation: patch(validMutation(type)) }));
  });

  /**
   * Pushes each mutation followed by a valid mark, numbered 1, 2, 3... from a new device, and returns the
   * results of the mutations and of the marks.
   */
  async function pushWithMarksBehind(mutations: Array<Record<string, unknown>>) {
    const deviceId = `fuzz-${engine}-${++deviceNo}`;
    const body = mutations.flatMap((m, i) => [
      { ...m, seq: 2 * i + 1 },
      markMutation(2 * i + 2, { pupilId: pupils[(deviceNo + i) % pupils.length], mark: (deviceNo + i) % 2 ? '/' : 'N' }, TEST_NOW - MINUTE),
    ]);
    const res = await post(server.app, '/api/sync/push', office, { deviceId, mutations: body });
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as MutationResult[];
    expect(results).toHaveLength(body.length);
    return { theirs: results.filter((_, i) => i % 2 === 0), marks: results.filter((_, i) => i % 2 === 1) };
  }

  it('refuses every hostile mutation on its own, and applies the valid mark behind each', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileMutation, { minLength: 1, maxLength: 4 }), async (hostiles) => {
        const { theirs, marks } = await pushWithMarksBehind(hostiles.map((h) => h.mutation));
        theirs.forEach((result, i) => {
          const what = `${hostiles[i].type}, hostile value in ${hostiles[i].where}: ${JSON.stringify(result)}`;
          expect(result.status, what).toBe('rejected');
          expect(result.code, what).toEqual(expect.any(String));
          expect(result.message, what).toEqual(expect.any(String));
        });
        for (const mark of marks) expect(mark.status, JSON.stringify(mark)).toBe('applied');
      }),
      options,
    );
  });

  it('never fails a push for odd but allowed values: absurd clocks, far-off instants, junk in unknown fields', { timeout: TIMEOUT }, async () => {
    const odd = fc.constantFrom(...Object.keys(MUTATION_SPECS)).chain((type) =>
      fc.record({ clockOffsetMs: oddButAllowed.clockOffsetMs, observedAt: oddButAllowed.observedAt, at: oddButAllowed.at, junk: oddButAllowed.junk }).map((v) => {
        const m = validMutation(type);
        const args = { ...(m.args as Record<string, unknown>), junk: v.junk, ...('at' in (m.args as object) ? { at: v.at } : {}) };
        return { type, mutation: { ...m, args, clockOffsetMs: v.clockOffsetMs, observedAt: v.observedAt, extra: v.junk } };
      }));
    await fc.assert(
      fc.asyncProperty(fc.array(odd, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const { theirs, marks } = await pushWithMarksBehind(mutations.map((m) => m.mutation));
        theirs.forEach((result, i) => {
          expect(['applied', 'rejected'], `${mutations[i].type}: ${JSON.stringify(result)}`).toContain(result.status);
        });
        for (const mark of marks) expect(mark.status, JSON.stringify(mark)).toBe('applied');
      }),
      options,
    );
  });

  /** Every office read and its parameters; `date` marks a parameter that is a date. */
  const OFFICE_READS: Array<{ path: string; params: Record<string, 'date' | 'dates' | 'text'> }> = [
    { path: '/api/office/registers', params: { date: 'date' } },
    { path: '/api/office/missing-registers', params: { date: 'date' } },
    { path: '/api/office/first-day', params: { date: 'date' } },
    { path: '/api/office/on-site', params: { date: 'date' } },
    { path: '/api/office/history', params: { pupilId: 'text', date: 'date', session: 'text' } },
    { path: '/api/office/conflicts', params: { status: 'text' } },
    { path: '/api/office/late-proposal', params: { pupilId: 'text', date: 'date', session: 'text', arrivedAt: 'text' } },
    { path: '/api/office/planned-absences', params: { from: 'date', to: 'date' } },
    { path: '/api/office/bulk-preview', params: { code: 'text', dates: 'dates', sessions: 'text', groupId: 'text' } },
    { path: '/api/office/covers', params: { from: 'date', to: 'date' } },
    { path: '/api/office/pupil/PUPIL', params: { PUPIL: 'text', from: 'date', to: 'date' } },
    { path: '/api/office/export.csv', params: { from: 'date', to: 'date', groupId: 'text' } },
    { path: '/api/office/unresolved-n', params: {} },
    { path: '/api/office/alerts', params: { from: 'date', to: 'date' } },
    { path: '/api/office/attendance', params: { from: 'date', to: 'date', groupId: 'text', yearGroup: 'text', send: 'text', fsm: 'text', gender: 'text' } },
    { path: '/api/office/attendance/patterns', params: { from: 'date', to: 'date', groupId: 'text', eal: 'text', lookedAfter: 'text' } },
    { path: '/api/office/staff', params: {} },
    { path: '/api/office/groups', params: {} },
  ];
  const VALID: Record<string, string> = {
    date: TEST_TODAY, from: '2026-11-01', to: TEST_TODAY, dates: TEST_TODAY, pupilId: 'p0001', PUPIL: 'p0001', session: 'AM',
    status: 'open', arrivedAt: '2026-11-24T09:10:00Z', code: 'Y1', sessions: 'AM', groupId: 'g1',
    yearGroup: '1', send: 'K', fsm: 'true', eal: 'false', lookedAfter: 'false', gender: 'F',
  };

  it('answers every office read with hostile parameters without a 5xx, and a NUL or an impossible date with 400', { timeout: TIMEOUT }, async () => {
    const hostileValue = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => ({ text: s, mustRefuse: false })),
      fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => ({ text: `${a}\u0000${b}`, mustRefuse: true })),
      impossibleDate.map((d) => ({ text: d, mustRefuse: 'ifDate' as const })),
      fc.constantFrom('0001-01-01', '9999-12-31', '1e308', '-1', '', 'constructor', '__proto__', 'x'.repeat(5000)).map((text) => ({ text, mustRefuse: false })),
    );
    const read = fc.constantFrom(...OFFICE_READS).chain((r) => {
      const names = [...Object.keys(r.params), 'extra'];
      return fc.record({
        name: fc.constantFrom(...names),
        value: hostileValue,
        twice: fc.boolean(),
      }).map((h) => ({ ...r, ...h }));
    });
    await fc.assert(
      fc.asyncProperty(read, async ({ path, params, name, value, twice }) => {
        const query: string[] = [];
        let url = path;
        for (const p of Object.keys(params)) {
          const v = p === name ? value.text : VALID[p];
          if (p === 'PUPIL') url = url.replace('PUPIL', encodeURIComponent(v) || 'p0001');
          else query.push(`${p}=${encodeURIComponent(v)}`);
        }
        if (name === 'extra') query.push(`extra=${encodeURIComponent(value.text)}`);
        if (twice && name !== 'PUPIL') query.push(`${name}=${encodeURIComponent(value.text)}`);
        const full = `${url}?${query.join('&')}`;
        const res = await server.app.inject({ method: 'GET', url: full, headers: { cookie: office } });
        expect(res.statusCode, `${full}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
        const isDate = params[name] === 'date' || params[name] === 'dates';
        if ((value.mustRefuse === true && !(name === 'PUPIL' && value.text === '')) || (value.mustRefuse === 'ifDate' && isDate)) {
          expect(res.statusCode, `${full}: ${res.body.slice(0, 300)}`).toBe(400);
        }
      }),
      options,
    );
  });
});
