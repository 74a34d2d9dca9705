/**
 * `npm start` builds the app and then runs `npm run serve` in its place; stopping npm with SIGTERM (a service
 * manager, a container stopping) or SIGINT must stop the server, not leave it running without its npm. The
 * build is not run here: the test starts `npm run serve` (the server on an empty embedded database, in
 * production mode so no demo school is made), signals npm's own process and checks that nothing is left.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/http.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every process below `pid`, from ps. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const children = table.filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
    found.push(...children);
    frontier = children;
  }
  return found;
}

/** Whether a process is still running (a zombie waiting for its parent to reap it has ended). */
const alive = (pid: number) => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false;
  }
};

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('stopping the server that npm started', () => {
  let npm: ChildProcess | null = null;
  let left: number[] = [];
  let dataDir = '';
  afterEach(async () => {
    // Whatever the test's outcome, end the processes it started (by pid).
    for (const pid of [npm?.pid, ...left]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('`npm start` builds and then hands over to `npm run serve`, which the server replaces', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('npm run build && exec npm run serve');
    expect(scripts.serve).toMatch(/^exec tsx src\/server\/main\.ts$/);
  });

  // SIGINT goes the same way (checked by hand); one signal keeps the test to one server start-up.
  for (const signal of ['SIGTERM'] as const) {
    it(`${signal} to npm stops the server and leaves no process behind`, async () => {
      const port = await freePort();
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'register-start-'));
      npm = spawn('npm', ['run', '--silent', 'serve'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'production', STATIC_DIR: path.join(dataDir, 'no-app'), LOG_LEVEL: 'error' },
        stdio: 'ignore',
      });
      const exited = new Promise<void>((resolve) => npm!.once('exit', () => resolve()));
      const health = `http://127.0.0.1:${port}/api/health`;
      await until(() => answers(health), 60_000, 'the server to answer');
      left = descendants(npm.pid!);
      expect(left.length).toBeGreaterThan(0);

      npm.kill(signal);
      await exited;
      await until(() => left.every((pid) => !alive(pid)), 10_000, `every process under npm to end after ${signal} (left: ${left.filter(alive).join(', ')})`);
      expect(await answers(health)).toBe(false);
    }, 90_000);
  }
});
