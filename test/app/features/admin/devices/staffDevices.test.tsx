/**
 * Staff devices, in the whole app against the REAL server (the demo school on PGlite): an admin revokes a
 * teaching assistant's devices after a lost tablet; the office's menu does not offer the screen at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { App } from '../../../../../src/app/App';
import { createDb } from '../../../../../src/app/db/schema';
import { saveSignedInUser } from '../../../../../src/app/db/session';
import { createApiClient } from '../../../../../src/app/sync/api';
import { createClock } from '../../../../../src/app/sync/clock';
import type { TestServer } from '../../../../support/serverHarness';
import { createNetwork, injectFetch } from '../../../../support/injectFetch';
import { startRealServer } from '../../../office/realServer';

configure({ asyncUtilTimeout: 10_000 });

describe('staff devices (admin only)', { timeout: 60_000 }, () => {
  let server: TestServer & Awaited<ReturnType<typeof startRealServer>>;

  beforeAll(async () => {
    server = await startRealServer();
  }, 120_000);
  afterAll(() => server?.close());
  afterEach(() => {
    window.location.hash = '';
  });

  async function openAs(username: string) {
    const fetch = injectFetch(server.app, createNetwork());
    const db = createDb(`staff-devices-${username}-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const now = () => server.clock.now();
    const clock = createClock(db, now);
    const api = createApiClient({ fetch, now, onServerTime: (t0, t1, serverTime) => void clock.observe(t0, t1, serverTime) });
    const { user } = await api.login(username, 'demo');
    await saveSignedInUser(db, user);
    window.location.hash = '#/office';
    return render(<App db={db} api={api} clock={clock} />);
  }

  it("lets an admin revoke a TA's devices: the tablet's key stops working and the screen says what it ended", async () => {
    // ta1 has signed in on a tablet and holds a key for it.
    const ta = injectFetch(server.app, createNetwork());
    const taApi = createApiClient({ fetch: ta });
    await taApi.login('ta1', 'demo');
    const { deviceKey } = await taApi.deviceKey('lost-tablet-ta1');

    const view = await openAs('admin1');
    const people = userEvent.setup();
    await people.click(await screen.findByRole('link', { name: 'Staff devices' }));
    await screen.findByRole('heading', { level: 1, name: 'Staff devices' });
    const taName = server.demo.staff.find((s) => s.username === 'ta1')!.displayName;
    await screen.findByRole('rowheader', { name: taName });
    const taCells = within(screen.getByRole('rowheader', { name: taName }).closest('tr')!);
    expect(taCells.getAllByRole('cell')[1].textContent).toBe('1');

    await people.click(screen.getByRole('button', { name: `Revoke devices of ${taName}` }));
    expect(screen.getByRole('alertdialog').textContent).toContain(`Revoke every device of ${taName}?`);
    await people.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke devices' }));
    expect((await screen.findByText(new RegExp(`^${taName}: 1 device key removed`))).textContent).toBe(`${taName}: 1 device key removed and 1 session ended.`);
    await waitFor(() => expect(within(screen.getByRole('rowheader', { name: taName }).closest('tr')!).getAllByRole('cell')[1].textContent).toBe('0'));

    const push = await server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { 'x-device-key': deviceKey }, payload: { deviceId: 'lost-tablet-ta1', mutations: [] } });
    expect(push.statusCode).toBe(401);
    const { rows } = await server.db.query<{ revoked_by: string }>(`SELECT revoked_by FROM device_revocations WHERE staff_id = 's-ta1'`);
    expect(rows).toEqual([{ revoked_by: 's-admin1' }]);
    view.unmount();
  });

  it("is not in the office's menu", async () => {
    const view = await openAs('office1');
    await screen.findByRole('link', { name: 'Registers today' });
    expect(screen.queryByRole('link', { name: 'Staff devices' })).toBeNull();
    view.unmount();
  });
});
