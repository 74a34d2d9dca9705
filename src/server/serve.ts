/**
 * What every server process does to answer requests: build the app on its database and listen on the port
 * (one process alone, or each worker of a cluster on the port they share), and stop once when signalled.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import type { Database } from './db/database.js';

/** The header by which a worker of a cluster names itself on every answer (its process id). */
export const SERVER_PROCESS_HEADER = 'x-server-process';

export async function serveApp(config: ServerConfig, db: Database, clock: Clock, options: { nameProcess?: boolean } = {}): Promise<FastifyInstance> {
  const app = await buildApp({ db, clock, secureCookies: config.secureCookies, staticDir: config.staticDir, trustProxy: config.trustProxy, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
  // With WORKERS=n, which process answered (for an operator following one request, and the cluster test).
  if (options.nameProcess) {
    app.addHook('onRequest', async (_request, reply) => {
      reply.header(SERVER_PROCESS_HEADER, String(process.pid));
    });
  }
  await app.listen({ port: config.port, host: config.host });
  return app;
}

/**
 * Runs `close` on the first SIGINT or SIGTERM, then exits with its code. Ctrl-C in a terminal signals npm, tsx
 * and every server process at once, and npm and tsx pass it on again: close once.
 */
export function closeOnStopSignal(close: () => Promise<number | void>) {
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    let code = 0;
    try {
      code = (await close()) ?? 0;
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      code = 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
