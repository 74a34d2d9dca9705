/**
 * The trust overview against a scripted server: the schools side by side with each figure's range, "Add a
 * school" showing the one-time setup address to copy, and a refusal said in the server's words.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TrustOverview from '../../../../src/app/features/trust/TrustOverview';
import type { SignedInUser } from '../../../../src/protocol';
import type { TrustOverviewResponse, TrustSchoolRow } from '../../../../src/protocol/trust';
import { harness, renderIn } from '../../render';
import { teacher } from '../../helpers';

const trustAdmin: SignedInUser = { ...teacher, id: 's-trust1', username: 'trust1', displayName: 'Ms Priya Shah', role: 'trust', schoolId: 'trust', schoolName: 'Demo Learning Trust' };
const TERM = { from: '2026-09-03', to: '2026-11-24', label: 'Autumn term' };
const YEAR = { from: '2026-09-01', to: '2026-11-24', label: 'Year to date' };

const row = (schoolId: string, name: string, extra: Partial<TrustSchoolRow> = {}): TrustSchoolRow => ({
  schoolId, name, urn: '100001', setUp: true, today: '2026-11-24',
  attendance: { range: TERM, percent: 94.56789, possibleSessions: 1000, pupils: 200 },
  persistentAbsence: { range: TERM, pupils: 12 },
  missingRegisters: { date: '2026-11-24', registers: 3 },
  alertsWaiting: { range: YEAR, alerts: 5 },
  ...extra,
});

async function open(schools: TrustSchoolRow[], onPost: (body: unknown) => { status: number; body: unknown }) {
  const h = await harness({ user: trustAdmin });
  const asked: string[] = [];
  h.server.onOther = (path, init) => {
    asked.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/api/trust/overview') return { status: 200, body: { schools, serverTime: '2026-11-24T09:05:00Z' } satisfies TrustOverviewResponse };
    if (path === '/api/trust/schools' && init?.method === 'POST') return onPost(JSON.parse(String(init.body)));
    return { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, <TrustOverview />);
  return asked;
}

describe('trust overview screen', () => {
  it('shows each school side by side, each figure with the dates it covers', async () => {
    await open([row('a', 'Ashgrove Primary'), row('b', 'Oakfield Academy', { setUp: false, urn: '123456', attendance: { range: TERM, percent: null, possibleSessions: 0, pupils: 0 }, persistentAbsence: { range: TERM, pupils: 1 } })], () => ({ status: 500, body: {} }));
    const ash = (await screen.findByRole('rowheader', { name: /Ashgrove Primary/ })).closest('tr')!;
    expect(within(ash).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      '94.6%Autumn term, 3 Sept to 24 Nov', '12 pupilsAutumn term, 3 Sept to 24 Nov', '3Today, 24 Nov', '5Year to date, 1 Sept to 24 Nov',
    ]);
    const oak = screen.getByRole('rowheader', { name: /Oakfield Academy/ });
    expect(oak.textContent).toContain('URN 123456 · waiting for its first admin to set it up');
    const oakCells = within(oak.closest('tr')!).getAllByRole('cell');
    expect(oakCells[0]!.textContent).toContain('No sessions yet');
    expect(oakCells[1]!.textContent).toContain('1 pupil');
  });

  it('adds a school and shows its one-time setup address, then reads the overview again', async () => {
    const posted: unknown[] = [];
    const asked = await open([], (body) => {
      posted.push(body);
      return { status: 201, body: { schoolId: 's-new', name: 'Oakfield Academy', urn: '123456', timeZone: 'Europe/London', setupAddress: 'http://localhost:8080/setup?token=abc123' } };
    });
    expect(await screen.findByText(/no schools yet/)).toBeTruthy();
    const people = userEvent.setup();
    await people.type(screen.getByLabelText('School name'), 'Oakfield Academy');
    await people.type(screen.getByLabelText('URN (6 digits)'), '123456');
    await people.click(screen.getByRole('button', { name: 'Add the school' }));
    const address = await screen.findByLabelText<HTMLInputElement>('One-time setup address');
    expect(address.value).toBe('http://localhost:8080/setup?token=abc123');
    expect(screen.getByRole('status').textContent).toContain('Oakfield Academy is added');
    expect(posted).toEqual([{ name: 'Oakfield Academy', urn: '123456' }]);
    expect(asked.filter((a) => a === 'GET /api/trust/overview')).toHaveLength(2);
  });

  it("says a refused school in the server's words", async () => {
    await open([], () => ({ status: 409, body: { code: 'urn_taken', message: "The URN 123456 is already Ashgrove Primary's." } }));
    const people = userEvent.setup();
    await people.type(await screen.findByLabelText('School name'), 'Oakfield');
    await people.type(screen.getByLabelText('URN (6 digits)'), '123456');
    await people.click(screen.getByRole('button', { name: 'Add the school' }));
    expect((await screen.findByRole('alert')).textContent).toBe("The URN 123456 is already Ashgrove Primary's.");
    expect(screen.queryByLabelText('One-time setup address')).toBeNull();
  });
});
