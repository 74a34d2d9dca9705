/**
 * Registers today, compact (issue 9): a school total, then one line per register (marked of total, not marked,
 * marks after the close) that opens to its pupils; present marks taken after the register closed are shown
 * with their time and a way to act, opened or not.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import OfficeToday from '../../../../src/app/features/today/OfficeToday';
import type { MissingRegistersResponse } from '../../../../src/app/office/officeApi';
import type { OfficeRegister, OfficeRegistersResponse } from '../../../../src/app/sync/api';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';

const pupil = (pupilId: string, name: string, code: string | null, markedAt: string | null = null, afterClose = false) => ({
  pupilId, name, code, source: code ? ('teacher' as const) : null, markedBy: code ? 'Mrs Ahmed' : null, markedAt, receivedAt: markedAt, afterClose,
});
const register = (over: Partial<OfficeRegister> & Pick<OfficeRegister, 'groupId' | 'groupName' | 'session' | 'pupils'>): OfficeRegister => ({
  opensAt: over.session === 'AM' ? '08:50' : '13:10', closesAt: over.session === 'AM' ? '09:20' : '13:40', takenBy: ['Mrs Ahmed'], coveredBy: [],
  total: over.pupils.length, marked: over.pupils.filter((p) => p.code).length, present: over.pupils.filter((p) => p.code === '/').length,
  absent: over.pupils.filter((p) => p.code === 'N').length, markedAfterClose: [], ...over,
});

const registers: OfficeRegistersResponse = {
  date: '2026-11-24',
  isSchoolDay: true,
  dayLabel: null,
  registers: [
    register({ groupId: 'g2', groupName: 'Year 2 Rowan', session: 'AM', pupils: [pupil('p1', 'Ben Adams', '/', '2026-11-24T08:52:00Z'), pupil('p2', 'Cara Jones', null)] }),
    register({ groupId: 'g2', groupName: 'Year 2 Rowan', session: 'PM', pupils: [pupil('p1', 'Ben Adams', null), pupil('p2', 'Cara Jones', null)] }),
    register({
      groupId: 'g3', groupName: 'Year 3 Willow', session: 'AM',
      pupils: [pupil('p3', 'Amy Smith', '/', '2026-11-24T09:34:00Z', true), pupil('p4', 'Dan Lee', 'N', '2026-11-24T08:51:00Z')],
      markedAfterClose: [{ pupilId: 'p3', name: 'Amy Smith', markedBy: 'Mrs Ahmed', markedAt: '2026-11-24T09:34:00Z' }],
    }),
    register({ groupId: 'g3', groupName: 'Year 3 Willow', session: 'PM', pupils: [pupil('p3', 'Amy Smith', null), pupil('p4', 'Dan Lee', null)] }),
  ],
};

const missing: MissingRegistersResponse = {
  date: '2026-11-24', isSchoolDay: true, dayLabel: null, missingAfterMinutes: 10, serverTime: '2026-11-24T09:40:00.000Z',
  registers: [{ groupId: 'g2', groupName: 'Year 2 Rowan', session: 'AM', opensAt: '08:50', dueAt: '2026-11-24T09:00:00.000Z', marked: 1, total: 2, missing: 1, takenBy: ['Mrs Ahmed'], coveredBy: [] }],
};

async function setup() {
  const h = await harness({ user: officeUser, changes: [] });
  h.server.onOther = (path) => {
    if (path.startsWith('/api/office/registers')) return { status: 200, body: registers };
    if (path.startsWith('/api/office/missing-registers')) return { status: 200, body: missing };
    return { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, <OfficeToday pollMs={60_000} missingPollMs={60_000} />);
  await screen.findByRole('region', { name: /Year 3 Willow · Morning/ });
}

const card = (name: RegExp) => screen.getByRole('region', { name });
const pupilRows = () => document.querySelectorAll('.office-register tbody tr').length;

describe('registers today, compact', () => {
  it('shows one line per register, and its pupils only when opened', async () => {
    await setup();
    expect(pupilRows()).toBe(0);
    const rowan = card(/Year 2 Rowan · Morning/);
    const button = within(rowan).getByRole('button', { name: /Year 2 Rowan · Morning/ });
    expect(button.textContent).toBe('Year 2 Rowan · Morning 1 of 2 marked · 1 not marked');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(within(card(/Year 3 Willow · Morning/)).getByRole('button').textContent).toContain('2 of 2 marked · Complete');

    const user = userEvent.setup();
    await user.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const rows = within(within(rowan).getByRole('table')).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Ben Adams', '/ present, morning', 'Mrs Ahmed', '08:52'],
      ['Cara Jones', 'Not marked', '', ''],
    ]);
    await user.click(button);
    expect(within(rowan).queryByRole('table')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Show every register’s pupils' }));
    expect(pupilRows()).toBe(8);
    await user.click(screen.getByRole('button', { name: 'Hide every register’s pupils' }));
    expect(pupilRows()).toBe(0);
  });

  it('gives the school total per session and for the day, below the missing registers', async () => {
    await setup();
    const totals = screen.getByRole('region', { name: 'Whole school' });
    expect(screen.getByRole('region', { name: /Missing registers/ }).compareDocumentPosition(totals) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(totals.textContent).toContain('1 of 4 registers complete');
    const rows = within(within(totals).getByRole('table')).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Session', 'Registers complete', 'Pupils marked', 'Not marked', 'Present after the close'],
      ['Morning', '1 of 2', '3 of 4', '1', '1'],
      ['Afternoon', '0 of 2', '0 of 4', '4', '0'],
      ['Whole day', '1 of 4', '3 of 8', '5', '1'],
    ]);
  });

  it('shows the present marks taken after the register closed, with their time and where to act, while closed', async () => {
    await setup();
    const willow = card(/Year 3 Willow · Morning/);
    expect(within(willow).getByRole('button').textContent).toContain('1 mark after the close');
    expect(within(willow).getByRole('button').getAttribute('aria-expanded')).toBe('false');
    const note = willow.querySelector('.after-close')!;
    expect(note.textContent).toContain('Taken after the register closed at 09:20; the office decides on L or U:');
    expect(note.textContent).toContain('Amy Smith marked present at 09:34 by Mrs Ahmed.');
    expect(within(willow).getByRole('link', { name: 'Late desk' }).getAttribute('href')).toBe('#/office/late');
    expect(within(willow).getByRole('link', { name: "Amy Smith's register" }).getAttribute('href')).toBe('#/office/pupils/p3');
    expect(card(/Year 2 Rowan · Morning/).querySelector('.after-close')).toBeNull();

    await userEvent.setup().click(within(willow).getByRole('button'));
    const amy = within(within(willow).getByRole('table')).getByRole('row', { name: /Amy Smith/ });
    expect(amy.textContent).toContain('09:34 (after the close)');
  });

  it('breaks no accessibility rule jsdom can check, opened or not', async () => {
    await setup();
    const violations = async () =>
      (await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } })).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(await violations()).toEqual([]);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show every register’s pupils' }));
    expect(await violations()).toEqual([]);
  });
});
