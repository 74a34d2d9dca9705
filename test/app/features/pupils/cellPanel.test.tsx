/**
 * The pupil register and cell panel with the server's answers faked (docs/office-api.md): the colours the
 * real-server test does not reach, and a change made while the server cannot be reached.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Pupils from '../../../../src/app/features/pupils/Pupils';
import { WAITING_MESSAGE } from '../../../../src/app/office/sendChange';
import type { HistoryResponse, PupilRegisterResponse } from '../../../../src/app/office/officeApi';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';

const summary = { from: '2026-09-01', to: '2026-11-24', possible: 100, present: 89, aea: 1, authorised: 6, unauthorised: 4, unrecognised: 0, attendancePercent: 90, absencePercent: 10, persistentAbsence: true, severeAbsence: false, unmarked: 0 };
const pupil: PupilRegisterResponse = {
  pupil: {
    id: 'p7',
    name: 'Noah Patel',
    firstName: 'Noah',
    lastName: 'Patel',
    preferredName: null,
    dateOfBirth: '2019-05-02',
    gender: 'M',
    group: { id: 'g2', name: 'Year 2 Rowan' },
    flags: { childProtection: true, lookedAfter: false, socialWorker: true, send: false },
    contacts: [{ name: 'Priya Patel', relationship: 'Mother', phone: '07700 900111', priority: 1 }],
    enrolments: [{ startDate: '2026-09-01', endDate: null }],
  },
  from: '2026-11-16',
  to: '2026-11-24',
  cells: [
    { date: '2026-11-16', session: 'AM', code: 'V', class: 'aea', source: 'office', markedBy: 'Mrs Begum' },
    { date: '2026-11-16', session: 'PM', code: 'Y2', class: 'not-possible', source: 'office', markedBy: 'Mrs Begum' },
    { date: '2026-11-17', session: 'AM', code: 'H', class: 'authorised', source: 'office', markedBy: null },
    { date: '2026-11-23', session: 'AM', code: '/', class: 'present', source: 'teacher', markedBy: 'Ms Patel' },
    { date: '2026-11-24', session: 'AM', code: 'N', class: 'unauthorised', source: 'teacher', markedBy: 'Ms Patel' },
  ],
  closedDays: [{ date: '2026-11-20', label: 'INSET day' }],
  summaries: { term: { ...summary, name: 'Autumn 2', from: '2026-11-02', attendancePercent: 89.97, persistentAbsence: true }, yearToDate: summary },
};
const history: HistoryResponse = {
  pupilId: 'p7',
  date: '2026-11-24',
  session: 'AM',
  entries: [
    { id: 'e1', source: 'teacher', code: 'N', oldCode: null, effectiveCode: 'N', reason: null, minutesLate: null, by: 'Ms Patel', role: 'teacher', deviceId: 'tablet-3', observedAt: '2026-11-24T08:51:10.000Z', receivedAt: '2026-11-24T08:51:12.000Z', timeQuality: 'good' },
  ],
};

/** Monday morning: the teacher saw Noah and marked him present. */
const presentHistory: HistoryResponse = {
  pupilId: 'p7',
  date: '2026-11-23',
  session: 'AM',
  entries: [{ ...history.entries[0], id: 'e0', code: '/', effectiveCode: '/', observedAt: '2026-11-23T08:52:00.000Z', receivedAt: '2026-11-23T08:52:02.000Z' }],
};

