import { beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisterScreen } from '../../../../src/app/features/registers/RegisterScreen';
import { harness, renderIn } from '../../render';
import { page, snapshotChanges } from '../../helpers';
import { SyncStatus } from '../../../../src/app/components/SyncStatus';
import { cell, TODAY } from './fixtures';

const counts = () => document.querySelector('.counts')!.textContent;
const button = (name: string, mark: 'Present' | 'Absent') => within(screen.getByRole('group', { name })).getByRole('button', { name: mark });
const pressed = (name: string) =>
  within(screen.getByRole('group', { name }))
    .getAllByRole('button')
    .filter((b) => b.getAttribute('aria-pressed') === 'true')
    .map((b) => b.textContent);
const statusLine = () => document.querySelector('.sync-line')?.textContent;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const outbox = async (h: Awaited<ReturnType<typeof harness>>) =>
  (await h.db.outbox.toArray()).map((e) => `${(e.args as { pupilId: string }).pupilId} ${(e.args as { mark: string }).mark}`).sort();

beforeEach(() => window.localStorage.clear());

/** Amy is already absent; Ben and Chloe are not marked. */
async function setUp(undoMs: number) {
  const h = await harness({ changes: snapshotChanges([cell('p1', 'N')]) });
  const user = userEvent.setup();
  const view = renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" undoMs={undoMs} />);
  await screen.findAllByRole('group');
  await user.click(screen.getByRole('button', { name: 'Mark all unmarked present' }));
  return { h, user, view };
}

