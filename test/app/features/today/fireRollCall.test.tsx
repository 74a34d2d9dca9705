import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import FireRollCall, { onSiteKey } from '../../../../src/app/features/today/FireRollCall';
import type { OnSiteResponse } from '../../../../src/app/office/officeApi';
import { getMeta } from '../../../../src/app/db/meta';
import { harness, renderIn, type Harness } from '../../render';
import { officeUser } from '../auth/appHarness';

function onSite(at: string, over: Partial<OnSiteResponse> = {}): OnSiteResponse {
  return {
    date: '2026-11-24', at, isSchoolDay: true, dayLabel: null, currentSession: 'AM', total: 3, unaccountedTotal: 0,
    groups: [
      {
        groupId: 'g1', groupName: 'Year 1 Hazel', count: 2, registerTaken: true, unaccounted: [],
        pupils: [
          { pupilId: 'p1', name: 'Amy Smith', code: '/', session: 'AM', signedInAt: null, fromMorningRegister: false },
          { pupilId: 'p2', name: 'Ben Adams', code: 'U', session: 'AM', signedInAt: null, fromMorningRegister: false },
        ],
      },
      {
        groupId: 'g2', groupName: 'Year 2 Rowan', count: 1, registerTaken: true, unaccounted: [],
        pupils: [{ pupilId: 'p3', name: 'Cara Jones', code: 'M', session: 'AM', signedInAt: '2026-11-24T10:15:00.000Z', fromMorningRegister: false }],
      },
      { groupId: 'g3', groupName: 'Year 3 Willow', count: 0, registerTaken: true, unaccounted: [], pupils: [] },
    ],
    signedOut: [{ pupilId: 'p4', name: 'Dan Brown', groupId: 'g2', groupName: 'Year 2 Rowan', at: '2026-11-24T10:05:00.000Z', reason: 'Dentist' }],
    ...over,
  };
}

/** A server that answers until `down` is set. */
function serve(h: Harness, state: { answer: OnSiteResponse; down: boolean }) {
  h.server.onOther = (path) => {
    if (state.down) return 'network-error';
    return path === '/api/office/on-site' ? { status: 200, body: state.answer } : { status: 404, body: { code: 'not_found', message: '' } };
  };
}

const group = (name: RegExp) => screen.getByRole('region', { name });

/** 09:08, only Year 1's register taken (the issue): Year 2 and Year 3 not taken yet. */
function onlyYear1Taken(): OnSiteResponse {
  const answer = onSite('2026-11-24T09:08:00.000Z');
  return {
    ...answer, total: 2, unaccountedTotal: 3,
    groups: [
      answer.groups[0],
      { groupId: 'g2', groupName: 'Year 2 Rowan', count: 0, pupils: [], registerTaken: false, unaccounted: [{ pupilId: 'p3', name: 'Cara Jones' }, { pupilId: 'p5', name: 'Eli Khan' }] },
      { groupId: 'g3', groupName: 'Year 3 Willow', count: 0, pupils: [], registerTaken: false, unaccounted: [{ pupilId: 'p6', name: 'Fay Lee' }] },
    ],
    signedOut: [],
  };
}

/** A roll call as an earlier version kept it: no unaccounted lists, no registerTaken, no fromMorningRegister. */
function keptByAnEarlierVersion(): unknown {
  const { currentSession: _s, unaccountedTotal: _u, groups, ...rest } = onSite('2026-11-24T10:42:00.000Z');
  return {
    ...rest,
    groups: groups.map(({ registerTaken: _r, unaccounted: _n, pupils, ...g }) => ({ ...g, pupils: pupils.map(({ fromMorningRegister: _f, ...p }) => p) })),
  };
}

afterEach(() => vi.restoreAllMocks());


