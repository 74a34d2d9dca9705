/**
 * Unresolved N: the list in the server's order with its deadlines in words, and "Change the overdue to O"
 * sending code.set O with the reason for the overdue ones only. Against the real server, and against a fake one
 * for the answers the demo school cannot give (no deadline, a refusal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import UnresolvedN from '../../../../src/app/features/follow-up/UnresolvedN';
import type { UnresolvedNResponse } from '../../../../src/app/office/officeApi';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';
import { officeDesk, REAL_SERVER_TIMEOUT, startFollowUpServer, type TestServer } from '../../office/followUpServer';

const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
const cellsOf = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

describe('unresolved N against the real server', { timeout: REAL_SERVER_TIMEOUT }, () => {
  let server: TestServer;
  let support: Awaited<ReturnType<typeof startFollowUpServer>>['support'];
  let harnessMod: Awaited<ReturnType<typeof startFollowUpServer>>['harness'];
  beforeAll(async () => {
    ({ server, support, harness: harnessMod } = await startFollowUpServer());
  }, 120_000);
  afterAll(() => server?.close());

  it('lists every N overdue first with its deadline, and changes only the overdue ones to O with the reason', async () => {
    const g1 = support.groupPupils(server, 'g1');
    const g2 = support.groupPupils(server, 'g2');
    const mark = support.teacherMarks(server);
    // Two N from a fortnight ago (overdue: 5 school days have passed), one from last Friday and one today (not yet).
    await mark('g1', [
      { pupilId: g1[0].id, date: '2026-11-09', mark: 'N' },
      { pupilId: g1[1].id, date: '2026-11-10', session: 'PM', mark: 'N' },
      { pupilId: g1[2].id, date: '2026-11-20', mark: 'N' },
    ]);
    await mark('g2', [{ pupilId: g2[0].id, mark: 'N' }]);

    const desk = await officeDesk(server);
    desk.render(<UnresolvedN params={[]} />);
    expect(await screen.findByText('4 unresolved, 2 overdue; the school allows 5 school days.')).toBeTruthy();
    const name = (p: { firstName: string; lastName: string; preferredName: string | null }) => `${p.preferredName ?? p.firstName} ${p.lastName}`;
    expect(rows().map(cellsOf)).toEqual([
      [name(g1[0]), 'Year 1 Hazel', 'Monday 9 November 2026', 'Morning', 'Ms Patel', 'Overdue: the deadline was Mon 16 Nov'],
      [name(g1[1]), 'Year 1 Hazel', 'Tuesday 10 November 2026', 'Afternoon', 'Ms Patel', 'Overdue: the deadline was Tue 17 Nov'],
      [name(g1[2]), 'Year 1 Hazel', 'Friday 20 November 2026', 'Morning', 'Ms Patel', 'Resolve by Fri 27 Nov'],
      [name(g2[0]), 'Year 2 Rowan', 'Tuesday 24 November 2026', 'Morning', expect.any(String), 'Resolve by Tue 1 Dec'],
    ]);
    expect(within(rows()[0]).getByRole('link', { name: name(g1[0]) }).getAttribute('href')).toBe(`#/office/pupils/${g1[0].id}`);

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Change the 2 overdue to O' }));
    const confirm = screen.getByRole('group');
    expect(confirm.textContent).toContain('Change 2 overdue N to O');
    expect(confirm.textContent).toContain('“No reason established”');
    await user.click(within(confirm).getByRole('button', { name: 'Yes, change 2 to O' }));

    expect((await screen.findByRole('status')).textContent).toBe('2 N changed to O.');
    await screen.findByText('2 unresolved, 0 overdue; the school allows 5 school days.');
    expect(screen.queryByRole('button', { name: /overdue to O/ })).toBeNull();

    expect(await support.cellCode(server, g1[0].id, '2026-11-09', 'AM')).toEqual({ code: 'O', source: 'office' });
    expect(await support.cellCode(server, g1[1].id, '2026-11-10', 'PM')).toEqual({ code: 'O', source: 'office' });
    expect(await support.cellCode(server, g1[2].id, '2026-11-20', 'AM')).toEqual({ code: 'N', source: 'teacher' });
    expect(await support.cellCode(server, g2[0].id, '2026-11-24', 'AM')).toEqual({ code: 'N', source: 'teacher' });
    const office = await harnessMod.signIn(server.app, 'office1');
    const history = await support.getJson(server, office, `/api/office/history?pupilId=${g1[0].id}&date=2026-11-09&session=AM`);
    expect(history.entries.at(-1)).toMatchObject({ code: 'O', oldCode: 'N', reason: 'No reason established', by: 'Mrs Begum', role: 'office' });
    expect(await desk.db.outbox.count()).toBe(0);
  });
});

describe('unresolved N against a fake server', { timeout: 20_000 }, () => {
  const item = (over: Partial<UnresolvedNResponse['items'][number]>): UnresolvedNResponse['items'][number] => ({
    pupilId: 'p1', name: 'Amy Smith', firstName: 'Amy', lastName: 'Smith', groupId: 'g1', groupName: 'Class 3B', date: '2026-11-09', session: 'AM',
    source: 'teacher', markedBy: 'Ms Jones', markedAt: '2026-11-09T09:00:00.000Z', deadline: '2026-11-16', overdue: true, ...over,
  });
  const body: UnresolvedNResponse = {
    today: '2026-11-24', windowSchoolDays: 1, total: 3, overdue: 2,
    items: [
      item({}),
      item({ pupilId: 'p2', name: 'Ben Adams', date: '2026-11-10', session: 'PM', deadline: '2026-11-11', source: 'office', markedBy: 'Mrs Office' }),
      item({ pupilId: 'p3', name: 'Chloe Brown', date: '2027-08-31', deadline: null, overdue: false }),
    ],
  };

  it('says when there is no deadline, and lists a refused change with the server\'s message', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    h.server.onOther = (path) => (path === '/api/office/unresolved-n' ? { status: 200, body } : { status: 404, body: { code: 'not_found', message: '' } });
    h.server.onPush = (req) => ({
      status: 200,
      body: {
        results: req.mutations.map((m) =>
          (m.args as { pupilId: string }).pupilId === 'p2'
            ? { seq: m.seq, status: 'rejected', code: 'not_on_roll', message: 'This pupil was not on roll on 2026-11-10, so they have no register that day.' }
            : { seq: m.seq, status: 'applied' },
        ),
        lastSeq: Math.max(...req.mutations.map((m) => m.seq)),
        serverTime: '2026-11-24T09:05:00.000Z',
      },
    });
    renderIn(h, <UnresolvedN params={[]} />);
    expect(await screen.findByText('3 unresolved, 2 overdue; the school allows 1 school day.')).toBeTruthy();
    expect(rows().map((r) => cellsOf(r)[5])).toEqual(['Overdue: the deadline was Mon 16 Nov', 'Overdue: the deadline was Wed 11 Nov', 'No deadline: the calendar is not entered that far']);
    expect(cellsOf(rows()[1])[4]).toBe('Mrs Office (office)');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Change the 2 overdue to O' }));
    await user.click(screen.getByRole('button', { name: 'Yes, change 2 to O' }));
    await waitFor(() => expect(h.server.pushes).toHaveLength(1));
    // One push, one code.set per overdue N, nothing for the one without a deadline.
    expect(h.server.pushes[0].mutations.map((m) => [m.type, m.args])).toEqual([
      ['code.set', { pupilId: 'p1', date: '2026-11-09', session: 'AM', code: 'O', reason: 'No reason established' }],
      ['code.set', { pupilId: 'p2', date: '2026-11-10', session: 'PM', code: 'O', reason: 'No reason established' }],
    ]);
    expect((await screen.findByRole('status')).textContent).toBe('1 N changed to O.');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('1 change was not accepted');
    expect(alert.textContent).toContain('Ben Adams, Tue 10 Nov afternoon: This pupil was not on roll on 2026-11-10, so they have no register that day.');
    // Shown here, so not left in the outbox to be listed a second time.
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('leaves alone an N resolved by someone else between loading the list and confirming', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    let answer = body;
    h.server.onOther = () => ({ status: 200, body: answer });
    renderIn(h, <UnresolvedN params={[]} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Change the 2 overdue to O' }));
    // Meanwhile someone records Amy's absence as M: her N leaves the server's list.
    answer = { ...body, total: 2, overdue: 1, items: body.items.slice(1) };
    await user.click(screen.getByRole('button', { name: 'Yes, change 2 to O' }));
    await waitFor(() => expect(h.server.pushes).toHaveLength(1));
    expect(h.server.pushes[0].mutations.map((m) => (m.args as { pupilId: string }).pupilId)).toEqual(['p2']);
    expect((await screen.findByRole('status')).textContent).toBe('1 N changed to O. 1 was no longer N (resolved by someone else in the meantime) and was left as it is.');
  });

  it('asks before changing anything, and Cancel sends nothing', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    h.server.onOther = () => ({ status: 200, body });
    renderIn(h, <UnresolvedN params={[]} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Change the 2 overdue to O' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(h.server.pushes).toHaveLength(0);
    expect(await h.db.outbox.count()).toBe(0);
    expect(screen.getByRole('button', { name: 'Change the 2 overdue to O' })).toBeTruthy();
  });
});
