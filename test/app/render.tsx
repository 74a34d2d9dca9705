/** Renders a screen inside the app's services, with a real engine on a fake IndexedDB and a fake server. */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ServicesProvider, type AppServices } from '../../src/app/components/services';
import { createSyncEngine, type SyncEngine } from '../../src/app/sync/engine';
import { applyPullPage } from '../../src/app/sync/pull';
import type { RegisterDb } from '../../src/app/db/schema';
import type { Change, SignedInUser } from '../../src/protocol';
import { FakeServer, freshDb, page, snapshotChanges, teacher, DEMO_NOW } from './helpers';

export interface Harness {
  db: RegisterDb;
  server: FakeServer;
  engine: SyncEngine;
  user: SignedInUser;
  services: AppServices;
}

export async function harness(opts: { now?: number; user?: SignedInUser; changes?: Change[] } = {}): Promise<Harness> {
  const db = freshDb();
  const server = new FakeServer();
  const user = opts.user ?? teacher;
  const now = opts.now ?? DEMO_NOW;
  const engine = createSyncEngine({ db, userId: user.id, displayName: user.displayName, fetch: (url, init) => server.fetch(url, init), now: () => now, locks: null });
  await engine.ready;
  await applyPullPage(db, user.id, page(opts.changes ?? snapshotChanges(), { reset: true }));
  const services: AppServices = {
    db,
    api: engine.api,
    clock: engine.clock,
    user,
    engine,
    signedIn: async () => undefined,
    signOut: async () => undefined,
  };
  return { db, server, engine, user, services };
}

export function renderIn(h: Harness, ui: ReactNode) {
  return render(<ServicesProvider value={h.services}>{ui}</ServicesProvider>);
}
