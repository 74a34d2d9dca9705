/**
 * The Alerts screen at a secondary school's size (issue 11): 1,500 pupils and a year's alerts, hundreds of
 * lateness weeks and penalty-notice windows. Each list draws fifty entries at a time in its order (to deal
 * with first, newest first), draws no session lines until asked, and prints every entry.
 */
import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Alerts, { ALERTS_SHOWN } from '../../../../src/app/features/alerts/Alerts';
import { ALERT_KINDS, type AlertEntry, type AlertsResponse } from '../../../../src/protocol/officeFigures';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';
import { secondaryAlerts, secondaryPupils } from '../absence-lists/secondarySchool';

const alerts = secondaryAlerts(secondaryPupils());

async function setup() {
  const h = await harness({ user: officeUser, changes: [] });
  const waiting = Object.fromEntries(ALERT_KINDS.map((k) => [k, alerts.filter((a) => a.kind === k && !a.dealtWith).length])) as AlertsResponse['waiting'];
  waiting.total = alerts.filter((a) => !a.dealtWith).length;
  h.server.onOther = (path) => (path === '/api/office/alerts' ? { status: 200, body: { from: '2026-09-01', to: '2026-11-24', alerts, waiting } } : { status: 404, body: { code: 'not_found', message: 'Not found' } });
  renderIn(h, <Alerts params={[]} pollMs={0} />);
  await screen.findByText(/waiting\. From/);
  return { user: userEvent.setup() };
}

/** The keys of the entries drawn in one list (plain queries: the lists are long). */
const drawn = (label: string) => [...document.querySelectorAll(`ul[aria-label="${label}"] > li`)].map((li) => li.querySelector('h4 a')!.textContent);
const cards = () => document.querySelectorAll('li.alert-card').length;
/** Newest evidence first; the server's order kept between equals. */
const newestFirst = (list: AlertEntry[]) => [...list].sort((a, b) => (a.evidence.end < b.evidence.end ? 1 : a.evidence.end > b.evidence.end ? -1 : 0));
const printEvent = (type: 'beforeprint' | 'afterprint') => act(() => void window.dispatchEvent(new Event(type)));

describe('alerts for 1,500 pupils', () => {
  const lateWaiting = newestFirst(alerts.filter((a) => a.kind === 'lateness' && !a.dealtWith));
  const penaltyWaiting = newestFirst(alerts.filter((a) => a.kind === 'penaltyNotice' && !a.dealtWith));
  const lateDone = alerts.filter((a) => a.kind === 'lateness' && a.dealtWith);
  const penaltyDone = alerts.filter((a) => a.kind === 'penaltyNotice' && a.dealtWith);

  it('draws at most fifty entries a list, and no session lines until they are opened', async () => {
    expect(lateWaiting.length).toBeGreaterThan(3 * ALERTS_SHOWN);
    const { user } = await setup();
    expect(drawn('Lateness: to deal with')).toEqual(lateWaiting.slice(0, ALERTS_SHOWN).map((a) => a.name));
    expect(drawn('Penalty notice threshold: to deal with')).toEqual(penaltyWaiting.slice(0, ALERTS_SHOWN).map((a) => a.name));
    const expected = [lateWaiting, penaltyWaiting, lateDone, penaltyDone].reduce((n, list) => n + Math.min(ALERTS_SHOWN, list.length), 0);
    expect(cards()).toBe(expected);
    expect(cards()).toBeLessThan(alerts.length);
    expect(document.querySelectorAll('.alert-sessions li')).toHaveLength(0);

    const first = document.querySelector('ul[aria-label="Penalty notice threshold: to deal with"] > li')!;
    await user.click(within(first as HTMLElement).getByText(/^The \d+ sessions$/));
    expect(first.querySelectorAll('.alert-sessions li')).toHaveLength(penaltyWaiting[0]!.evidence.sessions.length);
    expect(document.querySelectorAll('.alert-sessions li')).toHaveLength(penaltyWaiting[0]!.evidence.sessions.length);
  });

  it('draws fifty more, then all, in the list order', async () => {
    const { user } = await setup();
    const lateness = screen.getByRole('region', { name: /^Lateness/ });
    expect(within(lateness).getByText(`Showing ${ALERTS_SHOWN} of ${lateWaiting.length} alerts.`, { exact: false })).toBeTruthy();
    await user.click(within(lateness).getAllByRole('button', { name: `Show ${ALERTS_SHOWN} more` })[0]!);
    expect(drawn('Lateness: to deal with')).toEqual(lateWaiting.slice(0, 2 * ALERTS_SHOWN).map((a) => a.name));
    // Only that list grew.
    expect(drawn('Penalty notice threshold: to deal with')).toHaveLength(ALERTS_SHOWN);
    await user.click(within(lateness).getByRole('button', { name: `Show all ${lateWaiting.length}` }));
    expect(drawn('Lateness: to deal with')).toEqual(lateWaiting.map((a) => a.name));
  });

  it('prints every entry of every list, then draws fifty again', async () => {
    await setup();
    printEvent('beforeprint');
    expect(cards()).toBe(alerts.length);
    expect(drawn('Lateness: to deal with')).toEqual(lateWaiting.map((a) => a.name));
    printEvent('afterprint');
    expect(drawn('Lateness: to deal with')).toHaveLength(ALERTS_SHOWN);
  });
});
