import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb } from '../helpers';
import { schoolServer, signIn, startApp } from '../features/auth/appHarness';

afterEach(() => vi.restoreAllMocks());

describe('a tap on a tablet that is out of storage', () => {
  it('is put back, and the header says plainly that the tablet is full and what to do', async () => {
    const db = freshDb();
    startApp(db, schoolServer());
    await signIn('jones');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: /Class 3B.*Morning/ }));
    const amy = await screen.findByRole('group', { name: 'Amy Smith' });
    vi.spyOn(db.outbox, 'add').mockRejectedValueOnce(new DOMException('Quota exceeded', 'QuotaExceededError'));

    await user.click(within(amy).getByRole('button', { name: /Present/ }));
    const alert = await screen.findByText(/This tablet is out of storage/);
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    expect(alert.textContent).toContain('Free some space');
    await waitFor(() => expect(within(screen.getByRole('group', { name: 'Amy Smith' })).getByRole('button', { name: /Present/ }).getAttribute('aria-pressed')).toBe('false'));
    expect(await db.outbox.count()).toBe(0);

    // Space freed: the next tap is saved and the message goes.
    await user.click(within(screen.getByRole('group', { name: 'Amy Smith' })).getByRole('button', { name: /Present/ }));
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    await waitFor(() => expect(screen.queryByText(/This tablet is out of storage/)).toBeNull());
  });
});
