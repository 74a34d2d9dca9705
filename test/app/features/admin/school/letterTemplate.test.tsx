/** The attendance letter's text on the School settings screen: shown, edited, reset to the default, and sent with the settings. */
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SchoolSettings from '../../../../../src/app/features/admin/school/SchoolSettings';
import type { SchoolSettingsResponse, SchoolSettingsWire } from '../../../../../src/protocol/adminSchool';
import { DEFAULT_LETTER_TEMPLATE } from '../../../../../src/protocol/letterTemplate';
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
    { name: 'Green', min: 90, max: null },
  ],
};

async function open(settings: SchoolSettingsWire, onPut: (body: SchoolSettingsWire) => { status: number; body: unknown }) {
  const h = await harness({ user: admin });
  const puts: SchoolSettingsWire[] = [];
  h.server.onOther = (path, init) => {
    if (path === '/api/admin/school' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as SchoolSettingsWire;
      puts.push(body);
      return onPut(body);
    }
    const answer: SchoolSettingsResponse = { settings, defaultBands: false, warnings: [] };
    return { status: 200, body: answer };
  };
  renderIn(h, <SchoolSettings params={[]} />);
  await screen.findByLabelText('Name');
  return puts;
}

const saved = (body: SchoolSettingsWire) => ({ status: 200, body: { settings: body, defaultBands: false, warnings: [] } });

describe('school settings: the attendance letter', () => {
  it('shows the stored letter and its placeholders, and sends the edited text with the settings', async () => {
    const puts = await open({ ...SETTINGS, letterTemplate: 'Dear family of {pupilName},' }, saved);
    const people = userEvent.setup();
    const box = screen.getByLabelText('Letter to families');
    expect(box).toHaveProperty('value', 'Dear family of {pupilName},');
    expect(screen.getByText('{attendancePercent}')).toBeTruthy();
    await people.type(box, ' attendance {{attendancePercent}%.');
    await people.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(puts[0]!.letterTemplate).toBe('Dear family of {pupilName}, attendance {attendancePercent}%.');
  });

  it('goes back to the default text with one button', async () => {
    const puts = await open({ ...SETTINGS, letterTemplate: 'Our own words' }, saved);
    const people = userEvent.setup();
    await people.click(screen.getByRole('button', { name: 'Use the default text' }));
    expect(screen.getByLabelText('Letter to families')).toHaveProperty('value', DEFAULT_LETTER_TEMPLATE);
    expect(screen.getByRole('button', { name: 'Use the default text' })).toHaveProperty('disabled', true);
    await people.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByRole('status');
    expect(puts[0]!.letterTemplate).toBe(DEFAULT_LETTER_TEMPLATE);
  });

  it("shows the server's words when it refuses the letter", async () => {
    await open({ ...SETTINGS, letterTemplate: 'Dear {parentName}' }, () => ({
      status: 400,
      body: { code: 'invalid_settings', message: 'The settings were not saved. The letter uses {parentName}, which the software cannot fill in.', problems: [] },
    }));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The letter uses {parentName}');
  });

  it('leaves the letter out of the save when the server sent none (an older server)', async () => {
    const puts = await open(SETTINGS, saved);
    expect(screen.queryByLabelText('Letter to families')).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByRole('status');
    expect('letterTemplate' in puts[0]!).toBe(false);
  });
});
