import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SyncStatus } from '../../../src/app/components/SyncStatus';
import { harness } from '../render';
import { DEMO_NOW } from '../helpers';
import { recordMark } from '../../../src/app/db/marks';
import { updateDevice } from '../../../src/app/db/meta';
import { StorageProblem } from '../../../src/app/db/connection';
import type { RegisterDb } from '../../../src/app/db/schema';

/** Marks left on the tablet by someone who has signed out. */
async function leftBy(db: RegisterDb, userId: string, name: string, pupils: string[], deviceKey?: string) {
  for (const pupilId of pupils) {
    await recordMark(db, { userId, markedBy: name, pupilId, date: '2026-11-24', session: 'AM', mark: '/', deviceNow: DEMO_NOW, clockOffsetMs: 0 });
  }
  if (deviceKey) await updateDevice(db, userId, { deviceKey });
}

const statusText = () => screen.getByRole('status').textContent ?? '';

async function setupWithMarks(n: number) {
  const h = await harness();
  for (let i = 1; i <= n; i++) await h.engine.recordMark({ pupilId: `p${i}`, date: '2026-11-24', session: 'AM', mark: 'N' });
  render(<SyncStatus db={h.db} engine={h.engine} />);
  return h;
}

describe('sync status', () => {
  it('says all marks are sent when the outbox is empty', async () => {
    await setupWithMarks(0);
    await waitFor(() => expect(statusText()).toContain('All marks sent'));
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite');
  });

  it('counts marks waiting, says when there is no connection, and clears once they are sent', async () => {
    const h = await setupWithMarks(2);
    await waitFor(() => expect(statusText()).toContain('2 marks waiting to be sent'));
    expect(statusText()).not.toContain('no connection');

    h.server.onPush = () => 'network-error';
    h.server.onPull = () => 'network-error';
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusText()).toContain('2 marks waiting to be sent — no connection'));

    h.server.onPush = (req) => ({ status: 200, body: h.server.applyAll(req) });
    h.server.onPull = () => ({ status: 200, body: { cursor: 'c1', hasMore: false, changes: [], serverTime: new Date().toISOString() } });
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusText()).toContain('All marks sent'));
  });

  it('says "Sending…" while a push with marks is in flight', async () => {
    const h = await setupWithMarks(1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = h.server.fetch;
    h.server.fetch = async (url, init) => {
      if (url.endsWith('/push')) await gate;
      return original(url, init);
    };
    const syncing = h.engine.sync();
    await waitFor(() => expect(statusText()).toContain('Sending…'));
    release();
    await act(() => syncing);
    await waitFor(() => expect(statusText()).toContain('All marks sent'));
  });

  it('lists a mark the server refused, with the pupil, the reason and what to do, until dismissed', async () => {
    const h = await setupWithMarks(1);
    h.server.onPush = (req) => ({
      status: 200,
      body: {
        results: [{ seq: req.mutations[0].seq, status: 'rejected', code: 'not_your_group', message: 'You do not take the register for this group.' }],
        lastSeq: 1,
        serverTime: new Date(DEMO_NOW).toISOString(),
      },
    });
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusText()).toContain('1 mark was not accepted'));
    expect(statusText()).toContain('Amy Smith, morning Tue 24 Nov:');
    expect(statusText()).toContain('You do not take the register for this group.');
    expect(statusText()).toContain('tell the office');
    expect(statusText()).toContain('All marks sent');

    await userEvent.setup().click(screen.getByRole('button', { name: 'I have read this' }));
    await waitFor(() => expect(statusText()).not.toContain('not accepted'));
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('says what a refused office change or "Pupil is here" was, with the reason, until dismissed', async () => {
    const h = await harness();
    await h.engine.enqueue('code.set', { pupilId: 'p1', date: '2026-11-24', session: 'AM', code: 'M', reason: 'Letter' });
    await h.engine.enqueue('pupil.here', { pupilId: 'p1', date: '2026-11-24', session: 'PM' });
    render(<SyncStatus db={h.db} engine={h.engine} noun="changes" />);
    h.server.onPush = (req) => ({
      status: 200,
      body: {
        results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', code: 'refused', message: `Refused ${m.type}.` })),
        lastSeq: req.mutations.at(-1)!.seq,
        serverTime: new Date(DEMO_NOW).toISOString(),
      },
    });
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusText()).toContain('1 change was not accepted'));
    expect(statusText()).toContain('Code M for a pupil, morning Tue 24 Nov: Refused code.set.');
    expect(statusText()).not.toContain('See Covers');
    expect(statusText()).toContain('“Pupil is here” for Amy Smith, afternoon Tue 24 Nov: Refused pupil.here.');
    expect(statusText()).toContain('Tell the office in person');

    const [changes] = screen.getAllByRole('button', { name: 'I have read this' });
    await userEvent.setup().click(changes);
    await waitFor(() => expect(statusText()).not.toContain('change was not accepted'));
    expect(await h.db.outbox.count()).toBe(1); // the "Pupil is here" refusal stays until it is read too
  });

  it('asks the person to sign in again after a 401, saying the marks are safe', async () => {
    const h = await setupWithMarks(1);
    h.server.onPush = () => ({ status: 401, body: { code: 'unauthenticated', message: 'Sign in' } });
    await act(() => h.engine.sync());
    await waitFor(() => expect(statusText()).toContain('1 mark waiting to be sent'));
    expect(statusText()).toContain('Sign in again');
    expect(statusText()).toContain('your marks stay on this tablet');
  });

  it('counts every mark waiting on the tablet and says whose', async () => {
    const h = await harness();
    await h.engine.recordMark({ pupilId: 'p1', date: '2026-11-24', session: 'AM', mark: 'N' });
    await h.engine.recordMark({ pupilId: 'p2', date: '2026-11-24', session: 'AM', mark: 'N' });
    await leftBy(h.db, 'u-patel', 'Ms Patel', ['p3', 'p4', 'p5'], 'patel-key');
    render(<SyncStatus db={h.db} engine={h.engine} />);
    await waitFor(() => expect(statusText()).toContain('5 marks waiting to be sent: 2 yours, 3 by Ms Patel'));
    expect(statusText()).not.toContain('waiting for her to sign in');
  });

  it('says whose marks wait for their author to sign in when the tablet has no key for them', async () => {
    const h = await harness();
    await leftBy(h.db, 'u-patel', 'Ms Patel', ['p3', 'p4']);
    await leftBy(h.db, 'u-brown', 'Mr Brown', ['p5']);
    render(<SyncStatus db={h.db} engine={h.engine} />);
    await waitFor(() => expect(statusText()).toContain('3 marks waiting to be sent: 1 by Mr Brown, 2 by Ms Patel'));
    expect(statusText()).toContain('Marks by Ms Patel are waiting for her to sign in on this tablet.');
    expect(statusText()).toContain('Marks by Mr Brown are waiting for him to sign in on this tablet.');
    // Once Ms Patel signs in here and gets a key, hers can go.
    await act(() => updateDevice(h.db, 'u-patel', { deviceKey: 'k' }));
    await waitFor(() => expect(statusText()).not.toContain('Ms Patel are waiting'));
  });

  it('says when the tablet could not save a mark for want of storage', async () => {
    const h = await setupWithMarks(0);
    act(() => h.engine.status.setState({ storageProblem: new StorageProblem('full', null).message }));
    expect((await screen.findByRole('alert')).textContent).toContain('This tablet is out of storage');
  });
});