async function setup() {
  const h = await harness({ user: officeUser, changes: [] });
  h.server.onOther = (path) => {
    if (path.startsWith('/api/office/pupil/p7')) return { status: 200, body: pupil };
    if (path.startsWith('/api/office/history') && path.includes('date=2026-11-23')) return { status: 200, body: presentHistory };
    if (path.startsWith('/api/office/history')) return { status: 200, body: history };
    if (path.startsWith('/api/office/registers')) return { status: 200, body: { date: '2026-11-24', isSchoolDay: true, dayLabel: null, registers: [] } };
    return { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, <Pupils params={['p7']} />);
  await screen.findByRole('heading', { level: 1, name: 'Noah Patel' });
  return h;
}

describe('pupil register (answers faked)', () => {
  it('colours activities and sessions that do not count, and keeps a rounded-down percentage beside persistent absence', async () => {
    await setup();
    expect(screen.getByRole('button', { name: 'Monday 16 November 2026, morning: V, approved educational activity (counts as present)' }).className).toContain('cell-aea');
    const y2 = screen.getByRole('button', { name: /^Monday 16 November 2026, afternoon: Y2, not counted/ });
    expect([y2.className, y2.textContent]).toEqual([expect.stringContaining('cell-not-counted'), 'Y2']);
    // A retired code from old records keeps its class.
    expect(screen.getByRole('button', { name: 'Tuesday 17 November 2026, morning: H, authorised absence' }).textContent).toBe('H');
    const term = screen.getByRole('region', { name: 'This term (Autumn 2)' }).textContent!;
    expect(term).toContain('Attendance: 89.9%');
    expect(term).toContain('Persistent absence: absent from 10% or more of the possible sessions.');
    expect(term).not.toContain('Severe absence');
    expect(screen.getByRole('region', { name: 'This school year so far' }).textContent).toContain('Attendance: 90.0%');
    const details = screen.getByRole('region', { name: 'Details' }).textContent!;
    expect(details).toContain('Child protection');
    expect(details).toContain('Social worker');
    expect(details).not.toContain('Looked after');
  });

  it('shows a day the school was closed as closed, not as a register still to take', async () => {
    await setup();
    expect(screen.getByLabelText('Friday 20 November 2026, morning: INSET day, no register')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Friday 20 November 2026/ })).toBeNull();
    // An ordinary day with no code yet is still a cell to open.
    expect(screen.getByRole('button', { name: 'Thursday 19 November 2026, morning: no code yet' })).toBeTruthy();
    expect(screen.getByText(/School closed \(holiday, INSET day\): no register/)).toBeTruthy();
  });

  it('opens a cell with the keyboard, and keeps a change on this computer when the server cannot be reached', async () => {
    const h = await setup();
    h.server.onPush = () => 'network-error';
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Tuesday 24 November 2026, morning: N, unauthorised absence' }).focus();
    await user.keyboard('{Enter}');
    const panel = await screen.findByRole('region', { name: 'Noah Patel: morning, Tuesday 24 November 2026' });
    await waitFor(() => expect(within(panel).getAllByRole('listitem')).toHaveLength(1));
    expect(within(panel).getByRole('listitem').textContent).toContain('Observed24 Nov 2026, 08:51:10');
    // The afternoon symbol is not offered in the morning.
    expect(within(panel).getByRole('option', { name: /^\/: Present/ })).toBeTruthy();
    expect(within(panel).queryByRole('option', { name: /^\\:/ })).toBeNull();
    await user.selectOptions(within(panel).getByLabelText('New code'), 'I');
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    expect((await within(panel).findByRole('status')).textContent).toBe(WAITING_MESSAGE);
    const [entry] = await h.db.outbox.toArray();
    expect(entry).toMatchObject({ type: 'code.set', status: 'pending', cellKey: 'p7|2026-11-24|AM' });
    expect(entry.args).toEqual({ pupilId: 'p7', date: '2026-11-24', session: 'AM', code: 'I' });
  });

  it("asks for a reason before replacing a teacher's present mark, and sends nothing until there is one", async () => {
    const h = await setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Monday 23 November 2026, morning: /, present' }));
    const panel = await screen.findByRole('region', { name: 'Noah Patel: morning, Monday 23 November 2026' });
    await waitFor(() => expect(within(panel).getAllByRole('listitem')).toHaveLength(1));
    await user.selectOptions(within(panel).getByLabelText('New code'), 'M');
    expect(within(panel).getByLabelText('Reason (required)')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    expect(within(panel).getByText(/This cell has a present mark \(\/\): replacing it amends what was recorded when the pupil was seen\. Say why it is changing to M\./)).toBeTruthy();
    expect(await h.db.outbox.count()).toBe(0);
    await user.type(within(panel).getByLabelText('Reason (required)'), 'Left for the dentist before the register');
    h.server.onPush = () => 'network-error';
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    await within(panel).findByRole('status');
    const [entry] = await h.db.outbox.toArray();
    expect(entry.args).toEqual({ pupilId: 'p7', date: '2026-11-23', session: 'AM', code: 'M', reason: 'Left for the dentist before the register' });
  });
});
