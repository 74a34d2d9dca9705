import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, post, startEmptyTestServer, TEST_NOW, type EmptyTestServer } from '../support/serverHarness.js';
import { hashSetupToken, newSetupToken, prepareFirstRun } from '../../src/server/auth/setupToken.js';
import { replaceSetupToken } from '../../src/server/repositories/setupRepository.js';
import { verifyPassword } from '../../src/server/auth/passwords.js';

const ORIGIN = 'http://localhost:8080';
const PASSWORD = 'correct horse battery';

function setupBody(token: string, overrides: { school?: object; admin?: object } = {}) {
  return {
    token,
    school: { name: 'Hillside Primary', urn: '123456', timeZone: 'Europe/London', ...overrides.school },
    admin: { username: 'head', displayName: 'Mrs Head', password: PASSWORD, ...overrides.admin },
  };
}

/** The token in the line a production start prints. */
async function printedToken(server: EmptyTestServer): Promise<string> {
  const line = await prepareFirstRun(server.db, { now: server.clock.now(), origin: ORIGIN });
  expect(line).toMatch(/^The database has no school yet\. Open http:\/\/localhost:8080\/setup\?token=[A-Za-z0-9_-]{43} to set up your school \(this address works once\)\.$/);
  return /token=([A-Za-z0-9_-]+)/.exec(line!)![1];
}

