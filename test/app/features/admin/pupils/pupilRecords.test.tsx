/**
 * The Pupil records screen against a scripted server: the list (search, class filter, leavers, a link to the
 * office's pupil register), the record form (UPN check letter shown as it is typed, contacts reordered, the
 * PATCH body), a move that needs confirming, a new pupil's warnings, and the history.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PupilRecords from '../../../../../src/app/features/admin/pupils/PupilRecords';
import type { PupilListRow, PupilRecord } from '../../../../../src/protocol/adminPupils';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mrs Khan', role: 'admin' };
const GROUPS = { groups: [{ id: 'g3', name: 'Year 3 Willow', yearGroup: 3 }, { id: 'g4', name: 'Year 4 Oak', yearGroup: 4 }] };

const ROW: PupilListRow = {
  id: 'p1', upn: 'H201300126001', firstName: 'Amara', lastName: 'Quennell', preferredName: 'Mara', preferredSurname: null,
  dateOfBirth: '2018-10-02', yearGroup: 3, groupId: 'g3', groupName: 'Year 3 Willow', onRoll: true, leftOn: null,
};
const RECORD: PupilRecord = {
  id: 'p1', firstName: 'Amara', lastName: 'Quennell', preferredName: 'Mara', preferredSurname: null, dateOfBirth: '2018-10-02', gender: 'F',
  upn: 'H201300126001', yearGroup: null, senStatus: 'none', fsm: false, eal: false, lookedAfter: false, childProtection: false, socialWorker: false,
  contacts: [
    { priority: 1, name: 'Grace Quennell', relationship: 'Mother', phone: '07700 900123' },
    { priority: 2, name: 'Tom Quennell', relationship: 'Father', phone: '07700 900456' },
  ],
  enrolments: [{ startDate: '2026-09-03', endDate: null }],
  memberships: [{ groupId: 'g3', groupName: 'Year 3 Willow', startDate: '2026-09-03', endDate: null }],
  groupId: 'g3', onRoll: true,
};

type Call = { method: string; path: string; body: unknown };
async function open(params: string[], reply: (c: Call) => { status: number; body: unknown } | undefined = () => undefined) {
  const h = await harness({ user: admin });
  const calls: Call[] = [];
  h.server.onOther = (path, init) => {
    const call = { method: init?.method ?? 'GET', path, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const scripted = reply(call);
    if (scripted) return scripted;
    if (path === '/api/office/groups') return { status: 200, body: GROUPS };
    if (path.startsWith('/api/admin/pupils?') || path === '/api/admin/pupils') return { status: 200, body: { pupils: [ROW], truncated: false } };
    if (path === '/api/admin/pupils/p1') return { status: 200, body: { pupil: RECORD } };
    return { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, <PupilRecords params={params} />);
  return calls;
}

describe('pupil records screen', () => {
  it('lists pupils with their class and a link to the pupil register, and searches, filters and shows leavers', async () => {
    const calls = await open([]);
    const row = (await screen.findByRole('rowheader', { name: /Quennell, Mara \(Amara\)/ })).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['H201300126001', '2 October 2018', 'Year 3', 'Year 3 Willow', 'On roll', 'Register of Mara Quennell']);
    expect(within(row).getByRole('link', { name: 'Register of Mara Quennell' }).getAttribute('href')).toBe('#/office/pupils/p1');
    expect(within(row).getByRole('link', { name: /^Quennell/ }).getAttribute('href')).toBe('#/admin/pupils/p1');
    const people = userEvent.setup();
    await people.type(screen.getByLabelText('Search by name or UPN'), 'qu');
    await screen.findByRole('option', { name: 'Year 4 Oak' });
    await people.selectOptions(screen.getByLabelText('Class'), 'g4');
    await people.click(screen.getByLabelText('Show leavers'));
    await waitFor(() => expect(calls.at(-1)!.path).toBe('/api/admin/pupils?q=qu&groupId=g4&include=leavers'));
  });

  it('shows a wrong UPN check letter as it is typed and will not save it', async () => {
    await open(['p1']);
    const upn = await screen.findByLabelText('UPN');
    const people = userEvent.setup();
    await people.clear(upn);
    await people.type(upn, 'a201300126001');
    expect(screen.getByRole('alert').textContent).toContain('should start with H');
    expect((screen.getByRole('button', { name: 'Save changes' }) as HTMLButtonElement).disabled).toBe(true);
    await people.clear(upn);
    await people.type(upn, 'h2013 0012 6001');
    expect(screen.queryByText(/should start with/)).toBeNull();
  });

  it('saves an edit with the contacts in their new order and shows the history', async () => {
    const calls = await open(['p1'], (c) => (c.method === 'PATCH' ? { status: 200, body: { pupil: { ...RECORD, fsm: true }, changed: true, warnings: [] } } : undefined));
    const people = userEvent.setup();
    await people.click(await screen.findByLabelText('Free school meals (FSM)'));
    await people.click(screen.getByRole('button', { name: 'Move contact 2 up' }));
    await people.selectOptions(screen.getByLabelText('SEND'), 'K');
    await people.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/api/admin/pupils/p1');
    expect(patch.body).toMatchObject({ fsm: true, senStatus: 'K', upn: 'H201300126001', preferredSurname: null, yearGroup: null });
    expect((patch.body as { contacts: Array<{ name: string }> }).contacts.map((c) => c.name)).toEqual(['Tom Quennell', 'Grace Quennell']);
    const history = screen.getByRole('region', { name: 'History' });
    expect(within(history).getByText('Year 3 Willow: 3 September 2026 to now')).toBeTruthy();
  });

  it('asks to confirm a move when register entries fall on the changed days, then sends confirm', async () => {
    const moved: PupilRecord = { ...RECORD, groupId: 'g4', memberships: [
      { ...RECORD.memberships[0]!, endDate: '2026-11-23' }, { groupId: 'g4', groupName: 'Year 4 Oak', startDate: '2026-11-24', endDate: null }] };
    const calls = await open(['p1'], (c) => {
      if (c.path !== '/api/admin/pupils/p1/move') return undefined;
      return (c.body as { confirm?: boolean }).confirm
        ? { status: 200, body: { pupil: moved, changed: true, warnings: [] } }
        : { status: 409, body: { code: 'confirmation_required', message: '2 register entries fall on the days this move changes.', entries: 2 } };
    });
    const people = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Move to another class' });
    await within(form).findByRole('option', { name: 'Year 4 Oak' });
    await people.selectOptions(within(form).getByLabelText('New class'), 'g4');
    await people.click(within(form).getByRole('button', { name: 'Move to another class' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Confirm: Move to another class' });
    expect(dialog.textContent).toContain('2 register entries fall');
    await people.click(within(dialog).getByRole('button', { name: 'Move anyway (entries are kept)' }));
    await screen.findByText('Year 4 Oak: 24 November 2026 to now');
    expect(calls.filter((c) => c.path.endsWith('/move')).map((c) => c.body)).toEqual([
      { groupId: 'g4', from: '2026-11-24' }, { groupId: 'g4', from: '2026-11-24', confirm: true },
    ]);
  });

  it('adds a pupil with a class and admission date and shows the server\'s warnings and errors', async () => {
    let attempt = 0;
    await open(['new'], (c) => {
      if (c.method !== 'POST' || c.path !== '/api/admin/pupils') return undefined;
      attempt++;
      if (attempt === 1) return { status: 409, body: { code: 'upn_taken', message: 'Another pupil already has the UPN H201300126001.' } };
      return { status: 201, body: { pupil: { ...RECORD, id: 'p9' }, changed: true, warnings: ["Mara Quennell's date of birth belongs in Year 2"] } };
    });
    const people = userEvent.setup();
    await people.type(screen.getByLabelText('Legal forename'), 'Amara');
    await people.type(screen.getByLabelText('Legal surname'), 'Quennell');
    await people.type(screen.getByLabelText('Date of birth'), '2019-10-02');
    await people.type(screen.getByLabelText('UPN'), 'H201300126001');
    await screen.findByRole('option', { name: 'Year 3 Willow' });
    await people.selectOptions(screen.getByLabelText('Class'), 'g3');
    expect((screen.getByLabelText('Admission date') as HTMLInputElement).value).toBe('2026-11-24');
    await people.click(screen.getByRole('button', { name: 'Add a contact' }));
    await people.type(screen.getByLabelText('Name of contact 1'), 'Grace');
    await people.type(screen.getByLabelText('Relationship of contact 1'), 'Mother');
    await people.type(screen.getByLabelText('Phone of contact 1'), '07700 900123');
    await people.click(screen.getByRole('button', { name: 'Add pupil' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already has the UPN');
    await people.click(screen.getByRole('button', { name: 'Add pupil' }));
    await waitFor(() => expect(window.location.hash).toBe('#/admin/pupils/p9'));
  });
});
