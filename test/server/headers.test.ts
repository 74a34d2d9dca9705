/**
 * Every kind of answer the server gives carries the security headers, and each says how long it may be kept:
 * API answers (pupils' data, errors, health) never; the app's page, service worker, manifest and icons only
 * after asking again; hashed assets for a year. The built app is mimicked by a small folder shaped like dist/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { seedDemoSchool } from '../../src/server/demo/seedDemoSchool.js';
import { ENGINES, openTestDatabase, signIn, TEST_NOW, TEST_TODAY } from '../support/serverHarness.js';

const HASHED_ASSET = 'assets/index-BgdVJpBb.js';

async function fakeDist(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'register-headers-dist-'));
  await mkdir(path.join(dir, 'assets'));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>School Register</title><script type="module" src="/assets/index-BgdVJpBb.js"></script>',
    'sw.js': 'importScripts("/workbox-2178cfdb.js");',
    'workbox-2178cfdb.js': 'self.workbox = {};',
    'manifest.webmanifest': '{"name":"School Register"}',
    'favicon.ico': 'icon',
    [HASHED_ASSET]: 'console.log("app");',
    'assets/index-C4tfVj8R.css': 'body{}',
  };
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), body);
  return dir;
}

function expectSecurityHeaders(res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("worker-src 'self'");
  expect(csp).toContain("manifest-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  // Pupils' photos are shown from blob URLs of stored bytes; nothing else is loosened (no data:, no hosts).
  expect(csp.split('; ').find((d) => d.startsWith('img-src'))).toBe("img-src 'self' blob:");
  expect(csp).not.toContain('data:');
  expect(csp.split('; ').filter((d) => d.includes('blob:'))).toEqual(["img-src 'self' blob:"]);
  expect(csp).toContain('base-uri');
  expect(csp).toContain('form-action');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

describe.each(ENGINES)('security and caching headers on every answer (%s)', (engine) => {
  let app: FastifyInstance;
  let staticDir: string;
  let drop: () => Promise<void>;
  let office: string;

  beforeAll(async () => {
    staticDir = await fakeDist();
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedDemoSchool(opened.db, TEST_TODAY);
    app = await buildApp({ db: opened.db, clock: manualClock(TEST_NOW), staticDir });
    await app.ready();
    office = await signIn(app, 'office1');
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
    await rm(staticDir, { recursive: true, force: true });
  });

  const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  it('API answers with pupils in them are never stored', async () => {
    for (const url of ['/api/office/registers', '/api/office/first-day', '/api/office/unresolved-n', '/api/auth/me']) {
      const res = await get(url, office);
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const pull = await app.inject({ method: 'POST', url: '/api/sync/pull', headers: { cookie: office }, payload: { deviceId: 'device-headers-1', cursor: null } });
    expect(pull.statusCode).toBe(200);
    expect(pull.json()).toHaveProperty('changes');
    expectSecurityHeaders(pull);
    expect(pull.headers['cache-control']).toBe('no-store');
    const csv = await get(`/api/office/export.csv?from=${TEST_TODAY}&to=${TEST_TODAY}`, office);
    expect(csv.statusCode).toBe(200);
    expectSecurityHeaders(csv);
    expect(csv.headers['cache-control']).toBe('no-store');
  });

  it('errors and the health check carry the headers and are never stored', async () => {
    const unauthenticated = await get('/api/office/registers');
    expect(unauthenticated.statusCode).toBe(401);
    const unknownApi = await get('/api/nothing-here');
    expect(unknownApi.statusCode).toBe(404);
    const badJson = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(badJson.statusCode).toBe(400);
    const health = await get('/api/health');
    expect(health.statusCode).toBe(200);
    for (const res of [unauthenticated, unknownApi, badJson, health]) {
      expectSecurityHeaders(res);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it("the app's page, service worker, manifest and icons are revalidated on every use", async () => {
    for (const url of ['/', '/index.html', '/sw.js', '/workbox-2178cfdb.js', '/manifest.webmanifest', '/favicon.ico']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('hashed assets are kept for a year without asking', async () => {
    for (const url of [`/${HASHED_ASSET}`, '/assets/index-C4tfVj8R.css']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res);
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
  });

  it("a path that is one of the app's screens gets the page, revalidated, with the headers", async () => {
    const res = await get('/office/some-screen');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('School Register');
    expectSecurityHeaders(res);
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});
