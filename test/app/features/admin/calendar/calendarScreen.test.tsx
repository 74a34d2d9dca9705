/**
 * The Calendar screen against a scripted server: a year's half-terms with their school days, closures added
 * and removed, bank holidays in term added with one button, and the question asked before a day with register
 * entries stops counting (sent again with confirm: true only when the admin says yes).
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CalendarScreen from '../../../../../src/app/features/admin/calendar/CalendarScreen';
import type { AcademicYearWire, BankHolidaysResponse, CalendarResponse } from '../../../../../src/protocol/adminSchool';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mrs Khan', role: 'admin' };

const YEAR: AcademicYearWire = {
  startDate: '2026-09-01',
  endDate: '2027-08-31',
  terms: [
    { name: 'Autumn 1', startDate: '2026-09-03', endDate: '2026-10-23', schoolDays: 35 },
    { name: 'Autumn 2', startDate: '2026-11-02', endDate: '2026-12-18', schoolDays: 35 },
    { name: 'Spring 1', startDate: '2027-01-04', endDate: '2027-02-12', schoolDays: 30 },
    { name: 'Spring 2', startDate: '2027-02-22', endDate: '2027-03-25', schoolDays: 24 },
    { name: 'Summer 1', startDate: '2027-04-12', endDate: '2027-05-28', schoolDays: 35 },
    { name: 'Summer 2', startDate: '2027-06-07', endDate: '2027-07-21', schoolDays: 32 },
  ],
  closures: [{ startDate: '2026-09-03', endDate: '2026-09-04', label: 'INSET day', kind: 'inset' }],
  schoolDays: 191,
};

const BANK: BankHolidaysResponse = {
  startDate: '2026-09-01',
  endDate: '2027-08-31',
  holidays: [
    { date: '2026-12-25', name: 'Christmas Day', inTerm: false, closed: false },
    { date: '2027-05-03', name: 'Early May bank holiday', inTerm: true, closed: false },
  ],
};

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

async function open(onWrite: (sent: Sent) => { status: number; body: unknown }) {
  const h = await harness({ user: admin });
  const writes: Sent[] = [];
  h.server.onOther = (path, init) => {
    const method = init?.method ?? 'GET';
    if (path.startsWith('/api/admin/calendar/bank-holidays')) return { status: 200, body: BANK };
    if (method === 'GET') return { status: 200, body: { years: [YEAR] } satisfies CalendarResponse };
    const sent = { method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    writes.push(sent);
    return onWrite(sent);
  };
  renderIn(h, <CalendarScreen params={[]} />);
  await screen.findByRole('heading', { level: 2, name: '2026 to 2027: 191 school days' });
  return writes;
}

const withClosure = (extra: AcademicYearWire['closures'][number], schoolDays = 190): CalendarResponse => ({
  years: [{ ...YEAR, closures: [...YEAR.closures, extra], schoolDays }],
});

describe('admin calendar screen', () => {
  it('shows each half-term with its school days and the total to check against the authority', async () => {
    await open(() => ({ status: 200, body: { years: [YEAR] } }));
    const table = screen.getByRole('form', { name: 'Terms of the year starting 1 September 2026' });
    expect(within(table).getByLabelText('Autumn 1 first day')).toHaveProperty('value', '2026-09-03');
    const summer2 = within(table).getByRole('rowheader', { name: 'Summer 2' }).closest('tr')!;
    expect(within(summer2).getAllByRole('cell').at(-1)!.textContent).toBe('32');
    expect(within(table).getByText(/usually publishes 190/).closest('tr')!.textContent).toContain('191');
  });

  it('saves changed half-terms for the year', async () => {
    const writes = await open(() => ({ status: 200, body: { years: [YEAR] } }));
    const people = userEvent.setup();
    const last = screen.getByLabelText('Summer 2 last day');
    await people.clear(last);
    await people.type(last, '2027-07-20');
    await people.click(screen.getByRole('button', { name: 'Save terms' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved the year starting 1 September 2026.');
    expect(writes[0]).toMatchObject({ method: 'PUT', path: '/api/admin/calendar/years/2026-09-01' });
    expect((writes[0]!.body as { terms: Array<{ endDate: string }> }).terms[5]!.endDate).toBe('2027-07-20');
  });

  it('adds the bank holidays in term with one button, and removes a closure', async () => {
    const writes = await open((sent) =>
      sent.method === 'POST'
        ? { status: 201, body: withClosure({ startDate: '2027-05-03', endDate: '2027-05-03', label: 'Bank holiday: Early May bank holiday', kind: 'bank_holiday' }) }
        : { status: 200, body: { years: [{ ...YEAR, closures: [] }] } },
    );
    const people = userEvent.setup();
    await people.click(screen.getByRole('button', { name: 'Show bank holidays in term' }));
    expect(await screen.findByText('3 May 2027: Early May bank holiday')).toBeTruthy();
    expect(screen.queryByText(/Christmas Day/)).toBeNull();
    await people.click(screen.getByRole('button', { name: 'Add this bank holiday as a closure' }));
    await screen.findByRole('rowheader', { name: '3 May 2027' });
    expect(writes[0]!.body).toEqual({ closures: [{ startDate: '2027-05-03', endDate: '2027-05-03', label: 'Bank holiday: Early May bank holiday', kind: 'bank_holiday' }] });

    await people.click(screen.getByRole('button', { name: 'Remove the closure on 3 September 2026 to 4 September 2026' }));
    expect((await screen.findByRole('status')).textContent).toBe('Removed the closure on 3 September 2026.');
    expect(writes[1]).toMatchObject({ method: 'DELETE', path: '/api/admin/calendar/closures/2026-09-03' });
  });

  it('asks before closing a day with register entries, and sends confirm only after yes', async () => {
    const writes = await open((sent) =>
      (sent.body as { confirm?: boolean }).confirm
        ? { status: 201, body: withClosure({ startDate: '2026-11-24', endDate: '2026-11-24', label: 'Snow', kind: 'other' }) }
        : {
            status: 409,
            body: {
              code: 'confirmation_required',
              message: '24 November 2026 has 212 register entries; they will be kept but the day will no longer count.',
              entries: 212,
              dates: [{ date: '2026-11-24', entries: 212 }],
            },
          },
    );
    const people = userEvent.setup();
    await people.type(screen.getByLabelText('Closed from'), '2026-11-24');
    await people.selectOptions(screen.getByLabelText('Kind'), 'other');
    await people.type(screen.getByLabelText('Label'), 'Snow');
    await people.click(screen.getByRole('button', { name: 'Add closure' }));
    const question = await screen.findByRole('alertdialog');
    expect(question.textContent).toContain(
      '24 November 2026 has 212 register entries; they will be kept but the day will no longer count. Close it anyway?',
    );
    expect(writes).toHaveLength(1);
    await people.click(within(question).getByRole('button', { name: 'Yes, change the calendar' }));
    await screen.findByRole('rowheader', { name: '24 November 2026' });
    expect(writes).toHaveLength(2);
    expect(writes[1]!.body).toEqual({ closures: [{ startDate: '2026-11-24', endDate: '2026-11-24', label: 'Snow', kind: 'other' }], confirm: true });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it("shows a refusal in the server's words", async () => {
    const writes = await open(() => ({ status: 400, body: { code: 'invalid_settings', message: 'The closure was not saved. No academic year holds 6 January 2031.', problems: [] } }));
    const people = userEvent.setup();
    await people.type(screen.getByLabelText('Closed from'), '2031-01-06');
    await people.click(screen.getByRole('button', { name: 'Add closure' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No academic year holds 6 January 2031');
    expect(writes).toHaveLength(1);
  });
});
