/**
 * The real server in-process for an office screen under test: the demo school on PGlite
 * (test/support/serverHarness.ts), and the app's services for someone signed in through it (their own
 * fake IndexedDB, a real sync engine, injectFetch with a cookie jar).
 *
 * Why the URL shim: app tests run in jsdom, where Vite transforms modules for the browser. That rewrites the
 * server's `new URL('./migrations/', import.meta.url)` into an http URL on the dev server (and drops the
 * trailing slash), which `fileURLToPath` refuses. While the harness is imported, and only then, `URL` maps
 * such an address back to the file it names.
 */
import { existsSync, statSync } from 'node:fs';
import { pathToFileURL, URL as NodeURL } from 'node:url';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb } from '../../../../src/app/db/schema';
import { createSyncEngine } from '../../../../src/app/sync/engine';
import type { AppServices } from '../../../../src/app/components/services';
import type { TestServer } from '../../../support/serverHarness';
import { createNetwork, injectFetch } from '../../../support/injectFetch';

type Harness = typeof import('../../../support/serverHarness');

const DEV_SERVER = /^https?:\/\/localhost(:\d+)?\//;

async function importHarness(): Promise<Harness> {
  const root = pathToFileURL(`${process.cwd()}/`).href;
  const Browser = globalThis.URL;
  class FileURL extends NodeURL {
    constructor(input: string | URL, base?: string | URL) {
      if (typeof base === 'string' && DEV_SERVER.test(base)) {
        let file = root + new NodeURL(input, base).pathname.slice(1);
        if (!file.endsWith('/') && existsSync(new NodeURL(file)) && statSync(new NodeURL(file)).isDirectory()) file += '/';
        super(file);
      } else super(input, base);
    }
  }
  globalThis.URL = FileURL as unknown as typeof URL;
  try {
    return await import('../../../support/serverHarness');
  } finally {
    globalThis.URL = Browser;
  }
}

let harness: Harness | null = null;

export async function startRealServer(): Promise<TestServer & { harness: Harness }> {
  harness ??= await importHarness();
  const server = await harness.startTestServer('pglite');
  return { ...server, harness };
}

let dbCounter = 0;

/** The services an office screen needs, for `username` signed in (password 'demo') on a fresh device. */
export async function signedInServices(server: TestServer, username: string): Promise<AppServices & { engine: NonNullable<AppServices['engine']> }> {
  const fetch = injectFetch(server.app, createNetwork());
  const db = createDb(`office-real-${++dbCounter}-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const now = () => server.clock.now();
  const probe = createSyncEngine({ db, userId: 'nobody', fetch, now, locks: null });
  const { user } = await probe.api.login(username, 'demo');
  const engine = createSyncEngine({ db, userId: user.id, displayName: user.displayName, fetch, now, locks: null, api: probe.api, clock: probe.clock });
  await engine.ready;
  return { db, api: engine.api, clock: engine.clock, user, engine, signedIn: async () => undefined, signOut: async () => undefined };
}
