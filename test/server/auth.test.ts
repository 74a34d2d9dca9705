import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, post, signIn, startTestServer, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('sign-in and errors (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it('signs in with the demo password, sets an HttpOnly SameSite cookie and says who you are', async () => {
    const res = await post(server.app, '/api/auth/login', null, { username: 'teacher1', password: 'demo' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'teacher1', role: 'teacher', schoolId: 'demo', timeZone: 'Europe/London' });
    expect(body.serverTime).toBe('2026-11-24T09:05:00.000Z');
    const cookie = res.cookies.find((c) => c.name === 'register_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `register_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.displayName).toBe(body.user.displayName);
  });

  it('answers a wrong password and an unknown user alike with 401', async () => {
    const wrong = await post(server.app, '/api/auth/login', null, { username: 'teacher1', password: 'nope' });
    const unknown = await post(server.app, '/api/auth/login', null, { username: 'nobody', password: 'demo' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('bad_credentials');
  });

  it('stores passwords as slow scrypt hashes, never in clear', async () => {
    const { rows } = await server.db.query<{ password_hash: string }>(`SELECT password_hash FROM staff WHERE username = 'teacher1'`);
    expect(rows[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(rows[0].password_hash).not.toContain('demo');
  });

  it('answers 401 with {code, message} when there is no session or a made-up one', async () => {
    for (const headers of [{}, { cookie: 'register_session=made-up' }]) {
      const res = await server.app.inject({ method: 'POST', url: '/api/sync/pull', payload: { deviceId: 'device-0001', cursor: null }, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('Sign in') });
    }
  });

  it('answers invalid JSON and malformed bodies with 400, never 500', async () => {
    const cookie = await signIn(server.app, 'teacher1');
    const badJson = await server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { cookie, 'content-type': 'application/json' }, payload: '{"deviceId": ' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('invalid_json');
    const badLogin = await post(server.app, '/api/auth/login', null, { username: 42 });
    expect(badLogin.statusCode).toBe(400);
    expect(badLogin.json()).toMatchObject({ code: 'bad_request', message: expect.stringContaining('username') });
    const badPush = await post(server.app, '/api/sync/push', cookie, { deviceId: 'device-0001', mutations: [{ seq: 0 }] });
    expect(badPush.statusCode).toBe(400);
    expect(badPush.json().code).toBe('bad_request');
    const notAnObject = await server.app.inject({ method: 'POST', url: '/api/sync/pull', headers: { cookie, 'content-type': 'application/json' }, payload: '[]' });
    expect(notAnObject.statusCode).toBe(400);
  });

  it('signs out: the session no longer works', async () => {
    const cookie = await signIn(server.app, 'teacher2');
    const out = await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('reports health with the database engine', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, database: engine });
  });

  it('answers unknown API paths with 404 JSON', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
