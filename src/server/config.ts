/**
 * Reads the server's settings from the environment once, with the defaults the README documents.
 * Demo mode (the default for `npm start`) honours APP_NOW and seeds the demo school on an empty database;
 * production (NODE_ENV=production without DEMO=1) ignores APP_NOW and creates no demo data.
 * WORKERS (1 to 64, default 1) is how many server processes share the port (main.ts, cluster.ts); more than one
 * needs PostgreSQL (DATABASE_URL), because the embedded PGlite is one process holding its data folder; each
 * process (and the primary) keeps up to 10 PostgreSQL connections.
 */
import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  appNow: number | null;
  secureCookies: boolean;
  staticDir: string;
  trustProxy: TrustProxy;
  /** How many server processes answer on the port; above 1 only with databaseUrl. */
  workers: number;
}

export const MAX_WORKERS = 64;

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const demo = !production || env.DEMO === '1';
  let appNow: number | null = null;
  if (demo && env.APP_NOW) {
    appNow = Date.parse(env.APP_NOW);
    if (Number.isNaN(appNow)) throw new Error(`APP_NOW is not a date and time I can read: "${env.APP_NOW}" (try 2026-11-24T09:05:00Z)`);
  }
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL || null;
  const workers = readWorkers(env.WORKERS, databaseUrl);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    demo,
    appNow,
    secureCookies: env.COOKIE_SECURE === '1',
    staticDir: path.resolve(env.STATIC_DIR ?? './dist'),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    workers,
  };
}

function readWorkers(value: string | undefined, databaseUrl: string | null): number {
  const text = (value ?? '').trim();
  if (text === '') return 1;
  const workers = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new Error(`WORKERS must be a whole number of server processes from 1 to ${MAX_WORKERS}, not "${value}"`);
  }
  if (workers > 1 && !databaseUrl) {
    throw new Error(
      `WORKERS=${workers} needs PostgreSQL: the embedded database (PGlite) is one process with one connection to its data folder, so several processes cannot share it. Set DATABASE_URL=postgres://… or use WORKERS=1.`,
    );
  }
  return workers;
}

/**
 * Which proxies' X-Forwarded-For to believe: none (the default), or the proxies' addresses or ranges
 * (`10.0.0.2,192.168.0.0/16`, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`). `1` or `true`
 * means a proxy on this machine (`loopback`). Never "believe any client": a number of hops is not accepted,
 * because it cannot tell a proxy from a client that writes the header itself.
 */
export type TrustProxy = false | string[];

export function readTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || /^(false|no|off)$/i.test(text)) return false;
  if (text === '1' || /^(true|yes|on)$/i.test(text)) return ['loopback'];
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.every((s) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(s) && /[.:a-z]/.test(s))) return list;
  throw new Error(`TRUST_PROXY must name the proxy in front of the server (its address, a range such as 10.0.0.0/8, or loopback), not "${value}"`);
}
