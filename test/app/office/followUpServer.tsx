/**
 * The real server for the office follow-up screens' tests: the demo school in an in-memory PGlite, reached from
 * the screen through Fastify's inject() (injectFetch, with its own cookie jar), and an office person's own sync
 * engine on a fresh fake IndexedDB, so every change really goes outbox → push → server.
 *
 * A request through the real server takes far longer than a fake answer (and the machine may be busy), so the
 * suites using it give their tests REAL_SERVER_TIMEOUT and findBy/waitFor a longer wait.
 */
import { configure, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ServicesProvider } from '../../../src/app/components/services';
import { createNetwork } from '../../support/injectFetch';
import type { TestServer } from '../../support/serverHarness';
import { signedInServices, startRealServer } from './realServer';

export type { TestServer };

export const REAL_SERVER_TIMEOUT = 60_000;

export async function startFollowUpServer() {
  configure({ asyncUtilTimeout: 10_000 });
  const { harness, ...server } = await startRealServer();
  const support = await import('../../server/office/officeSupport');
  return { server: server as TestServer, harness, support };
}

/** An office computer signed in as `username`, with the screen rendered inside its services. */
export async function officeDesk(server: TestServer, username = 'office1') {
  const network = createNetwork();
  const services = await signedInServices(server, username, network);
  const { db, engine, user } = services;
  return {
    db,
    engine,
    user,
    network,
    services,
    render: (ui: ReactNode) => render(<ServicesProvider value={services}>{ui}</ServicesProvider>),
  };
}
