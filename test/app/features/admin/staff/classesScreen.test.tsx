/** The Classes screen against a scripted server: the table, adding a class, choosing teachers and TAs, errors. */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ClassesScreen from '../../../../../src/app/features/admin/staff/ClassesScreen';
import type { GroupRow, StaffRow } from '../../../../../src/protocol/adminStaff';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';
import { scriptServer, type Asked } from './fakeAdmin';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mr Clarke', role: 'admin' };
const G1: GroupRow = { id: 'g1', name: 'Year 1 Hazel', yearGroup: 1, teachers: [{ id: 's-t1', displayName: 'Ms Patel' }], tas: [], coversToday: [], pupilsOnRoll: 27 };
const person = (id: string, displayName: string, role: StaffRow['role']): StaffRow => ({
  id, username: id, displayName, title: null, email: null, role, groups: [], active: true, hasPassword: true, codeExpiresAt: null, lastSignInAt: null,
});
const STAFF = [person('s-t1', 'Ms Patel', 'teacher'), person('s-t2', 'Mr Okafor', 'teacher'), person('s-ta1', 'Mr Hughes', 'ta')];

async function open(extra: (req: Asked) => { status: number; body: unknown } | null = () => null) {
  const h = await harness({ user: admin });
  const asked = scriptServer(h, (req) => {
    const mine = extra(req);
    if (mine) return mine;
    if (req.path === '/api/admin/groups' && req.method === 'GET') return { status: 200, body: { groups: [G1] } };
    if (req.path === '/api/admin/staff') return { status: 200, body: { staff: STAFF } };
    return { status: 200, body: {} };
  });
  renderIn(h, <ClassesScreen params={[]} />);
  return asked;
}

describe('classes screen', () => {
  it('shows each class with its year, teachers, TAs and pupils on roll', async () => {
    await open();
    const row = (await screen.findByRole('rowheader', { name: 'Year 1 Hazel' })).closest('tr')!;
    expect(within(row).getAllByRole('cell').slice(0, 4).map((c) => c.textContent)).toEqual(['Year 1', 'Ms Patel', '–', '27']);
  });

  it('adds a class with its year group', async () => {
    const asked = await open((req) => (req.method === 'POST' ? { status: 201, body: { group: { ...G1, id: 'g9', name: 'Reception Oak' } } } : null));
    await screen.findByRole('rowheader', { name: 'Year 1 Hazel' });
    await userEvent.type(screen.getByLabelText('Class name'), 'Reception Oak');
    await userEvent.selectOptions(screen.getByLabelText('Year group'), 'Reception');
    await userEvent.click(screen.getByRole('button', { name: 'Add class' }));
    expect((await screen.findByRole('status')).textContent).toContain('Added the class Reception Oak.');
    expect(asked.find((a) => a.method === 'POST')).toEqual({ method: 'POST', path: '/api/admin/groups', body: { name: 'Reception Oak', yearGroup: 0 } });
  });

  it('says why a class could not be added', async () => {
    await open((req) => (req.method === 'POST' ? { status: 409, body: { code: 'class_name_taken', message: 'There is already a class called Year 1 Hazel. Class names must be different.' } } : null));
    await screen.findByRole('rowheader', { name: 'Year 1 Hazel' });
    await userEvent.type(screen.getByLabelText('Class name'), 'year 1 hazel');
    await userEvent.click(screen.getByRole('button', { name: 'Add class' }));
    expect((await screen.findByRole('alert')).textContent).toContain('There is already a class called Year 1 Hazel');
  });

  it('chooses teachers and TAs with checkboxes and saves them from today', async () => {
    const asked = await open();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Year 1 Hazel' }));
    const form = screen.getByRole('form', { name: 'Edit Year 1 Hazel' });
    const teachers = within(within(form).getByRole('group', { name: 'Teachers (from today)' }));
    expect((teachers.getByRole('checkbox', { name: 'Ms Patel' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(teachers.getByRole('checkbox', { name: 'Ms Patel' }));
    await userEvent.click(teachers.getByRole('checkbox', { name: 'Mr Okafor' }));
    await userEvent.click(within(within(form).getByRole('group', { name: 'Teaching assistants (from today)' })).getByRole('checkbox', { name: 'Mr Hughes' }));
    await userEvent.clear(within(form).getByLabelText('Class name'));
    await userEvent.type(within(form).getByLabelText('Class name'), 'Year 1 Ash');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toContain('Saved Year 1 Ash.');
    expect(asked.filter((a) => a.method !== 'GET')).toEqual([
      { method: 'PATCH', path: '/api/admin/groups/g1', body: { name: 'Year 1 Ash', yearGroup: 1 } },
      { method: 'PUT', path: '/api/admin/groups/g1/staff', body: { teachers: ['s-t2'], tas: ['s-ta1'] } },
    ]);
  });
});
