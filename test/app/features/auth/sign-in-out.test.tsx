import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb, teacher } from '../../helpers';
import { fakeStorage, markBy, patel, schoolServer, signIn, startApp } from './appHarness';
import type { DeviceIdentity } from '../../../../src/app/db/types';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

const statusText = async () => (await screen.findAllByRole('status'))[0].textContent ?? '';

describe('signing in and out on a shared tablet', () => {
  it('after sign-in asks for this person’s device key and asks the browser to keep the data, recording both', async () => {
    const persist = vi.fn(async () => true);
    restore = fakeStorage({ persist, persisted: async () => false });
    const db = freshDb();
    const s = schoolServer();
    startApp(db, s);
    await signIn('jones');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ }, { timeout: 5000 });
    await waitFor(async () => expect(((await db.meta.get('device:u-teacher'))?.value as DeviceIdentity | undefined)?.deviceKey).toBeTruthy());
    const identity = (await db.meta.get('device:u-teacher'))!.value as DeviceIdentity;
    expect(s.keyRequests).toEqual([identity.deviceId]);
    expect(identity).toMatchObject({ displayName: 'Ms Jones', deviceKey: `key-for-${identity.deviceId}` });
    await waitFor(async () => expect((await db.meta.get('storage'))?.value).toMatchObject({ persisted: true }));
    expect(persist).toHaveBeenCalledOnce();
  });

  it('warns before signing out with marks waiting; Cancel keeps the person signed in', async () => {
    const db = freshDb();
    const s = schoolServer();
    startApp(db, s);
    await signIn('jones');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ }, { timeout: 5000 });
    await waitFor(async () => expect(s.keyRequests).toHaveLength(1));
    s.setDown(true);
    for (const p of ['p1', 'p2', 'p3']) await act(() => markBy(db, teacher, p));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('3 marks are not sent yet. They stay on this tablet and will be sent as yours when there is a connection.');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByText('Ms Jones')).toBeTruthy();
    expect(await db.pupils.count()).toBe(3);
  });

  it('words the warning for one mark in the singular', async () => {
    const db = freshDb();
    const s = schoolServer();
    startApp(db, s);
    await signIn('jones');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ }, { timeout: 5000 });
    await waitFor(async () => expect(s.keyRequests).toHaveLength(1));
    s.setDown(true);
    await act(() => markBy(db, teacher, 'p1'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect((await screen.findByRole('alertdialog')).textContent).toContain(
      '1 mark is not sent yet. It stays on this tablet and will be sent as yours when there is a connection.',
    );
  });

  it('counts the marks “Mark all unmarked present” still holds for Undo, and signing out keeps them', async () => {
    const db = freshDb();
    const s = schoolServer();
    startApp(db, s);
    await signIn('jones');
    // The registers must be on the tablet (the first pull done) before the network goes down.
    const register = await screen.findByRole('link', { name: /Class 3B.*Morning/ }, { timeout: 5000 });
    await waitFor(async () => expect(s.keyRequests).toHaveLength(1));
    s.setDown(true);
    const user = userEvent.setup();
    await user.click(register);
    await user.click(await screen.findByRole('button', { name: 'Mark all unmarked present' }));
    await waitFor(async () => expect(await statusText()).toContain('3 marks waiting to be sent'));
    expect(await db.outbox.count()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect((await screen.findByRole('alertdialog')).textContent).toContain('3 marks are not sent yet. They stay on this tablet');
    await user.click(screen.getByRole('button', { name: 'Sign out anyway' }));
    await screen.findByLabelText('Username');
    expect((await db.outbox.toArray()).map((e) => (e.args as { pupilId: string }).pupilId).sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('signing out anyway removes the pupils’ data but never the waiting marks or the device identities', async () => {
    const db = freshDb();
    const s = schoolServer();
    startApp(db, s);
    await signIn('jones');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ }, { timeout: 5000 });
    s.setDown(true);
    await act(() => markBy(db, teacher, 'p1'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }));
    await screen.findByLabelText('Username');
    expect(await Promise.all([db.pupils.count(), db.groups.count(), db.assignments.count(), db.days.count(), db.school.count()])).toEqual([0, 0, 0, 0, 0]);
    expect((await db.cells.toArray()).map((c) => [c.key, c.pending])).toEqual([['p1|2026-11-24|AM', true]]);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.get('device:u-teacher')).toBeDefined();
    expect(await db.meta.get('cursor:u-teacher')).toBeUndefined();
    expect(await db.meta.get('currentUser')).toBeUndefined();
  });

  it('a second person signs in while the first one’s marks wait: the status says whose, and they go as hers when the network is back', async () => {
    const db = freshDb();
    const s = schoolServer();
    startApp(db, s);
    await signIn('patel');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ }, { timeout: 5000 });
    await waitFor(async () => expect(s.keyRequests).toHaveLength(1));
    s.setDown(true);
    await act(() => markBy(db, patel, 'p1'));
    await act(() => markBy(db, patel, 'p2'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }));

    s.setDown(false);
    s.server.onPush = () => 'network-error'; // signing in works, sending does not (yet)
    await signIn('jones');
    await screen.findByText('Ms Jones');
    await act(() => markBy(db, teacher, 'p3'));
    await waitFor(async () => expect(await statusText()).toContain('3 marks waiting to be sent: 1 yours, 2 by Ms Patel'));

    const patelDevice = (await db.meta.get('device:u-patel'))!.value as DeviceIdentity;
    s.server.onPush = (req) => ({ status: 200, body: s.server.applyAll(req) });
    act(() => void window.dispatchEvent(new Event('online')));
    await waitFor(async () => expect(await statusText()).toContain('All marks sent'), { timeout: 3000 });
    const patelPush = s.seen.find((p) => p.deviceId === patelDevice.deviceId);
    expect(patelPush).toEqual({ deviceId: patelDevice.deviceId, key: patelDevice.deviceKey, credentials: 'omit', count: 2 });
    expect(s.seen.filter((p) => p.key === null).every((p) => p.deviceId !== patelDevice.deviceId)).toBe(true);
  });
});

describe('the sign-in screen on a shared tablet', () => {
  it('says whose marks are still on the tablet and when they will go', async () => {
    const db = freshDb();
    await markBy(db, patel, 'p1');
    await markBy(db, patel, 'p2');
    await markBy(db, { ...teacher, id: 'u-brown', displayName: 'Mr Brown' }, 'p3');
    await db.meta.update('device:u-patel', { 'value.deviceKey': 'k' } as never);
    const s = schoolServer();
    s.setDown(true); // so the courier cannot send Ms Patel's marks while we look
    startApp(db, s);
    expect((await screen.findByText(/by Ms Patel/)).textContent).toBe('2 marks by Ms Patel will be sent from this tablet when there is a connection.');
    expect(screen.getByText(/by Mr Brown/).textContent).toBe('1 mark by Mr Brown is waiting for him to sign in on this tablet.');
  });

  it('with nobody signed in, the tablet still sends the marks of people who left a key', async () => {
    const db = freshDb();
    await markBy(db, patel, 'p1');
    await db.meta.update('device:u-patel', { 'value.deviceKey': 'patel-key' } as never);
    const s = schoolServer();
    startApp(db, s);
    await waitFor(async () => expect(await db.outbox.count()).toBe(0), { timeout: 3000 });
    expect(s.seen).toEqual([{ deviceId: expect.any(String), key: 'patel-key', credentials: 'omit', count: 1 }]);
    expect(s.server.pulls).toHaveLength(0);
  });
});
