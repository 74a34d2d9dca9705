import { describe, expect, it } from 'vitest';
import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisterScreen } from '../../../src/app/features/registers/RegisterScreen';
import { harness, renderIn } from '../render';
import { cellChange, snapshotChanges } from '../helpers';

const counts = () => screen.getByText(/^Present:/).parentElement!.textContent;

describe('register screen', () => {
  it('lists the pupils by surname then first name, using preferred names', async () => {
    const h = await harness();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    const rows = await screen.findAllByRole('group');
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Ben Adams', 'Chloe Brown', 'Amy Smith']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Class 3B: morning register');
  });

  it('offers only present and absent for each pupil', async () => {
    const h = await harness();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    for (const row of await screen.findAllByRole('group')) {
      expect(within(row).getAllByRole('button').map((b) => b.textContent?.trim())).toEqual(['/ Present', 'N Absent']);
    }
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('marks present and absent with a tap, updates the counts, and saves each mark with its outbox entry', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    await screen.findAllByRole('group');
    expect(counts()).toBe('Present: 0 Absent: 0 Not marked: 3');

    await user.click(within(screen.getByRole('group', { name: 'Amy Smith' })).getByRole('button', { name: /Present/ }));
    expect(within(screen.getByRole('group', { name: 'Amy Smith' })).getByRole('button', { name: /Present/ }).getAttribute('aria-pressed')).toBe('true');
    expect(counts()).toBe('Present: 1 Absent: 0 Not marked: 2');

    await user.click(within(screen.getByRole('group', { name: 'Ben Adams' })).getByRole('button', { name: /Absent/ }));
    expect(counts()).toBe('Present: 1 Absent: 1 Not marked: 1');

    await waitFor(async () => expect(await h.db.outbox.count()).toBe(2));
    expect((await h.db.cells.get('p1|2026-11-24|AM'))?.code).toBe('/');
    expect((await h.db.cells.get('p2|2026-11-24|AM'))?.code).toBe('N');

    // Changing a mark: absent then present.
    await user.click(within(screen.getByRole('group', { name: 'Ben Adams' })).getByRole('button', { name: /Present/ }));
    expect(counts()).toBe('Present: 2 Absent: 0 Not marked: 1');
    await waitFor(async () => expect((await h.db.cells.get('p2|2026-11-24|AM'))?.code).toBe('/'));
  });

  it('stores present as \\ on the afternoon register', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="PM" />);
    const row = (await screen.findAllByRole('group'))[0];
    expect(within(row).getByRole('button', { name: /Present/ }).textContent).toContain('\\');
    // The afternoon register opens at 13:15, so marking is allowed from 12:15; at 09:05 it is not.
    expect((within(row).getByRole('button', { name: /Present/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/This register opens at 13:15. You can start marking from 12:15./)).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: /Present/ }));
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('lets the afternoon register be taken once it is open, storing \\', async () => {
    const h = await harness({ now: Date.parse('2026-11-24T13:20:00Z') });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="PM" />);
    await user.click(within(await screen.findByRole('group', { name: 'Chloe Brown' })).getByRole('button', { name: /Present/ }));
    await waitFor(async () => expect((await h.db.cells.get('p3|2026-11-24|PM'))?.code).toBe('\\'));
  });

  it("shows an office code read-only with its meaning, and counts it", async () => {
    const h = await harness({ changes: snapshotChanges([cellChange('p3', 'M', 'office')]) });
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    await screen.findAllByRole('group');
    expect(screen.queryByRole('group', { name: 'Chloe Brown' })).toBeNull();
    const office = screen.getByLabelText('Chloe Brown: set by the office');
    expect(office.textContent).toContain('M');
    expect(office.textContent).toContain('medical appointment');
    expect(within(office).queryByRole('button')).toBeNull();
    expect(counts()).toBe('Present: 0 Absent: 1 Not marked: 2');
  });

  it('shows marks already on the device', async () => {
    const h = await harness({ changes: snapshotChanges([cellChange('p1', 'N')]) });
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    const row = await screen.findByRole('group', { name: 'Amy Smith' });
    expect(within(row).getByRole('button', { name: /Absent/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('puts the row back and says so when the mark could not be saved', async () => {
    const h = await harness();
    h.engine.recordMark = () => Promise.reject(new Error('QuotaExceededError'));
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    const row = await screen.findByRole('group', { name: 'Amy Smith' });
    await user.click(within(row).getByRole('button', { name: /Present/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('The mark for Amy Smith was not saved on this tablet. Try again.');
    expect(within(row).getByRole('button', { name: /Present/ }).getAttribute('aria-pressed')).toBe('false');
    expect(counts()).toBe('Present: 0 Absent: 0 Not marked: 3');
  });

  it("does not let a teacher mark another day's register", async () => {
    const h = await harness();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-23" session="AM" />);
    const row = await screen.findByRole('group', { name: 'Amy Smith' });
    expect((within(row).getByRole('button', { name: /Present/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/You can only take today's registers/)).toBeTruthy();
  });

  it('uses the school date of the corrected clock, not the device date', async () => {
    // The tablet's clock says 23 November; the server's clock says 24 November 09:05.
    const h = await harness({ now: Date.parse('2026-11-23T09:05:00Z') });
    h.server.onPull = () => ({ status: 200, body: { cursor: 'c9', hasMore: false, changes: [], serverTime: '2026-11-24T09:05:00.000Z' } });
    await h.engine.pull();
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-24" session="AM" />);
    const row = await screen.findByRole('group', { name: 'Amy Smith' });
    expect((within(row).getByRole('button', { name: /Present/ }) as HTMLButtonElement).disabled).toBe(false);
  });
});
