/**
 * WORKERS=n runs n server processes on one port. With PostgreSQL (TEST_DATABASE_URL, in a schema of its own),
 * the real server starts with WORKERS=2: a sign-in answered by one process holds for requests that both
 * processes answer (each names itself in X-Server-Process), the sign-in throttle holds across them, and SIGTERM
 * stops them all. Without DATABASE_URL, WORKERS=2 is refused at start, saying why, before the embedded
 * database's folder is made.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, requestJson } from '../../scripts/lib/http.js';
import { openPostgres, type Database } from '../../src/server/db/database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
if (!TEST_DATABASE_URL) {
  console.warn('SKIPPING the WORKERS=2 test on PostgreSQL: it needs PostgreSQL (set TEST_DATABASE_URL=postgres://…); the embedded database is one process.');
}

/** The server as `npm run serve` starts it (tsx in this node), with `env` over a clean environment. */
function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { DATABASE_URL: _ignored, WORKERS: _alsoIgnored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'error', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

interface Answer {
  status: number;
  process: string | undefined;
  cookie: string | undefined;
  body: string;
}

/** One request on a connection of its own, so the cluster may hand each to a different process. */
async function call(port: number, method: string, url: string, options: { cookie?: string; json?: unknown } = {}): Promise<Answer> {
  const answer = await requestJson(port, method, url, { ...options, agent: false });
  return { status: answer.status, process: answer.headers['x-server-process'] as string | undefined, cookie: answer.cookie, body: answer.body };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: () => string) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('WORKERS', () => {
  it('refuses WORKERS=2 without DATABASE_URL, saying the embedded database is one process', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'register-workers-'));
    const dataDir = path.join(parent, 'data');
    try {
      const server = startServer({ WORKERS: '2', DATA_DIR: dataDir, PORT: String(await freePort()), STATIC_DIR: path.join(parent, 'no-app') });
      const code = await server.exited;
      expect(code).toBe(1);
      expect(server.output()).toMatch(/WORKERS=2 needs PostgreSQL: the embedded database \(PGlite\) is one process.*Set DATABASE_URL=postgres:\/\/… or use WORKERS=1\./);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 20_000);

  describe.runIf(TEST_DATABASE_URL)('two processes on one PostgreSQL (postgres)', () => {
    const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    let admin: Database;
    let server: ReturnType<typeof startServer> | null = null;
    let port = 0;

    beforeAll(async () => {
      admin = await openPostgres(TEST_DATABASE_URL!);
      await admin.exec(`CREATE SCHEMA ${schema}`);
      const url = new URL(TEST_DATABASE_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      port = await freePort();
      // Demo mode seeds the demo school; a clock pinned early in the autumn term keeps its history short.
      server = startServer({ WORKERS: '2', DATABASE_URL: url.toString(), PORT: String(port), APP_NOW: '2026-09-08T09:05:00Z', STATIC_DIR: path.join(os.tmpdir(), 'register-no-app') });
      await until(
        async () => server!.output().includes('The register is running on') || server!.child.exitCode != null,
        30_000,
        () => `the server to start (it said: ${server!.output()})`,
      );
      expect(server.child.exitCode, server.output()).toBeNull();
    }, 40_000);

    afterAll(async () => {
      if (server && server.child.exitCode == null) server.child.kill('SIGKILL');
      await admin?.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin?.close();
    });

    it('keeps the sign-in throttle across both processes: 12 guesses sent together after 9 wrong passwords get one check', async () => {
      // 9 wrong passwords a minute before the server's clock started: their 32 s pause is over, so the next
      // guess is checked, and as the 10th wrong password it closes the username for 15 minutes.
      const before = Date.parse('2026-09-08T09:04:00Z');
      for (let i = 0; i < 9; i++) {
        await admin.query(`INSERT INTO ${schema}.sign_ins (school_id, username, staff_id, succeeded, at, ip) VALUES (NULL, 'guessed-at', NULL, false, $1, '127.0.0.1')`, [new Date(before + i)]);
      }
      const answers = await Promise.all(Array.from({ length: 12 }, () => call(port, 'POST', '/api/auth/login', { json: { username: 'guessed-at', password: 'guess' } })));
      expect(answers.map((a) => a.status).sort()).toEqual([401, ...Array(11).fill(429)]);
      const pending = await admin.query<{ n: number }>(`SELECT count(*) AS n FROM ${schema}.sign_ins WHERE pending_attempt IS NOT NULL`);
      expect(Number(pending.rows[0]!.n)).toBe(0);
    }, 30_000);

    it('says it runs two processes, keeps a sign-in for requests both answer, and stops them all on SIGTERM', async () => {
      expect(server!.output()).toContain('(database: PostgreSQL (DATABASE_URL), 2 server processes, clock starts at 2026-09-08T09:05:00.000Z)');

      const signIn = await call(port, 'POST', '/api/auth/login', { json: { username: 'teacher1', password: 'demo' } });
      expect(signIn.status, signIn.body).toBe(200);
      expect(signIn.cookie).toMatch(/^register_session=./);

      const answers = await Promise.all(Array.from({ length: 20 }, () => call(port, 'GET', '/api/auth/me', { cookie: signIn.cookie })));
      for (const a of answers) {
        expect(a.status, a.body).toBe(200);
        expect(JSON.parse(a.body).user.username).toBe('teacher1');
      }
      const processes = new Set([signIn, ...answers].map((a) => a.process));
      expect([...processes].every((p) => /^\d+$/.test(p ?? ''))).toBe(true);
      expect(processes.size).toBe(2);
      // Without the cookie, either process refuses: the session is what let them in.
      expect((await call(port, 'GET', '/api/auth/me')).status).toBe(401);

      const pids = [...processes].map(Number);
      server!.child.kill('SIGTERM');
      expect(await server!.exited).toBe(0);
      await until(async () => !pids.some(alive), 10_000, () => `both server processes to end (left: ${pids.filter(alive).join(', ')})`);
    }, 30_000);
  });
});
