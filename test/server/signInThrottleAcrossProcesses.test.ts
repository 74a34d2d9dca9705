/**
 * Sign-in throttling holds across server processes (issue 12, WORKERS=n). Two apps on one database stand in
 * for two processes: each has its own in-process queue, and on PostgreSQL each has its own connection pool
 * (a second pool on the test's schema), so only the database can keep them to one limit. On PGlite the two
 * apps share the one database object, as they would have to.
 *
 * Also: an attempt whose password is still being checked counts as a wrong password, but a row left pending
 * by a process that stopped counts for 30 seconds only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openPostgres, type Database } from '../../src/server/db/database.js';
import { SIGN_IN_THROTTLE } from '../../src/server/auth/signInThrottle.js';
import { ENGINES, startTestServer, type TestServer } from '../support/serverHarness.js';

describe.each(ENGINES)('sign-in throttling across server processes (%s)', (engine) => {
  let server: TestServer;
  let secondDb: Database | null = null;
  let second: FastifyInstance;

  beforeAll(async () => {
    server = await startTestServer(engine);
    if (engine === 'postgres') {
      const { rows } = await server.db.query<{ schema: string }>(`SELECT current_schema() AS schema`);
      secondDb = await openPostgres(process.env.TEST_DATABASE_URL!, { searchPath: rows[0]!.schema });
    }
    second = await buildApp({ db: secondDb ?? server.db, clock: server.clock, staticDir: null });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await server?.close();
  });

  let addressCounter = 0;
  const newAddress = () => `10.8.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;
  const login = (app: FastifyInstance, username: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  const pendingRows = async (username: string) =>
    Number(
      (await server.db.query<{ n: number }>(`SELECT count(*) AS n FROM sign_ins WHERE lower(username) = lower($1) AND pending_attempt IS NOT NULL`, [username]))
        .rows[0]!.n,
    );

  it('lets 5 of 12 wrong passwords sent together to two processes be checked, and answers the other 7 with 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(i % 2 === 0 ? server.app : second, 'teacher1', 'wrong', newAddress())),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(SIGN_IN_THROTTLE.freeFailures);
    expect(codes.filter((c) => c === 429)).toHaveLength(12 - SIGN_IN_THROTTLE.freeFailures);

    expect(await pendingRows('teacher1')).toBe(0);
    const { rows } = await server.db.query<{ succeeded: boolean; throttled: boolean; n: number }>(
      `SELECT succeeded, throttled, count(*) AS n FROM sign_ins WHERE username = 'teacher1' GROUP BY succeeded, throttled ORDER BY throttled`,
    );
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { succeeded: false, throttled: false, n: 5 },
      { succeeded: false, throttled: true, n: 7 },
    ]);
  });

  it('signs in with the right password sent to both processes together, leaving nothing pending', async () => {
    const from = newAddress();
    const answers = await Promise.all([login(server.app, 'teacher2', 'demo', from), login(second, 'teacher2', 'demo', from)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(await pendingRows('teacher2')).toBe(0);
  });

  /** `n` attempts for `username` from `ip` begun `ageMs` ago whose outcome was never recorded. */
  const insertPending = (n: number, username: string, ip: string, ageMs: number) =>
    server.db.query(
      `INSERT INTO sign_ins (school_id, username, staff_id, succeeded, at, ip, pending_attempt)
       SELECT NULL, $1, NULL, false, $2, $3, 'left-behind-' || i FROM generate_series(1, $4::int) AS i`,
      [username, new Date(server.clock.now() - ageMs), ip, n],
    );

  it('counts an attempt still being checked elsewhere as a wrong password, for 30 seconds at most', async () => {
    // 10 attempts begun 29 s ago and still pending: counted, so the account waits 15 minutes from then.
    await insertPending(10, 'teacher3', newAddress(), 29_000);
    const closed = await login(server.app, 'teacher3', 'demo', newAddress());
    expect(closed.statusCode).toBe(429);
    expect(Number(closed.headers['retry-after'])).toBe(15 * 60 - 29);

    // The same begun 31 s ago: their process stopped before it could record them, and they no longer count.
    await insertPending(10, 'teacher4', newAddress(), SIGN_IN_THROTTLE.pendingForgottenAfterMs + 1_000);
    expect((await login(second, 'teacher4', 'demo', newAddress())).statusCode).toBe(200);
    // They stay in the audit as attempts whose outcome is unknown, never as sign-ins.
    expect(await pendingRows('teacher4')).toBe(10);
  });

  it('counts pending attempts towards the per-address limit too, for 30 seconds at most', async () => {
    const fresh = newAddress();
    await insertPending(SIGN_IN_THROTTLE.addressFailures, 'someone-guessing', fresh, 29_000);
    const closed = await login(server.app, 'teacher5', 'demo', fresh);
    expect(closed.statusCode).toBe(429);
    expect(closed.json().message).toContain('from this network');

    const stale = newAddress();
    await insertPending(SIGN_IN_THROTTLE.addressFailures, 'someone-guessing', stale, SIGN_IN_THROTTLE.pendingForgottenAfterMs + 1_000);
    expect((await login(second, 'teacher5', 'demo', stale)).statusCode).toBe(200);
  });
});
