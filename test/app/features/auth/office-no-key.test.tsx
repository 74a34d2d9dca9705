/**
 * Office and admin get no device key (a key exists only to send a teacher's register marks after sign-out):
 * a key kept from before is forgotten, so the office's own waiting changes wait for them to sign in again,
 * and the tablet says so. Signing out names the device, so the server knows when this person left it.
 */
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb } from '../../helpers';
import { markBy, officeUser, schoolServer, signIn, startApp } from './appHarness';
import type { FetchLike } from '../../../../src/app/sync/api';
import type { DeviceIdentity } from '../../../../src/app/db/types';

const OFFICE_DEVICE = 'office-desk-0001';

describe('office and admin on a shared computer get no device key', () => {
  it('forgets a key kept from before, says the waiting changes wait for them, and never sends them with it', async () => {
    const db = freshDb();
    const old: DeviceIdentity = { deviceId: OFFICE_DEVICE, nextSeq: 1, displayName: 'Mrs Office', deviceKey: 'old-office-key' };
    await db.meta.put({ key: `device:${officeUser.id}`, value: old });
    const s = schoolServer();
    const logouts: unknown[] = [];
    const fetch: FetchLike = async (url, init) => {
      if (url.endsWith('/api/sync/device-key')) {
        return new Response(JSON.stringify({ code: 'device_key_not_issued', message: 'Office and admin accounts get no device key.' }), { status: 403 });
      }
      if (url.endsWith('/api/auth/logout')) logouts.push(init?.body ? JSON.parse(String(init.body)) : null);
      return s.fetch(url, init);
    };
    startApp(db, { ...s, fetch });
    await signIn('office');
    const identity = async () => (await db.meta.get(`device:${officeUser.id}`))?.value as DeviceIdentity;
    await waitFor(async () => expect((await identity()).deviceKey).toBeUndefined());

    s.server.onPush = () => 'network-error';
    await act(() => markBy(db, officeUser, 'p1'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect((await screen.findByRole('alertdialog')).textContent).toContain('the next time you sign in on this tablet');
    await user.click(screen.getByRole('button', { name: 'Sign out anyway' }));
    expect(logouts).toEqual([{ deviceId: OFFICE_DEVICE }]);

    expect((await screen.findByText(/by Mrs Office/)).textContent).toMatch(/is waiting for .+ to sign in on this tablet/);
    s.server.onPush = (req) => ({ status: 200, body: s.server.applyAll(req) });
    act(() => void window.dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.seen.some((p) => p.deviceId === OFFICE_DEVICE)).toBe(false);
    expect(await db.outbox.count()).toBe(1);
  });
});
