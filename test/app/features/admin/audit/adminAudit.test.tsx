/**
 * The audit screen against a scripted server: the log as a table (when, who, what), "Show changes" listing
 * the fields that differ in words, "Load older" asking for the page before the last one, the filter by kind
 * of record, and a failed read said plainly.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AdminAudit from '../../../../../src/app/features/admin/audit/AdminAudit';
import type { AdminAuditEntryWire } from '../../../../../src/protocol/adminAudit';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mrs Khan', role: 'admin' };

const entry = (id: string, at: string, summary: string, extra: Partial<AdminAuditEntryWire> = {}): AdminAuditEntryWire => ({
  id, at, staffId: 's-admin1', staffName: 'Mrs Khan', action: 'update', entity: 'pupil', key: 'p1', summary, before: null, after: null, ...extra,
});

const AVA = entry('e1', '2026-11-24T09:05:00.000Z', 'Changed Ava Smith', {
  before: { firstName: 'Ava', fsm: false, senStatus: 'none', contacts: ['Mum'] },
  after: { firstName: 'Ava', fsm: true, senStatus: 'K', contacts: ['Mum', 'Dad'] },
});
const SCHOOL = entry('e2', '2026-11-23T15:30:00.000Z', 'Changed the session times', {
  entity: 'session', key: null, staffId: null, staffName: null,
  before: { AM: { opensAt: '08:45' } }, after: { AM: { opensAt: '08:50' } },
});
const OLDER = entry('e3', '2026-11-02T10:00:00.000Z', 'Revoked the devices of Mr Patel', { entity: 'staff', key: 's-ta1' });

async function open(replies: (path: string) => unknown) {
  const h = await harness({ user: admin });
  const asked: string[] = [];
  h.server.onOther = (path) => {
    asked.push(path);
    const body = replies(path);
    return body === 'fail' ? { status: 500, body: { code: 'internal', message: 'x' } } : { status: 200, body };
  };
  renderIn(h, <AdminAudit params={[]} />);
  return asked;
}

describe('admin audit screen', () => {
  it('shows when, who and what, and the changed fields of an entry in words', async () => {
    await open(() => ({ entries: [AVA, SCHOOL], nextBefore: null }));
    const row = (await screen.findByRole('rowheader', { name: 'Changed Ava Smith' })).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Tue, 24 Nov 2026, 09:05', 'Mrs Khan', expect.stringContaining('Show changes')]);
    const setup = screen.getByRole('rowheader', { name: 'Changed the session times' }).closest('tr')!;
    expect(within(setup).getAllByRole('cell')[1]!.textContent).toBe('The school setup');

    const people = userEvent.setup();
    const show = within(row).getByRole('button', { name: /Show changes/ });
    await people.click(show);
    expect(show.getAttribute('aria-expanded')).toBe('true');
    const changes = screen.getByRole('table', { name: 'Changes: Changed Ava Smith' });
    const lines = within(changes).getAllByRole('row').slice(1).map((r) => [...r.children].map((c) => c.textContent));
    expect(lines).toEqual([
      ['FSM', 'No', 'Yes'],
      ['SEN status', 'none', 'K'],
      ['Contacts', 'Mum', 'Mum, Dad'],
    ]);
    await people.click(within(row).getByRole('button', { name: /Hide changes/ }));
    expect(screen.queryByRole('table', { name: 'Changes: Changed Ava Smith' })).toBeNull();

    await people.click(within(setup).getByRole('button', { name: /Show changes/ }));
    const times = screen.getByRole('table', { name: 'Changes: Changed the session times' });
    expect(within(times).getAllByRole('row').slice(1).map((r) => [...r.children].map((c) => c.textContent))).toEqual([['AM › opens at', '08:45', '08:50']]);
  });

  it('loads older entries from nextBefore and adds them below', async () => {
    const asked = await open((path) =>
      path.includes('before=') ? { entries: [OLDER], nextBefore: null } : { entries: [AVA, SCHOOL], nextBefore: '2026-11-23T15:30:00.000Z~e2' },
    );
    await screen.findByRole('rowheader', { name: 'Changed Ava Smith' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load older' }));
    await screen.findByRole('rowheader', { name: 'Revoked the devices of Mr Patel' });
    expect(screen.getAllByRole('rowheader').map((r) => r.textContent)).toEqual(['Changed Ava Smith', 'Changed the session times', 'Revoked the devices of Mr Patel']);
    const last = new URL(asked[asked.length - 1]!, 'http://x');
    expect([last.pathname, Object.fromEntries(last.searchParams)]).toEqual(['/api/admin/audit', { limit: '50', before: '2026-11-23T15:30:00.000Z~e2' }]);
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
  });

  it('filters by kind of record, starting again from the newest', async () => {
    const asked = await open((path) => (path.includes('entity=staff') ? { entries: [OLDER], nextBefore: null } : { entries: [AVA, SCHOOL], nextBefore: null }));
    await screen.findByRole('rowheader', { name: 'Changed Ava Smith' });
    await userEvent.setup().selectOptions(screen.getByLabelText('Kind of record'), 'Staff');
    await screen.findByRole('rowheader', { name: 'Revoked the devices of Mr Patel' });
    expect(screen.getAllByRole('rowheader')).toHaveLength(1);
    expect(asked[asked.length - 1]).toBe('/api/admin/audit?limit=50&entity=staff');
  });

  it('says so when there is nothing yet', async () => {
    await open(() => ({ entries: [], nextBefore: null }));
    expect(await screen.findByText('No admin changes have been made yet.')).toBeTruthy();
  });

  it('says plainly when the log cannot be read', async () => {
    await open(() => 'fail');
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be loaded|x/);
  });
});
