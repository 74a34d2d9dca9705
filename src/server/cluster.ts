/**
 * WORKERS=n: n server processes answer on one port (node:cluster shares it among them), all on one PostgreSQL.
 * Every request can be answered by any of them, because what a request needs lives in the database (sessions,
 * device keys, the sign-in audit that throttling reads, the setup token).
 *
 * The primary process (main.ts) migrates the database, seeds the demo, prints the address and warms the
 * figures; it answers no requests itself. It starts the workers, starts a new one in place of one that stops
 * unexpectedly, gives up (stopping the rest) when QUICK_FAILURES of them stop within FAILURE_WINDOW_MS, and
 * on SIGINT/SIGTERM stops them all. Each worker opens its own connection pool, builds the app and listens,
 * and names itself in the X-Server-Process header of its answers (its process id).
 */
import cluster, { type Worker } from 'node:cluster';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import { connectDatabase } from './db/open.js';
import { closeOnStopSignal, serveApp } from './serve.js';

/** How far the primary's clock is from real time (APP_NOW), so every worker tells the same time. */
const CLOCK_OFFSET_ENV = 'REGISTER_WORKER_CLOCK_OFFSET_MS';
export const QUICK_FAILURES = 5;
export const FAILURE_WINDOW_MS = 60_000;
/** How long the workers have to finish their requests and close before they are killed. */
const STOP_GRACE_MS = 10_000;

export const isWorker = () => cluster.isWorker;

export interface Workers {
  /** Stops every worker (SIGTERM, then SIGKILL after a grace period) and resolves once all have exited. */
  stop(): Promise<void>;
}

/**
 * Starts `config.workers` workers and resolves once every one listens; rejects if they keep stopping before
 * they do. `onGiveUp` is called when the workers stop too often after that (the caller shuts down).
 */
export function startWorkers(config: ServerConfig, clock: Clock, onGiveUp: (reason: string) => void): Promise<Workers> {
  const env = { [CLOCK_OFFSET_ENV]: String(clock.now() - Date.now()) };
  const failures: number[] = [];
  let stopping = false;
  let started = false;
  let listening = 0;

  const stop = async () => {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    await Promise.all(running.map(stopWorker));
  };

  return new Promise<Workers>((resolve, reject) => {
    const giveUp = (reason: string) => {
      if (stopping) return;
      void stop().then(() => (started ? onGiveUp(reason) : reject(new Error(reason))));
    };
    cluster.on('listening', () => {
      listening++;
      if (!started && listening >= config.workers) {
        started = true;
        resolve({ stop });
      }
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      const now = Date.now();
      failures.push(now);
      while (failures.length > 0 && failures[0] <= now - FAILURE_WINDOW_MS) failures.shift();
      const how = signal ? `with ${signal}` : `with exit code ${code}`;
      if (failures.length >= QUICK_FAILURES) {
        giveUp(`${failures.length} server processes stopped within ${FAILURE_WINDOW_MS / 1000} seconds (the last, ${worker.process.pid}, ${how}); stopping the server rather than starting them again and again.`);
        return;
      }
      console.warn(`Server process ${worker.process.pid} stopped unexpectedly ${how}; starting another in its place.`);
      cluster.fork(env);
    });
    for (let i = 0; i < config.workers; i++) cluster.fork(env);
  });
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/** In a worker: connect to the database the primary migrated, answer on the shared port, close on a signal. */
export async function runWorker(config: ServerConfig): Promise<void> {
  const offset = Number(process.env[CLOCK_OFFSET_ENV] ?? 0);
  const clock: Clock = offset ? { now: () => Date.now() + offset } : systemClock;
  const db = await connectDatabase(config);
  const app = await serveApp(config, db, clock, { nameProcess: true });
  closeOnStopSignal(async () => {
    await app.close();
    await db.close();
  });
}