async function axeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('fire roll call', () => {
  it('shows everyone on site by class with counts, the total, the time it was taken and who is signed out', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    serve(h, { answer: onSite('2026-11-24T10:42:00.000Z'), down: false });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    expect((await screen.findByText(/^As at/)).textContent).toBe('As at 10:42');
    expect(screen.getByText('3 pupils on site')).toBeTruthy();
    expect(within(group(/^Year 1 Hazel/)).getByRole('heading').textContent).toBe('Year 1 Hazel: 2 on site');
    expect(within(group(/^Year 1 Hazel/)).getAllByRole('checkbox').map((c) => c.closest('li')!.textContent)).toEqual(['Amy Smith/', 'Ben AdamsU']);
    expect(within(group(/^Year 2 Rowan/)).getByRole('listitem').textContent).toBe('Cara JonesM signed in at 10:15');
    expect(within(group(/^Year 3 Willow/)).getByText('Nobody from this class is on site.')).toBeTruthy();
    const out = screen.getByRole('region', { name: 'Signed out (not on site): 1' });
    expect(within(out).getByRole('listitem').textContent).toBe('Dan Brown, Year 2 Rowan: out at 10:05 (Dentist)');
    // Every register taken: nobody unaccounted, and that is said, not left to guess.
    expect(within(screen.getByRole('region', { name: 'Not accounted for: 0' })).getByText('Every pupil has a mark in the register or the signing-out book.')).toBeTruthy();
    expect(screen.queryByText(/from this morning's register/)).toBeNull();
  });

  it('09:08, only Year 1 taken: lists the other classes first as not accounted for, by class and name, counted apart from those on site', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    serve(h, { answer: onlyYear1Taken(), down: false });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    await screen.findByText('As at 09:08');
    expect(screen.getByText('2 pupils on site')).toBeTruthy();
    expect(screen.getByText('3 not accounted for')).toBeTruthy();

    // First on the screen, and so first on the printout (nothing of it is left off paper).
    const regions = screen.getAllByRole('region').filter((r) => !r.parentElement?.closest('section'));
    expect(regions.map((r) => r.getAttribute('aria-labelledby') && document.getElementById(r.getAttribute('aria-labelledby')!)!.textContent)).toEqual([
      'Not accounted for: 3', 'Signed out (not on site): 0', 'Year 1 Hazel: 2 on site', 'Year 2 Rowan: 0 on site, 2 not accounted for', 'Year 3 Willow: 0 on site, 1 not accounted for',
    ]);
    const missing = screen.getByRole('region', { name: 'Not accounted for: 3' });
    expect(missing.closest('.no-print')).toBeNull();
    expect(within(missing).getByText("This morning's register has no mark for these pupils yet, so they may be on site. Find and check each one by name.")).toBeTruthy();
    const byClass = within(missing).getAllByRole('region').map((r) => [within(r).getByRole('heading').textContent, within(r).getAllByRole('listitem').map((li) => li.textContent)]);
    expect(byClass).toEqual([['Year 2 Rowan: 2 not accounted for', ['Cara Jones', 'Eli Khan']], ['Year 3 Willow: 1 not accounted for', ['Fay Lee']]]);

    // A class whose register is not taken never says that nobody from it is on site.
    expect(screen.queryByText('Nobody from this class is on site.')).toBeNull();
    expect(within(group(/^Year 2 Rowan: 0 on site/)).getByText('No pupil from this class is marked on site yet: see “Not accounted for” above.')).toBeTruthy();

    // Pupils found are ticked off the same way, and count towards the checked total.
    await userEvent.setup().click(within(missing).getByRole('checkbox', { name: 'Eli Khan' }));
    expect(screen.getByText('1 of 5 checked')).toBeTruthy();
  });

  it("says which pupils are counted on site from this morning's register while the afternoon's is not taken", async () => {
    const h = await harness({ user: officeUser, changes: [] });
    const answer = onSite('2026-11-24T13:20:00.000Z', { currentSession: 'PM' });
    answer.groups[0].registerTaken = false;
    answer.groups[0].pupils[0].fromMorningRegister = true;
    serve(h, { answer, down: false });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    await screen.findByText('As at 13:20');
    expect(screen.getByText(/those marked present this morning are counted as on site \(from this morning's register\)/)).toBeTruthy();
    expect(within(group(/^Year 1 Hazel/)).getAllByRole('listitem').map((li) => li.textContent)).toEqual(["Amy Smith/ from this morning's register", 'Ben AdamsU']);
  });

  it('shows a roll call kept by an earlier version, without the unaccounted lists, and says pupils not shown may still be on site', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    await h.db.meta.put({ key: onSiteKey('u-office'), value: { answer: keptByAnEarlierVersion(), savedAt: 0 } });
    serve(h, { answer: onSite('2026-11-24T10:42:00.000Z'), down: true });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No connection: this is the roll call as at 10:42.');
    expect(screen.getByText('3 pupils on site')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Not accounted for: not known' })).getByText(/Pupils not shown below may still be on site/)).toBeTruthy();
    expect(within(group(/^Year 3 Willow/)).getByText('Nobody from this class was marked on site.')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Ben Adams' })).toBeTruthy();
  });

  it('ticks pupils off on this screen only, and prints', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    serve(h, { answer: onSite('2026-11-24T10:42:00.000Z'), down: false });
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Amy Smith' }));
    await user.click(screen.getByRole('checkbox', { name: 'Cara Jones' }));
    expect(screen.getByText('2 of 3 checked')).toBeTruthy();
    expect(within(group(/^Year 1 Hazel/)).getByRole('heading').textContent).toBe('Year 1 Hazel: 2 on site (1 checked)');
    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(h.server.pushes).toHaveLength(0);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('keeps the last roll call on this computer and shows it, labelled with its time, when the server cannot be reached', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    const state = { answer: onSite('2026-11-24T10:42:00.000Z'), down: false };
    serve(h, state);
    const first = renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    await screen.findByText('As at 10:42');
    await waitFor(async () => expect((await getMeta<{ answer: OnSiteResponse }>(h.db, onSiteKey('u-office')))?.answer.at).toBe('2026-11-24T10:42:00.000Z'));

    // A refresh that fails keeps the roll call on screen and says how old it is.
    state.down = true;
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No connection: this is the roll call as at 10:42. Pupils who arrived or left since then are not shown.');
    expect(screen.getByText('3 pupils on site')).toBeTruthy();

    // The page is opened again (a reload) with the network still down: the kept roll call is shown.
    first.unmount();
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No connection: this is the roll call as at 10:42.');
    expect(screen.getByText('As at 10:42')).toBeTruthy();
    expect(within(group(/^Year 1 Hazel/)).getByRole('heading').textContent).toBe('Year 1 Hazel: 2 on site');
    expect(screen.getByRole('checkbox', { name: 'Ben Adams' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Print' })).toHaveProperty('disabled', false);

    // Back online: the label goes and the newer roll call replaces the kept one.
    state.down = false;
    state.answer = onSite('2026-11-24T10:50:00.000Z', { total: 2, groups: [onSite('').groups[0]] });
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('As at 10:50');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('2 pupils on site')).toBeTruthy();
  });

  it('breaks no accessibility rule jsdom can check', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    serve(h, { answer: onlyYear1Taken(), down: false });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    await userEvent.setup().click(await screen.findByRole('checkbox', { name: 'Amy Smith' }));
    expect(await axeViolations(document.body)).toEqual([]);
  });

  it('says so when there is no connection and nothing was kept yet', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    serve(h, { answer: onSite('2026-11-24T10:42:00.000Z'), down: true });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No roll call has been kept on this computer yet');
    expect(screen.getByRole('button', { name: 'Print' })).toHaveProperty('disabled', true);
  });

  it('keeps one roll call per person: another person’s kept roll call is not shown', async () => {
    const h = await harness({ user: { ...officeUser, id: 'u-other' }, changes: [] });
    await h.db.meta.put({ key: onSiteKey('u-office'), value: { answer: onSite('2026-11-24T10:42:00.000Z'), savedAt: 0 } });
    serve(h, { answer: onSite('2026-11-24T10:42:00.000Z'), down: true });
    renderIn(h, <FireRollCall params={[]} pollMs={0} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No roll call has been kept on this computer yet');
  });
});
