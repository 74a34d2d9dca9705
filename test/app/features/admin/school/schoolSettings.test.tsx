/**
 * The School settings screen against a scripted server: the form filled from GET, the guidance warnings
 * shown as the times are typed, bands added and removed, and a save that says plainly whether it worked.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SchoolSettings from '../../../../../src/app/features/admin/school/SchoolSettings';
import type { SchoolSettingsResponse, SchoolSettingsWire } from '../../../../../src/protocol/adminSchool';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mrs Khan', role: 'admin' };

const SETTINGS: SchoolSettingsWire = {
  name: 'Hillside Primary',
  urn: '',
  timeZone: 'Europe/London',
  sessions: { AM: { opensAt: '08:50', openMinutes: 30 }, PM: { opensAt: '13:15', openMinutes: 30 } },
  missingRegisterMinutes: 10,
  nWindowSchoolDays: 5,
  attendanceTarget: null,
  attendanceBands: [
    { name: 'Red', min: 0, max: 90 },
    { name: 'Amber', min: 90, max: 96 },
    { name: 'Green', min: 96, max: null },
  ],
};

async function open(onPut: (body: SchoolSettingsWire) => { status: number; body: unknown }, settings: SchoolSettingsWire = SETTINGS) {
  const h = await harness({ user: admin });
  const puts: SchoolSettingsWire[] = [];
  h.server.onOther = (path, init) => {
    if (path === '/api/admin/school' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as SchoolSettingsWire;
      puts.push(body);
      return onPut(body);
    }
    const answer: SchoolSettingsResponse = { settings, defaultBands: true, warnings: [] };
    return { status: 200, body: answer };
  };
  renderIn(h, <SchoolSettings params={[]} />);
  await screen.findByLabelText('Name');
  return puts;
}

describe('admin school settings screen', () => {
  it('sends the changed settings, bands included, and says they were saved', async () => {
    const puts = await open((body) => ({ status: 200, body: { settings: body, defaultBands: false, warnings: [] } }));
    const people = userEvent.setup();
    expect(screen.getByLabelText('Name')).toHaveProperty('value', 'Hillside Primary');
    expect(screen.getByText(/These are the product’s default bands/)).toBeTruthy();
    await people.type(screen.getByLabelText('URN'), '123456');
    await people.clear(screen.getByLabelText('Attendance target (%)'));
    await people.type(screen.getByLabelText('Attendance target (%)'), '96');
    await people.click(screen.getByRole('button', { name: 'Remove band 3 (Green)' }));
    await people.click(screen.getByRole('button', { name: 'Add a band' }));
    expect(screen.getByLabelText('Band 3 from (%)')).toHaveProperty('value', '96');
    await people.type(screen.getByLabelText('Name of band 3'), 'Good');
    await people.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(puts[0]).toMatchObject({ urn: '123456', attendanceTarget: 96 });
    expect(puts[0]!.attendanceBands).toEqual([
      { name: 'Red', min: 0, max: 90 },
      { name: 'Amber', min: 90, max: 96 },
      { name: 'Good', min: 96, max: null },
    ]);
  });

  it('edits the lates in a week that make a lateness alert', async () => {
    const puts = await open((body) => ({ status: 200, body: { settings: body, defaultBands: false, warnings: [] } }), { ...SETTINGS, latesInWeek: 3 });
    const people = userEvent.setup();
    const lates = screen.getByLabelText('Late arrivals in one week that make a lateness alert');
    expect(lates).toHaveProperty('value', '3');
    await people.clear(lates);
    await people.type(lates, '4');
    await people.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(puts[0]!.latesInWeek).toBe(4);
  });

  it('leaves the lates in a week out of the save when the server sent none (an older server)', async () => {
    const puts = await open((body) => ({ status: 200, body: { settings: body, defaultBands: false, warnings: [] } }));
    expect(screen.queryByLabelText('Late arrivals in one week that make a lateness alert')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect('latesInWeek' in puts[0]!).toBe(false);
  });

  it('warns beside the times when a register stays open over 30 minutes or AM and PM differ', async () => {
    await open((body) => ({ status: 200, body: { settings: body, defaultBands: false, warnings: [] } }));
    const people = userEvent.setup();
    expect(screen.queryByRole('list', { name: 'Guidance warnings' })).toBeNull();
    await people.clear(screen.getByLabelText('AM register stays open (minutes)'));
    await people.type(screen.getByLabelText('AM register stays open (minutes)'), '45');
    const warnings = within(screen.getByRole('list', { name: 'Guidance warnings' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^AM: The register stays open for 45 minutes/);
    expect(warnings[1]).toMatch(/AM register stays open for 45 minutes and the PM register for 30/);
  });

  it("shows the server's problems in words when it refuses, and keeps what was typed", async () => {
    await open(() => ({
      status: 400,
      body: { code: 'invalid_settings', message: 'The settings were not saved. The URN is six digits (for example 100000), or leave it empty.', problems: [] },
    }));
    const people = userEvent.setup();
    await people.type(screen.getByLabelText('URN'), '12');
    await people.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The URN is six digits');
    expect(screen.getByLabelText('URN')).toHaveProperty('value', '12');
  });

  it('says plainly when the server cannot be reached', async () => {
    await open(() => ({ status: 503, body: { code: 'server_busy', message: 'The server is busy. Try again.' } }));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Not saved');
  });
});