describe('mark all unmarked present', () => {
  it('shows the unmarked pupils present at once, offers Undo, and writes nothing until the undo runs out', async () => {
    const { h } = await setUp(1500);
    expect(pressed('Ben Adams')).toEqual(['/ Present']);
    expect(pressed('Chloe Brown')).toEqual(['/ Present']);
    expect(pressed('Amy Smith')).toEqual(['N Absent']);
    expect(counts()).toBe('Present: 2 Absent: 1 Not marked: 0');
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(screen.getByText('2 pupils marked present. Tap Undo to take this back.')).toBeTruthy();
    expect(await h.db.outbox.count()).toBe(0);

    // Run out: each pupil gets a normal mark, Amy's absence stands.
    await waitFor(async () => expect(await outbox(h)).toEqual(['p2 /', 'p3 /']), { timeout: 8000 });
    expect((await h.db.cells.get(`p1|${TODAY}|AM`))?.code).toBe('N');
    expect((await h.db.cells.get(`p2|${TODAY}|AM`))?.code).toBe('/');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(counts()).toBe('Present: 2 Absent: 1 Not marked: 0');
  });

  it('Undo returns those pupils to not marked and writes nothing, even when the screen is left', async () => {
    const { h, user, view } = await setUp(60_000);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(pressed('Ben Adams')).toEqual([]);
    expect(pressed('Chloe Brown')).toEqual([]);
    expect(pressed('Amy Smith')).toEqual(['N Absent']);
    expect(counts()).toBe('Present: 0 Absent: 1 Not marked: 2');
    expect(screen.getByText('Undone: 2 pupils are not marked again.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    view.unmount();
    await sleep(100);
    expect(await h.db.outbox.count()).toBe(0);
    expect(await h.db.cells.count()).toBe(1);
  });

  it('writes the marks as soon as the teacher taps something else; a different tap for one of them is their only mark', async () => {
    const { h, user } = await setUp(60_000);
    await user.click(button('Ben Adams', 'Absent'));
    expect(pressed('Ben Adams')).toEqual(['N Absent']);
    expect(pressed('Chloe Brown')).toEqual(['/ Present']);
    await waitFor(async () => expect(await outbox(h)).toEqual(['p2 N', 'p3 /']));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('writes the marks when the teacher leaves the register', async () => {
    const { h, view } = await setUp(60_000);
    view.unmount();
    await waitFor(async () => expect(await outbox(h)).toEqual(['p2 /', 'p3 /']));
  });

  it('writes the marks when the page is closed or hidden', async () => {
    const { h } = await setUp(60_000);
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    await waitFor(async () => expect(await outbox(h)).toEqual(['p2 /', 'p3 /']));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('counts the held marks as waiting, never "All marks sent", and writes them when the page is hidden while offline', async () => {
    const h = await harness({ changes: snapshotChanges([cell('p1', 'N')]) });
    const user = userEvent.setup();
    renderIn(
      h,
      <>
        <SyncStatus db={h.db} engine={h.engine} />
        <RegisterScreen groupId="g1" date={TODAY} session="AM" undoMs={60_000} />
      </>,
    );
    await screen.findAllByRole('group');
    await waitFor(() => expect(statusLine()).toBe('All marks sent'));
    await user.click(screen.getByRole('button', { name: 'Mark all unmarked present' }));
    await waitFor(() => expect(statusLine()).toBe('2 marks waiting to be sent'));
    expect(await h.db.outbox.count()).toBe(0);

    // The connection goes, then the tablet is put down: the marks are written, and still counted once each.
    h.server.onPush = () => 'network-error';
    h.server.onPull = () => 'network-error';
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusLine()).toBe('2 marks waiting to be sent — no connection'));
    const visibility = Object.getOwnPropertyDescriptor(document, 'visibilityState');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
    } finally {
      if (visibility) Object.defineProperty(document, 'visibilityState', visibility);
      else delete (document as { visibilityState?: unknown }).visibilityState;
    }
    await waitFor(async () => expect(await outbox(h)).toEqual(['p2 /', 'p3 /']));
    await waitFor(() => expect(h.engine.status.getState().held).toEqual([]));
    await waitFor(() => expect(statusLine()).toBe('2 marks waiting to be sent — no connection'));

    // Back online: they are sent.
    h.server.onPush = (req) => ({ status: 200, body: h.server.applyAll(req) });
    h.server.onPull = () => ({ status: 200, body: page([]) });
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusLine()).toBe('All marks sent'));
    expect(h.server.pushes.flatMap((p) => p.mutations.map((m) => (m.args as { pupilId: string }).pupilId)).sort()).toEqual(['p2', 'p3']);
  });

  it('Undo takes the held marks off the count again', async () => {
    const h = await harness({ changes: snapshotChanges([cell('p1', 'N')]) });
    const user = userEvent.setup();
    renderIn(
      h,
      <>
        <SyncStatus db={h.db} engine={h.engine} />
        <RegisterScreen groupId="g1" date={TODAY} session="AM" undoMs={60_000} />
      </>,
    );
    await screen.findAllByRole('group');
    await user.click(screen.getByRole('button', { name: 'Mark all unmarked present' }));
    await waitFor(() => expect(statusLine()).toBe('2 marks waiting to be sent'));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(statusLine()).toBe('All marks sent'));
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('keeps a keyboard user in place: focus goes to Undo, and back to the button after undoing', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" undoMs={60_000} />);
    await screen.findAllByRole('group');
    const markAll = screen.getByRole('button', { name: 'Mark all unmarked present' });
    markAll.focus();
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' }));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(markAll);
    expect(counts()).toBe('Present: 0 Absent: 0 Not marked: 3');
    await sleep(50);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('does nothing when every pupil already has a mark', async () => {
    const h = await harness({ changes: snapshotChanges([cell('p1', 'N'), cell('p2', '/'), cell('p3', 'M', { source: 'office' })]) });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" undoMs={50} />);
    await screen.findAllByRole('group');
    const markAll = screen.getByRole('button', { name: 'Mark all unmarked present' });
    expect(markAll.getAttribute('aria-disabled')).toBe('true');
    await user.click(markAll);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    await sleep(150);
    expect(await h.db.outbox.count()).toBe(0);
  });
});
