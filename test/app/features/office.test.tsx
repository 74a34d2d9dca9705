import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import OfficeToday from '../../../src/app/features/today/OfficeToday';
import { harness, renderIn } from '../render';
import { teacher } from '../helpers';
import type { OfficeRegistersResponse } from '../../../src/app/sync/api';

const office = { ...teacher, id: 'u-office', username: 'office', displayName: 'Mrs Office', role: 'office' as const };

function registers(marked: boolean): OfficeRegistersResponse {
  return {
    date: '2026-11-24',
    isSchoolDay: true,
    dayLabel: null,
    registers: [
      {
        groupId: 'g1',
        groupName: 'Class 3B',
        session: 'AM',
        opensAt: '08:45',
        takenBy: ['Ms Jones'],
        coveredBy: [],
        total: 2,
        marked: marked ? 2 : 1,
        present: 1,
        absent: marked ? 1 : 0,
        pupils: [
          // 08:52 UTC in November is 08:52 in London; in June it would be 09:52.
          { pupilId: 'p1', name: 'Smith, Amy', code: '/', source: 'teacher', markedBy: 'Ms Jones', markedAt: '2026-11-24T08:52:00Z', receivedAt: '2026-11-24T08:52:01Z' },
          marked
            ? { pupilId: 'p2', name: 'Adams, Ben', code: 'N', source: 'teacher', markedBy: 'Ms Jones', markedAt: '2026-11-24T08:53:00Z', receivedAt: '2026-11-24T08:53:01Z' }
            : { pupilId: 'p2', name: 'Adams, Ben', code: null, source: null, markedBy: null, markedAt: null, receivedAt: null },
        ],
      },
    ],
  };
}

describe('office today', () => {
  it("asks for today's date by the school's clock and shows each register's progress, marks, who and when", async () => {
    const h = await harness({ user: office, changes: [] });
    const asked: string[] = [];
    let marked = false;
    h.server.onOther = (path) => {
      asked.push(path);
      return { status: 200, body: registers(marked) };
    };
    renderIn(h, <OfficeToday pollMs={50} />);
    await screen.findByRole('heading', { name: /Class 3B · Morning/ });
    expect(asked[0]).toBe('/api/office/registers?date=2026-11-24');
    const region = screen.getByRole('region', { name: /Class 3B/ });
    expect(region.textContent).toContain('1 of 2 marked');
    // Registers today starts with one line per register; the line opens to the register's pupils.
    expect(within(region).queryAllByRole('row')).toHaveLength(0);
    await userEvent.setup().click(within(region).getByRole('button', { expanded: false }));
    expect(region.textContent).toContain('Teacher: Ms Jones');
    const rows = screen.getAllByRole('row').map((r) => r.textContent);
    expect(rows).toContain('Smith, Amy/ present, morningMs Jones08:52');
    expect(rows).toContain('Adams, BenNot marked');

    marked = true; // the next poll brings the rest of the register
    await waitFor(() => expect(screen.getByRole('region', { name: /Class 3B/ }).textContent).toContain('Complete'), { timeout: 2000 });
    expect(screen.getByText(/1 of 1 registers complete/)).toBeTruthy();
  });

  it('says when the server cannot be reached', async () => {
    const h = await harness({ user: office, changes: [] });
    h.server.onOther = () => 'network-error';
    renderIn(h, <OfficeToday pollMs={60_000} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No connection to the school server');
  });
});
