/** The printable day register and the export screen, with the server's answers faked as docs/office-api.md gives them. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import DayRegister from '../../../../src/app/features/pupils/DayRegister';
import ExportCsv from '../../../../src/app/features/planning/ExportCsv';
import type { OfficeRegister, OfficeRegistersResponse } from '../../../../src/app/sync/api';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';

const groups = [
  { id: 'g1', name: 'Year 1 Hazel', yearGroup: 1 },
  { id: 'g2', name: 'Year 2 Rowan', yearGroup: 2 },
];

function register(groupId: string, groupName: string, session: 'AM' | 'PM', pupils: OfficeRegister['pupils'], counts: Pick<OfficeRegister, 'present' | 'absent' | 'marked'>): OfficeRegister {
  return { groupId, groupName, session, opensAt: session === 'AM' ? '08:50' : '13:15', takenBy: ['Ms Patel'], coveredBy: session === 'PM' ? ['Mrs Ahmed'] : [], total: pupils.length, ...counts, pupils };
}
const mark = (pupilId: string, name: string, code: string | null, source: 'teacher' | 'office' | null = 'teacher', markedBy: string | null = 'Ms Patel') => ({
  pupilId,
  name,
  code,
  source: code ? source : null,
  markedBy: code ? markedBy : null,
  markedAt: code ? '2026-11-24T08:52:00.000Z' : null,
  receivedAt: code ? '2026-11-24T08:52:01.000Z' : null,
});

const day: OfficeRegistersResponse = {
  date: '2026-11-24',
  isSchoolDay: true,
  dayLabel: null,
  registers: [
    register('g1', 'Year 1 Hazel', 'AM', [mark('p1', 'Chioma Adebayo', '/'), mark('p2', 'Ben Brown', 'M', 'office', 'Mrs Begum'), mark('p3', 'Ava Clarke', 'V', 'office', 'Mrs Begum'), mark('p4', 'Dan Evans', null)], { present: 1, absent: 1, marked: 3 }),
    register('g1', 'Year 1 Hazel', 'PM', [mark('p1', 'Chioma Adebayo', null), mark('p2', 'Ben Brown', 'M', 'office', 'Mrs Begum'), mark('p3', 'Ava Clarke', 'V', 'office', 'Mrs Begum'), mark('p4', 'Dan Evans', 'Y1', 'office', 'Mrs Begum')], { present: 0, absent: 1, marked: 3 }),
    register('g2', 'Year 2 Rowan', 'AM', [mark('p9', 'Zara Young', 'N')], { present: 0, absent: 1, marked: 1 }),
    register('g2', 'Year 2 Rowan', 'PM', [mark('p9', 'Zara Young', null)], { present: 0, absent: 0, marked: 0 }),
  ],
};

const unmarked = (r: OfficeRegister): OfficeRegister => ({ ...r, marked: 0, present: 0, absent: 0, pupils: r.pupils.map((p) => mark(p.pupilId, p.name, null)) });
const halfTerm: OfficeRegistersResponse = { date: '2026-10-28', isSchoolDay: false, dayLabel: 'Half term', registers: day.registers.map(unmarked) };

async function setup(ui: React.ReactNode) {
  const h = await harness({ user: officeUser, changes: [] });
  const asked: string[] = [];
  h.server.onOther = (path) => {
    asked.push(path);
    if (path === '/api/office/groups') return { status: 200, body: { groups } };
    if (path.startsWith('/api/office/export-summary')) {
      const q = new URL(path, 'http://x').searchParams;
      const halfTermOnly = q.get('from')! >= '2026-10-24' && q.get('to')! <= '2026-11-01';
      return { status: 200, body: { from: q.get('from'), to: q.get('to'), groupId: null, schoolDays: halfTermOnly ? 0 : 20, closedLabels: halfTermOnly ? ['Half term'] : [] } };
    }
    if (path.startsWith('/api/office/registers')) {
      const date = new URL(path, 'http://x').searchParams.get('date')!;
      // Half term: the server still lists who was on roll, with no codes (nobody took a register).
      if (date === '2026-10-28') return { status: 200, body: { ...halfTerm, date } };
      return { status: 200, body: { ...day, date } };
    }
    return { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, ui);
  return { h, asked };
}

const bodyRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1, -3);

describe('day register', () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows a class's morning and afternoon for the day: each code with its meaning, who marked it, the totals, and links to each pupil", async () => {
    const { asked } = await setup(<DayRegister params={['g1', '2026-11-24']} />);
    await screen.findByRole('heading', { level: 1, name: 'Day register: Year 1 Hazel, Tuesday 24 November 2026' });
    expect(asked).toContain('/api/office/registers?date=2026-11-24');
    expect(screen.getByRole('table').querySelector('caption')!.textContent).toBe('Year 1 Hazel, Tuesday 24 November 2026: 4 pupils on roll');
    expect(bodyRows().map((r) => r.textContent)).toEqual([
      'Chioma Adebayo/ present, morningMs PatelNot marked',
      'Ben BrownM medical appointment (office)Mrs BegumM medical appointment (office)Mrs Begum',
      'Ava ClarkeV educational visit or trip (office)Mrs BegumV educational visit or trip (office)Mrs Begum',
      'Dan EvansNot markedY1 school transport not available (office)Mrs Begum',
    ]);
    // Coloured by class, the code always written.
    const codeIn = (row: number, col: number) => within(bodyRows()[row]).getAllByRole('cell')[col].querySelector('.code')!;
    expect(codeIn(0, 0).className).toContain('cell-present');
    expect(codeIn(1, 0).className).toContain('cell-authorised');
    expect(codeIn(2, 0).className).toContain('cell-aea');
    expect(codeIn(3, 2).className).toContain('cell-not-counted');

    const link = screen.getByRole('link', { name: 'Ben Brown' });
    expect(link.getAttribute('href')).toBe('#/office/pupils/p2');
    const totals = within(screen.getByRole('table')).getAllByRole('row').slice(-3).map((r) => r.textContent);
    expect(totals).toEqual(['Present10', 'Absent11', 'Not marked11']);
    expect(screen.getByText(/Morning register opens 08:50, taken by Ms Patel\. Afternoon register opens 13:15, taken by Ms Patel, Mrs Ahmed \(cover\)\./)).toBeTruthy();
  });

  it('says plainly that a half-term day was not a school day, instead of listing the class as if it met', async () => {
    await setup(<DayRegister params={['g1', '2026-10-28']} />);
    expect((await screen.findByRole('status')).textContent).toBe('Wednesday 28 October 2026 was not a school day (Half term), so Year 1 Hazel had no register that day.');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText(/Not marked/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Print' }).hasAttribute('disabled')).toBe(true);
  });

  it('prints with the Print button', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    await setup(<DayRegister params={['g1', '2026-11-24']} />);
    await screen.findByRole('table');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('starts on today, lets the office choose a class and a date, and puts them in the address', async () => {
    const { asked } = await setup(<DayRegister params={[]} />);
    expect(await screen.findByText('Choose a class to see its register.')).toBeTruthy();
    expect((screen.getByLabelText('Date') as HTMLInputElement).value).toBe('2026-11-24');
    expect(screen.getByRole('button', { name: 'Print' }).hasAttribute('disabled')).toBe(true);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Class'), 'Year 2 Rowan');
    await waitFor(() => expect(bodyRows().map((r) => r.textContent)).toEqual(['Zara YoungN absent, reason not known yetMs PatelNot marked']));
    expect(window.location.hash).toBe('#/office/day/g2/2026-11-24');
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-11-23' } });
    await waitFor(() => expect(asked).toContain('/api/office/registers?date=2026-11-23'));
    expect(window.location.hash).toBe('#/office/day/g2/2026-11-23');
    await screen.findByRole('heading', { level: 1, name: 'Day register: Year 2 Rowan, Monday 23 November 2026' });
  });
});

describe('export', () => {
  it('links to the CSV for the academic year so far, or one class, and explains the file', async () => {
    await setup(<ExportCsv params={[]} />);
    const link = await screen.findByRole('link', { name: 'Download CSV' });
    expect(link.getAttribute('href')).toBe('/api/office/export.csv?from=2026-09-01&to=2026-11-24');
    expect(link.hasAttribute('download')).toBe(true);
    await userEvent.setup().selectOptions(await screen.findByLabelText('Class'), 'Year 2 Rowan');
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/api/office/export.csv?from=2026-09-01&to=2026-11-24&groupId=g2');
    const about = screen.getByRole('region', { name: 'What the file contains' }).textContent!;
    for (const column of ['pupil', 'group', 'date', 'session', 'code', 'class']) expect(about).toContain(column);
    expect(about).toContain('run as a formula');
  });

  it('offers no link when "To" is before "From", or the range is over a year, and says what to change', async () => {
    await setup(<ExportCsv params={[]} />);
    await screen.findByRole('link', { name: 'Download CSV' });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-08-31' } });
    expect(screen.queryByRole('link', { name: 'Download CSV' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Download CSV' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('"To" is before "From". Choose a "To" date on or after Tuesday 1 September 2026.');
    expect(screen.getByLabelText('To').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2027-09-02' } });
    expect(screen.queryByRole('link', { name: 'Download CSV' })).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('An export covers a year at most. Choose a "To" date no later than Wednesday 1 September 2027');
    // 1 September to 31 August is a year: allowed.
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2027-08-31' } });
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/api/office/export.csv?from=2026-09-01&to=2027-08-31');
  });

  it('says plainly that a range with no school days has nothing to export, and offers no download', async () => {
    const { asked } = await setup(<ExportCsv params={[]} />);
    await screen.findByRole('link', { name: 'Download CSV' });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-10-24' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-01' } });
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Download CSV' })).toBeNull());
    expect(asked).toContain('/api/office/export-summary?from=2026-10-24&to=2026-11-01');
    expect(screen.getByRole('alert').textContent).toBe(
      'There are no school days from Saturday 24 October 2026 to Sunday 1 November 2026 (Half term), so there is no register to export. Choose dates that include a school day.',
    );
    expect(screen.getByRole('button', { name: 'Download CSV' }).hasAttribute('disabled')).toBe(true);
    // A range with school days offers the file again.
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-06' } });
    expect((await screen.findByRole('link', { name: 'Download CSV' })).getAttribute('href')).toBe('/api/office/export.csv?from=2026-10-24&to=2026-11-06');
  });
});
