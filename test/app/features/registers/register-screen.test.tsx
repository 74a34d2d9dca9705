import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisterScreen } from '../../../../src/app/features/registers/RegisterScreen';
import { harness, renderIn } from '../../render';
import { pupil, snapshotChanges } from '../../helpers';
import { cell, TODAY } from './fixtures';

const counts = () => document.querySelector('.counts')!.textContent;
const row = (name: string) => screen.getByRole('group', { name });
const button = (name: string, mark: 'Present' | 'Absent') => within(row(name)).getByRole('button', { name: mark });
const names = () => screen.getAllByRole('group').map((g) => g.getAttribute('aria-label'));
const storedCode = async (h: Awaited<ReturnType<typeof harness>>, pupilId: string, session = 'AM') =>
  (await h.db.cells.get(`${pupilId}|${TODAY}|${session}`))?.code;

beforeEach(() => window.localStorage.clear());

describe('taking a register', () => {
  it('marks present and absent with one tap each, shows the counts, and saves every mark with its outbox entry', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    expect(counts()).toBe('Present: 0 Absent: 0 Not marked: 3');

    await user.click(button('Amy Smith', 'Present'));
    expect(button('Amy Smith', 'Present').getAttribute('aria-pressed')).toBe('true');
    expect(button('Amy Smith', 'Present').textContent).toContain('/');
    await user.click(button('Ben Adams', 'Absent'));
    expect(button('Ben Adams', 'Absent').getAttribute('aria-pressed')).toBe('true');
    expect(counts()).toBe('Present: 1 Absent: 1 Not marked: 1');

    await waitFor(async () => expect(await h.db.outbox.count()).toBe(2));
    expect(await storedCode(h, 'p1')).toBe('/');
    expect(await storedCode(h, 'p2')).toBe('N');
    const entries = await h.db.outbox.toArray();
    expect(entries.map((e) => [e.type, e.args])).toEqual([
      ['mark.set', { pupilId: 'p1', date: TODAY, session: 'AM', mark: '/' }],
      ['mark.set', { pupilId: 'p2', date: TODAY, session: 'AM', mark: 'N' }],
    ]);
  });

  it('shows and stores present as \\ on the afternoon register', async () => {
    const h = await harness({ now: Date.parse('2026-11-24T13:20:00Z') });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="PM" />);
    await screen.findAllByRole('group');
    for (const g of screen.getAllByRole('group')) expect(within(g).getByRole('button', { name: 'Present' }).textContent).toBe('\\ Present');
    await user.click(button('Chloe Brown', 'Present'));
    await waitFor(async () => expect(await storedCode(h, 'p3', 'PM')).toBe('\\'));
    expect((await h.db.outbox.toArray())[0].args).toMatchObject({ mark: '\\' });
  });

  it('offers nothing but present and absent: typing does not enter a code', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    for (const g of await screen.findAllByRole('group')) {
      expect(within(g).getAllByRole('button').map((b) => b.textContent)).toEqual(['/ Present', 'N Absent']);
    }
    // The only place to type is the pupil finder.
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
    expect(screen.queryAllByRole('combobox')).toHaveLength(0);
    expect(screen.getAllByRole('searchbox')).toEqual([screen.getByLabelText('Find a pupil')]);

    button('Amy Smith', 'Present').focus();
    await user.keyboard('L');
    await user.keyboard('M');
    await user.type(screen.getByLabelText('Find a pupil'), 'L');
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.db.outbox.count()).toBe(0);
    expect(await h.db.cells.count()).toBe(0);
  });

  it('works with the keyboard alone: Tab to a button, Enter or Space marks', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    const tabTo = async (target: HTMLElement) => {
      for (let i = 0; i < 30 && document.activeElement !== target; i++) await user.tab();
      expect(document.activeElement).toBe(target);
    };
    await tabTo(button('Ben Adams', 'Present'));
    await user.keyboard('{Enter}');
    await tabTo(button('Chloe Brown', 'Absent'));
    await user.keyboard(' ');
    expect(button('Ben Adams', 'Present').getAttribute('aria-pressed')).toBe('true');
    expect(button('Chloe Brown', 'Absent').getAttribute('aria-pressed')).toBe('true');
    await waitFor(async () => expect(await storedCode(h, 'p3')).toBe('N'));
    expect(await storedCode(h, 'p2')).toBe('/');
  });

  it('shows the preferred name with the legal name beside it, and initials', async () => {
    const h = await harness();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    const ben = (await screen.findByRole('group', { name: 'Ben Adams' })).closest('li')!;
    expect(ben.querySelector('.legal-name')!.textContent).toBe('(Benjamin Adams)');
    expect(ben.querySelector('.pupil-avatar')!.textContent).toBe('BA');
    expect(row('Amy Smith').closest('li')!.querySelector('.legal-name')).toBeNull();
  });

  it('finds a pupil by any part of their name, ignoring case and accents', async () => {
    const h = await harness({
      changes: snapshotChanges([{ entity: 'pupil', op: 'put', key: 'p4', value: pupil('p4', 'Zoë', 'Ndiaye') }]),
    });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    const find = screen.getByLabelText('Find a pupil');
    await user.type(find, 'ben');
    expect(names()).toEqual(['Ben Adams']);
    await user.clear(find);
    await user.type(find, 'zoe');
    expect(names()).toEqual(['Zoë Ndiaye']);
    await user.clear(find);
    await user.type(find, 'xyz');
    expect(screen.queryAllByRole('group')).toHaveLength(0);
    expect(screen.getByText(/No pupil in this register matches/).textContent).toBe('No pupil in this register matches “xyz”.');
    // The counts stay those of the whole register.
    expect(counts()).toBe('Present: 0 Absent: 0 Not marked: 4');
    await user.clear(find);
    expect(names()).toHaveLength(4);
  });

  it('sorts by surname, or by first name when asked, and remembers the choice', async () => {
    const h = await harness();
    const user = userEvent.setup();
    const first = renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    expect(names()).toEqual(['Ben Adams', 'Chloe Brown', 'Amy Smith']);
    const toggle = screen.getByRole('button', { name: 'Sort by first name' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await user.click(toggle);
    expect(names()).toEqual(['Amy Smith', 'Ben Adams', 'Chloe Brown']);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');

    first.unmount();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="PM" />);
    await screen.findAllByRole('group');
    expect(names()).toEqual(['Amy Smith', 'Ben Adams', 'Chloe Brown']);
    await user.click(screen.getByRole('button', { name: 'Sort by first name' }));
    expect(names()).toEqual(['Ben Adams', 'Chloe Brown', 'Amy Smith']);
  });

  it('notes a possible late arrival when N changes to present after the register opened', async () => {
    const h = await harness({ changes: snapshotChanges([cell('p1', 'N')]) });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    const note = 'Arrived late? The office will record the late arrival.';
    expect(screen.queryByText(note)).toBeNull();
    await user.click(button('Amy Smith', 'Present'));
    expect(within(row('Amy Smith').closest('li')!).getByText(note)).toBeTruthy();
    // Present for a pupil who was not marked absent is not a late arrival.
    await user.click(button('Ben Adams', 'Present'));
    expect(screen.getAllByText(note)).toHaveLength(1);
    // Back to absent: no note.
    await user.click(button('Amy Smith', 'Absent'));
    expect(screen.queryByText(note)).toBeNull();
    await waitFor(async () => expect(await storedCode(h, 'p1')).toBe('N'));
  });

  it('does not note a late arrival for a change made before the register opened', async () => {
    // 08:00: the register opens at 08:45 and may be taken from 07:45.
    const h = await harness({ now: Date.parse('2026-11-24T08:00:00Z'), changes: snapshotChanges([cell('p1', 'N')]) });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    await user.click(button('Amy Smith', 'Present'));
    expect(button('Amy Smith', 'Present').getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByText(/Arrived late\?/)).toBeNull();
  });

  it('says when the register closes, and after that that marks are still recorded and the office is told', async () => {
    // The register opens at 08:45 for 30 minutes: it closes at 09:15.
    const open = await harness();
    const first = renderIn(open, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    expect(document.querySelector('.register-summary')!.textContent).toContain('Register closes at 09:15.');
    expect(screen.queryByText(/^Closed at/)).toBeNull();
    first.unmount();

    const h = await harness({ now: Date.parse('2026-11-24T09:31:00Z') });
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    expect(screen.getByText('Closed at 09:15: marks are still recorded, the office is told.')).toBeTruthy();
    expect(screen.queryByText(/Register closes at/)).toBeNull();
    // A present mark is still the teacher's to record.
    await user.click(button('Amy Smith', 'Present'));
    await waitFor(async () => expect(await storedCode(h, 'p1')).toBe('/'));
  });

  it('times each tap for the benchmark: tap, then saved once the mark is stored', async () => {
    const h = await harness();
    const user = userEvent.setup();
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    performance.clearMarks();
    await user.click(button('Amy Smith', 'Present'));
    expect(performance.getEntriesByName('register:tap')).toHaveLength(1);
    await waitFor(() => expect(performance.getEntriesByName('register:saved')).toHaveLength(1));
    expect(await storedCode(h, 'p1')).toBe('/');
    const [tap] = performance.getEntriesByName('register:tap');
    const [saved] = performance.getEntriesByName('register:saved');
    expect(saved.startTime).toBeGreaterThanOrEqual(tap.startTime);
  });
});
