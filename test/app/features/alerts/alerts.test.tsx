/** Alerts (#/office/alerts): the four lists, their order, the evidence, and recording what was done through the outbox. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import Alerts from '../../../../src/app/features/alerts/Alerts';
import { AlertsWaiting } from '../../../../src/app/office/AlertsWaiting';
import { ALERT_KINDS, type AlertEntry, type AlertRecordArgs, type AlertsResponse } from '../../../../src/protocol/officeFigures';
import { harness, renderIn } from '../../render';
import { DEMO_NOW } from '../../helpers';
import { officeUser } from '../auth/appHarness';

function alert(kind: AlertEntry['kind'], pupilId: string, name: string, start: string, end: string, over: Partial<AlertEntry> = {}): AlertEntry {
  return {
    kind, pupilId, name, groupName: 'Year 5 Chestnut', key: `${kind}:${start}`,
    evidence: { summary: `${name}: evidence from ${start}`, start, end, sessions: [{ date: start, session: 'AM', code: 'G' }, { date: end, session: 'PM', code: 'O' }] },
    dealtWith: null, ...over,
  };
}

const older = alert('penaltyNotice', 'p1', 'Amy Smith', '2026-09-07', '2026-10-16');
const newer = alert('penaltyNotice', 'p2', 'Ben Adams', '2026-10-05', '2026-11-20', { groupName: 'Year 6 Oak' });
const done = alert('penaltyNotice', 'p3', 'Cara Jones', '2026-09-14', '2026-11-23', {
  dealtWith: { action: 'letter_sent', note: 'Sent by post', byName: 'Mrs Begum', at: '2026-11-23T14:30:00Z' },
});
const run = alert('continuousUnauthorised', 'p4', 'Dan Evans', '2026-11-02', '2026-11-13');
const late = alert('lateness', 'p5', 'Eve Brown', '2026-11-16', '2026-11-20', { dealtWith: { action: 'meeting_booked', note: null, byName: 'Mr Head', at: '2026-11-21T09:00:00Z' } });

/** A fake school server: the alerts, and alert.record moving an entry to "dealt with" as the real one does. */
async function setup(alerts: AlertEntry[], opts: { refuse?: string } = {}) {
  const h = await harness({ user: officeUser, changes: [] });
  let state = alerts;
  const records: AlertRecordArgs[] = [];
  const answer = (): AlertsResponse => {
    const waiting = Object.fromEntries(ALERT_KINDS.map((k) => [k, state.filter((a) => a.kind === k && !a.dealtWith).length])) as AlertsResponse['waiting'];
    waiting.total = state.filter((a) => !a.dealtWith).length;
    return { from: '2026-09-01', to: '2026-11-24', alerts: state, waiting };
  };
  h.server.onOther = (path) => (path === '/api/office/alerts' ? { status: 200, body: answer() } : { status: 404, body: { code: 'not_found', message: 'Not found' } });
  h.server.onPush = (req) => {
    if (opts.refuse) {
      return { status: 200, body: { results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', code: 'bad_request', message: opts.refuse })), lastSeq: 1, serverTime: new Date(DEMO_NOW).toISOString() } };
    }
    for (const m of req.mutations) {
      if (m.type !== 'alert.record') continue;
      const args = m.args as AlertRecordArgs;
      records.push(args);
      state = state.map((a) => (a.pupilId === args.pupilId && a.key === args.key ? { ...a, dealtWith: { action: args.action, note: args.note ?? null, byName: 'Mrs Office', at: new Date(DEMO_NOW).toISOString() } } : a));
    }
    return { status: 200, body: h.server.applyAll(req) };
  };
  renderIn(h, <Alerts params={[]} pollMs={0} />);
  await screen.findByText(/waiting\. From/);
  return { h, records };
}

const list = (title: RegExp) => screen.getByRole('region', { name: title });
const names = (label: string) => {
  const ul = screen.queryByRole('list', { name: label });
  return ul ? within(ul).getAllByRole('heading', { level: 4 }).map((h) => within(h).getByRole('link').textContent) : [];
};

describe('alerts', () => {
  it('shows the four lists, those to deal with first and newest first, with pupil, class, evidence and who dealt with the rest', async () => {
    await setup([older, done, late, newer, run]);
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Penalty notice threshold (2 waiting)',
      "10 days' continuous absence (1 waiting)",
      'Illness (0 waiting)',
      'Lateness (0 waiting)',
    ]);
    expect(screen.getByText('3 alerts are waiting. From Tuesday 1 September 2026 to Tuesday 24 November 2026.')).toBeTruthy();
    expect(names('Penalty notice threshold: to deal with')).toEqual(['Ben Adams', 'Amy Smith']);
    expect(names('Penalty notice threshold: dealt with')).toEqual(['Cara Jones']);
    expect(within(list(/^Illness/)).getByText('No pupil is waiting on this list.')).toBeTruthy();

    const ben = within(screen.getByRole('list', { name: 'Penalty notice threshold: to deal with' })).getAllByRole('listitem')[0]!;
    expect(ben.textContent).toContain('Year 6 Oak');
    expect(ben.textContent).toContain('Ben Adams: evidence from 2026-10-05 (Mon 5 Oct to Fri 20 Nov)');
    // The sessions are drawn when their list is opened, not before.
    expect(within(ben).queryByText('Mon 5 Oct AM G')).toBeNull();
    await userEvent.setup().click(within(ben).getByText('The 2 sessions'));
    expect((await within(ben).findByText('Mon 5 Oct AM G')).closest('details')!.open).toBe(true);
    expect(within(ben).getByText('Fri 20 Nov PM O')).toBeTruthy();
    expect(within(ben).getByRole('link', { name: 'Ben Adams' }).getAttribute('href')).toBe('#/office/pupils/p2');

    const cara = within(screen.getByRole('list', { name: 'Penalty notice threshold: dealt with' })).getAllByRole('listitem')[0]!;
    expect(cara.textContent).toContain('Letter sent: Sent by post — Mrs Begum, 23 Nov 2026, 14:30');
    expect(within(cara).queryByRole('button', { name: /Record what was done/ })).toBeNull();
    expect(within(list(/^Lateness/)).getByText(/Meeting booked/).closest('p')!.textContent).toBe('Meeting booked — Mr Head, 21 Nov 2026, 09:00');
  });

  it('needs a reason for no action, then sends alert.record through the outbox and moves the entry to dealt with', async () => {
    const { h, records } = await setup([older, newer]);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Record what was done for Amy Smith' }));
    const form = screen.getByRole('form', { name: 'Record what was done for Amy Smith' });
    await user.click(within(form).getByRole('button', { name: 'Record' }));
    expect(within(form).getByRole('alert').textContent).toBe('Choose what was done.');
    await user.click(within(form).getByRole('radio', { name: 'No action (say why)' }));
    await user.click(within(form).getByRole('button', { name: 'Record' }));
    expect(within(form).getByRole('alert').textContent).toBe('Say why no action is needed.');
    expect(h.server.pushes).toHaveLength(0);

    await user.type(within(form).getByLabelText('Why no action is needed'), '  Family moved abroad; school informed  ');
    await user.click(within(form).getByRole('button', { name: 'Record' }));
    expect((await screen.findByRole('status')).textContent).toBe('No action: recorded for Amy Smith.');
    expect(records).toEqual([{ kind: 'penaltyNotice', pupilId: 'p1', key: 'penaltyNotice:2026-09-07', action: 'no_action', note: 'Family moved abroad; school informed' }]);
    expect(h.server.pushes.flatMap((p) => p.mutations.map((m) => m.type))).toEqual(['alert.record']);
    await waitFor(() => expect(names('Penalty notice threshold: dealt with')).toEqual(['Amy Smith']));
    expect(names('Penalty notice threshold: to deal with')).toEqual(['Ben Adams']);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('records "letter sent" without a note', async () => {
    const { records } = await setup([run]);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Record what was done for Dan Evans' }));
    await user.click(screen.getByRole('radio', { name: 'Letter sent' }));
    await user.click(screen.getByRole('button', { name: 'Record' }));
    await screen.findByText('Letter sent: recorded for Dan Evans.');
    expect(records).toEqual([{ kind: 'continuousUnauthorised', pupilId: 'p4', key: 'continuousUnauthorised:2026-11-02', action: 'letter_sent' }]);
  });

  it("shows the server's words when it refuses, and keeps the entry waiting", async () => {
    await setup([newer], { refuse: 'This alert has changed: read the list again.' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Record what was done for Ben Adams' }));
    await user.click(screen.getByRole('radio', { name: 'Local authority told' }));
    await user.click(screen.getByRole('button', { name: 'Record' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not accepted: This alert has changed: read the list again.');
    expect(names('Penalty notice threshold: to deal with')).toEqual(['Ben Adams']);
  });

  it('draws a long list fifty entries at a time', async () => {
    const many = Array.from({ length: 70 }, (_, i) => alert('lateness', `l${i}`, `Pupil ${String(i).padStart(2, '0')}`, '2026-11-16', `2026-11-${String(10 + (i % 10)).padStart(2, '0')}`));
    await setup(many);
    expect(names('Lateness: to deal with')).toHaveLength(50);
    expect(screen.getByText(/Showing 50 of 70 alerts\./)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show 20 more' }));
    expect(names('Lateness: to deal with')).toHaveLength(70);
  });

  it('breaks no accessibility rule jsdom can check, with the form open', async () => {
    await setup([older, done]);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Record what was done for Amy Smith' }));
    const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});

describe('the menu count of alerts waiting', () => {
  it('shows how many are waiting, and nothing when none are or the list cannot be read', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    let reply: { status: number; body: unknown } = { status: 200, body: { from: '2026-09-01', to: '2026-11-24', alerts: [], waiting: { penaltyNotice: 2, continuousUnauthorised: 0, illness: 1, lateness: 0, total: 3 } } };
    h.server.onOther = () => reply;
    const { container, unmount } = renderIn(h, <a href="#/office/alerts">Alerts<AlertsWaiting /></a>);
    await waitFor(() => expect(screen.getByRole('link').textContent).toBe('Alerts 3 waiting'));
    unmount();
    reply = { status: 500, body: { code: 'internal', message: 'Down' } };
    renderIn(h, <a href="#/office/alerts">Alerts<AlertsWaiting /></a>);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByRole('link').textContent).toBe('Alerts');
    expect(container.textContent).toBe('');
  });
});
