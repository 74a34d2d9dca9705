/**
 * Builds the Fastify app around an injected database and clock. Tests call buildApp() and use inject();
 * main.ts adds the port. The built PWA (dist/) is served when `staticDir` exists.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Database } from './db/database.js';
import type { Clock } from './clock.js';
import { installErrorHandling, installNotFound } from './plugins/errors.js';
import { authPlugin } from './plugins/auth.js';
import { authRoutes } from './routes/auth.js';
import { syncRoutes } from './routes/sync.js';
import { healthRoutes } from './routes/health.js';
import { officeRegisterRoutes } from './routes/officeRegisters.js';
import { officeListRoutes } from './routes/officeLists.js';
import { officeHistoryRoutes } from './routes/officeHistory.js';
import { officeTodayRoutes } from './routes/officeToday.js';
import { officeFollowUpRoutes } from './routes/officeFollowUp.js';
import { officePupilRoutes } from './routes/officePupil.js';

export interface AppDeps {
  db: Database;
  clock: Clock;
  secureCookies?: boolean;
  staticDir?: string | null;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, trustProxy: true });
  installErrorHandling(app);
  await app.register(authPlugin, deps);
  authRoutes(app, deps);
  syncRoutes(app, deps);
  healthRoutes(app, deps);
  officeRegisterRoutes(app, deps);
  officeListRoutes(app, deps);
  officeHistoryRoutes(app, deps);
  officeTodayRoutes(app, deps);
  officeFollowUpRoutes(app, deps);
  officePupilRoutes(app, deps);
  const servesApp = !!deps.staticDir && existsSync(path.join(deps.staticDir, 'index.html'));
  if (servesApp) await serveApp(app, deps.staticDir!);
  installNotFound(app, { servesApp });
  return app;
}

async function serveApp(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, {
    root,
    setHeaders(res, filePath) {
      // The service worker and the page must be revalidated so updates are found; hashed assets never change.
      const name = path.basename(filePath);
      if (name === 'sw.js' || name === 'index.html' || name.endsWith('.webmanifest') || name.startsWith('workbox-') || name === 'registerSW.js') {
        res.setHeader('Cache-Control', 'no-cache');
      } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  });
}
