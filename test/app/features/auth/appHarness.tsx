/**
 * The whole App on a fake IndexedDB against a scriptable fake school server that knows several people, hands
 * out device keys, and records how each push was authenticated (session cookie or device key).
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { App } from '../../../../src/app/App';
import { createApiClient, type FetchLike } from '../../../../src/app/sync/api';
import { createClock } from '../../../../src/app/sync/clock';
import { recordMark } from '../../../../src/app/db/marks';
import type { RegisterDb } from '../../../../src/app/db/schema';
import type { Change, SignedInUser } from '../../../../src/protocol';
import { FakeServer, DEMO_NOW, page, snapshotChanges, teacher } from '../../helpers';

export const patel: SignedInUser = { ...teacher, id: 'u-patel', username: 'patel', displayName: 'Ms Patel' };
export const officeUser: SignedInUser = { ...teacher, id: 'u-office', username: 'office', displayName: 'Mrs Office', role: 'office' };
const SERVER_TIME = new Date(DEMO_NOW).toISOString();

/** g1 is taught by both teachers, so either sees its register. */
const patelAssignment: Change = {
  entity: 'assignment',
  op: 'put',
  key: 'a2',
  value: { id: 'a2', groupId: 'g1', staffId: patel.id, kind: 'teacher', startDate: '2026-09-01', endDate: null, sessions: ['AM', 'PM'] },
};

export interface SeenPush {
  deviceId: string;
  key: string | null;
  credentials: RequestCredentials | undefined;
  count: number;
}

export function schoolServer(people: SignedInUser[] = [teacher, patel, officeUser]) {
  const server = new FakeServer();
  const seen: SeenPush[] = [];
  const keyRequests: string[] = [];
  const byUsername = new Map(people.map((p) => [p.username, p]));
  /** Answers for other paths (office lists); return undefined for 404. */
  const routes: { other?: (path: string, init?: RequestInit) => { status: number; body?: unknown } | 'network-error' | undefined } = {};
  let down = false;
  server.onOther = (path, init) => {
    if (down) return 'network-error';
    if (path === '/api/auth/login') {
      const { username, password } = JSON.parse(String(init?.body));
      const user = byUsername.get(username);
      return user && password === 'right'
        ? { status: 200, body: { user, serverTime: SERVER_TIME } }
        : { status: 401, body: { code: 'bad_credentials', message: 'Wrong' } };
    }
    if (path === '/api/auth/logout') return { status: 204 };
    if (path === '/api/sync/device-key') {
      const { deviceId } = JSON.parse(String(init?.body));
      keyRequests.push(deviceId);
      return { status: 200, body: { deviceId, deviceKey: `key-for-${deviceId}` } };
    }
    return routes.other?.(path, init) ?? { status: 404, body: { code: 'not_found', message: '' } };
  };
  server.onPull = () => (down ? 'network-error' : { status: 200, body: page(snapshotChanges([patelAssignment]), { reset: true, serverTime: SERVER_TIME }) });
  server.onPush = (req) => (down ? 'network-error' : { status: 200, body: server.applyAll(req) });
  const fetch: FetchLike = (url, init) => {
    if (url.endsWith('/api/sync/push') && !down) {
      const body = JSON.parse(String(init?.body));
      const headers = (init?.headers ?? {}) as Record<string, string>;
      seen.push({ deviceId: body.deviceId, key: headers['x-device-key'] ?? null, credentials: init?.credentials, count: body.mutations.length });
    }
    return server.fetch(url, init);
  };
  return {
    server,
    seen,
    keyRequests,
    routes,
    fetch,
    setDown(value: boolean) {
      down = value;
    },
  };
}

export type SchoolServer = ReturnType<typeof schoolServer>;

export function startApp(db: RegisterDb, s: SchoolServer, opts: { reload?: () => void } = {}) {
  const clock = createClock(db, () => DEMO_NOW);
  const api = createApiClient({ fetch: s.fetch, now: () => DEMO_NOW, onServerTime: (t0, t1, serverTime) => void clock.observe(t0, t1, serverTime) });
  const reload = opts.reload ?? vi.fn();
  return { ...render(<App db={db} api={api} clock={clock} reload={reload} />), reload };
}

export async function signIn(username: string, password = 'right') {
  const user = userEvent.setup();
  const field = await screen.findByLabelText('Username');
  await user.clear(field);
  await user.type(field, username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

/** A mark made on this tablet by `who`, exactly as their engine would store it. */
export function markBy(db: RegisterDb, who: SignedInUser, pupilId: string) {
  return recordMark(db, { userId: who.id, markedBy: who.displayName, pupilId, date: '2026-11-24', session: 'AM', mark: 'N', deviceNow: DEMO_NOW, clockOffsetMs: 0 });
}

/** A fake navigator.storage for one test; returns a restore function. */
export function fakeStorage(storage: Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>> | undefined): () => void {
  const had = Object.getOwnPropertyDescriptor(navigator, 'storage');
  Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
  return () => {
    if (had) Object.defineProperty(navigator, 'storage', had);
    else delete (navigator as { storage?: unknown }).storage;
  };
}
