/**
 * Two schools in one database (issue 12, "A trust"): everyone at school A reads and changes only school A.
 *
 * School B (Larchfield) is the demo school made again with another seed, every id, surname, class name and
 * staff name of it marked "larch" so a leak is found by searching an answer for them. B has its own day of
 * marks, conflicts, contacts, sign-outs, planned absences, covers, alerts and devices before A tries anything.
 *
 * Nothing is listed by hand that could be forgotten: the GET routes are those the app reports as it registers
 * them (buildApp's onRoute), the mutation types are the server's own list, and B's rows are compared in every
 * table that has a school_id. A route parameter or mutation type with no value for it fails the test until
 * one is added below. Each call is made twice: with A's own ids (so the call is known to work: the admin is
 * answered 200 and the mutation applies) and with B's (refused, or finding nothing of B).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse, RouteOptions } from 'fastify';
import { ENGINES, post, signIn, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from '../support/serverHarness.js';
import { generateDemoSchool, type DemoSchool } from '../../src/server/demo/generateDemoSchool.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import { MUTATION_TYPES } from '../../src/server/sync/mutationHandlers.js';
import { ALERT_KINDS } from '../../src/protocol/officeFigures.js';
import { jpegBytes } from './photosFixtures.js';
import type { MutationResult } from '../../src/protocol/index.js';

const B_ID = 'larch';
const ROLES_OF_A = ['teacher1', 'ta1', 'office1', 'admin1'] as const;
const NEXT_SCHOOL_DAY = '2026-11-25';

/** The demo school again, from another seed, with every id and name of it marked "larch". */
function larchfield(): DemoSchool {
  const base = generateDemoSchool(TEST_TODAY, 977);
  const id = (x: string) => `larch-${x}`;
  return {
    ...base,
    school: { ...base.school, id: B_ID, name: 'Larchfield Primary School' },
    groups: base.groups.map((g) => ({ ...g, id: id(g.id), name: `${g.name} Larchside` })),
    pupils: base.pupils.map((p) => ({ ...p, id: id(p.id), groupId: id(p.groupId), lastName: `${p.lastName}-Larch` })),
    staff: base.staff.map((s) => ({ ...s, id: id(s.id), username: `larch.${s.username}`, displayName: `${s.displayName}-Larch` })),
    assignments: base.assignments.map((a) => ({ ...a, id: id(a.id), staffId: id(a.staffId), groupId: id(a.groupId) })),
  };
}

/** The ids one school's activity left behind, for calls and mutations that name them. */
interface SchoolIds {
  schoolId: string;
  username: (demoUsername: string) => string;
  pupil: string;
  otherPupil: string;
  /** A pupil the office gave a code this morning (a teacher may say they are here after all). */
  officeCoded: string;
  group: string;
  teacher: string;
  conflict: string;
  cover: string;
  devices: string[];
}

