import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import OfficeCovers from '../../../../src/app/features/today/OfficeCovers';
import type { Cover } from '../../../../src/app/sync/api';
import { harness, renderIn, type Harness } from '../../render';
import { DEMO_NOW, freshDb } from '../../helpers';
import { officeUser, schoolServer, signIn, startApp } from '../auth/appHarness';

const staff = [
  { id: 'u-ta', username: 'ta1', displayName: 'Mrs Ahmed', role: 'ta' },
  { id: 'u-t2', username: 'teacher2', displayName: 'Mr Green', role: 'teacher' },
  { id: 'u-office', username: 'office', displayName: 'Mrs Office', role: 'office' },
];
const groups = [
  { id: 'g1', name: 'Class 3B', yearGroup: 3 },
  { id: 'g2', name: 'Class 4A', yearGroup: 4 },
];
const existing: Cover = { id: 'c-1', staffId: 'u-t2', staffName: 'Mr Green', groupId: 'g2', groupName: 'Class 4A', startDate: '2026-11-26', endDate: '2026-11-27', sessions: ['AM'] };

/** The office's lists; `covers` is what the server holds (a test changes it as pushes are applied). */
function officeRoutes(state: { covers: Cover[]; asked: string[] }) {
  return (path: string) => {
    state.asked.push(path);
    if (path === '/api/office/staff') return { status: 200, body: { staff } };
    if (path === '/api/office/groups') return { status: 200, body: { groups } };
    if (path.startsWith('/api/office/covers')) return { status: 200, body: { covers: state.covers } };
    return undefined;
  };
}

async function setup() {
  const h = await harness({ user: officeUser, changes: [] });
  const state = { covers: [existing], asked: [] as string[] };
  const route = officeRoutes(state);
  h.server.onOther = (path) => route(path) ?? { status: 404, body: { code: 'not_found', message: '' } };
  renderIn(h, <OfficeCovers pollMs={60_000} />);
  await screen.findByRole('cell', { name: 'Mr Green' });
  return { h, state };
}

const rowTexts = () => within(screen.getByRole('table')).getAllByRole('row').slice(1).map((r) => r.textContent);

async function fillForm(user: ReturnType<typeof userEvent.setup>, opts: { staff: string; group: string; from: string; to: string; morning?: boolean }) {
  await user.selectOptions(screen.getByLabelText('Who covers'), opts.staff);
  await user.selectOptions(screen.getByLabelText('Class'), opts.group);
  fireEvent.change(screen.getByLabelText('First day'), { target: { value: opts.from } });
  fireEvent.change(screen.getByLabelText('Last day'), { target: { value: opts.to } });
  if (opts.morning === false) await user.click(screen.getByRole('checkbox', { name: 'Morning' }));
}

const pending = (h: Harness) => h.db.outbox.toArray();

