import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import FirstDayResponse from '../../../../src/app/features/follow-up/FirstDayResponse';
import type { ContactLogEntry, FirstDayPupil, FirstDayResponse as FirstDayAnswer } from '../../../../src/app/office/officeApi';
import type { ContactRecordArgs } from '../../../../src/app/db/types';
import { harness, renderIn } from '../../render';
import { DEMO_NOW } from '../../helpers';
import { officeUser } from '../auth/appHarness';

const noFlags = { childProtection: false, lookedAfter: false, socialWorker: false, send: false };

function pupil(id: string, name: string, over: Partial<FirstDayPupil> = {}): FirstDayPupil {
  const [firstName, lastName] = name.split(' ');
  return {
    pupilId: id, name, firstName, lastName, groupId: 'g3', groupName: 'Year 3 Willow', sessions: ['AM'], flags: noFlags, vulnerable: false,
    contacts: [], contactLog: [], contacted: false, messageFromHome: false, ...over,
  };
}

/** A fake school server holding today's N list; a contact.record with a code replaces the N, as the real one does. */
function school(pupils: FirstDayPupil[]) {
  const state = { pupils, records: [] as ContactRecordArgs[], refuse: null as null | { code: string; message: string } };
  const answer = (): FirstDayAnswer => ({ date: '2026-11-24', isSchoolDay: true, dayLabel: null, pupils: state.pupils });
  return { state, answer };
}

