/**
 * Every route under /api/admin/ is the admin's alone. The routes are not listed by hand: the app reports each
 * one as it is registered (buildApp's onRoute), so a route added later is checked here without anyone
 * remembering to add it. Each is called with a real path (the demo school's ids in place of its parameters):
 * without a session it is 401, for a teacher, a TA and the office 403, and the admin reaches every GET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HTTPMethods, RouteOptions } from 'fastify';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { seedDemoTrust } from '../../../src/server/demo/seedDemoTrust.js';

interface AdminRoute {
  method: HTTPMethods;
  url: string;
}

/** The routes issue 10 added: if collecting them stops working, these go missing and the test says so. */
const KNOWN_ADMIN_ROUTES = [
  'GET /api/admin/school', 'PUT /api/admin/school',
  'GET /api/admin/calendar', 'PUT /api/admin/calendar/years/:startDate', 'POST /api/admin/calendar/closures',
  'DELETE /api/admin/calendar/closures/:date', 'GET /api/admin/calendar/bank-holidays',
  'GET /api/admin/groups', 'POST /api/admin/groups', 'PATCH /api/admin/groups/:id', 'PUT /api/admin/groups/:id/staff',
  'GET /api/admin/staff', 'POST /api/admin/staff', 'PATCH /api/admin/staff/:id', 'POST /api/admin/staff/:id/disable',
  'POST /api/admin/staff/:id/enable', 'POST /api/admin/staff/:id/code',
  'GET /api/admin/staff/devices', 'POST /api/admin/staff/:staffId/devices/revoke',
  'GET /api/admin/pupils', 'GET /api/admin/pupils/:id', 'POST /api/admin/pupils', 'PATCH /api/admin/pupils/:id',
  'POST /api/admin/pupils/:id/move', 'POST /api/admin/pupils/:id/leave', 'POST /api/admin/pupils/:id/rejoin',
  'PUT /api/admin/pupils/:id/photo', 'DELETE /api/admin/pupils/:id/photo', 'GET /api/admin/photos',
  'POST /api/admin/import/pupils', 'POST /api/admin/import/staff', 'GET /api/admin/export/pupils.csv',
  'GET /api/admin/audit',
];

/** Queries a GET needs to answer the admin with 200 (without them it is a 400, which says nothing of roles). */
const GET_QUERIES: Record<string, (server: TestServer) => string> = {
  '/api/admin/calendar/bank-holidays': (server) => `?year=${academicYearStart(server)}`,
};

const academicYearStart = (server: TestServer) => server.demo.days[0]!.date;

/**
 * A demo school value for each parameter, chosen by the segment before it (`pupils/:id` is a pupil's id,
 * `groups/:id` a class's). A new parameter fails the test until it is given a value here.
 */
function demoValue(server: TestServer, key: string): string {
  const teacher = server.demo.staff.find((s) => s.role === 'teacher')!;
  const inset = server.demo.days.find((d) => d.label === 'INSET day')!;
  const values: Record<string, string> = {
    'pupils/:id': server.demo.pupils[0]!.id,
    'groups/:id': server.demo.groups[0]!.id,
    'staff/:id': teacher.id,
    'staff/:staffId': teacher.id,
    'years/:startDate': academicYearStart(server),
    'closures/:date': inset.date,
  };
  const value = values[key];
  if (value === undefined) throw new Error(`No demo school value for the parameter in "${key}": add one to demoValue()`);
  return encodeURIComponent(value);
}

function realPath(server: TestServer, route: AdminRoute): string {
  const segments = route.url.split('/');
  const path = segments.map((segment, i) => (segment.startsWith(':') ? demoValue(server, `${segments[i - 1]}/${segment}`) : segment)).join('/');
  const isRead = route.method === 'GET' || route.method === 'HEAD';
  return path + (isRead ? (GET_QUERIES[route.url]?.(server) ?? '') : '');
}

describe.each(ENGINES)('every /api/admin/ route is for the admin only (%s)', (engine) => {
  let server: TestServer;
  const adminRoutes: AdminRoute[] = [];
  const label = (route: AdminRoute) => `${route.method} ${route.url}`;
  const call = (route: AdminRoute, cookie: string | null) =>
    server.app.inject({ method: route.method, url: realPath(server, route), headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    const collect = (route: RouteOptions) => {
      if (!route.url.startsWith('/api/admin/')) return;
      for (const method of [route.method].flat()) adminRoutes.push({ method, url: route.url });
    };
    server = await startTestServer(engine, undefined, undefined, { onRoute: collect });
    await seedDemoTrust(server.db);
  });
  afterAll(() => server.close());

  it('finds the admin routes the app registers, the known ones among them', () => {
    const found = adminRoutes.map(label);
    expect(found.length).toBeGreaterThanOrEqual(KNOWN_ADMIN_ROUTES.length);
    expect(found).toEqual(expect.arrayContaining(KNOWN_ADMIN_ROUTES));
    // Fastify answers HEAD for every GET with the same hooks, so those are checked too.
    expect(found).toContain('HEAD /api/admin/school');
  });

  it('answers 401 to every admin route without a session', async () => {
    for (const route of adminRoutes) {
      const res = await call(route, null);
      expect(res.statusCode, `${label(route)}: ${res.body}`).toBe(401);
    }
  });

  it.each(['teacher1', 'ta1', 'office1', 'trust1'])('answers 403 forbidden to %s on every admin route', async (username) => {
    const cookie = await signIn(server.app, username);
    for (const route of adminRoutes) {
      const res = await call(route, cookie);
      expect(res.statusCode, `${username} ${label(route)}: ${res.body}`).toBe(403);
      if (route.method !== 'HEAD') expect(res.json().code, `${username} ${label(route)}`).toBe('forbidden');
    }
  });

  it('lets the admin read every admin GET, and no answer of them may be stored', async () => {
    const reads = adminRoutes.filter((route) => route.method === 'GET' || route.method === 'HEAD');
    expect(reads.length).toBeGreaterThan(0);
    const admin = await signIn(server.app, 'admin1');
    for (const route of reads) {
      for (const cookie of [admin, null]) {
        const res = await call(route, cookie);
        if (cookie) expect(res.statusCode, `admin ${label(route)}: ${res.body}`).toBe(200);
        expect(res.headers['cache-control'], `${cookie ? 'admin' : 'no session'} ${label(route)}`).toBe('no-store');
      }
    }
  });
});
