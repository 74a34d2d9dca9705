import { beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { Home } from '../../../../src/app/features/registers/Home';
import { RegisterScreen } from '../../../../src/app/features/registers/RegisterScreen';
import { harness, renderIn } from '../../render';
import { snapshotChanges } from '../../helpers';
import { cell, cover, day, secondClass, ta, TODAY } from './fixtures';

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim();
const todayCards = () => within(screen.getByRole('list', { name: "Today's registers" })).getAllByRole('link').map(text);

beforeEach(() => window.localStorage.clear());

/** Calendar rows for the fortnight before today: weekends and an INSET day are closures. */
function calendar() {
  return [
    day('2026-11-12'),
    day('2026-11-13'),
    day('2026-11-14', false),
    day('2026-11-15', false),
    day('2026-11-16'),
    day('2026-11-17'),
    day('2026-11-18'),
    day('2026-11-19'),
    day('2026-11-20', false, 'INSET day'),
    day('2026-11-21', false),
    day('2026-11-22', false),
  ];
}

describe('home', () => {
  it("shows each of today's registers with its session, opening time and progress", async () => {
    const h = await harness({
      now: Date.parse('2026-11-24T13:20:00Z'),
      changes: snapshotChanges([cell('p1', '/'), cell('p2', 'N'), cell('p3', 'M', { source: 'office' }), cell('p1', '\\', { session: 'PM' })]),
    });
    renderIn(h, <Home />);
    await waitFor(() => expect(todayCards()).toEqual(['Class 3B MorningOpens 08:45Complete', 'Class 3B AfternoonOpens 13:151 of 3 marked']));
    // The morning register stays open to change in the afternoon.
    expect(screen.getByRole('link', { name: /Morning/ }).getAttribute('href')).toBe(`#/register/g1/${TODAY}/AM`);
  });

  it('says how many marks of each register are waiting to be sent', async () => {
    const h = await harness();
    renderIn(h, <Home />);
    await screen.findAllByRole('link');
    await act(async () => {
      await h.engine.recordMark({ pupilId: 'p1', date: TODAY, session: 'AM', mark: '/' });
      await h.engine.recordMark({ pupilId: 'p2', date: TODAY, session: 'AM', mark: 'N' });
      await h.engine.recordMark({ pupilId: 'p2', date: TODAY, session: 'AM', mark: '/' });
    });
    await waitFor(() =>
      expect(todayCards()).toEqual(['Class 3B MorningOpens 08:452 of 3 marked3 marks waiting to be sent', 'Class 3B AfternoonOpens 13:15Not started']),
    );
    await act(() => h.engine.push());
    await waitFor(() => expect(todayCards()).toEqual(['Class 3B MorningOpens 08:452 of 3 marked', 'Class 3B AfternoonOpens 13:15Not started']));
  });

  it('shows a teaching assistant only the groups and sessions their cover names', async () => {
    const h = await harness({
      user: ta,
      changes: snapshotChanges([...secondClass(), cover('c1', ta.id, 'g2', ['PM']), cover('c2', ta.id, 'g1', ['AM'], '2026-11-25', '2026-11-25')]),
    });
    renderIn(h, <Home />);
    await waitFor(() => expect(todayCards()).toEqual(['Class 4A AfternoonCoverOpens 13:15Not started']));
    expect(screen.getByRole('link').getAttribute('href')).toBe(`#/register/g2/${TODAY}/PM`);
  });

  it('lists the registers of the last five school days, skipping closures, as read-only history', async () => {
    const h = await harness({
      changes: snapshotChanges([...calendar(), cell('p1', '/', { date: '2026-11-19' }), cell('p2', 'N', { date: '2026-11-19' })]),
    });
    renderIn(h, <Home />);
    const earlier = await screen.findByRole('region', { name: 'Earlier this week' });
    const days = within(earlier).getAllByRole('heading', { level: 3 }).map(text);
    expect(days).toEqual(['Thursday 19 November 2026', 'Wednesday 18 November 2026', 'Tuesday 17 November 2026', 'Monday 16 November 2026', 'Friday 13 November 2026']);
    const thursday = within(earlier).getByRole('list', { name: 'Thursday 19 November 2026' });
    expect(within(thursday).getAllByRole('link').map(text)).toEqual(['Class 3B morning: 2 of 3 marked', 'Class 3B afternoon: Not taken']);
    expect(within(thursday).getAllByRole('link')[0].getAttribute('href')).toBe('#/register/g1/2026-11-19/AM');
    // Today's cards are unchanged by the history below them.
    expect(todayCards()).toHaveLength(2);
  });

  it('opens an earlier register read-only, with a banner saying so', async () => {
    const h = await harness({ changes: snapshotChanges([...calendar(), cell('p1', '/', { date: '2026-11-19' }), cell('p3', 'M', { source: 'office', date: '2026-11-19' })]) });
    renderIn(h, <RegisterScreen groupId="g1" date="2026-11-19" session="AM" />);
    const banner = await screen.findByRole('note');
    expect(text(banner)).toBe("Earlier register: read only. You can only take today's registers. Ask the office to change marks on other days.");
    for (const g of screen.getAllByRole('group')) for (const b of within(g).getAllByRole('button')) expect((b as HTMLButtonElement).disabled).toBe(true);
    expect(within(screen.getByRole('group', { name: 'Amy Smith' })).getByRole('button', { name: 'Present' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Mark all unmarked present' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Pupil is here/ })).toBeNull();
    expect(document.querySelector('.counts')!.textContent).toBe('Present: 1 Absent: 1 Not marked: 1');
  });

  it('leaves out earlier days on which this person had no register', async () => {
    const h = await harness({
      user: ta,
      changes: snapshotChanges([...calendar(), ...secondClass(), cover('c1', ta.id, 'g2', ['AM'], '2026-11-18', '2026-11-18')]),
    });
    renderIn(h, <Home />);
    const earlier = await screen.findByRole('region', { name: 'Earlier this week' });
    expect(within(earlier).getAllByRole('link').map(text)).toEqual(['Class 4A morning (cover): Not taken']);
  });
});
