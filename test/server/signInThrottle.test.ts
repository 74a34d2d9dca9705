import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { ENGINES, startTestServer, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('sign-in throttling and the address in the sign-in audit (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  let addressCounter = 0;
  /** Each test signs in from its own address, so the per-address limit of one test never touches another. */
  const newAddress = () => `10.9.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;
  const login = (username: string, password: string, remoteAddress: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

  it('answers 5 wrong passwords at once, then 429 with Retry-After without checking the password, whose pause grows', async () => {
    const from = newAddress();
    for (let i = 0; i < 5; i++) expect((await login('teacher1', 'wrong', from)).statusCode).toBe(401);
    // The right password during the pause is refused too: a guess made now tells nothing.
    const paused = await login('teacher1', 'demo', from);
    expect(paused.statusCode).toBe(429);
    expect(paused.headers['retry-after']).toBe('2');
    expect(paused.json()).toMatchObject({ code: 'too_many_sign_ins', message: expect.stringContaining('Wait 2 seconds') });

    const pauses: number[] = [];
    for (let failure = 6; failure <= 11; failure++) {
      const retryAfter = Number((await login('teacher1', 'wrong', from)).headers['retry-after']);
      pauses.push(retryAfter);
      server.clock.advance(retryAfter * 1000);
      expect((await login('teacher1', 'wrong', from)).statusCode).toBe(401);
    }
    expect(pauses).toEqual([2, 4, 8, 16, 32, 900]);
    const locked = await login('teacher1', 'demo', from);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.json().message).toContain('Wait 15 minutes');
    const audit = await server.db.query<{ staff_id: string | null; school_id: string | null }>(
      `SELECT staff_id, school_id FROM sign_ins WHERE username = 'teacher1' AND throttled`,
    );
    expect(audit.rows.length).toBeGreaterThanOrEqual(7);
    expect(audit.rows.every((r) => r.staff_id === 's-teacher1' && r.school_id === 'demo')).toBe(true);

    server.clock.advance(900_000);
    expect((await login('teacher1', 'demo', from)).statusCode).toBe(200);
  });

  it('starts counting again after a successful sign-in', async () => {
    const from = newAddress();
    for (let i = 0; i < 4; i++) expect((await login('teacher2', 'wrong', from)).statusCode).toBe(401);
    expect((await login('teacher2', 'demo', from)).statusCode).toBe(200);
    server.clock.advance(1_000);
    for (let i = 0; i < 5; i++) expect((await login('teacher2', 'wrong', from)).statusCode).toBe(401);
    expect((await login('teacher2', 'wrong', from)).statusCode).toBe(429);
    // Another account from the same address is not held up by teacher2's pause.
    expect((await login('teacher3', 'demo', from)).statusCode).toBe(200);
  });

  it('throttles an unknown username exactly like a real one, and records throttled attempts in the audit', async () => {
    const from = newAddress();
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login('no-such-person', 'guess', from)).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
    const { rows } = await server.db.query<{ succeeded: boolean; throttled: boolean; ip: string }>(
      `SELECT succeeded, throttled, ip FROM sign_ins WHERE username = 'no-such-person' ORDER BY at, throttled`,
    );
    expect(rows.map((r) => r.throttled)).toEqual([false, false, false, false, false, true]);
    expect(rows.every((r) => !r.succeeded && r.ip === from)).toBe(true);
  });

  it('decides one attempt at a time per username: 20 guesses sent together get at most 5 answers of 401', async () => {
    const from = newAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, () => login('teacher4', 'wrong', from)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(15);
  });

  it("lets a whole school share one address: a class's wrong passwords never close it, a machine guessing does", async () => {
    const school = newAddress();
    // A morning's worth of mistyping from the school's one public address: 90 wrong passwords in a few minutes
    // (entered straight into the audit: 90 real password checks would only make the test slow).
    const now = server.clock.now();
    const insert = async (n: number, ip: string) => {
      for (let i = 0; i < n; i++) {
        await server.db.query(`INSERT INTO sign_ins (school_id, username, staff_id, succeeded, at, ip) VALUES (NULL, $1, NULL, false, $2, $3)`, [
          `pupil-typing-${i % 30}`,
          new Date(now - 60_000 + i),
          ip,
        ]);
      }
    };
    await insert(90, school);
    expect((await login('teacher5', 'demo', school)).statusCode).toBe(200);

    // 300 wrong passwords within 15 minutes close sign-in from that address, for anyone, until they age.
    await insert(210, school);
    const closed = await login('teacher6', 'demo', school);
    expect(closed.statusCode).toBe(429);
    expect(closed.json().message).toContain('from this network');
    expect(Number(closed.headers['retry-after'])).toBeGreaterThan(13 * 60);
    expect((await login('teacher6', 'demo', newAddress())).statusCode).toBe(200);
    server.clock.advance(15 * 60_000);
    expect((await login('teacher6', 'demo', school)).statusCode).toBe(200);
  });

  describe('X-Forwarded-For', () => {
    let proxied: FastifyInstance | null = null;
    afterAll(async () => {
      await proxied?.close();
    });
    const lastSignInAddress = async (username: string) =>
      (await server.db.query<{ ip: string }>(`SELECT ip FROM sign_ins WHERE username = $1 ORDER BY at DESC LIMIT 1`, [username])).rows[0]?.ip;

    it('is ignored without TRUST_PROXY: a client cannot choose the address in the sign-in log', async () => {
      await server.app.inject({
        method: 'POST', url: '/api/auth/login', payload: { username: 'ta1', password: 'demo' },
        remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': '203.0.113.99' },
      });
      expect(await lastSignInAddress('ta1')).toBe('192.0.2.10');
    });

    it('is believed from a configured proxy only', async () => {
      proxied = await buildApp({ db: server.db, clock: server.clock, staticDir: null, trustProxy: ['192.0.2.1'] });
      const viaProxy = { 'x-forwarded-for': '203.0.113.7' };
      await proxied.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'office1', password: 'demo' }, remoteAddress: '192.0.2.1', headers: viaProxy });
      expect(await lastSignInAddress('office1')).toBe('203.0.113.7');
      await proxied.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin1', password: 'demo' }, remoteAddress: '192.0.2.55', headers: viaProxy });
      expect(await lastSignInAddress('admin1')).toBe('192.0.2.55');
    });
  });
});
