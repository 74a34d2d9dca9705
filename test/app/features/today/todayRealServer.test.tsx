/**
 * The office's "today" screens against the REAL server (the demo school on PGlite, 2026-11-24 09:05 GMT, a
 * Tuesday), signed in as office1: what the screens show is what the server computed, and what they send is
 * what the server records. The tests run in order on one server: teacher1 has marked three pupils of Year 1
 * Hazel (two N, one present), the office follows up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { ServicesProvider } from '../../../../src/app/components/services';
import OfficeToday from '../../../../src/app/features/today/OfficeToday';
import FirstDayResponse from '../../../../src/app/features/follow-up/FirstDayResponse';
import LateDesk from '../../../../src/app/features/today/LateDesk';
import FireRollCall from '../../../../src/app/features/today/FireRollCall';
import type { TestServer } from '../../../support/serverHarness';
import { signedInServices, startRealServer } from '../../office/realServer';

configure({ asyncUtilTimeout: 10_000 });

const NOW = Date.parse('2026-11-24T09:05:00Z');
const TODAY = '2026-11-24';

describe('the office today screens against the real server', { timeout: 60_000 }, () => {
  let server: TestServer & Awaited<ReturnType<typeof startRealServer>>;
  let g1: Array<{ id: string; name: string }>;
  let ill: { id: string; name: string };
  let late: { id: string; name: string };
  let here: { id: string; name: string };

  const cell = async (pupilId: string) =>
    (await server.db.query<{ code: string }>(`SELECT code FROM register_cells WHERE pupil_id = $1 AND date = $2 AND session = 'AM'`, [pupilId, TODAY])).rows[0]?.code;

  async function show(ui: ReactNode) {
    const services = await signedInServices(server, 'office1');
    render(<ServicesProvider value={services}>{ui}</ServicesProvider>);
    return services;
  }

  beforeAll(async () => {
    server = await startRealServer();
    const teacher = await server.harness.signIn(server.app, 'teacher1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => ({ id: p.id, name: `${p.preferredName ?? p.firstName} ${p.lastName}` }));
    // Three pupils whose names no other pupil shares, so a name search finds exactly one.
    const unique = g1.filter((p) => server.demo.pupils.filter((q) => `${q.preferredName ?? q.firstName} ${q.lastName}` === p.name).length === 1);
    [ill, late, here] = unique;
    const res = await server.harness.post(server.app, '/api/sync/push', teacher, {
      deviceId: 'teacher1-tablet',
      mutations: [
        server.harness.markMutation(1, { pupilId: ill.id, mark: 'N' }, NOW - 120_000),
        server.harness.markMutation(2, { pupilId: late.id, mark: 'N' }, NOW - 120_000),
        server.harness.markMutation(3, { pupilId: here.id, mark: '/' }, NOW - 120_000),
      ],
    });
    expect(res.json().results.map((r: { status: string }) => r.status), res.body).toEqual(['applied', 'applied', 'applied']);
  }, 120_000);
  afterAll(() => server?.close());

  it('lists Year 1 Hazel as a missing register, with how far it has got and who should take it', async () => {
    await show(<OfficeToday pollMs={60_000} missingPollMs={60_000} />);
    const section = await screen.findByRole('region', { name: /Missing registers/ });
    const row = await within(section).findByRole('row', { name: /Year 1 Hazel/ });
    expect([...row.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual(['Year 1 Hazel', 'Morning', '08:50', `3 of ${g1.length} marked`, 'Ms Patel', 'No cover']);
  });

  it('records a call to the family with the outcome "Ill": the N becomes I and the pupil leaves the first-day list', async () => {
    await show(<FirstDayResponse params={[]} pollMs={60_000} />);
    const card = await screen.findByRole('region', { name: ill.name });
    expect(card.textContent).toContain('Not yet contacted');
    expect(screen.getByRole('region', { name: late.name })).toBeTruthy();
    const user = userEvent.setup();
    await user.click(within(card).getByRole('button', { name: 'Ill → I' }));
    await user.click(within(card).getByRole('button', { name: 'Record contact' }));
    expect((await screen.findByRole('status')).textContent).toBe(`Recorded for ${ill.name}: phone call, Ill. Code I set.`);
    await waitFor(() => expect(screen.queryByRole('region', { name: ill.name })).toBeNull());
    expect(screen.getByRole('region', { name: late.name })).toBeTruthy();
    expect(await cell(ill.id)).toBe('I');
    const log = await server.db.query<{ method: string; outcome: string; code: string }>(`SELECT method, outcome, code FROM contact_log WHERE pupil_id = $1`, [ill.id]);
    expect(log.rows).toEqual([{ method: 'phone', outcome: 'Ill', code: 'I' }]);
  });

  it('records a late arrival with the code and minutes the server proposes, then signs the pupil out', async () => {
    await show(<LateDesk params={[]} pollMs={60_000} />);
    const desk = screen.getByRole('region', { name: 'Late arrival' });
    const user = userEvent.setup();
    await user.type(within(desk).getByLabelText('Pupil who arrived late'), late.name);
    await user.click(await within(desk).findByRole('button', { name: `${late.name}, Year 1 Hazel` }));
    fireEvent.change(within(desk).getByLabelText('Arrived at'), { target: { value: '09:02' } });
    await user.click(within(desk).getByRole('button', { name: 'Work out the code' }));
    expect((await within(desk).findByRole('status')).textContent).toBe('Arrived 12 minutes late, before the register closed at 09:20: L');
    await user.click(within(desk).getByRole('button', { name: `Record L for ${late.name}` }));
    await waitFor(() => expect(within(desk).getByRole('status').textContent).toBe(`Recorded: ${late.name}, morning: L, 12 minutes late.`));
    expect(await cell(late.id)).toBe('L');
    const events = await server.db.query<{ code: string; old_code: string; minutes_late: number }>(
      `SELECT code, old_code, minutes_late FROM mark_events WHERE pupil_id = $1 AND source = 'office'`,
      [late.id],
    );
    expect(events.rows).toEqual([{ code: 'L', old_code: 'N', minutes_late: 12 }]);

    const book = screen.getByRole('region', { name: 'Signing-out book' });
    await user.type(within(book).getByLabelText('Pupil'), late.name);
    await user.click(await within(book).findByRole('button', { name: `${late.name}, Year 1 Hazel` }));
    await user.type(within(book).getByLabelText(/^Reason/), 'Dentist');
    await user.click(within(book).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(within(book).getByRole('status').textContent).toBe(`${late.name} signed out at 09:05 (Dentist).`));
    const row = await within(book).findByRole('row', { name: new RegExp(late.name) });
    expect(row.textContent).toContain('Dentist');
  });

  it('takes the fire roll call from the register and the signing-out book', async () => {
    await show(<FireRollCall params={[]} pollMs={0} />);
    expect((await screen.findByText(/^As at/)).textContent).toBe('As at 09:05');
    expect(screen.getByText('1 pupil on site')).toBeTruthy();
    const hazel = screen.getByRole('region', { name: /^Year 1 Hazel: \d+ on site/ });
    expect(within(hazel).getAllByRole('checkbox').map((c) => c.closest('li')!.textContent)).toEqual([`${here.name}/`]);
    expect(screen.getByRole('region', { name: /^Signed out/ }).textContent).toContain(`${late.name}, Year 1 Hazel: out at 09:05 (Dentist)`);
  });
});
