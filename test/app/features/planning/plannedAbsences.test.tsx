/**
 * Planned absences and bulk codes: a part-time timetable entered as absence.plan with its weekdays and the list
 * showing the cells set and skipped; bulk codes previewed, Apply only after a fresh preview the server says can be
 * applied, then code.bulk with the reason. Against the real server, and a fake one for exact arguments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PlannedAbsences from '../../../../src/app/features/planning/PlannedAbsences';
import type { BulkPreview, PlannedAbsence } from '../../../../src/app/office/officeApi';
import type { OfficeRegistersResponse } from '../../../../src/app/sync/api';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';
import { officeDesk, REAL_SERVER_TIMEOUT, startFollowUpServer, type TestServer } from '../../office/followUpServer';

type Started = Awaited<ReturnType<typeof startFollowUpServer>>;
const nameOf = (p: { firstName: string; lastName: string; preferredName: string | null }) => `${p.preferredName ?? p.firstName} ${p.lastName}`;
const section = (heading: string) => screen.getByRole('heading', { name: heading }).closest('section') as HTMLElement;
const setDate = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

describe('planned absences and bulk codes against the real server', { timeout: REAL_SERVER_TIMEOUT }, () => {
  let server: TestServer;
  let support: Started['support'];
  let h: Started['harness'];
  beforeAll(async () => {
    ({ server, support, harness: h } = await startFollowUpServer());
  }, 120_000);
  afterAll(() => server?.close());

  it('enters a part-time timetable (afternoons, Wednesdays only) and lists the cells it set and skipped', async () => {
    const pupil = support.groupPupils(server, 'g4')[2];
    const office = await h.signIn(server.app, 'office1');
    // An illness already recorded on one of those Wednesday afternoons stays, and is counted as skipped.
    expect((await support.pusher(server, office, 'office-seed-plan')('code.set', { pupilId: pupil.id, date: '2026-12-02', session: 'PM', code: 'I' })).status).toBe('applied');

    const desk = await officeDesk(server);
    desk.render(<PlannedAbsences params={[]} />);
    const form = section('Enter a planned absence');
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Find a pupil by name'), pupil.lastName);
    await user.click(await within(form).findByRole('button', { name: `Choose ${nameOf(pupil)}, Year 4 Birch` }));
    expect(within(form).getByText(nameOf(pupil))).toBeTruthy();
    setDate(within(form).getByLabelText('First day'), '2026-11-30');
    setDate(within(form).getByLabelText('Last day'), '2027-01-15');
    await user.click(within(form).getByRole('checkbox', { name: 'Morning' }));
    for (const day of ['Monday', 'Tuesday', 'Thursday', 'Friday']) await user.click(within(form).getByRole('checkbox', { name: day }));
    await user.selectOptions(within(form).getByLabelText('Code'), 'C2');
    await user.type(within(form).getByLabelText('Note (recorded as the reason)'), 'Agreed part-time timetable');
    await user.click(within(form).getByRole('button', { name: 'Enter planned absence' }));

    await waitFor(() => expect(within(form).getByRole('status').textContent).toMatch(/sessions set/));
    // Wednesday afternoons of school days only (2 December already had I): the calendar leaves out the Wednesdays
    // of the Christmas holiday (23 and 30 December).
    const days = (await server.db.query<{ date: string; session: string }>(`SELECT date, session FROM register_cells WHERE pupil_id = $1 AND code = 'C2' ORDER BY date`, [pupil.id])).rows;
    expect(days.map((d) => `${d.date} ${d.session}`)).toEqual(['2026-12-09 PM', '2026-12-16 PM', '2027-01-06 PM', '2027-01-13 PM']);
    const cellsSet = days.length;
    expect(within(form).getByRole('status').textContent).toBe(
      `Planned absence entered: C2 for ${nameOf(pupil)}, Mon 30 Nov 2026 to Fri 15 Jan 2027, afternoon, Wed only. ${cellsSet} sessions set, 1 skipped (already had an office code).`,
    );
    expect(await support.cellCode(server, pupil.id, '2026-12-02', 'PM')).toEqual({ code: 'I', source: 'office' });

    const list = section('Planned absences this school year');
    const row = within(list).getAllByRole('row')[1];
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'C2 agreed part-time timetable',
      'Mon 30 Nov 2026 to Fri 15 Jan 2027',
      'Afternoon',
      'Wed',
      nameOf(pupil),
      String(cellsSet),
      '1',
      'Agreed part-time timetable',
      'Mrs Begum, Tue 24 Nov 2026 at 09:05',
    ]);
    const plans = (await support.getJson(server, office, '/api/office/planned-absences')).plannedAbsences;
    expect(plans[0].args).toMatchObject({ pupilIds: [pupil.id], startDate: '2026-11-30', endDate: '2027-01-15', sessions: ['PM'], weekdays: [3], code: 'C2' });
  });

  it('previews a bulk code, allows Apply only after a fresh preview that can be applied, then sets it with the reason', async () => {
    const g5 = support.groupPupils(server, 'g5');
    const desk = await officeDesk(server);
    desk.render(<PlannedAbsences params={[]} />);
    const bulk = section('Codes for a class or the whole school');
    const user = userEvent.setup();
    const apply = within(bulk).getByRole('button', { name: 'Apply' });
    await waitFor(() => expect(within(bulk).getAllByRole('option', { name: 'Year 5 Chestnut' })).toHaveLength(1));

    await user.click(within(bulk).getByRole('button', { name: 'Y4 Unexpected closure' }));
    expect((within(bulk).getByLabelText('Code') as HTMLSelectElement).value).toBe('Y4');
    // Thursday 17 to Monday 21 December: the weekend is left out here, the Monday (Christmas holiday) by the server.
    setDate(within(bulk).getByLabelText('First day'), '2026-12-17');
    setDate(within(bulk).getByLabelText('Last day'), '2026-12-21');
    expect(within(bulk).getByText(/^3 weekdays: Thu 17 Dec, Fri 18 Dec, Mon 21 Dec\./)).toBeTruthy();
    await user.selectOptions(within(bulk).getByLabelText('Who'), 'Year 5 Chestnut');
    expect(apply).toHaveProperty('disabled', true);

    await user.click(within(bulk).getByRole('button', { name: 'Preview' }));
    const preview = await within(bulk).findByRole('region', { name: /^Preview/ });
    expect(preview.textContent).toContain('Not school days: Mon 21 Dec.');
    expect(preview.textContent).toContain('This cannot be applied as it stands.');
    expect(apply).toHaveProperty('disabled', true);
    await user.click(within(preview).getByRole('button', { name: 'Leave these dates out' }));
    expect(apply).toHaveProperty('disabled', true);
    expect(within(bulk).getByText('The form has changed since the preview. Preview again before applying.')).toBeTruthy();

    await user.click(within(bulk).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(within(bulk).getByRole('region', { name: /^Preview/ }).textContent).toContain('This can be applied.'));
    const fresh = within(bulk).getByRole('region', { name: /^Preview/ });
    const cells = g5.length * 2 * 2;
    expect(fresh.textContent).toContain(`Y4: school closed unexpectedly for Year 5 Chestnut, 2 dates, morning and afternoon`);
    expect(fresh.textContent).toContain(`${cells} sessions change (of ${cells} sessions for pupils on roll).`);
    expect(apply).toHaveProperty('disabled', false);

    // Changing the sessions makes the preview out of date.
    await user.click(within(bulk).getByRole('checkbox', { name: 'Afternoon' }));
    expect(apply).toHaveProperty('disabled', true);
    await user.click(within(bulk).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(apply).toHaveProperty('disabled', false));
    expect(within(bulk).getByRole('region', { name: /^Preview/ }).textContent).toContain(`${g5.length * 2} sessions change`);

    // The reason is required.
    await user.click(apply);
    expect(within(bulk).getByText(/Say why, for the register/)).toBeTruthy();
    expect(await desk.db.outbox.count()).toBe(0);
    await user.type(within(bulk).getByLabelText('Reason (required)'), 'Heating failure: school closed to Year 5');
    await user.click(apply);
    expect((await within(bulk).findByRole('status')).textContent).toBe(`Y4 set on ${g5.length * 2} sessions for Year 5 Chestnut, Thu 17 Dec 2026 to Fri 18 Dec 2026.`);
    expect(apply).toHaveProperty('disabled', true);

    for (const date of ['2026-12-17', '2026-12-18']) {
      expect(await support.cellCode(server, g5[0].id, date, 'AM')).toEqual({ code: 'Y4', source: 'office' });
      expect(await support.cellCode(server, g5[0].id, date, 'PM')).toBeNull();
    }
    const office = await h.signIn(server.app, 'office1');
    const history = await support.getJson(server, office, `/api/office/history?pupilId=${g5[1].id}&date=2026-12-17&session=AM`);
    expect(history.entries.at(-1)).toMatchObject({ code: 'Y4', reason: 'Heating failure: school closed to Year 5', by: 'Mrs Begum' });
  });
});

describe('planned absences and bulk codes against a fake server', { timeout: 20_000 }, () => {
  const register = (session: 'AM' | 'PM') => ({
    groupId: 'g1', groupName: 'Class 3B', session, opensAt: '08:45', takenBy: ['Ms Jones'], coveredBy: [], total: 3, marked: 0, present: 0, absent: 0,
    pupils: [
      { pupilId: 'p1', name: 'Amy Smith', code: null, source: null, markedBy: null, markedAt: null, receivedAt: null },
      { pupilId: 'p2', name: 'Ben Adams', code: null, source: null, markedBy: null, markedAt: null, receivedAt: null },
      { pupilId: 'p3', name: 'Chloe Brown', code: null, source: null, markedBy: null, markedAt: null, receivedAt: null },
    ],
  });
  const registers: OfficeRegistersResponse = { date: '2026-11-24', isSchoolDay: true, dayLabel: null, registers: [register('AM'), register('PM')] };
  const plan: PlannedAbsence = {
    id: 'pl-1', args: { pupilIds: ['p1', 'p2'], sessions: ['AM', 'PM'], note: 'Year 3 trip' }, code: 'V', startDate: '2026-12-03', endDate: '2026-12-04',
    createdBy: 'Mrs Office', createdAt: '2026-11-20T10:15:00.000Z', cellsSet: 7, cellsSkipped: 1,
  };

  async function setup(previews: BulkPreview[] = []) {
    const h = await harness({ user: officeUser, changes: [] });
    const asked: string[] = [];
    h.server.onOther = (path) => {
      asked.push(path);
      if (path.startsWith('/api/office/registers')) return { status: 200, body: registers };
      if (path.startsWith('/api/office/planned-absences')) return { status: 200, body: { from: '2026-09-01', to: '2027-08-31', plannedAbsences: [plan] } };
      if (path.startsWith('/api/office/bulk-preview')) return { status: 200, body: previews.shift() };
      return { status: 404, body: { code: 'not_found', message: 'Not found' } };
    };
    renderIn(h, <PlannedAbsences params={[]} />);
    await screen.findByText('Year 3 trip');
    return { h, asked };
  }

  it('sends absence.plan for the pupils ticked in a class (select all, then one unticked), and lists the plans', async () => {
    const { h } = await setup();
    const row = within(section('Planned absences this school year')).getAllByRole('row')[1];
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'V educational visit or trip', 'Thu 3 Dec 2026 to Fri 4 Dec 2026', 'Morning and afternoon', 'Every weekday', '2 pupils', '7', '1', 'Year 3 trip', 'Mrs Office, Fri 20 Nov 2026 at 10:15',
    ]);

    const form = section('Enter a planned absence');
    const user = userEvent.setup();
    await user.click(within(form).getByRole('button', { name: 'Enter planned absence' }));
    expect(within(form).getByText('Find the pupil by name and choose them.')).toBeTruthy();
    expect(within(form).getByText('Choose the code to enter.')).toBeTruthy();
    expect(h.server.pushes).toHaveLength(0);

    await user.click(within(form).getByRole('radio', { name: 'Several pupils in a class' }));
    await user.selectOptions(within(form).getByLabelText('Class'), 'Class 3B');
    await user.click(within(form).getByRole('checkbox', { name: 'Select all (3 pupils)' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Ben Adams' }));
    expect(within(form).getByRole('checkbox', { name: 'Select all (3 pupils)' })).toHaveProperty('checked', false);
    setDate(within(form).getByLabelText('Last day'), '2026-11-25');
    await user.selectOptions(within(form).getByLabelText('Code'), 'V');
    await user.type(within(form).getByLabelText(/^Note/), 'Museum trip');
    await user.click(within(form).getByRole('button', { name: 'Enter planned absence' }));
    await waitFor(() => expect(h.server.pushes).toHaveLength(1));
    expect(h.server.pushes[0].mutations.map((m) => [m.type, m.args])).toEqual([
      ['absence.plan', { id: expect.stringMatching(/^[0-9a-f-]{36}$/), pupilIds: ['p1', 'p3'], startDate: '2026-11-24', endDate: '2026-11-25', sessions: ['AM', 'PM'], code: 'V', note: 'Museum trip' }],
    ]);
    expect((await within(form).findByRole('status')).textContent).toContain('Planned absence entered: V for 2 pupils, Tue 24 Nov 2026 to Wed 25 Nov 2026, morning and afternoon.');
  });

  it('offers only codes that can be known in advance, and asks for a note when the dates start today (a present mark may be replaced)', async () => {
    const { h } = await setup();
    const form = section('Enter a planned absence');
    const offered = within(within(form).getByLabelText('Code')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean);
    for (const code of ['/', '\\', 'L', 'U', 'N', 'Y4', 'Z']) expect(offered, code).not.toContain(code);
    for (const code of ['M', 'V', 'C2', 'C', 'G', 'I', 'X', '#', 'Y1']) expect(offered, code).toContain(code);

    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Find a pupil by name'), 'amy');
    await user.click(await within(form).findByRole('button', { name: 'Choose Amy Smith, Class 3B' }));
    await user.selectOptions(within(form).getByLabelText('Code'), 'M');
    await user.click(within(form).getByRole('button', { name: 'Enter planned absence' }));
    expect(within(form).getByText(/^Add a note: the dates start today or earlier/)).toBeTruthy();
    expect(within(form).getByLabelText('Note (recorded as the reason) (required)')).toBeTruthy();
    expect(h.server.pushes).toHaveLength(0);
    // Dates still to come: a note is welcome but not needed.
    setDate(within(form).getByLabelText('First day'), '2026-11-26');
    setDate(within(form).getByLabelText('Last day'), '2026-11-26');
    await user.click(within(form).getByRole('button', { name: 'Enter planned absence' }));
    await waitFor(() => expect(h.server.pushes).toHaveLength(1));
    expect(h.server.pushes[0].mutations[0].args).toMatchObject({ pupilIds: ['p1'], startDate: '2026-11-26', code: 'M' });
  });

  it('keeps Apply disabled while the preview refuses, names the first refusal, and sends code.bulk for the whole school with the reason', async () => {
    const base = { code: 'X', dates: ['2026-11-26'], sessions: ['AM'] as Array<'AM' | 'PM'>, groupId: null, groupName: null, notSchoolDays: [], maxCells: 5000, cells: 290, alreadyHaveCode: 0, replacesOfficeCodes: 3, tooMany: false };
    const refused: BulkPreview = { ...base, wouldChange: 290, refused: 250, firstRefusal: 'Amy Smith, 2026-11-26 AM: X is only for a pupil who is not of compulsory school age.', canApply: false };
    const ok: BulkPreview = { ...base, code: '#', wouldChange: 290, refused: 0, firstRefusal: null, canApply: true };
    const { h, asked } = await setup([refused, ok]);
    const bulk = section('Codes for a class or the whole school');
    const user = userEvent.setup();
    const apply = within(bulk).getByRole('button', { name: 'Apply' });
    await user.selectOptions(within(bulk).getByLabelText('Code'), 'X');
    setDate(within(bulk).getByLabelText('First day'), '2026-11-26');
    setDate(within(bulk).getByLabelText('Last day'), '2026-11-26');
    await user.click(within(bulk).getByRole('checkbox', { name: 'Afternoon' }));
    await user.type(within(bulk).getByLabelText('Reason (required)'), 'Staff training day');
    await user.click(within(bulk).getByRole('button', { name: 'Preview' }));
    const preview = await within(bulk).findByRole('region', { name: /^Preview/ });
    expect(asked.at(-1)).toBe('/api/office/bulk-preview?code=X&dates=2026-11-26&sessions=AM');
    expect(preview.textContent).toContain('250 sessions would be refused. The first: Amy Smith, 2026-11-26 AM: X is only for a pupil who is not of compulsory school age.');
    expect(preview.textContent).toContain('3 sessions have a code the office set (such as an appointment) that would be replaced.');
    expect(apply).toHaveProperty('disabled', true);

    await user.click(within(bulk).getByRole('button', { name: '# Planned closure' }));
    await user.click(within(bulk).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(apply).toHaveProperty('disabled', false));
    await user.click(apply);
    await waitFor(() => expect(h.server.pushes).toHaveLength(1));
    expect(h.server.pushes[0].mutations.map((m) => [m.type, m.args])).toEqual([
      ['code.bulk', { id: expect.stringMatching(/^[0-9a-f-]{36}$/), code: '#', dates: ['2026-11-26'], sessions: ['AM'], reason: 'Staff training day' }],
    ]);
    expect((await within(bulk).findByRole('status')).textContent).toBe('# set on 290 sessions for the whole school, Thu 26 Nov 2026.');
  });
});
