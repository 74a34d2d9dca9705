import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import OfficeToday from '../../../../src/app/features/today/OfficeToday';
import type { MissingRegistersResponse } from '../../../../src/app/office/officeApi';
import type { OfficeRegistersResponse } from '../../../../src/app/sync/api';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';

const registers: OfficeRegistersResponse = {
  date: '2026-11-24',
  isSchoolDay: true,
  dayLabel: null,
  registers: [
    {
      groupId: 'g2', groupName: 'Year 2 Rowan', session: 'AM', opensAt: '08:50', takenBy: ['Mr Okafor'], coveredBy: ['Mrs Ahmed'],
      total: 2, marked: 1, present: 1, absent: 0,
      pupils: [
        { pupilId: 'p1', name: 'Amy Smith', code: '/', source: 'teacher', markedBy: 'Mrs Ahmed', markedAt: '2026-11-24T08:52:00Z', receivedAt: '2026-11-24T08:52:01Z' },
        { pupilId: 'p2', name: 'Ben Adams', code: null, source: null, markedBy: null, markedAt: null, receivedAt: null },
      ],
    },
  ],
};

function missing(over: Partial<MissingRegistersResponse> = {}): MissingRegistersResponse {
  return {
    date: '2026-11-24', isSchoolDay: true, dayLabel: null, missingAfterMinutes: 10, serverTime: '2026-11-24T09:05:00.000Z',
    registers: [
      { groupId: 'g2', groupName: 'Year 2 Rowan', session: 'AM', opensAt: '08:50', dueAt: '2026-11-24T09:00:00.000Z', marked: 1, total: 2, missing: 1, takenBy: ['Mr Okafor'], coveredBy: ['Mrs Ahmed'] },
      { groupId: 'g5', groupName: 'Year 5 Chestnut', session: 'AM', opensAt: '08:50', dueAt: '2026-11-24T09:00:00.000Z', marked: 0, total: 28, missing: 28, takenBy: ['Ms Patel', 'Mr Green'], coveredBy: [] },
    ],
    ...over,
  };
}

async function setup(answer: () => MissingRegistersResponse, opts: { missingPollMs?: number } = {}) {
  const h = await harness({ user: officeUser, changes: [] });
  const asked: string[] = [];
  h.server.onOther = (path) => {
    asked.push(path);
    if (path.startsWith('/api/office/registers')) return { status: 200, body: registers };
    if (path.startsWith('/api/office/missing-registers')) return { status: 200, body: answer() };
    return { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, <OfficeToday pollMs={60_000} missingPollMs={opts.missingPollMs ?? 60_000} />);
  return { h, asked };
}

const missingSection = () => screen.getByRole('region', { name: /Missing registers/ });


async function axeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('missing registers on the office today screen', () => {
  it('lists each missing register with class, session, opening time, progress, who should take it and who covers, above the registers', async () => {
    const { asked } = await setup(() => missing());
    const table = await within(await screen.findByRole('region', { name: /Missing registers/ })).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Year 2 Rowan', 'Morning', '08:50', '1 of 2 marked', 'Mr Okafor', 'Mrs Ahmed'],
      ['Year 5 Chestnut', 'Morning', '08:50', '0 of 28 marked', 'Ms Patel, Mr Green', 'No cover'],
    ]);
    expect(missingSection().textContent).toContain('Registers not complete 10 minutes after they opened, as at 09:05');
    expect(asked).toContain('/api/office/missing-registers');

    // The full registers still follow, below the missing ones.
    const card = await screen.findByRole('region', { name: /Year 2 Rowan · Morning/ });
    expect(missingSection().compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(card.textContent).toContain('1 of 2 marked');
  });

  it('is live: a register completed since the last check leaves the list, and an empty list says none are missing', async () => {
    let answer = missing();
    await setup(() => answer, { missingPollMs: 50 });
    await within(await screen.findByRole('region', { name: /Missing registers/ })).findByText('Year 5 Chestnut');
    answer = missing({ registers: [] });
    await waitFor(() => expect(within(missingSection()).getByRole('status').textContent).toBe('None missing.'), { timeout: 2000 });
    expect(within(missingSection()).queryByRole('table')).toBeNull();
  });

  it('breaks no accessibility rule jsdom can check', async () => {
    await setup(() => missing());
    await within(await screen.findByRole('region', { name: /Missing registers/ })).findByRole('table');
    await screen.findByRole('region', { name: /Year 2 Rowan · Morning/ });
    expect(await axeViolations(document.body)).toEqual([]);
  });

  it('says when today is not a school day', async () => {
    await setup(() => missing({ isSchoolDay: false, dayLabel: 'Half term', registers: [] }));
    await waitFor(() => expect(missingSection().textContent).toContain('No registers are due today: it is not a school day (Half term).'));
    expect(within(missingSection()).queryByText('None missing.')).toBeNull();
  });

  it('says once, plainly, when the server cannot be reached', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    h.server.onOther = () => 'network-error';
    renderIn(h, <OfficeToday pollMs={60_000} missingPollMs={60_000} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('No connection to the school server. Trying again…'));
  });
});