describe('office covers', () => {
  it('lists the covers for the coming fortnight', async () => {
    const { state } = await setup();
    expect(state.asked).toContain('/api/office/covers?from=2026-11-24&to=2026-12-07');
    expect(rowTexts()).toEqual(['Mr GreenClass 4AThu 26 Nov to Fri 27 NovMorningRemove']);
    expect(screen.getByRole('button', { name: 'Remove cover: Mr Green, Class 4A, Thu 26 Nov to Fri 27 Nov' })).toBeTruthy();
  });

  it('adds a cover through the outbox, shows it as waiting, and lists it from the server once sent', async () => {
    const { h, state } = await setup();
    const user = userEvent.setup();
    await fillForm(user, { staff: 'Mrs Ahmed', group: 'Class 3B', from: '2026-11-24', to: '2026-11-25', morning: false });
    await user.click(screen.getByRole('button', { name: 'Add cover' }));
    await waitFor(async () => expect(await pending(h)).toHaveLength(1));
    const [entry] = await pending(h);
    expect(entry).toMatchObject({ type: 'cover.add', status: 'pending', userId: 'u-office' });
    expect(entry.args).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), staffId: 'u-ta', groupId: 'g1', startDate: '2026-11-24', endDate: '2026-11-25', sessions: ['PM'] });
    expect(entry.observedAt).toBe(new Date(DEMO_NOW).toISOString());
    expect(screen.getByText('Cover added: Mrs Ahmed for Class 3B, Tue 24 Nov to Wed 25 Nov, afternoon.')).toBeTruthy();
    await waitFor(() => expect(rowTexts()[0]).toBe('Mrs AhmedClass 3BTue 24 Nov to Wed 25 NovAfternoonWaiting to be sent Remove'));

    // The push delivers it; the server now lists it, and the screen reads the list again.
    const args = entry.args as { id: string };
    state.covers = [{ ...(entry.args as Omit<Cover, 'staffName' | 'groupName'>), staffName: 'Mrs Ahmed', groupName: 'Class 3B' }, existing];
    await act(() => h.engine.push());
    expect(h.server.pushes.at(-1)!.mutations.map((m) => [m.type, (m.args as { id: string }).id])).toEqual([['cover.add', args.id]]);
    await waitFor(() => expect(rowTexts()[0]).toBe('Mrs AhmedClass 3BTue 24 Nov to Wed 25 NovAfternoonRemove'));
  });

  it('says what is missing or wrong in the form, and records nothing', async () => {
    const { h } = await setup();
    const user = userEvent.setup();
    fireEvent.change(screen.getByLabelText('Last day'), { target: { value: '2026-11-20' } });
    await user.click(screen.getByRole('checkbox', { name: 'Morning' }));
    await user.click(screen.getByRole('checkbox', { name: 'Afternoon' }));
    await user.click(screen.getByRole('button', { name: 'Add cover' }));
    expect(screen.getByText('Choose who covers.')).toBeTruthy();
    expect(screen.getByText('Choose the class.')).toBeTruthy();
    expect(screen.getByText('The last day cannot be before the first day.')).toBeTruthy();
    expect(screen.getByText('Choose the morning, the afternoon or both.')).toBeTruthy();
    expect(screen.getByLabelText('Who covers').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Who covers').getAttribute('aria-describedby')).toBe('cover-staffId-problem');
    expect(await pending(h)).toHaveLength(0);
  });

  it('removes a cover through the outbox and shows the removal as waiting', async () => {
    const { h } = await setup();
    await userEvent.setup().click(screen.getByRole('button', { name: /Remove cover: Mr Green/ }));
    await waitFor(() => expect(rowTexts()[0]).toContain('Removal waiting to be sent'));
    expect((await pending(h)).map((e) => [e.type, e.args])).toEqual([['cover.remove', { id: 'c-1' }]]);
  });

  it('shows a change the server refused, with its reason, until dismissed', async () => {
    const { h } = await setup();
    await act(() => h.engine.enqueue('cover.add', { id: 'c-9', staffId: 'u-ta', groupId: 'g2', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['AM'] }));
    h.server.onPush = (req) => ({
      status: 200,
      body: {
        results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', code: 'cover_overlaps', message: 'Mrs Ahmed already covers Class 3B then.' })),
        lastSeq: 1,
        serverTime: new Date(DEMO_NOW).toISOString(),
      },
    });
    await act(() => h.engine.push());
    const section = await screen.findByRole('region', { name: "Not accepted by the school's server" });
    expect(section.textContent).toContain('Cover by Mrs Ahmed for Class 4A, Tue 24 Nov: Mrs Ahmed already covers Class 3B then.');
    await userEvent.setup().click(within(section).getByRole('button', { name: /Dismiss/ }));
    await waitFor(() => expect(screen.queryByRole('region', { name: "Not accepted by the school's server" })).toBeNull());
    expect(await pending(h)).toHaveLength(0);
  });
});

describe('office navigation and sync', () => {
  it('moves between the registers and Cover in the office menu, and the office’s engine pushes its changes without pulling', async () => {
    const db = freshDb();
    const s = schoolServer();
    const state = { covers: [] as Cover[], asked: [] as string[] };
    const route = officeRoutes(state);
    s.routes.other = (path) => (path.startsWith('/api/office/registers') ? { status: 200, body: { date: '2026-11-24', isSchoolDay: true, dayLabel: null, registers: [] } } : route(path));
    startApp(db, s);
    await signIn('office');
    await screen.findByRole('heading', { level: 1, name: /Today's registers/ });
    const main = screen.getByRole('navigation', { name: 'Main' });
    expect(within(main).getByRole('link', { name: 'Office' }).getAttribute('aria-current')).toBe('page');
    const nav = screen.getByRole('navigation', { name: 'Office' });
    expect(within(nav).getByRole('link', { name: 'Registers today' }).getAttribute('aria-current')).toBe('page');
    const user = userEvent.setup();
    await user.click(within(nav).getByRole('link', { name: 'Cover' }));
    await screen.findByRole('heading', { level: 1, name: 'Cover' });
    expect(within(nav).getByRole('link', { name: 'Cover' }).getAttribute('aria-current')).toBe('page');

    await screen.findByRole('option', { name: 'Mrs Ahmed' });
    await fillForm(user, { staff: 'Mrs Ahmed', group: 'Class 3B', from: '2026-11-24', to: '2026-11-24' });
    await user.click(screen.getByRole('button', { name: 'Add cover' }));
    await waitFor(() => expect(s.server.pushes.flatMap((p) => p.mutations.map((m) => m.type))).toContain('cover.add'), { timeout: 3000 });
    await waitFor(async () => expect(await db.outbox.count()).toBe(0));
    expect(s.server.pulls).toHaveLength(0);

    await user.click(within(nav).getByRole('link', { name: 'Registers today' }));
    await screen.findByRole('heading', { level: 1, name: /Today's registers/ });
  });
});
