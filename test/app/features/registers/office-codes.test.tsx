import { beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisterScreen } from '../../../../src/app/features/registers/RegisterScreen';
import { harness, renderIn } from '../../render';
import { snapshotChanges } from '../../helpers';
import { cell, TODAY } from './fixtures';

const chloe = () => screen.getByLabelText('Chloe Brown: set by the office').closest('li')!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => window.localStorage.clear());

async function officeCodeOnChloe(code = 'M') {
  const h = await harness({ changes: snapshotChanges([cell('p3', code, { source: 'office' })]) });
  const user = userEvent.setup();
  const view = renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
  await screen.findAllByRole('group');
  return { h, user, view };
}

describe("the office's codes on the teacher's register", () => {
  it('shows the code read-only with its meaning in plain words', async () => {
    await officeCodeOnChloe('M');
    const office = screen.getByLabelText('Chloe Brown: set by the office');
    expect(office.textContent).toBe('M: medical appointmentSet by the office');
    expect(screen.queryByRole('group', { name: 'Chloe Brown' })).toBeNull();
    expect(within(chloe()).queryByRole('button', { name: /Present|Absent/ })).toBeNull();
    expect(document.querySelector('.counts')!.textContent).toBe('Present: 0 Absent: 1 Not marked: 2');
  });

  it('"Pupil is here" asks first, then queues a pupil.here flag for the office without changing the code', async () => {
    const { h, user } = await officeCodeOnChloe('V');
    expect(screen.getByLabelText('Chloe Brown: set by the office').textContent).toContain('V: educational visit or trip');
    await user.click(within(chloe()).getByRole('button', { name: 'Pupil is here: Chloe Brown' }));
    expect(within(chloe()).getByText(/Tell the office that Chloe Brown is in the room\?/)).toBeTruthy();
    expect(await h.db.outbox.count()).toBe(0);
    await user.click(within(chloe()).getByRole('button', { name: 'Yes, tell the office' }));

    await waitFor(() => expect(within(chloe()).getByRole('status').textContent).toBe('Office told: pupil is here (waiting to be sent)'));
    const entries = await h.db.outbox.toArray();
    expect(entries.map((e) => [e.type, e.args, e.status])).toEqual([['pupil.here', { pupilId: 'p3', date: TODAY, session: 'AM' }, 'pending']]);
    const stored = await h.db.cells.get(`p3|${TODAY}|AM`);
    expect([stored?.code, stored?.source, stored?.pending]).toEqual(['V', 'office', false]);
    expect(screen.getByLabelText('Chloe Brown: set by the office').textContent).toContain('V: educational visit or trip');
    expect(within(chloe()).queryByRole('button', { name: /Pupil is here/ })).toBeNull();
  });

  it('keeps "Office told" after the flag is sent and after the screen is opened again', async () => {
    const { h, user, view } = await officeCodeOnChloe();
    await user.click(within(chloe()).getByRole('button', { name: /Pupil is here/ }));
    await user.click(within(chloe()).getByRole('button', { name: 'Yes, tell the office' }));
    await waitFor(async () => expect(await h.db.outbox.count()).toBe(1));

    await act(() => h.engine.push());
    expect(h.server.pushes.flatMap((p) => p.mutations.map((m) => [m.type, m.args]))).toEqual([
      ['pupil.here', { pupilId: 'p3', date: TODAY, session: 'AM' }],
    ]);
    expect(await h.db.outbox.count()).toBe(0);
    await waitFor(() => expect(within(chloe()).getByRole('status').textContent).toBe('Office told: pupil is here'));

    view.unmount();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await waitFor(() => expect(within(chloe()).getByRole('status').textContent).toBe('Office told: pupil is here'));
    expect(within(chloe()).queryByRole('button', { name: /Pupil is here/ })).toBeNull();
  });

  it('Cancel sends nothing and puts the button back', async () => {
    const { h, user } = await officeCodeOnChloe();
    await user.click(within(chloe()).getByRole('button', { name: /Pupil is here/ }));
    await user.click(within(chloe()).getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(within(chloe()).getByRole('button', { name: /Pupil is here/ }));
    await sleep(50);
    expect(await h.db.outbox.count()).toBe(0);
    expect(within(chloe()).queryByText(/Office told/)).toBeNull();
  });

  it('offers the button again when the server refuses the flag', async () => {
    const { h, user } = await officeCodeOnChloe();
    h.server.onPush = (req) => ({
      status: 200,
      body: {
        results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', code: 'no_office_code', message: 'The office has no code for this pupil.' })),
        lastSeq: Math.max(...req.mutations.map((m) => m.seq)),
        serverTime: new Date().toISOString(),
      },
    });
    await user.click(within(chloe()).getByRole('button', { name: /Pupil is here/ }));
    await user.click(within(chloe()).getByRole('button', { name: 'Yes, tell the office' }));
    await waitFor(async () => expect(await h.db.outbox.count()).toBe(1));
    await act(() => h.engine.push());
    await waitFor(() => expect(within(chloe()).getByRole('button', { name: /Pupil is here/ })).toBeTruthy());
    expect(within(chloe()).queryByText(/Office told/)).toBeNull();
    expect(within(chloe()).getByText(/did not accept this/)).toBeTruthy();
  });

  it('offers no "Pupil is here" for an office code that already says present (late before the register closed)', async () => {
    await officeCodeOnChloe('L');
    expect(screen.getByLabelText('Chloe Brown: set by the office').textContent).toContain('L: late, arrived before the register closed');
    expect(within(chloe()).queryByRole('button')).toBeNull();
    expect(document.querySelector('.counts')!.textContent).toBe('Present: 1 Absent: 0 Not marked: 2');
  });
});
