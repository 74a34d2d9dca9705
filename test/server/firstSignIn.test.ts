import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, post, startTestServer, TEST_NOW, type TestServer } from '../support/serverHarness.js';
import { issueFirstSignInCode } from '../../src/server/auth/firstSignInCodes.js';

const NEW_PASSWORD = 'purple elephant stairs';
const DAY = 24 * 3600 * 1000;
let people = 0;

/** A new member of staff with no password yet (as an admin or the staff import creates them), and their code. */
async function newStaff(server: TestServer, opts: { active?: boolean } = {}) {
  people++;
  const username = `new.teacher${people}`;
  const id = `s-new-${people}`;
  await server.db.query(`INSERT INTO staff (school_id, id, username, display_name, role, password_hash, active) VALUES ('demo', $1, $2, $3, 'teacher', NULL, $4)`, [
    id, username, `New Teacher ${people}`, opts.active ?? true,
  ]);
  const { code } = await issueFirstSignInCode(server.db, { schoolId: 'demo', staffId: id, issuedBy: 's-admin1', now: server.clock.now() });
  return { id, username, code };
}

const firstSignIn = (server: TestServer, body: unknown) => post(server.app, '/api/auth/first-sign-in', null, body);

describe.each(ENGINES)('first sign-in with a code (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());
  beforeEach(() => server.clock.set(TEST_NOW));

  it('refuses password sign-in to someone with no password yet, exactly as a wrong password, pointing to First sign-in', async () => {
    const person = await newStaff(server);
    const noPassword = await post(server.app, '/api/auth/login', null, { username: person.username, password: 'anything at all' });
    const unknown = await post(server.app, '/api/auth/login', null, { username: 'nobody.here', password: 'anything at all' });
    expect(noPassword.statusCode).toBe(401);
    expect(noPassword.json()).toEqual(unknown.json());
    expect(noPassword.json()).toMatchObject({ code: 'bad_credentials', message: expect.stringContaining('First sign-in') });
    expect(noPassword.json().message).toContain('code from the office');
  });

  it('sets the password with the code, signs the person in as login does, and the code works once', async () => {
    const person = await newStaff(server);
    const res = await firstSignIn(server, { username: person.username.toUpperCase(), code: person.code.toLowerCase().replace('-', ' '), newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: person.id, username: person.username, displayName: expect.any(String), role: 'teacher', schoolId: 'demo', schoolName: expect.any(String), timeZone: 'Europe/London' });
    expect(body.serverTime).toBe(new Date(TEST_NOW).toISOString());
    const cookie = res.cookies.find((c) => c.name === 'register_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `register_session=${cookie.value}` } });
    expect(me.json().user).toEqual(body.user);

    expect((await post(server.app, '/api/auth/login', null, { username: person.username, password: NEW_PASSWORD })).statusCode).toBe(200);
    const again = await firstSignIn(server, { username: person.username, code: person.code, newPassword: 'another long password' });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'first_sign_in_code_invalid', message: expect.stringContaining('ask the office for a new code') });
    expect((await post(server.app, '/api/auth/login', null, { username: person.username, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('answers a new password shorter than 10 characters with 400, and the code still works', async () => {
    const person = await newStaff(server);
    const short = await firstSignIn(server, { username: person.username, code: person.code, newPassword: 'short1234' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'password_too_short', message: expect.stringContaining('at least 10 characters') });
    expect((await firstSignIn(server, { username: person.username, code: person.code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('accepts a code until 14 days after it was issued, and not after', async () => {
    const early = await newStaff(server);
    const late = await newStaff(server);
    server.clock.set(TEST_NOW + 14 * DAY - 60_000);
    expect((await firstSignIn(server, { username: early.username, code: early.code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    server.clock.set(TEST_NOW + 14 * DAY);
    const expired = await firstSignIn(server, { username: late.username, code: late.code, newPassword: NEW_PASSWORD });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('first_sign_in_code_invalid');
    const { rows } = await server.db.query(`SELECT password_hash FROM staff WHERE id = $1`, [late.id]);
    expect(rows[0]).toEqual({ password_hash: null });
  });

  it("refuses another person's code, an unknown username and a wrong code alike", async () => {
    const a = await newStaff(server);
    const b = await newStaff(server);
    const theirs = await firstSignIn(server, { username: a.username, code: b.code, newPassword: NEW_PASSWORD });
    const unknown = await firstSignIn(server, { username: 'nobody.at.all', code: a.code, newPassword: NEW_PASSWORD });
    const wrong = await firstSignIn(server, { username: a.username, code: 'AAAAA-BBBBB', newPassword: NEW_PASSWORD });
    for (const res of [theirs, unknown, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(theirs.json());
    }
    // Neither code was spent by the failures.
    expect((await firstSignIn(server, { username: a.username, code: a.code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await firstSignIn(server, { username: b.username, code: b.code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('refuses disabled staff without spending their code', async () => {
    const person = await newStaff(server, { active: false });
    const res = await firstSignIn(server, { username: person.username, code: person.code, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('first_sign_in_code_invalid');
    await server.db.query(`UPDATE staff SET active = true WHERE id = $1`, [person.id]);
    expect((await firstSignIn(server, { username: person.username, code: person.code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('counts wrong codes in the sign-in throttle, so a right code must wait too', async () => {
    const person = await newStaff(server);
    for (let i = 0; i < 4; i++) {
      expect((await firstSignIn(server, { username: person.username, code: `WRONG-${i}AAAA`, newPassword: NEW_PASSWORD })).statusCode).toBe(401);
    }
    // Wrong passwords and wrong codes are one count.
    expect((await post(server.app, '/api/auth/login', null, { username: person.username, password: 'guess guess' })).statusCode).toBe(401);
    const blocked = await firstSignIn(server, { username: person.username, code: person.code, newPassword: NEW_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_sign_ins');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The throttled attempt did not go on to spend the code after answering.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await server.db.query(`SELECT used_at FROM first_sign_in_codes WHERE staff_id = $1`, [person.id])).rows).toEqual([{ used_at: null }]);
    server.clock.advance(2_000);
    const after = await firstSignIn(server, { username: person.username, code: person.code, newPassword: NEW_PASSWORD });
    expect(after.statusCode, after.body).toBe(200);
  });

  it('lets someone with a password set a new one with a newly issued code (a reset)', async () => {
    const { rows } = await server.db.query<{ id: string }>(`SELECT id FROM staff WHERE username = 'teacher2'`);
    const { code } = await issueFirstSignInCode(server.db, { schoolId: 'demo', staffId: rows[0].id, issuedBy: 's-admin1', now: server.clock.now() });
    expect((await firstSignIn(server, { username: 'teacher2', code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await post(server.app, '/api/auth/login', null, { username: 'teacher2', password: 'demo' })).statusCode).toBe(401);
    expect((await post(server.app, '/api/auth/login', null, { username: 'teacher2', password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('refuses hostile input with 400', async () => {
    const person = await newStaff(server);
    for (const body of [
      null,
      { username: person.username, code: person.code },
      { username: person.username, code: `${person.code}\u0000`, newPassword: NEW_PASSWORD },
      { username: `${person.username}\uD800`, code: person.code, newPassword: NEW_PASSWORD },
      { username: person.username, code: person.code, newPassword: `${NEW_PASSWORD}\uDC00` },
      { username: person.username, code: 'C'.repeat(51), newPassword: NEW_PASSWORD },
      { username: person.username, code: person.code, newPassword: NEW_PASSWORD, role: 'admin' },
    ]) {
      const res = await server.app.inject({ method: 'POST', url: '/api/auth/first-sign-in', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await firstSignIn(server, { username: person.username, code: person.code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
  });
});
