/**
 * The real server in-process for an office screen under test: the demo school on PGlite
 * (test/support/serverHarness.ts), and the app's services for someone signed in through it (their own
 * fake IndexedDB, a real sync engine, injectFetch with a cookie jar), so every change really goes
 * outbox → push → server.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb } from '../../../src/app/db/schema';
import { createSyncEngine } from '../../../src/app/sync/engine';
import type { AppServices } from '../../../src/app/components/services';
import type { TestServer } from '../../support/serverHarness';
import { createNetwork, injectFetch, type TestNetwork } from '../../support/injectFetch';

type Harness = typeof import('../../support/serverHarness');

let harness: Harness | null = null;

export async function startRealServer(): Promise<TestServer & { harness: Harness }> {
  harness ??= await import('../../support/serverHarness');
  const server = await harness.startTestServer('pglite');
  return { ...server, harness };
}

let dbCounter = 0;

/** The services an office screen needs, for `username` signed in (password 'demo') on a fresh device. */
export async function signedInServices(
  server: TestServer,
  username: string,
  network: TestNetwork = createNetwork(),
): Promise<AppServices & { engine: NonNullable<AppServices['engine']> }> {
  const fetch = injectFetch(server.app, network);
  const db = createDb(`office-real-${++dbCounter}-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const now = () => server.clock.now();
  const probe = createSyncEngine({ db, userId: 'nobody', fetch, now, locks: null });
  const { user } = await probe.api.login(username, 'demo');
  const engine = createSyncEngine({ db, userId: user.id, displayName: user.displayName, fetch, now, locks: null, api: probe.api, clock: probe.clock });
  await engine.ready;
  return { db, api: engine.api, clock: engine.clock, user, engine, signedIn: async () => undefined, signOut: async () => undefined };
}