/** One school's morning: marks, a conflict, a contact, a sign-out, a planned absence, a cover, an alert record. */
async function morning(server: TestServer, school: DemoSchool, username: (u: string) => string): Promise<SchoolIds> {
  const g1 = school.pupils.filter((p) => p.groupId === school.groups[0].id);
  const devices: string[] = [];
  const push = async (who: string, mutations: Array<{ type: string; args: unknown }>) => {
    const cookie = await signIn(server.app, username(who));
    const deviceId = `${school.school.id}-${who}-tablet`;
    if (!devices.includes(deviceId)) devices.push(deviceId);
    const { rows } = await server.db.query<{ n: string }>(`SELECT last_seq::text AS n FROM devices WHERE id = $1`, [deviceId]);
    let seq = Number(rows[0]?.n ?? 0);
    const res = await post(server.app, '/api/sync/push', cookie, {
      deviceId,
      mutations: mutations.map((m) => ({ seq: ++seq, id: randomUUID(), type: m.type, args: m.args, observedAt: new Date(TEST_NOW - 60_000).toISOString(), clockOffsetMs: 0 })),
    });
    expect(res.statusCode, res.body).toBe(200);
    for (const r of res.json().results as MutationResult[]) expect(r.status, `${school.school.id} ${who}: ${JSON.stringify(r)}`).toBe('applied');
    return cookie;
  };
  await push('admin1', [{ type: 'code.set', args: { pupilId: g1[1].id, date: TEST_TODAY, session: 'AM', code: 'M' } }]);
  const teacherCookie = await push('teacher1', g1.map((p, i) => ({ type: 'mark.set', args: { pupilId: p.id, date: TEST_TODAY, session: 'AM', mark: i === 2 ? 'N' : '/' } })));
  // The teacher's tablet gets a device key, so device keys are among the rows compared.
  const key = await post(server.app, '/api/sync/device-key', teacherCookie, { deviceId: `${school.school.id}-teacher1-tablet` });
  expect(key.statusCode, key.body).toBe(200);
  const cover = `cover-${school.school.id}-${randomUUID()}`;
  await push('office1', [
    { type: 'contact.record', args: { id: randomUUID(), pupilId: g1[2].id, date: TEST_TODAY, method: 'phone', outcome: 'No answer' } },
    { type: 'pupil.signout', args: { id: randomUUID(), pupilId: g1[3].id, reason: 'Dentist' } },
    { type: 'absence.plan', args: { id: randomUUID(), pupilIds: [g1[4].id], startDate: NEXT_SCHOOL_DAY, endDate: NEXT_SCHOOL_DAY, sessions: ['AM'], code: 'M' } },
    { type: 'cover.add', args: { id: cover, staffId: `${idPrefix(school)}s-ta1`, groupId: school.groups[3].id, startDate: NEXT_SCHOOL_DAY, endDate: NEXT_SCHOOL_DAY, sessions: ['PM'] } },
    { type: 'alert.record', args: { kind: ALERT_KINDS[0], pupilId: g1[5].id, key: `${ALERT_KINDS[0]}:${TEST_TODAY}`, action: 'letter_sent' } },
  ]);
  const adminCookie = await signIn(server.app, username('admin1'));
  const photo = await server.app.inject({
    method: 'PUT', url: `/api/admin/pupils/${g1[0].id}/photo`, payload: jpegBytes(), headers: { 'content-type': 'image/jpeg', cookie: adminCookie },
  });
  expect(photo.statusCode, photo.body).toBe(200);
  const { rows } = await server.db.query<{ id: string }>(`SELECT id FROM conflicts WHERE school_id = $1 AND pupil_id = $2`, [school.school.id, g1[1].id]);
  expect(rows).toHaveLength(1);
  return {
    schoolId: school.school.id, username, pupil: g1[0].id, otherPupil: g1[6].id, officeCoded: g1[1].id, group: school.groups[0].id,
    teacher: `${idPrefix(school)}s-teacher1`, conflict: rows[0].id, cover, devices,
  };
}

const idPrefix = (school: DemoSchool) => (school.school.id === B_ID ? 'larch-' : '');

/** Arguments for each mutation type naming the given school's pupils, classes, staff, conflicts and covers. */
const MUTATION_ARGS: Record<string, (ids: SchoolIds) => unknown> = {
  'mark.set': (s) => ({ pupilId: s.otherPupil, date: TEST_TODAY, session: 'AM', mark: '/' }),
  'pupil.here': (s) => ({ pupilId: s.officeCoded, date: TEST_TODAY, session: 'AM' }),
  'cover.add': (s) => ({ id: randomUUID(), staffId: s.teacher, groupId: s.group, startDate: NEXT_SCHOOL_DAY, endDate: NEXT_SCHOOL_DAY, sessions: ['AM'] }),
  'cover.remove': (s) => ({ id: s.cover }),
  'code.set': (s) => ({ pupilId: s.otherPupil, date: TEST_TODAY, session: 'PM', code: 'I' }),
  'contact.record': (s) => ({ id: randomUUID(), pupilId: s.otherPupil, date: TEST_TODAY, method: 'phone', outcome: 'Spoke to mum' }),
  'conflict.resolve': (s) => ({ conflictId: s.conflict, resolution: 'Checked with the family' }),
  'pupil.signout': (s) => ({ id: randomUUID(), pupilId: s.otherPupil, reason: 'Unwell' }),
  'pupil.signin': (s) => ({ id: randomUUID(), pupilId: s.otherPupil }),
  'absence.plan': (s) => ({ id: randomUUID(), pupilIds: [s.otherPupil], startDate: '2026-11-26', endDate: '2026-11-26', sessions: ['PM'], code: 'C' }),
  'code.bulk': (s) => ({ id: randomUUID(), code: 'Y2', dates: ['2026-11-27'], sessions: ['AM'], groupId: s.group, reason: 'Snow' }),
  'alert.record': (s) => ({ kind: ALERT_KINDS[1], pupilId: s.otherPupil, key: `${ALERT_KINDS[1]}:${TEST_TODAY}`, action: 'no_action', note: 'Known to us' }),
};

