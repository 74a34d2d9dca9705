import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UpdateController } from '../../../src/app/pwa/UpdateController';
import { recordMark } from '../../../src/app/db/marks';
import { freshDb, DEMO_NOW } from '../helpers';
import type { RegisterDb } from '../../../src/app/db/schema';

function mark(db: RegisterDb, userId: string, pupilId: string) {
  return recordMark(db, { userId, markedBy: userId, pupilId, date: '2026-11-24', session: 'AM', mark: '/', deviceNow: DEMO_NOW, clockOffsetMs: 0 });
}

function setup(db: RegisterDb, props: { needRefresh?: boolean; updatedElsewhere?: boolean } = {}) {
  const applyUpdate = vi.fn();
  const reload = vi.fn();
  const onLater = vi.fn();
  const view = render(
    <UpdateController db={db} needRefresh={props.needRefresh ?? true} updatedElsewhere={props.updatedElsewhere ?? false} applyUpdate={applyUpdate} reload={reload} onLater={onLater} />,
  );
  return { applyUpdate, reload, onLater, view };
}

const reloadButton = () => screen.getByRole('button', { name: 'Reload' }) as HTMLButtonElement;

describe('update prompt', () => {
  it('shows nothing until a new version is waiting', () => {
    setup(freshDb(), { needRefresh: false });
    expect(screen.queryByRole('region', { name: 'New version' })).toBeNull();
  });

  it('offers "New version: Reload" and updates when the person taps it with nothing waiting', async () => {
    const { applyUpdate, reload } = setup(freshDb());
    const banner = await screen.findByRole('region', { name: 'New version' });
    expect(banner.textContent).toContain('New version:');
    await waitFor(() => expect(reloadButton().disabled).toBe(false));
    await userEvent.setup().click(reloadButton());
    await waitFor(() => expect(applyUpdate).toHaveBeenCalledOnce());
    expect(reload).not.toHaveBeenCalled();
  });

  it('never reloads while marks are waiting, anyone’s on this tablet, and says why', async () => {
    const db = freshDb();
    await mark(db, 'u-someone-else', 'p1');
    await mark(db, 'u-someone-else', 'p2');
    await mark(db, 'u-me', 'p3');
    const { applyUpdate } = setup(db);
    await waitFor(() => expect(reloadButton().disabled).toBe(true));
    expect(screen.getByText(/Reload is waiting until 3 marks have been sent from this tablet/)).toBeTruthy();
    expect(reloadButton().getAttribute('aria-describedby')).toBe('update-wait');
    await userEvent.setup().click(reloadButton());
    expect(applyUpdate).not.toHaveBeenCalled();
  });

  it('checks the outbox again at the tap: a mark saved a moment before still stops the reload', async () => {
    const db = freshDb();
    const { applyUpdate } = setup(db);
    await waitFor(() => expect(reloadButton().disabled).toBe(false));
    // The mark lands, and the tap comes before the live count re-renders the button.
    const tap = mark(db, 'u-me', 'p1').then(() => reloadButton().click());
    await tap;
    await new Promise((r) => setTimeout(r, 50));
    expect(applyUpdate).not.toHaveBeenCalled();
  });

  it('does not reload by itself when another tab applied the update; reloads when the person taps', async () => {
    const db = freshDb();
    const { reload, applyUpdate } = setup(db, { needRefresh: false, updatedElsewhere: true });
    await waitFor(() => expect(reloadButton().disabled).toBe(false));
    expect(reload).not.toHaveBeenCalled();
    await userEvent.setup().click(reloadButton());
    await waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(applyUpdate).not.toHaveBeenCalled();
  });

  it('can be put off with Later', async () => {
    const { onLater } = setup(freshDb());
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Later' }));
    expect(onLater).toHaveBeenCalledOnce();
    expect(screen.queryByRole('region', { name: 'New version' })).toBeNull();
  });
});
