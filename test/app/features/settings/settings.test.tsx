import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Settings from '../../../../src/app/features/settings/Settings';
import { describeOffset } from '../../../../src/app/features/settings/about';
import { formatBytes } from '../../../../src/app/pwa/storage';
import { harness, renderIn } from '../../render';
import { freshDb } from '../../helpers';
import { fakeStorage, schoolServer, signIn, startApp } from '../auth/appHarness';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

/** The value shown next to a label in a facts list. */
const fact = (label: string | RegExp) => screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent ?? '';

describe('settings', () => {
  it('says when the browser may delete the data, with plain advice, and how much storage is used', async () => {
    restore = fakeStorage({ persisted: async () => false, persist: async () => false, estimate: async () => ({ usage: 1_234_567, quota: 2_000_000_000 }) });
    const h = await harness();
    renderIn(h, <Settings />);
    await waitFor(() => expect(fact('Data kept by the browser')).toBe('No'));
    expect(screen.getByText(/Add the app to the home screen so the tablet keeps its data/)).toBeTruthy();
    expect(fact('Storage used')).toBe('1.2 MB of 2.0 GB');
  });

  it('says yes, without the advice, when the data is kept', async () => {
    restore = fakeStorage({ persisted: async () => true, estimate: async () => ({ usage: 5_000, quota: 1_000_000 }) });
    const h = await harness();
    renderIn(h, <Settings />);
    await waitFor(() => expect(fact('Data kept by the browser')).toBe('Yes'));
    expect(screen.queryByText(/Add the app to the home screen/)).toBeNull();
    expect(fact('Storage used')).toBe('5.0 kB of 1.0 MB');
  });

  it('copes with a browser that has no storage API (estimate() is Safari 17+ only)', async () => {
    restore = fakeStorage(undefined);
    const h = await harness();
    renderIn(h, <Settings />);
    await waitFor(() => expect(fact('Storage used')).toBe('Not available on this browser'));
    expect(fact('Data kept by the browser')).toMatch(/Unknown/);
    expect(screen.getByText(/Add the app to the home screen/)).toBeTruthy();
  });

  it('can ask the browser again, and shows the new answer', async () => {
    let granted = false;
    const persist = vi.fn(async () => (granted = true));
    restore = fakeStorage({ persisted: async () => granted, persist });
    const h = await harness();
    renderIn(h, <Settings />);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Ask the browser to keep the data' }));
    await waitFor(() => expect(fact('Data kept by the browser')).toBe('Yes'));
    expect(persist).toHaveBeenCalledOnce();
    expect((await h.db.meta.get('storage'))?.value).toMatchObject({ persisted: true });
  });

  it('shows the version, this person’s device id, the clock offset and the last successful sync', async () => {
    const h = await harness();
    renderIn(h, <Settings />);
    await waitFor(() => expect(fact('Last successful sync')).toBe('Not yet on this tablet'));
    expect(fact('App version')).toBe('development');
    expect(fact('Tablet clock')).toBe('Matches the school server (within a second)');
    await act(() => h.engine.sync());
    const identity = (await h.db.meta.get('device:u-teacher'))!.value as { deviceId: string };
    await waitFor(() => expect(fact('Device id for Ms Jones')).toBe(identity.deviceId));
    expect(fact('Last successful sync')).toBe('Today at 09:05');
    expect(await h.db.meta.get('lastSync:u-teacher')).toBeDefined();
  });

  it('words sizes and clock offsets plainly', () => {
    expect(formatBytes(950)).toBe('950 bytes');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(describeOffset(90_000)).toBe('2 minutes behind the school server (the app corrects for it)');
    expect(describeOffset(-70_000)).toBe('1 minute ahead of the school server (the app corrects for it)');
    expect(describeOffset(-3_500)).toBe('3.5 seconds ahead of the school server (the app corrects for it)');
  });

  it('is reachable from the header', async () => {
    const db = freshDb();
    startApp(db, schoolServer());
    await signIn('jones');
    await userEvent.setup().click(await screen.findByRole('link', { name: 'Settings' }));
    expect((await screen.findByRole('heading', { level: 1, name: 'Settings' })).textContent).toBe('Settings');
    expect(screen.getByRole('link', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
  });
});
