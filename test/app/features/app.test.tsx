import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../src/app/App';
import { createApiClient } from '../../../src/app/sync/api';
import { createClock } from '../../../src/app/sync/clock';
import type { RegisterDb } from '../../../src/app/db/schema';
import { FakeServer, freshDb, page, snapshotChanges, teacher } from '../helpers';

// The tablet's clock is a day behind the server's (a pinned demo clock, or a badly set tablet).
const DEVICE_NOW = Date.parse('2026-11-23T09:05:00Z');
const SERVER_TIME = '2026-11-24T09:05:00.000Z';

function start(db: RegisterDb, server: FakeServer) {
  const clock = createClock(db, () => DEVICE_NOW);
  const api = createApiClient({
    fetch: (url, init) => server.fetch(url, init),
    now: () => DEVICE_NOW,
    onServerTime: (t0, t1, serverTime) => void clock.observe(t0, t1, serverTime),
  });
  return render(<App db={db} api={api} clock={clock} />);
}

function schoolServer() {
  const server = new FakeServer();
  server.onOther = (path, init) => {
    if (path === '/api/auth/login') {
      const { password } = JSON.parse(String(init?.body));
      return password === 'right'
        ? { status: 200, body: { user: teacher, serverTime: SERVER_TIME } }
        : { status: 401, body: { code: 'bad_credentials', message: 'Wrong' } };
    }
    if (path === '/api/auth/logout') return { status: 204 };
    return { status: 404, body: { code: 'not_found', message: '' } };
  };
  server.onPull = () => ({ status: 200, body: page(snapshotChanges(), { reset: true, serverTime: SERVER_TIME }) });
  return server;
}

async function signIn(password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username'), 'jones');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('app', () => {
  it('explains a wrong password, and that the first sign-in needs a connection', async () => {
    const db = freshDb();
    start(db, schoolServer());
    expect((await screen.findByText(/You need a connection to sign in for the first time/)).textContent).toBeTruthy();
    await signIn('wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('That username and password do not match. Check them and try again.');
  });

  it('says when the server cannot be reached at sign-in', async () => {
    const server = schoolServer();
    server.onOther = () => 'network-error';
    start(freshDb(), server);
    await signIn('right');
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the school server');
  });

  it("signs in, downloads the registers, and shows today's by the server's date; then reopens signed in offline", async () => {
    const db = freshDb();
    const server = schoolServer();
    const first = start(db, server);
    await signIn('right');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Tuesday 24 November 2026');
    first.unmount();

    const offline = new FakeServer();
    offline.onPull = () => 'network-error';
    offline.onPush = () => 'network-error';
    offline.onOther = () => 'network-error';
    start(db, offline);
    await screen.findByRole('link', { name: /Class 3B.*Morning/ });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Tuesday 24 November 2026');
    expect(screen.getByText('Ms Jones')).toBeTruthy();
  });

  it('warns before signing out with marks waiting, and keeps those marks on the tablet', async () => {
    const db = freshDb();
    const server = schoolServer();
    server.onPush = () => 'network-error';
    start(db, server);
    await signIn('right');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: /Class 3B.*Morning/ }));
    await user.click(within(await screen.findByRole('group', { name: 'Amy Smith' })).getByRole('button', { name: /Present/ }));
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect((await screen.findByRole('alertdialog')).textContent).toContain('1 mark is not sent yet');
    await user.click(screen.getByRole('button', { name: 'Sign out anyway' }));
    await screen.findByLabelText('Username');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.pupils.count()).toBe(0);
    expect(await db.meta.get('currentUser')).toBeUndefined();
  });
});
