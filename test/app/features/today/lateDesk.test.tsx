import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import LateDesk from '../../../../src/app/features/today/LateDesk';
import type { LateProposal, OnSiteResponse } from '../../../../src/app/office/officeApi';
import type { OfficePupilMark, OfficeRegistersResponse } from '../../../../src/app/sync/api';
import type { SiteLogArgs } from '../../../../src/app/db/types';
import { harness, renderIn } from '../../render';
import { DEMO_NOW } from '../../helpers';
import { officeUser } from '../auth/appHarness';

const mark = (pupilId: string, name: string, code: string | null, source: 'teacher' | 'office' | null = code ? 'teacher' : null): OfficePupilMark => ({
  pupilId, name, code, source, markedBy: code ? 'Mr Okafor' : null, markedAt: code ? '2026-11-24T08:55:00Z' : null, receivedAt: code ? '2026-11-24T08:55:01Z' : null,
});

/** Today's registers: each pupil appears once per session, as the server lists them. */
function registers(): OfficeRegistersResponse {
  const reg = (groupId: string, groupName: string, session: 'AM' | 'PM', pupils: OfficePupilMark[]) => ({
    groupId, groupName, session, opensAt: session === 'AM' ? '08:50' : '13:15', takenBy: ['Mr Okafor'], coveredBy: [],
    total: pupils.length, marked: pupils.filter((p) => p.code).length, present: 0, absent: 0, pupils,
  });
  return {
    date: '2026-11-24', isSchoolDay: true, dayLabel: null,
    registers: [
      reg('g2', 'Year 2 Rowan', 'AM', [mark('p2', 'Ben Adams', 'N'), mark('p1', 'Amy Smith', 'N'), mark('p4', 'Amir Smithson', '/')]),
      reg('g2', 'Year 2 Rowan', 'PM', [mark('p2', 'Ben Adams', null), mark('p1', 'Amy Smith', null), mark('p4', 'Amir Smithson', null)]),
      reg('g5', 'Year 5 Chestnut', 'AM', [mark('p3', 'Cara Jones', 'M', 'office')]),
      reg('g5', 'Year 5 Chestnut', 'PM', [mark('p3', 'Cara Jones', null)]),
    ],
  };
}

const CURRENT: Record<string, string | null> = { p1: 'N', p2: 'N', p3: 'M', p4: '/' };
const OPENS = { AM: Date.parse('2026-11-24T08:50:00Z'), PM: Date.parse('2026-11-24T13:15:00Z') };

/** The server's proposal (src/domain/lates.ts): minutes from the opening, L before the 30-minute window closes. */
function proposal(q: URLSearchParams): LateProposal {
  const session = q.get('session') as 'AM' | 'PM';
  const arrivedAt = q.get('arrivedAt')!;
  const minutesLate = Math.max(0, Math.floor((Date.parse(arrivedAt) - OPENS[session]) / 60_000));
  const code = minutesLate < 30 ? 'L' : 'U';
  const registerClosedAt = session === 'AM' ? '09:20' : '13:45';
  return {
    pupilId: q.get('pupilId')!, date: q.get('date')!, session, arrivedAt, code, minutesLate, registerClosedAt, currentCode: CURRENT[q.get('pupilId')!],
    description: `Arrived ${minutesLate} minutes late, ${code === 'L' ? 'before' : 'after'} the register closed at ${registerClosedAt}: ${code}`,
  };
}

const NAMES: Record<string, [string, string, string]> = { p1: ['Amy Smith', 'g2', 'Year 2 Rowan'], p3: ['Cara Jones', 'g5', 'Year 5 Chestnut'] };