/** Query strings a GET needs, naming the given school's ids where it takes one. */
const GET_QUERIES: Record<string, (s: SchoolIds) => string> = {
  '/api/office/late-proposal': (s) => `?pupilId=${s.otherPupil}&date=${TEST_TODAY}&session=AM&arrivedAt=2026-11-24T09:12:00Z`,
  '/api/office/bulk-preview': (s) => `?code=Y2&dates=${TEST_TODAY}&sessions=AM&groupId=${s.group}`,
  '/api/office/history': (s) => `?pupilId=${s.pupil}&date=${TEST_TODAY}&session=AM`,
  '/api/office/attendance': (s) => `?groupId=${s.group}`,
  '/api/office/attendance/patterns': (s) => `?send=K&groupId=${s.group}`,
  '/api/office/export.csv': (s) => `?groupId=${s.group}`,
  '/api/office/export-summary': (s) => `?groupId=${s.group}`,
  '/api/admin/pupils': (s) => `?groupId=${s.group}`,
  '/api/admin/audit': (s) => `?entity=pupil&key=${s.pupil}`,
  '/api/admin/calendar/bank-holidays': () => '?year=2026-09-01',
};

/** The school's value for a route parameter, chosen by the segment before it. */
function paramValue(s: SchoolIds, key: string): string {
  const values: Record<string, string> = {
    'pupil/:pupilId': s.pupil,
    'pupils/:id': s.pupil,
    'groups/:id': s.group,
    'staff/:id': s.teacher,
    'staff/:staffId': s.teacher,
    'years/:startDate': '2026-09-01',
    'closures/:date': '2026-12-01',
  };
  const value = values[key];
  if (value === undefined) throw new Error(`No value for the parameter in "${key}": add one to paramValue()`);
  return encodeURIComponent(value);
}

function realPath(url: string, s: SchoolIds, withQuery: boolean): string {
  const segments = url.split('/');
  const path = segments.map((seg, i) => (seg.startsWith(':') ? paramValue(s, `${segments[i - 1]}/${seg}`) : seg)).join('/');
  return path + (withQuery ? (GET_QUERIES[url]?.(s) ?? '') : '');
}

