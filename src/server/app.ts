/**
 * Builds the Fastify app around an injected database and clock. Tests call buildApp() and use inject();
 * main.ts adds the port. The built PWA (dist/) is served when `staticDir` exists.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Database } from './db/database.js';
import type { Clock } from './clock.js';
import type { TrustProxy } from './config.js';
import { installErrorHandling, installNotFound } from './plugins/errors.js';
import { authPlugin } from './plugins/auth.js';
import { securityHeadersPlugin } from './plugins/securityHeaders.js';
import { authRoutes } from './routes/auth.js';
import { syncRoutes } from './routes/sync.js';
import { healthRoutes } from './routes/health.js';
import { officeRegisterRoutes } from './routes/officeRegisters.js';
import { officeListRoutes } from './routes/officeLists.js';
import { officeHistoryRoutes } from './routes/officeHistory.js';
import { officeTodayRoutes } from './routes/officeToday.js';
import { officeFollowUpRoutes } from './routes/officeFollowUp.js';
import { officePupilRoutes } from './routes/officePupil.js';
import { officeAttendanceRoutes } from './routes/officeAttendance.js';
import { officeAlertRoutes } from './routes/officeAlerts.js';
import { adminDeviceRoutes } from './routes/adminDevices.js';
import { setupRoutes } from './routes/setup.js';
import { adminSchoolRoutes } from './routes/adminSchool.js';
import { adminStaffRoutes } from './routes/adminStaff.js';
import { adminPupilRoutes } from './routes/adminPupils.js';
import { adminImportRoutes } from './routes/adminImport.js';
import { adminAuditRoutes } from './routes/adminAudit.js';
import { adminPhotoRoutes } from './routes/adminPhotos.js';
import { trustRoutes } from './routes/trust.js';

export interface AppDeps {
  db: Database;
  clock: Clock;
  secureCookies?: boolean;
  staticDir?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Proxies in front of the server (config.ts, TRUST_PROXY): none by default. */
  trustProxy?: TrustProxy;
  /**
   * Told of every route as it is registered, in plugins' scopes too: the role test lists every /api/admin/
   * route this way, so a new one cannot be left out of it.
   */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // X-Forwarded-For is believed only when a proxy is configured (TRUST_PROXY), or any client could choose the
  // address the sign-in audit and the per-address throttle see.
  // A key named __proto__ (or constructor.prototype) is dropped as the body is read rather than refusing the
  // body: a push refused whole would hold back every mark behind the one that carried it.
  const app = Fastify({ logger: deps.logger ?? false, trustProxy: deps.trustProxy ?? false, onProtoPoisoning: 'remove', onConstructorPoisoning: 'remove' });
  const { onRoute } = deps;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));
  installErrorHandling(app);
  await app.register(securityHeadersPlugin);
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
  officeAttendanceRoutes(app, deps);
  officeAlertRoutes(app, deps);
  adminDeviceRoutes(app, deps);
  setupRoutes(app, deps);
  adminSchoolRoutes(app, deps);
  adminStaffRoutes(app, deps);
  adminPupilRoutes(app, deps);
  adminImportRoutes(app, deps);
  adminAuditRoutes(app, deps);
  adminPhotoRoutes(app, deps);
  trustRoutes(app, deps);
  const servesApp = !!deps.staticDir && existsSync(path.join(deps.staticDir, 'index.html'));
  if (servesApp) await serveApp(app, deps.staticDir!);
  installNotFound(app, { servesApp });
  return app;
}

/**
 * How long a browser may keep each of the app's files. Hashed assets (assets/name-hash.js) never change, so
 * they are kept for a year without asking; everything else (the page, the service worker and its workbox
 * script, the manifest, the icons) is revalidated on every use, so a new version is found at once.
 */
export function staticCacheControl(filePath: string): string {
  const relative = filePath.split(path.sep).join('/');
  if (/(^|\/)assets\/[^/]+-[A-Za-z0-9_-]{8,}(\.[a-z0-9]+)+$/.test(relative)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

async function serveApp(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, {
    root,
    // @fastify/send writes its own `public, max-age=0` over any Cache-Control set in setHeaders unless this
    // is off (the static plugin's README: "To provide a custom Cache-Control header, set this option to false").
    cacheControl: false,
    setHeaders(res, filePath) {
      res.setHeader('Cache-Control', staticCacheControl(filePath));
    },
  });
}