async function setup(pupils: FirstDayPupil[]) {
  const h = await harness({ user: officeUser, changes: [] });
  const s = school(pupils);
  h.server.onOther = (path) => (path === '/api/office/first-day' ? { status: 200, body: s.answer() } : { status: 404, body: { code: 'not_found', message: '' } });
  h.server.onPush = (req) => {
    if (s.state.refuse) {
      const refuse = s.state.refuse;
      return { status: 200, body: { results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', ...refuse })), lastSeq: 1, serverTime: new Date(DEMO_NOW).toISOString() } };
    }
    for (const m of req.mutations) {
      if (m.type !== 'contact.record') continue;
      const args = m.args as ContactRecordArgs;
      s.state.records.push(args);
      const entry: ContactLogEntry = { id: args.id, method: args.method, outcome: args.outcome, code: args.code ?? null, sessions: args.code ? ['AM'] : null, by: 'Mrs Office', role: 'office', at: new Date(DEMO_NOW).toISOString() };
      s.state.pupils = s.state.pupils
        .filter((p) => !(p.pupilId === args.pupilId && args.code))
        .map((p) => (p.pupilId === args.pupilId ? { ...p, contactLog: [...p.contactLog, entry], contacted: true } : p));
    }
    return { status: 200, body: h.server.applyAll(req) };
  };
  renderIn(h, <FirstDayResponse params={[]} pollMs={60_000} />);
  await screen.findByText(/with N:/);
  return { h, ...s };
}

const cardNames = () => screen.getAllByRole('region').map((r) => within(r).getByRole('heading', { level: 2 }).textContent);
const card = (name: string) => screen.getByRole('region', { name });

const amy = pupil('p1', 'Amy Smith', {
  contacts: [
    { name: 'Jo Smith', relationship: 'Mother', phone: '07700 900110', priority: 1 },
    { name: 'Sam Smith', relationship: 'Father', phone: '07700 900111', priority: 2 },
  ],
});
const ben = pupil('p2', 'Ben Adams', {
  groupName: 'Year 5 Chestnut', sessions: ['AM', 'PM'], flags: { ...noFlags, socialWorker: true, send: true }, vulnerable: true,
  contactLog: [{ id: 'c0', method: 'phone', outcome: 'No answer', code: null, sessions: null, by: 'Mrs Begum', role: 'office', at: '2026-11-24T08:58:00.000Z' }],
  contacted: true,
});
const cara = pupil('p3', 'Cara Jones', { flags: { ...noFlags, childProtection: true }, vulnerable: true });


async function axeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('first-day calls', () => {
  it('lists vulnerable pupils first, child protection before social worker, with the flags in words', async () => {
    // Even an answer in name order is shown most vulnerable first.
    await setup([ben, amy, cara].sort((a, b) => a.lastName.localeCompare(b.lastName)));
    expect(cardNames()).toEqual(['Cara Jones', 'Ben Adams', 'Amy Smith']);
    expect(within(card('Cara Jones')).getByText('Child protection')).toBeTruthy();
    expect(within(card('Ben Adams')).getByText('Social worker')).toBeTruthy();
    expect(within(card('Ben Adams')).getByText('SEND')).toBeTruthy();
    expect(within(card('Amy Smith')).queryByText(/Vulnerable/)).toBeNull();
    expect(screen.getByText('3 pupils with N: 1 contacted, 2 not yet contacted.')).toBeTruthy();
  });

  it('breaks no accessibility rule jsdom can check, with a form problem showing', async () => {
    await setup([ben, amy]);
    await userEvent.setup().click(within(card('Amy Smith')).getByRole('button', { name: 'Record contact' }));
    expect(await axeViolations(document.body)).toEqual([]);
  });

  it('shows the class, sessions, family contacts as phone links, the contact so far and whether anyone was contacted', async () => {
    await setup([ben, amy]);
    const b = card('Ben Adams');
    expect(b.textContent).toContain('Year 5 Chestnut');
    expect(b.textContent).toContain('N: Morning and afternoon');
    expect(b.textContent).toContain('Contacted (1 attempt)');
    expect(b.textContent).toContain('08:58 · Phone call: No answer · Mrs Begum');
    const a = card('Amy Smith');
    expect(a.textContent).toContain('Not yet contacted');
    expect(a.textContent).toContain('Nothing recorded yet.');
    const mother = within(a).getByRole('link', { name: 'Call Jo Smith on 07700 900110' });
    expect(mother.getAttribute('href')).toBe('tel:07700900110');
    expect(mother.closest('li')!.textContent).toBe('Jo Smith (Mother): 07700 900110');
    expect(within(a).getByRole('link', { name: 'Call Sam Smith on 07700 900111' }).getAttribute('href')).toBe('tel:07700900111');
  });

  it('records a call with the outcome "Ill": sends contact.record with code I, and the pupil leaves the list', async () => {
    const { h, state } = await setup([ben, amy]);
    const user = userEvent.setup();
    const form = within(card('Amy Smith')).getByRole('form', { name: 'Record contact for Amy Smith' });
    await user.click(within(form).getByRole('button', { name: 'Ill → I' }));
    expect((within(form).getByLabelText('Outcome') as HTMLInputElement).value).toBe('Ill');
    expect((within(form).getByLabelText('Code to set (optional)') as HTMLSelectElement).value).toBe('I');
    await user.click(within(form).getByRole('button', { name: 'Record contact' }));

    expect((await screen.findByRole('status')).textContent).toBe('Recorded for Amy Smith: phone call, Ill. Code I set.');
    expect(h.server.pushes.flatMap((p) => p.mutations.map((m) => [m.type, m.args]))).toEqual([
      ['contact.record', { id: expect.stringMatching(/^[0-9a-f-]{36}$/), pupilId: 'p1', date: '2026-11-24', method: 'phone', outcome: 'Ill', code: 'I' }],
    ]);
    expect(state.records).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Amy Smith' })).toBeNull());
    expect(cardNames()).toEqual(['Ben Adams']);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('records "No answer" by text without a code: the N stays and the pupil shows as contacted', async () => {
    const { h } = await setup([amy]);
    const user = userEvent.setup();
    const form = within(card('Amy Smith')).getByRole('form');
    await user.selectOptions(within(form).getByLabelText('How'), 'text');
    await user.click(within(form).getByRole('button', { name: 'No answer (no code)' }));
    await user.click(within(form).getByRole('button', { name: 'Record contact' }));
    await waitFor(() => expect(card('Amy Smith').textContent).toContain('Contacted (1 attempt)'));
    expect(card('Amy Smith').textContent).toContain('09:05 · Text message: No answer · Mrs Office');
    const [m] = h.server.pushes.flatMap((p) => p.mutations);
    expect(m.args).toEqual({ id: expect.any(String), pupilId: 'p1', date: '2026-11-24', method: 'text', outcome: 'No answer' });
  });

  it('sets any other code from the code list, and needs an outcome first', async () => {
    const { h } = await setup([amy]);
    const user = userEvent.setup();
    const form = within(card('Amy Smith')).getByRole('form');
    await user.selectOptions(within(form).getByLabelText('Code to set (optional)'), 'C');
    await user.click(within(form).getByRole('button', { name: 'Record contact' }));
    expect(within(form).getByRole('alert').textContent).toContain('Say what happened');
    expect(h.server.pushes).toHaveLength(0);
    await user.type(within(form).getByLabelText('Outcome'), 'Family funeral, agreed by the head');
    await user.click(within(form).getByRole('button', { name: 'Record contact' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Amy Smith' })).toBeNull());
    expect(h.server.pushes.flatMap((p) => p.mutations)[0].args).toMatchObject({ outcome: 'Family funeral, agreed by the head', code: 'C' });
  });

  it("shows the server's message when it refuses, and keeps the pupil and the form", async () => {
    const { h, state } = await setup([amy]);
    state.refuse = { code: 'no_n_to_replace', message: 'Amy Smith has no N on 2026-11-24 to replace.' };
    const user = userEvent.setup();
    const form = within(card('Amy Smith')).getByRole('form');
    await user.click(within(form).getByRole('button', { name: 'Medical appointment → M' }));
    await user.click(within(form).getByRole('button', { name: 'Record contact' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not accepted: Amy Smith has no N on 2026-11-24 to replace.');
    expect(card('Amy Smith')).toBeTruthy();
    expect((within(form).getByLabelText('Outcome') as HTMLInputElement).value).toBe('Medical appointment');
    // Shown here, so not listed a second time in the top bar.
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('says when the change is kept on this computer because the server cannot be reached', async () => {
    const { h } = await setup([amy]);
    h.server.onPush = () => 'network-error';
    const user = userEvent.setup();
    const form = within(card('Amy Smith')).getByRole('form');
    await user.click(within(form).getByRole('button', { name: 'Ill → I' }));
    await user.click(within(form).getByRole('button', { name: 'Record contact' }));
    expect((await screen.findByRole('status')).textContent).toContain('Saved on this computer');
    expect(await h.db.outbox.count()).toBe(1);
  });
});