async function setup(opts: { now?: number } = {}) {
  const h = await harness({ user: officeUser, changes: [], now: opts.now });
  const asked: string[] = [];
  const state = { signedOut: [] as OnSiteResponse['signedOut'], refuse: null as null | { code: string; message: string } };
  h.server.onOther = (path) => {
    asked.push(path);
    const [base, query] = path.split('?');
    if (base === '/api/office/registers') return { status: 200, body: registers() };
    if (base === '/api/office/late-proposal') return { status: 200, body: proposal(new URLSearchParams(query)) };
    if (base === '/api/office/on-site') {
      const body: OnSiteResponse = { date: '2026-11-24', at: new Date(DEMO_NOW).toISOString(), isSchoolDay: true, dayLabel: null, currentSession: 'AM', total: 0, unaccountedTotal: 0, groups: [], signedOut: state.signedOut };
      return { status: 200, body };
    }
    return { status: 404, body: { code: 'not_found', message: '' } };
  };
  h.server.onPush = (req) => {
    if (state.refuse) {
      const refuse = state.refuse;
      return { status: 200, body: { results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', ...refuse })), lastSeq: 1, serverTime: new Date(DEMO_NOW).toISOString() } };
    }
    for (const m of req.mutations) {
      const a = m.args as SiteLogArgs;
      if (m.type === 'pupil.signout') {
        const [name, groupId, groupName] = NAMES[a.pupilId];
        state.signedOut = [...state.signedOut, { pupilId: a.pupilId, name, groupId, groupName, at: a.at!, reason: a.reason ?? null }];
      }
      if (m.type === 'pupil.signin') state.signedOut = state.signedOut.filter((s) => s.pupilId !== a.pupilId);
    }
    return { status: 200, body: h.server.applyAll(req) };
  };
  renderIn(h, <LateDesk params={[]} pollMs={60_000} />);
  const late = screen.getByRole('region', { name: 'Late arrival' });
  const book = screen.getByRole('region', { name: 'Signing-out book' });
  return { h, asked, state, late, book };
}

async function choosePupil(user: ReturnType<typeof userEvent.setup>, where: HTMLElement, label: string, typed: string, button: string) {
  await user.type(within(where).getByLabelText(label), typed);
  await user.click(await within(where).findByRole('button', { name: button }));
}

const mutations = (h: Awaited<ReturnType<typeof setup>>['h']) => h.server.pushes.flatMap((p) => p.mutations.map((m) => [m.type, m.args]));


async function axeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the late desk', () => {
  it('finds a pupil by name among today’s pupils, each listed once', async () => {
    const { late } = await setup();
    const user = userEvent.setup();
    await user.type(within(late).getByLabelText('Pupil who arrived late'), 'smi');
    await within(late).findByRole('button', { name: 'Amy Smith, Year 2 Rowan' });
    expect(within(late).getAllByRole('button', { name: /, Year/ }).map((b) => b.textContent)).toEqual(['Amy Smith, Year 2 Rowan', 'Amir Smithson, Year 2 Rowan']);
    await user.clear(within(late).getByLabelText('Pupil who arrived late'));
    await user.type(within(late).getByLabelText('Pupil who arrived late'), 'am smith');
    expect(within(late).getAllByRole('button', { name: /, Year/ }).map((b) => b.textContent)).toEqual(['Amy Smith, Year 2 Rowan', 'Amir Smithson, Year 2 Rowan']);
    await user.clear(within(late).getByLabelText('Pupil who arrived late'));
    await user.type(within(late).getByLabelText('Pupil who arrived late'), 'zzz');
    expect(within(late).getByText('No pupil on roll today matches that name.')).toBeTruthy();
  });

  it('proposes L with the minutes late from the server, and records it with code.set and minutesLate', async () => {
    const { h, asked, late } = await setup();
    const user = userEvent.setup();
    await choosePupil(user, late, 'Pupil who arrived late', 'amy', 'Amy Smith, Year 2 Rowan');
    expect((within(late).getByLabelText('Arrived at') as HTMLInputElement).value).toBe('09:05'); // now, by the school's clock
    expect((within(late).getByRole('radio', { name: 'Morning' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.change(within(late).getByLabelText('Arrived at'), { target: { value: '09:02' } });
    await user.click(within(late).getByRole('button', { name: 'Work out the code' }));

    expect((await within(late).findByRole('status')).textContent).toBe('Arrived 12 minutes late, before the register closed at 09:20: L');
    expect(asked).toContain('/api/office/late-proposal?pupilId=p1&date=2026-11-24&session=AM&arrivedAt=2026-11-24T09%3A02%3A00.000Z');
    expect(within(late).getByText(/^The register has/).textContent).toMatch(/^The register has N \(.+\) for Amy Smith this morning now\.$/);
    expect(within(late).getByLabelText('Reason (optional)')).toBeTruthy();
    await user.click(within(late).getByRole('button', { name: 'Record L for Amy Smith' }));

    await waitFor(() => expect(within(late).getByRole('status').textContent).toBe('Recorded: Amy Smith, morning: L, 12 minutes late.'));
    expect(mutations(h)).toEqual([['code.set', { pupilId: 'p1', date: '2026-11-24', session: 'AM', code: 'L', minutesLate: 12 }]]);
    // Ready for the next pupil.
    expect(within(late).getByLabelText('Pupil who arrived late')).toBeTruthy();
  });

  it('records a better code instead (M after an appointment), without minutes late', async () => {
    const { h, late } = await setup();
    const user = userEvent.setup();
    await choosePupil(user, late, 'Pupil who arrived late', 'ben', 'Ben Adams, Year 2 Rowan');
    await user.click(within(late).getByRole('button', { name: 'Work out the code' }));
    await within(late).findByText('Arrived 15 minutes late, before the register closed at 09:20: L');
    await user.click(within(late).getByRole('radio', { name: /A better code/ }));
    await user.selectOptions(within(late).getByLabelText('Other code'), 'M');
    await user.type(within(late).getByLabelText('Reason (optional)'), 'Dentist, letter seen');
    await user.click(within(late).getByRole('button', { name: 'Record M for Ben Adams' }));
    await waitFor(() => expect(within(late).getByRole('status').textContent).toBe('Recorded: Ben Adams, morning: M.'));
    expect(mutations(h)).toEqual([['code.set', { pupilId: 'p2', date: '2026-11-24', session: 'AM', code: 'M', reason: 'Dentist, letter seen' }]]);
  });

  it("asks for a reason when the register already holds an office code, and shows the server's refusal as it is", async () => {
    const { h, state, late } = await setup();
    const user = userEvent.setup();
    await choosePupil(user, late, 'Pupil who arrived late', 'cara', 'Cara Jones, Year 5 Chestnut');
    await user.click(within(late).getByRole('button', { name: 'Work out the code' }));
    await within(late).findByText('Arrived 15 minutes late, before the register closed at 09:20: L');
    const reason = within(late).getByLabelText('Reason (needed: this changes the office’s M)');
    await user.click(within(late).getByRole('button', { name: 'Record L for Cara Jones' }));
    expect(within(late).getByRole('alert').textContent).toBe('Say why the M in the register is changing to L.');
    expect(h.server.pushes).toHaveLength(0);

    state.refuse = { code: 'reason_required', message: 'This cell already has M, set by the office. Say why it is changing to L.' };
    await user.type(reason, 'Appointment cancelled');
    await user.click(within(late).getByRole('button', { name: 'Record L for Cara Jones' }));
    await waitFor(() => expect(within(late).getByRole('alert').textContent).toBe('Not accepted: This cell already has M, set by the office. Say why it is changing to L.'));
    expect(mutations(h)).toEqual([['code.set', { pupilId: 'p3', date: '2026-11-24', session: 'AM', code: 'L', minutesLate: 15, reason: 'Appointment cancelled' }]]);
    // The form stays, so the office can correct it.
    expect(within(late).getByRole('button', { name: 'Record L for Cara Jones' })).toBeTruthy();
  });

  it("asks for a reason before a late replaces the teacher's present mark, and sends it with the code", async () => {
    const { h, late } = await setup();
    const user = userEvent.setup();
    await choosePupil(user, late, 'Pupil who arrived late', 'amir', 'Amir Smithson, Year 2 Rowan');
    await user.click(within(late).getByRole('button', { name: 'Work out the code' }));
    await within(late).findByText('Arrived 15 minutes late, before the register closed at 09:20: L');
    const reason = within(late).getByLabelText('Reason (needed: this replaces the present mark /)');
    await user.click(within(late).getByRole('button', { name: 'Record L for Amir Smithson' }));
    expect(within(late).getByRole('alert').textContent).toBe('Say why the / in the register is changing to L.');
    expect(h.server.pushes).toHaveLength(0);
    await user.type(reason, 'Signed the late book at 09:05');
    await user.click(within(late).getByRole('button', { name: 'Record L for Amir Smithson' }));
    await waitFor(() => expect(mutations(h)).toEqual([['code.set', { pupilId: 'p4', date: '2026-11-24', session: 'AM', code: 'L', minutesLate: 15, reason: 'Signed the late book at 09:05' }]]));
  });

  it('breaks no accessibility rule jsdom can check, with a proposal and someone signed out', async () => {
    const { late, book, state } = await setup();
    state.signedOut = [{ pupilId: 'p3', name: 'Cara Jones', groupId: 'g5', groupName: 'Year 5 Chestnut', at: '2026-11-24T08:40:00.000Z', reason: 'Dentist' }];
    const user = userEvent.setup();
    await choosePupil(user, late, 'Pupil who arrived late', 'cara', 'Cara Jones, Year 5 Chestnut');
    await user.click(within(late).getByRole('button', { name: 'Work out the code' }));
    await within(late).findByText(/^Arrived 15 minutes late/);
    await user.click(within(late).getByRole('radio', { name: /A better code/ }));
    await user.type(within(book).getByLabelText('Pupil'), 'a');
    await user.click(within(book).getByRole('button', { name: 'Sign out' }));
    expect(await axeViolations(document.body)).toEqual([]);
  });

  it('defaults to the afternoon once the afternoon register has opened', async () => {
    const { late } = await setup({ now: Date.parse('2026-11-24T13:31:00Z') });
    const user = userEvent.setup();
    await choosePupil(user, late, 'Pupil who arrived late', 'amy', 'Amy Smith, Year 2 Rowan');
    expect((within(late).getByLabelText('Arrived at') as HTMLInputElement).value).toBe('13:31');
    expect((within(late).getByRole('radio', { name: 'Afternoon' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.change(within(late).getByLabelText('Arrived at'), { target: { value: '11:40' } });
    expect((within(late).getByRole('radio', { name: 'Morning' }) as HTMLInputElement).checked).toBe(true);
  });
});

describe('the signing-out book', () => {
  it('signs a pupil out with a reason at the time now, lists them, and signs them back in', async () => {
    const { h, book } = await setup();
    const user = userEvent.setup();
    await within(book).findByText('Nobody is signed out.');
    await choosePupil(user, book, 'Pupil', 'amy', 'Amy Smith, Year 2 Rowan');
    await user.type(within(book).getByLabelText(/^Reason/), 'Dentist');
    await user.click(within(book).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(within(book).getByRole('status').textContent).toBe('Amy Smith signed out at 09:05 (Dentist).'));
    expect(mutations(h)).toEqual([['pupil.signout', { id: expect.stringMatching(/^[0-9a-f-]{36}$/), pupilId: 'p1', at: '2026-11-24T09:05:00.000Z', reason: 'Dentist' }]]);
    const row = await within(book).findByRole('row', { name: /Amy Smith/ });
    expect([...row.querySelectorAll('th, td')].map((c) => c.textContent).slice(0, 4)).toEqual(['Amy Smith', 'Year 2 Rowan', '09:05', 'Dentist']);

    await user.click(within(row).getByRole('button', { name: 'Sign back in now: Amy Smith' }));
    await waitFor(() => expect(within(book).getByRole('status').textContent).toBe('Amy Smith signed in at 09:05.'));
    expect(mutations(h)[1]).toEqual(['pupil.signin', { id: expect.stringMatching(/^[0-9a-f-]{36}$/), pupilId: 'p1', at: '2026-11-24T09:05:00.000Z' }]);
    await within(book).findByText('Nobody is signed out.');
  });

  it('signs a pupil in at a time typed at the desk (back from an appointment), and refuses a time still to come', async () => {
    const { h, book } = await setup();
    const user = userEvent.setup();
    await choosePupil(user, book, 'Pupil', 'cara', 'Cara Jones, Year 5 Chestnut');
    fireEvent.change(within(book).getByLabelText('Time'), { target: { value: '09:40' } });
    await user.click(within(book).getByRole('button', { name: 'Sign in' }));
    expect(within(book).getByRole('alert').textContent).toBe('That time has not come yet. Check the time.');
    expect(h.server.pushes).toHaveLength(0);
    fireEvent.change(within(book).getByLabelText('Time'), { target: { value: '08:58' } });
    await user.click(within(book).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(within(book).getByRole('status').textContent).toBe('Cara Jones signed in at 08:58.'));
    expect(mutations(h)).toEqual([['pupil.signin', { id: expect.any(String), pupilId: 'p3', at: '2026-11-24T08:58:00.000Z' }]]);
  });
});
