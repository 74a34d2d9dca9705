/**
 * The Staff screen against a scripted server: the table and each person's sign-in state, adding a person and
 * printing their slip, disabling only after a confirmation, a new sign-in code, and the CSV import's preview
 * (errors block Apply) and apply (slips for the accounts created).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import StaffScreen from '../../../../../src/app/features/admin/staff/StaffScreen';
import type { StaffImportResult, StaffRow } from '../../../../../src/protocol/adminStaff';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';
import { scriptServer, type Asked } from './fakeAdmin';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mr Clarke', role: 'admin', schoolName: 'Oakfield Primary' };
const person = (id: string, displayName: string, extra: Partial<StaffRow> = {}): StaffRow => ({
  id, username: id.slice(2), displayName, title: null, email: null, role: 'teacher', groups: [], active: true, hasPassword: true,
  codeExpiresAt: null, lastSignInAt: null, ...extra,
});
const STAFF = [
  person('s-teacher1', 'Ms Patel', { groups: [{ id: 'g1', name: 'Year 1 Hazel' }], lastSignInAt: '2026-11-23T08:40:00.000Z' }),
  person('s-jbloggs', 'Jane Bloggs', { hasPassword: false, codeExpiresAt: '2026-12-08T09:05:00.000Z' }),
  person('s-old', 'Mr Gone', { active: false }),
];
const CODE = { staffId: 's-new', username: 'asmith', displayName: 'Anna Smith', code: 'K7PQM-3XDRA', expiresAt: '2026-12-08T09:05:00.000Z' };
const result = (extra: Partial<StaffImportResult>): StaffImportResult => ({
  mode: 'preview', rows: 1, created: 1, updated: 0, unchanged: 0, left: 0, groupsCreated: 0, errors: [], warnings: [],
  changes: [{ row: 2, displayName: 'Tom Jones', action: 'create', details: ['New teaching assistant account'] }], accounts: [], ...extra,
});

async function open(extra: (req: Asked) => { status: number; body: unknown } | null = () => null) {
  const h = await harness({ user: admin });
  const asked = scriptServer(h, (req) => {
    const mine = extra(req);
    if (mine) return mine;
    if (req.path === '/api/admin/staff' && req.method === 'GET') return { status: 200, body: { staff: STAFF } };
    if (req.path === '/api/admin/groups') return { status: 200, body: { groups: [{ id: 'g1', name: 'Year 1 Hazel', yearGroup: 1, teachers: [], tas: [], coversToday: [], pupilsOnRoll: 3 }] } };
    return { status: 200, body: {} };
  });
  renderIn(h, <StaffScreen params={[]} />);
  await screen.findByRole('rowheader', { name: 'Ms Patel' });
  return asked;
}
const cells = (name: string) => within(screen.getByRole('rowheader', { name }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent);

describe('staff screen', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists each person with role, classes, sign-in state and last sign-in', async () => {
    await open();
    expect(cells('Ms Patel').slice(0, 5)).toEqual(['teacher1', 'Teacher', 'Year 1 Hazel', 'Password set', '23 November 2026']);
    expect(cells('Jane Bloggs')[3]).toBe('Code waiting until 8 December 2026');
    expect(cells('Mr Gone')[3]).toBe('Disabled');
    expect(screen.getByRole('button', { name: 'Enable Mr Gone' })).toBeTruthy();
  });

  it('adds a person and shows a printable sign-in slip', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const asked = await open((req) => (req.method === 'POST' && req.path === '/api/admin/staff' ? { status: 201, body: { account: CODE } } : null));
    const form = screen.getByRole('form', { name: 'Add a person' });
    await userEvent.type(within(form).getByLabelText('Title'), 'Mrs');
    await userEvent.type(within(form).getByLabelText('Forename'), 'Anna');
    await userEvent.type(within(form).getByLabelText('Surname'), 'Smith');
    await userEvent.selectOptions(within(form).getByLabelText('Role'), 'Teaching assistant');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Year 1 Hazel' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add person' }));
    const slip = await screen.findByRole('article', { name: 'Slip for Anna Smith' });
    expect(slip.textContent).toContain('Oakfield Primary');
    expect(slip.textContent).toContain('asmith');
    expect(slip.textContent).toContain('K7PQM-3XDRA');
    expect(slip.textContent).toContain('8 December 2026');
    expect(slip.textContent).toMatch(/Go to http.*choose First time\? Sign in with your code, and enter/);
    expect(asked.find((a) => a.method === 'POST')!.body).toEqual({ forename: 'Anna', surname: 'Smith', role: 'ta', groups: ['g1'], title: 'Mrs' });
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
  });

  it('disables a person only after asking', async () => {
    const asked = await open();
    await userEvent.click(screen.getByRole('button', { name: 'Disable Ms Patel' }));
    expect(asked.some((a) => a.path.endsWith('/disable'))).toBe(false);
    expect(screen.getByRole('alertdialog').textContent).toContain('signed out everywhere at once');
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Disable Ms Patel' }));
    expect((await screen.findByRole('status')).textContent).toContain('Ms Patel is disabled.');
    expect(asked.filter((a) => a.method === 'POST').map((a) => a.path)).toEqual(['/api/admin/staff/s-teacher1/disable']);
  });

  it('says why the last admin cannot be disabled', async () => {
    await open((req) => (req.path.endsWith('/disable') ? { status: 409, body: { code: 'own_account', message: 'You cannot disable your own account. Ask another admin to do it.' } } : null));
    await userEvent.click(screen.getByRole('button', { name: 'Disable Ms Patel' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Disable Ms Patel' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You cannot disable your own account');
  });

  it('issues a new sign-in code and shows its slip', async () => {
    const asked = await open((req) => (req.path.endsWith('/code') ? { status: 200, body: { account: { ...CODE, username: 'jbloggs', displayName: 'Jane Bloggs' } } } : null));
    await userEvent.click(screen.getByRole('button', { name: 'New sign-in code for Jane Bloggs' }));
    expect((await screen.findByRole('article', { name: 'Slip for Jane Bloggs' })).textContent).toContain('K7PQM-3XDRA');
    expect(asked.some((a) => a.method === 'POST' && a.path === '/api/admin/staff/s-jbloggs/code')).toBe(true);
  });

  it('edits role and classes', async () => {
    const asked = await open();
    await userEvent.click(screen.getByRole('button', { name: 'Edit Ms Patel' }));
    const form = screen.getByRole('form', { name: 'Edit Ms Patel' });
    await userEvent.selectOptions(within(form).getByLabelText('Role'), 'Office');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Year 1 Hazel' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toContain('Saved Ms Patel.');
    expect(asked.find((a) => a.method === 'PATCH')).toEqual({ method: 'PATCH', path: '/api/admin/staff/s-teacher1', body: { displayName: 'Ms Patel', role: 'office', email: null, groups: [] } });
  });

  it('previews an import with errors and does not offer to apply it', async () => {
    const errors = [{ row: 3, column: 'Role', value: 'Head', message: 'This is not a role the register knows.' }];
    await open((req) => (req.path.startsWith('/api/admin/import/staff') ? { status: 200, body: result({ errors, created: 0, changes: [] }) } : null));
    await userEvent.upload(screen.getByLabelText('Staff CSV file'), new File(['Forename,Surname,Role\nTom,Jones,Head\n'], 'staff.csv', { type: 'text/csv' }));
    const table = await screen.findByRole('table', { name: 'Errors' });
    expect(within(table).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', 'Role', 'Head', 'This is not a role the register knows.']);
    expect((screen.getByRole('button', { name: 'Apply import' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('previews a good file, applies it, and shows a slip for each account created', async () => {
    const asked = await open((req) =>
      req.path === '/api/admin/import/staff?mode=preview' ? { status: 200, body: result({}) }
      : req.path === '/api/admin/import/staff?mode=commit' ? { status: 200, body: result({ mode: 'commit', accounts: [{ username: 'tjones', displayName: 'Tom Jones', code: 'ABCDE-FGHJK', expiresAt: CODE.expiresAt }] }) }
      : null);
    const csv = 'Forename,Surname,Role\nTom,Jones,TA\n';
    await userEvent.upload(screen.getByLabelText('Staff CSV file'), new File([csv], 'staff.csv', { type: 'text/csv' }));
    const changes = await screen.findByRole('table', { name: 'What will change' });
    expect(within(changes).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', 'Tom Jones', 'New teaching assistant account']);
    await userEvent.click(screen.getByRole('button', { name: 'Apply import' }));
    expect((await screen.findByRole('article', { name: 'Slip for Tom Jones' })).textContent).toContain('ABCDE-FGHJK');
    expect(screen.getByRole('status').textContent).toContain('1 added');
    expect(asked.filter((a) => a.path.startsWith('/api/admin/import')).map((a) => [a.path, a.body])).toEqual([
      ['/api/admin/import/staff?mode=preview', csv],
      ['/api/admin/import/staff?mode=commit', csv],
    ]);
  });
});