const count = async (server: EmptyTestServer, table: string) =>
  Number((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

describe.each(ENGINES)('first run: the setup address and POST /api/setup (%s)', (engine) => {
  let server: EmptyTestServer;
  beforeEach(async () => {
    server = await startEmptyTestServer(engine);
  });
  afterEach(() => server.close());

  it('creates the school, its times, sync state and first admin, audits it, and signs the admin in', async () => {
    const token = await printedToken(server);
    const res = await post(server.app, '/api/setup', null, setupBody(token));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.schoolId).toEqual(expect.any(String));
    expect(body.user).toMatchObject({ username: 'head', displayName: 'Mrs Head', role: 'admin', schoolId: body.schoolId, schoolName: 'Hillside Primary', timeZone: 'Europe/London' });
    expect(body.serverTime).toBe(new Date(TEST_NOW).toISOString());

    const cookie = res.cookies.find((c) => c.name === 'register_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `register_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toEqual(body.user);

    const school = (await server.db.query<{ name: string; urn: string; time_zone: string; version: number }>(`SELECT name, urn, time_zone, version FROM schools`)).rows;
    expect(school).toEqual([{ name: 'Hillside Primary', urn: '123456', time_zone: 'Europe/London', version: 1 }]);
    expect((await server.db.query(`SELECT school_id, version FROM sync_state`)).rows).toEqual([{ school_id: body.schoolId, version: 1 }]);
    const sessions = (await server.db.query(`SELECT session, opens_at, open_minutes FROM session_settings WHERE school_id = $1 ORDER BY session`, [body.schoolId])).rows;
    expect(sessions).toEqual([
      { session: 'AM', opens_at: '08:40', open_minutes: 30 },
      { session: 'PM', opens_at: '13:15', open_minutes: 30 },
    ]);
    const staff = (await server.db.query<{ id: string; role: string; password_hash: string; active: boolean }>(`SELECT id, role, password_hash, active FROM staff WHERE school_id = $1`, [body.schoolId])).rows;
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatchObject({ id: body.user.id, role: 'admin', active: true });
    expect(await verifyPassword(PASSWORD, staff[0].password_hash)).toBe(true);

    const audit = (await server.db.query<{ staff_id: string; action: string; entity: string; after: { admin: { username: string } } }>(`SELECT staff_id, action, entity, after FROM admin_audit WHERE school_id = $1`, [body.schoolId])).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff_id: body.user.id, action: 'create', entity: 'school' });
    expect(audit[0].after.admin.username).toBe('head');
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);

    const tokens = (await server.db.query<{ token_hash: string; used_at: unknown; school_id: string }>(`SELECT token_hash, used_at, school_id FROM setup_tokens`)).rows;
    expect(tokens).toHaveLength(1);
    expect(tokens[0].token_hash).toBe(hashSetupToken(token));
    expect(tokens[0].token_hash).not.toContain(token);
    expect(tokens[0].used_at).not.toBeNull();
    expect(tokens[0].school_id).toBe(body.schoolId);

    // The new admin signs in later with the password, any case of the username.
    const login = await post(server.app, '/api/auth/login', null, { username: 'HEAD', password: PASSWORD });
    expect(login.statusCode).toBe(200);
  });

  it('defaults the time zone to Europe/London and stores no URN when none is given', async () => {
    const token = await printedToken(server);
    const res = await post(server.app, '/api/setup', null, { token, school: { name: 'Oak Lane' }, admin: { username: 'office.admin', displayName: 'Mr Office', password: PASSWORD } });
    expect(res.statusCode).toBe(201);
    expect((await server.db.query(`SELECT urn, time_zone FROM schools`)).rows).toEqual([{ urn: null, time_zone: 'Europe/London' }]);
  });

  it('says at GET /setup that the app must be built when it is not', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/setup?token=abc' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().message).toContain('npm run build');
  });

  it('refuses a used token, a wrong token and any token when none was printed, with 403', async () => {
    const none = await post(server.app, '/api/setup', null, setupBody(newSetupToken()));
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ code: 'setup_token_invalid', message: expect.stringContaining('not valid') });

    const token = await printedToken(server);
    const wrong = await post(server.app, '/api/setup', null, setupBody(`${token}x`));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('setup_token_invalid');
    expect(await count(server, 'schools')).toBe(0);

    expect((await post(server.app, '/api/setup', null, setupBody(token))).statusCode).toBe(201);
    const again = await post(server.app, '/api/setup', null, setupBody(token, { admin: { username: 'second' }, school: { name: 'Another' } }));
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('setup_token_invalid');
    expect(again.cookies.find((c) => c.name === 'register_session')).toBeUndefined();
    expect(await count(server, 'schools')).toBe(1);
    expect(await count(server, 'staff')).toBe(1);
  });

  it('answers a password shorter than 10 characters with 400 and leaves the token usable', async () => {
    const token = await printedToken(server);
    const short = await post(server.app, '/api/setup', null, setupBody(token, { admin: { password: '123456789' } }));
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'password_too_short', message: expect.stringContaining('at least 10 characters') });
    expect(await count(server, 'schools')).toBe(0);
    // A key named __proto__ is dropped as the body is read (never merged into anything), so it is no reason to refuse.
    const withProto = `{"token":"${token}","school":{"name":"A"},"admin":{"username":"head","displayName":"H","password":"${PASSWORD}"},"__proto__":{"admin":true}}`;
    const res = await server.app.inject({ method: 'POST', url: '/api/setup', payload: withProto, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('lets exactly one of two setups sent at once with the same token win', async () => {
    const token = await printedToken(server);
    const [a, b] = await Promise.all([
      post(server.app, '/api/setup', null, setupBody(token, { admin: { username: 'first' } })),
      post(server.app, '/api/setup', null, setupBody(token, { admin: { username: 'second' }, school: { name: 'Second School' } })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 403]);
    expect(await count(server, 'schools')).toBe(1);
    expect(await count(server, 'staff')).toBe(1);
  });

  it('makes only the address printed last work, and prints none once the database has a school', async () => {
    const first = await printedToken(server);
    const second = await printedToken(server);
    expect(second).not.toBe(first);
    expect(await count(server, 'setup_tokens')).toBe(1);
    expect((await post(server.app, '/api/setup', null, setupBody(first))).statusCode).toBe(403);
    expect((await post(server.app, '/api/setup', null, setupBody(second))).statusCode).toBe(201);

    // A restart on a database with a school: nothing printed, no new token.
    expect(await prepareFirstRun(server.db, { now: server.clock.now(), origin: ORIGIN })).toBeNull();
    expect(await count(server, 'setup_tokens')).toBe(1);
  });

  it('answers a username already used anywhere (any case) with 409 and leaves the token usable', async () => {
    expect((await post(server.app, '/api/setup', null, setupBody(await printedToken(server)))).statusCode).toBe(201);
    // A second school's token (a trust setting up another school).
    const token = newSetupToken();
    await replaceSetupToken(server.db, hashSetupToken(token), server.clock.now());
    const taken = await post(server.app, '/api/setup', null, setupBody(token, { admin: { username: 'Head' }, school: { name: 'Second School', urn: '654321' } }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'username_taken', message: expect.stringContaining('already in use') });
    expect(await count(server, 'schools')).toBe(1);
    expect((await post(server.app, '/api/setup', null, setupBody(token, { admin: { username: 'head2' }, school: { name: 'Second School', urn: '654321' } }))).statusCode).toBe(201);
  });

  it('refuses hostile and malformed input with 400, writing nothing, and the token still works', async () => {
    const token = await printedToken(server);
    const bad: unknown[] = [
      null,
      'setup',
      [],
      { token },
      setupBody(token, { school: { name: 'Hill\u0000side' } }),
      setupBody(token, { school: { name: '\uD800' } }),
      setupBody(token, { school: { name: '   ' } }),
      setupBody(token, { school: { name: 'x'.repeat(10_000) } }),
      setupBody(token, { school: { urn: '12345' } }),
      setupBody(token, { school: { urn: 'abcdef' } }),
      setupBody(token, { school: { urn: 123456 } }),
      setupBody(token, { school: { timeZone: 'Mars/Olympus' } }),
      setupBody(token, { school: { timeZone: 'europe/london' } }),
      setupBody(token, { school: { timeZone: '' } }),
      setupBody(token, { admin: { username: 'has space' } }),
      setupBody(token, { admin: { username: 'a' } }),
      setupBody(token, { admin: { username: '.dot' } }),
      setupBody(token, { admin: { username: 'x'.repeat(51) } }),
      setupBody(token, { admin: { username: 'ok\u0000' } }),
      setupBody(token, { admin: { displayName: 'Mrs \uDC00Head' } }),
      setupBody(token, { admin: { displayName: '' } }),
      setupBody(token, { admin: { password: `${PASSWORD}\u0000` } }),
      setupBody(token, { admin: { password: 'p'.repeat(201) } }),
      setupBody(token, { admin: { role: 'teacher' } }),
      { ...setupBody(token), token: 'x\u0000' },
      { ...setupBody(token), token: 12 },
    ];
    for (const payload of bad) {
      const res = await server.app.inject({ method: 'POST', url: '/api/setup', payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, JSON.stringify(payload)?.slice(0, 120)).toBe(400);
      expect(res.json().code).toEqual(expect.any(String));
    }
    expect(await count(server, 'schools')).toBe(0);
    // A key named __proto__ is dropped as the body is read (never merged into anything), so it is no reason to refuse.
    const withProto = `{"token":"${token}","school":{"name":"A"},"admin":{"username":"head","displayName":"H","password":"${PASSWORD}"},"__proto__":{"admin":true}}`;
    const res = await server.app.inject({ method: 'POST', url: '/api/setup', payload: withProto, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('GET /setup serves the app, never cached', () => {
  let dir: string;
  let server: EmptyTestServer;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'register-static-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>School Register</title><div id="root"></div>');
    server = await startEmptyTestServer('pglite', TEST_NOW, { staticDir: dir });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/setup', '/setup?token=abc_DEF-123'])('%s is the app page with Cache-Control: no-store', async (url) => {
    const res = await server.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).toContain('<div id="root"></div>');
  });
});