describe.each(ENGINES)('two schools in one database: each reads and changes only its own (%s)', (engine) => {
  let server: TestServer;
  let b: DemoSchool;
  let A: SchoolIds;
  let B: SchoolIds;
  /** Everything of B's that must never appear in an answer to A. */
  let markers: string[];
  let beforeB: Record<string, string[]>;
  const routes: Array<{ method: string; url: string }> = [];
  const cookies = new Map<string, string>();

  /** Every row of B's in every table with a school_id (and B's schools row), as sorted JSON. */
  async function snapshotOfB(): Promise<Record<string, string[]>> {
    const { rows: tables } = await server.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE column_name = 'school_id' AND table_schema = current_schema() ORDER BY table_name`);
    expect(tables.length).toBeGreaterThan(20);
    const out: Record<string, string[]> = {};
    for (const { table_name: t } of tables) {
      const { rows } = await server.db.query(`SELECT * FROM ${t} WHERE school_id = $1`, [B_ID]);
      out[t] = rows.map((r) => JSON.stringify(r)).sort();
    }
    out.schools = (await server.db.query(`SELECT * FROM schools WHERE id = $1`, [B_ID])).rows.map((r) => JSON.stringify(r));
    return out;
  }

  /** The rows of B's that are new or gone since beforeAll: none, or the test fails naming them. */
  async function changesToB(): Promise<string[]> {
    const now = await snapshotOfB();
    const changes: string[] = [];
    for (const table of new Set([...Object.keys(beforeB), ...Object.keys(now)])) {
      const was = new Set(beforeB[table] ?? []);
      const is = new Set(now[table] ?? []);
      for (const row of is) if (!was.has(row)) changes.push(`${table} + ${row}`);
      for (const row of was) if (!is.has(row)) changes.push(`${table} - ${row}`);
    }
    return changes;
  }

  /**
   * Rows of A's that name anything of B's (a mutation of A's that took B's id). The mutation log is left out:
   * it keeps what each refused mutation asked for, as it should.
   */
  async function rowsOfANamingB(): Promise<string[]> {
    const { rows: tables } = await server.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE column_name = 'school_id' AND table_schema = current_schema()`);
    const found: string[] = [];
    for (const { table_name: t } of tables.filter((x) => x.table_name !== 'mutation_log')) {
      const { rows } = await server.db.query(`SELECT * FROM ${t} WHERE school_id = $1`, [A.schoolId]);
      for (const r of rows) if (JSON.stringify(r).includes('larch')) found.push(`${t}: ${JSON.stringify(r)}`);
    }
    return found;
  }

  /** B's markers in an answer, but for the ids the request itself named (an answer may repeat what it was asked). */
  const leaks = (body: string, asked = '') => markers.filter((m) => body.includes(m) && !decodeURIComponent(asked).includes(m));

  beforeAll(async () => {
    const collect = (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    };
    server = await startTestServer(engine, undefined, undefined, { onRoute: collect });
    b = larchfield();
    await seedDemoSchool(server.db, TEST_TODAY, { school: b });
    A = await morning(server, server.demo, (u) => u);
    B = await morning(server, b, (u) => `larch.${u}`);
    const { rows: conflicts } = await server.db.query<{ id: string }>(`SELECT id FROM conflicts WHERE school_id = $1`, [B_ID]);
    const { rows: devices } = await server.db.query<{ id: string }>(`SELECT id FROM devices WHERE school_id = $1`, [B_ID]);
    const namesOfA = new Set(server.demo.pupils.map((p) => p.upn));
    markers = [
      b.school.name,
      ...b.pupils.flatMap((p) => [p.id, p.lastName, ...(namesOfA.has(p.upn) ? [] : [p.upn])]),
      ...b.groups.flatMap((g) => [g.id, g.name]),
      ...b.staff.flatMap((s) => [s.id, s.username, s.displayName]),
      ...b.assignments.map((a) => a.id),
      ...conflicts.map((c) => c.id), ...devices.map((d) => d.id), B.cover,
    ];
    for (const who of ROLES_OF_A) cookies.set(who, await signIn(server.app, who));
    cookies.set('larch.admin1', await signIn(server.app, 'larch.admin1'));
    beforeB = await snapshotOfB();
  }, 60_000);
  afterAll(() => server.close());

  it('sets up two schools whose answers tell them apart', async () => {
    // B's own admin sees B: the markers are what B's answers hold, so their absence from A's means something.
    const cookie = cookies.get('larch.admin1')!;
    const res = await server.app.inject({ method: 'GET', url: '/api/admin/pupils', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(leaks(res.body).length).toBeGreaterThan(20);
    const ofA = await server.app.inject({ method: 'GET', url: '/api/admin/pupils', headers: { cookie: cookies.get('admin1')! } });
    expect(leaks(ofA.body)).toEqual([]);
    expect(ofA.body).toContain(A.pupil);
  });

  it('answers every GET route, for every role of A, with nothing of B, and refuses or finds nothing for B\'s ids', async () => {
    const gets = routes.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/office/pupil/:pupilId', '/api/admin/pupils/:id', '/api/office/registers', '/api/auth/me']));
    let calls = 0;
    for (const who of ROLES_OF_A) {
      const cookie = cookies.get(who)!;
      for (const route of gets) {
        const theirsUrl = realPath(route.url, B, true);
        const own = await server.app.inject({ method: 'GET', url: realPath(route.url, A, true), headers: { cookie } });
        const theirs = await server.app.inject({ method: 'GET', url: theirsUrl, headers: { cookie } });
        calls += 2;
        const label = `${who} GET ${route.url}`;
        expect(leaks(own.body), `${label} with A's ids: ${own.body.slice(0, 300)}`).toEqual([]);
        expect(leaks(theirs.body, theirsUrl), `${label} with B's ids: ${theirs.body.slice(0, 300)}`).toEqual([]);
        expect(own.statusCode, `${label}: ${own.body.slice(0, 300)}`).toBeLessThan(500);
        expect(theirs.statusCode, `${label}: ${theirs.body.slice(0, 300)}`).toBeLessThan(500);
        // The school's admin may read every school GET (the trust's routes are the trust admin's alone):
        // with A's ids each answers, so B's refusal is about the ids.
        if (who === 'admin1' && route.url !== '/setup' && !route.url.startsWith('/api/trust/')) expect(own.statusCode, `${label}: ${own.body.slice(0, 300)}`).toBe(200);
        if (route.url.startsWith('/api/trust/')) expect(own.statusCode, `${label}: a school's staff never read the trust's`).toBe(403);
        if (route.url.includes(':') && own.statusCode === 200) {
          expect([400, 403, 404], `${label} with B's ids: ${theirs.statusCode} ${theirs.body.slice(0, 300)}`).toContain(theirs.statusCode);
        }
      }
    }
    expect(calls).toBe(gets.length * ROLES_OF_A.length * 2);
    expect(await changesToB()).toEqual([]);
  }, 60_000);

  it('refuses every mutation type, pushed by every role of A with B\'s ids, and B\'s rows are unchanged', async () => {
    expect(Object.keys(MUTATION_ARGS).sort()).toEqual([...MUTATION_TYPES].sort());
    // A's admin applies each with A's own ids: the arguments are good, so B's refusals are about the ids.
    const admin = await pushAs('admin1', `${A.schoolId}-admin1-own-ids`, MUTATION_TYPES.map((type) => ({ type, args: MUTATION_ARGS[type](A) })));
    expect(admin.map((r, i) => `${MUTATION_TYPES[i]} ${r.status} ${r.code ?? ''}`)).toEqual(MUTATION_TYPES.map((t) => `${t} applied `));
    for (const who of ROLES_OF_A) {
      const results = await pushAs(who, `${A.schoolId}-${who}-with-b-ids`, MUTATION_TYPES.map((type) => ({ type, args: MUTATION_ARGS[type](B) })));
      results.forEach((r, i) => expect(r.status, `${who} ${MUTATION_TYPES[i]}: ${JSON.stringify(r)}`).toBe('rejected'));
    }
    expect(await changesToB()).toEqual([]);
    expect(await rowsOfANamingB()).toEqual([]);
  }, 60_000);

  async function pushAs(who: string, deviceId: string, mutations: Array<{ type: string; args: unknown }>, extra: { headers?: Record<string, string> } = {}) {
    const res = await pushRaw(who, deviceId, mutations, extra);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results as MutationResult[];
  }

  function pushRaw(who: string | null, deviceId: string, mutations: Array<{ type: string; args: unknown }>, extra: { headers?: Record<string, string> } = {}) {
    return server.app.inject({
      method: 'POST', url: '/api/sync/push',
      headers: { ...(who ? { cookie: cookies.get(who)! } : {}), ...extra.headers },
      payload: { deviceId, mutations: mutations.map((m, i) => ({ seq: i + 1, id: randomUUID(), type: m.type, args: m.args, observedAt: new Date(TEST_NOW).toISOString(), clockOffsetMs: 0 })) },
    });
  }

  it("lets no one of A pull or push as B's devices, with a session or a device key, nor hold B's class", async () => {
    const bTablet = B.devices.find((d) => d.includes('teacher1'))!;
    for (const who of ROLES_OF_A) {
      const cookie = cookies.get(who)!;
      for (const deviceId of B.devices) {
        const pull = await post(server.app, '/api/sync/pull', cookie, { deviceId, cursor: null });
        expect(pull.statusCode, `${who} pulls as ${deviceId}: ${pull.body}`).toBe(403);
        const push = await pushRaw(who, deviceId, [{ type: 'mark.set', args: MUTATION_ARGS['mark.set'](A) }]);
        expect(push.statusCode, `${who} pushes as ${deviceId}: ${push.body}`).toBe(403);
        const key = await post(server.app, '/api/sync/device-key', cookie, { deviceId });
        expect(key.statusCode, `${who} asks a key for ${deviceId}: ${key.body}`).toBe(403);
      }
      // Asking to hold one of B's classes on A's own computer gives nothing of B.
      const own = `${A.schoolId}-${who}-pull-b-class`;
      let cursor: string | null = null;
      for (let page = 0; page < 50; page++) {
        const pull = await post(server.app, '/api/sync/pull', cookie, { deviceId: own, cursor, groupId: B.group });
        expect(pull.statusCode, pull.body).toBeLessThan(500);
        expect(leaks(pull.body), `${who} pulls B's class: ${pull.body.slice(0, 300)}`).toEqual([]);
        if (pull.statusCode !== 200 || !pull.json().hasMore) break;
        cursor = pull.json().cursor;
      }
    }
    // A's teacher's tablet key is A's: sent for B's tablet, or made up of B's tablet and A's secret, it is refused.
    const teacher = cookies.get('teacher1')!;
    const aTablet = `${A.schoolId}-teacher1-key-tablet`;
    const issued = await post(server.app, '/api/sync/device-key', teacher, { deviceId: aTablet });
    expect(issued.statusCode, issued.body).toBe(200);
    const aKey: string = issued.json().deviceKey;
    const mutation = [{ type: 'mark.set', args: MUTATION_ARGS['mark.set'](B) }];
    expect((await pushRaw(null, bTablet, mutation, { headers: { 'x-device-key': aKey } })).statusCode).toBe(403);
    const forged = `${bTablet}.${aKey.slice(aKey.lastIndexOf('.') + 1)}`;
    expect((await pushRaw(null, bTablet, mutation, { headers: { 'x-device-key': forged } })).statusCode).toBe(401);
    const withKey = await pushRaw(null, aTablet, mutation, { headers: { 'x-device-key': aKey } });
    expect(withKey.statusCode, withKey.body).toBe(200);
    expect(withKey.json().results[0].status).toBe('rejected');
    // Signing out naming B's tablet does not end B's device key.
    const again = await signIn(server.app, 'teacher2');
    const logout = await post(server.app, '/api/auth/logout', again, { deviceId: bTablet });
    expect(logout.statusCode).toBeLessThan(500);
    expect(await changesToB()).toEqual([]);
  }, 60_000);

  it("changes nothing of B through A's admin routes named with B's ids", async () => {
    const bodies: Record<string, unknown> = {
      'PATCH /api/admin/pupils/:id': { firstName: 'Changed' },
      'POST /api/admin/pupils/:id/move': { groupId: A.group, from: TEST_TODAY },
      'POST /api/admin/pupils/:id/leave': { lastDay: TEST_TODAY },
      'POST /api/admin/pupils/:id/rejoin': { groupId: A.group, from: TEST_TODAY },
      'PATCH /api/admin/groups/:id': { name: 'Changed' },
      'PUT /api/admin/groups/:id/staff': { teachers: [A.teacher], tas: [] },
      'PATCH /api/admin/staff/:id': { displayName: 'Changed' },
      'POST /api/admin/staff/:id/disable': {},
      'POST /api/admin/staff/:id/enable': {},
      'POST /api/admin/staff/:id/code': {},
      'POST /api/admin/staff/:staffId/devices/revoke': {},
      'DELETE /api/admin/pupils/:id/photo': undefined,
      'PUT /api/admin/pupils/:id/photo': 'a JPEG photo (below)',
    };
    const writes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.url.startsWith('/api/admin/') && /\/:(id|staffId|pupilId)\b/.test(r.url));
    expect(writes.length).toBeGreaterThanOrEqual(12);
    const cookie = cookies.get('admin1')!;
    for (const route of writes) {
      const label = `${route.method} ${route.url}`;
      expect(Object.keys(bodies), `no body for ${label}: add one`).toContain(label);
      const isPhoto = label === 'PUT /api/admin/pupils/:id/photo';
      const res = await server.app.inject({
        method: route.method as 'POST', url: realPath(route.url, B, false),
        headers: { cookie, ...(isPhoto ? { 'content-type': 'image/jpeg' } : {}) }, payload: isPhoto ? jpegBytes() : bodies[label] as object,
      });
      // 404, not 400: the request is in good form, and only B's id is refused.
      expect(res.statusCode, `${label} with B's ids: ${res.body}`).toBe(404);
      expect(leaks(res.body), label).toEqual([]);
    }
    // A's own class, teacher and pupil, given B's teacher or class, are refused too.
    const crossings: Array<{ method: 'PUT' | 'PATCH' | 'POST'; url: string; payload: object }> = [
      { method: 'PUT', url: `/api/admin/groups/${A.group}/staff`, payload: { teachers: [B.teacher], tas: [] } },
      { method: 'PATCH', url: `/api/admin/staff/s-teacher2`, payload: { groups: [B.group] } },
      { method: 'POST', url: `/api/admin/pupils/${A.pupil}/move`, payload: { groupId: B.group, from: TEST_TODAY } },
      { method: 'POST', url: '/api/admin/staff', payload: { role: 'teacher', displayName: 'Mr Newcomer', groups: [B.group] } },
    ];
    for (const c of crossings) {
      const res = await server.app.inject({ method: c.method, url: c.url, headers: { cookie }, payload: c.payload });
      expect(res.statusCode, `${c.method} ${c.url} naming B: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${c.method} ${c.url} naming B: ${res.body}`).toBeLessThan(500);
    }
    expect(await changesToB()).toEqual([]);
    expect(await rowsOfANamingB()).toEqual([]);
  }, 60_000);
});
