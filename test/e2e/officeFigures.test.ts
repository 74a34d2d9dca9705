/**
 * The office's attendance figures and statutory alerts (issue 11), in Chromium on the built app over the demo
 * school: office1 opens Attendance and sees the whole school's figures for the school year so far, with their
 * dates; chooses SEN support and sees the figures change to that cohort (as many pupils as the server counts
 * with SEN support); opens Persistent absence and sees exactly the pupils at or over 10% absence; then on
 * Alerts records "Letter sent" on a waiting penalty-notice alert: it moves to the dealt-with list with who and
 * when, the menu's waiting count drops by one, the server has it (it went through the outbox), and after a
 * reload it is still dealt with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';
import { signIn } from './support/pages.js';
import type { AlertsResponse, AttendancePatternsResponse, AttendanceResponse } from '../../src/protocol/officeFigures.js';

const TODAY = '2026-11-24'; // a Tuesday in the autumn term
const NINE_THIRTY = `${TODAY}T09:30:00Z`; // GMT in November
const YEAR_SO_FAR = '1 Sep to 24 Nov 2026';

describe.runIf(chromiumAvailable)("the office's attendance figures and alerts", () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;
  let desk: BrowserContext;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, NINE_THIRTY, TODAY, { history: true });
    browser = await launchChromium();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  const menu = (page: Page, name: string | RegExp) => page.getByRole('navigation', { name: 'Office' }).getByRole('link', typeof name === 'string' ? { name, exact: true } : { name });

  /** A GET of the office's API with the page's own session (its HttpOnly cookie). */
  async function apiGet<T>(page: Page, path: string): Promise<T> {
    const answer = await page.evaluate(async (p) => {
      const r = await fetch(p, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      return { status: r.status, body: await r.text() };
    }, path);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as T;
  }

  /** "123 pupils; 3 persistently absent …" on a headline card: the number of pupils it counts. */
  async function pupilsOn(card: Locator): Promise<number> {
    const m = /(\d+) pupils?; /.exec(await card.innerText());
    return m ? Number(m[1]) : NaN;
  }

  /** The number beside "Alerts" in the menu (nothing shown means none waiting). */
  async function menuWaiting(page: Page): Promise<number> {
    const m = /(\d+)\s*waiting/.exec(await menu(page, /^Alerts/).innerText());
    return m ? Number(m[1]) : 0;
  }

  it('shows the figures for SEN support, lists the persistent absentees and records a letter sent on an alert', async () => {
    const office = await desk.newPage();
    await office.goto(server.url);
    await signIn(office, 'office1');
    const officeName = server.demo.staff.find((s) => s.username === 'office1')!.displayName;

    // Attendance: the whole school, the school year so far, with its dates and cohort.
    await menu(office, 'Attendance').click();
    await office.getByRole('heading', { level: 1, name: 'Attendance' }).waitFor({ timeout: 15_000 });
    const yearCard = office.getByRole('region', { name: 'This school year so far' });
    await expect.poll(() => pupilsOn(yearCard), { timeout: 15_000, message: "the year's figures for the whole school" }).toBeGreaterThan(0);
    const whole = await apiGet<AttendanceResponse>(office, '/api/office/attendance');
    const sen = await apiGet<AttendanceResponse>(office, '/api/office/attendance?send=K');
    expect(whole.totals.pupils, 'the demo school has more pupils than those with SEN support').toBeGreaterThan(sen.totals.pupils);
    expect(sen.totals.pupils, 'the demo school has pupils with SEN support').toBeGreaterThan(0);
    expect(sen.pupils.every((p) => server.demo.pupils.find((d) => d.id === p.pupilId)?.senStatus === 'K'), 'the server counts only pupils with SEN support').toBe(true);
    const wholeText = await yearCard.innerText();
    expect(wholeText).toContain(`${YEAR_SO_FAR}. All pupils.`);
    expect(await pupilsOn(yearCard)).toBe(whole.totals.pupils);
    expect(wholeText).toContain(`${whole.totals.persistentAbsence} persistently absent (10% or more), ${whole.totals.severeAbsence} of them severely`);
    expect(wholeText).toMatch(/Attendance: \d{1,3}\.\d%/);
    const wholeAttendance = /Attendance: (\d{1,3}\.\d%)/.exec(wholeText)![1];
    expect(wholeAttendance).toBe(`${whole.totals.attendancePercent!.toFixed(1)}%`);
    const termCard = office.getByRole('region', { name: /^This term \(/ });
    await expect.poll(() => pupilsOn(termCard), { timeout: 15_000, message: "this term's figures" }).toBeGreaterThan(0);
    expect(await termCard.innerText()).toMatch(/\d{1,2} (Sep|Oct|Nov) to 24 Nov 2026\. All pupils\./);

    // SEN support: the figures change to that cohort and say so, everywhere.
    await office.getByLabel('SEN', { exact: true }).selectOption({ label: 'SEN support' });
    await expect
      .poll(() => yearCard.innerText(), { timeout: 15_000, message: "the year's figures say their cohort" })
      .toContain(`${YEAR_SO_FAR}. Pupils with SEN support.`);
    await expect.poll(() => pupilsOn(yearCard), { timeout: 15_000, message: 'as many pupils as the server counts with SEN support' }).toBe(sen.totals.pupils);
    expect(await yearCard.innerText()).toContain(`Attendance: ${sen.totals.attendancePercent!.toFixed(1)}%`);
    await expect.poll(() => termCard.innerText(), { timeout: 15_000 }).toContain('Pupils with SEN support.');
    await expect.poll(() => pupilsOn(termCard), { timeout: 15_000 }).toBeLessThanOrEqual(sen.totals.pupils);
    expect(await office.getByRole('button', { name: 'All pupils' }).count(), 'a way back to the whole school').toBe(1);
    // The morning and afternoon chart follows the cohort, with the server's figures rounded to one decimal.
    const patterns = await apiGet<AttendancePatternsResponse>(office, '/api/office/attendance/patterns?send=K');
    const sessionChart = office.getByRole('img', { name: /^Attendance, morning and afternoon, .*pupils with SEN support/ });
    await sessionChart.waitFor({ timeout: 15_000 });
    const chartName = await sessionChart.evaluate((svg) => svg.getAttribute('aria-labelledby')!.split(' ').map((id) => document.getElementById(id)!.textContent).join(' '));
    expect(chartName).toContain(`Morning (AM) ${patterns.sessions.AM.attendancePercent!.toFixed(1)}%`);
    expect(chartName).toContain(`Afternoon (PM) ${patterns.sessions.PM.attendancePercent!.toFixed(1)}%`);

    // Persistent absence: every pupil at or over 10% absence, and no one else.
    await menu(office, 'Persistent absence').click();
    const summary = office.getByRole('status').filter({ hasText: /persistently absent/ });
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.innerText()).toContain(`${whole.totals.persistentAbsence} pupils are persistently absent (10% or more), ${whole.totals.severeAbsence} of them severely`);
    const table = office.getByRole('table', { name: /^Persistent and severe absence/ });
    const rows = table.getByRole('row').filter({ has: office.getByRole('rowheader') });
    await expect.poll(() => rows.count(), { timeout: 15_000, message: 'one row per persistent absentee' }).toBe(whole.totals.persistentAbsence);
    expect(whole.totals.persistentAbsence, 'the demo school has persistent absentees').toBeGreaterThanOrEqual(3);
    const listed: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      listed.push(await row.getByRole('rowheader').innerText());
      const absence = /(\d{1,3}\.\d)%/.exec(await row.getByRole('cell').nth(1).innerText());
      expect(absence, `row ${i + 1}'s absence figure`).not.toBeNull();
      expect(Number(absence![1]), `${listed[i]}'s absence`).toBeGreaterThanOrEqual(10);
    }
    const atOrOverTen = whole.pupils.filter((p) => p.absencePercent !== null && p.absencePercent >= 10).map((p) => p.name);
    expect(listed.sort()).toEqual(atOrOverTen.sort());
    expect(await table.getByText('Severe', { exact: true }).count()).toBe(whole.totals.severeAbsence);

    // Alerts: "Letter sent" on the newest waiting penalty-notice alert.
    await menu(office, /^Alerts/).click();
    const alertsBefore = await apiGet<AlertsResponse>(office, '/api/office/alerts');
    await expect.poll(() => menuWaiting(office), { timeout: 15_000, message: "the menu's waiting count" }).toBe(alertsBefore.waiting.total);
    const waitingBefore = alertsBefore.waiting.total;
    expect(waitingBefore, 'the demo school has alerts waiting').toBeGreaterThan(0);
    const toDeal = office.getByRole('list', { name: 'Penalty notice threshold: to deal with' });
    const first = toDeal.getByRole('listitem').first();
    await first.waitFor({ timeout: 15_000 });
    const pupil = await first.getByRole('heading').getByRole('link').innerText();
    const waitingOf = () => toDeal.getByRole('listitem').filter({ has: office.getByRole('link', { name: pupil, exact: true }) }).count();
    const waitingForPupil = await waitingOf();
    const dealtWith = office.getByRole('list', { name: 'Penalty notice threshold: dealt with' });
    const done = dealtWith.getByRole('listitem').filter({ has: office.getByRole('link', { name: pupil, exact: true }) });
    expect(await done.count(), 'nothing dealt with yet').toBe(0);
    const penaltyHeading = office.getByRole('heading', { level: 2, name: /^Penalty notice threshold/ });
    const penaltyWaiting = alertsBefore.waiting.penaltyNotice;
    expect(await penaltyHeading.innerText()).toContain(`(${penaltyWaiting} waiting)`);
    await first.getByRole('button', { name: `Record what was done for ${pupil}` }).click();
    const form = office.getByRole('form', { name: `Record what was done for ${pupil}` });
    await form.getByRole('radio', { name: 'Letter sent' }).check();
    await form.getByRole('button', { name: 'Record', exact: true }).click();
    await expect
      .poll(() => office.getByRole('status').filter({ hasText: 'Letter sent' }).count(), { timeout: 15_000, message: 'the screen says it was recorded' })
      .toBe(1);

    const whoAndWhen = new RegExp(`^Letter sent — ${officeName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, 24 Nov 2026, 09:\\d\\d$`);
    await expect.poll(() => done.count(), { timeout: 15_000, message: `${pupil}'s alert on the dealt-with list` }).toBe(1);
    expect(await done.locator('.alert-record').innerText()).toMatch(whoAndWhen);
    expect(await waitingOf()).toBe(waitingForPupil - 1);
    expect(await penaltyHeading.innerText()).toContain(`(${penaltyWaiting - 1} waiting)`);
    expect(await office.getByRole('main').innerText()).toContain(`${waitingBefore - 1} alert${waitingBefore - 1 === 1 ? ' is' : 's are'} waiting.`);
    await expect.poll(() => menuWaiting(office), { timeout: 15_000, message: "the menu's waiting count drops by one" }).toBe(waitingBefore - 1);

    // The server has it.
    const alertsAfter = await apiGet<AlertsResponse>(office, '/api/office/alerts');
    expect(alertsAfter.waiting.total).toBe(waitingBefore - 1);
    const recorded = alertsAfter.alerts.filter((a) => a.kind === 'penaltyNotice' && a.name === pupil && a.dealtWith !== null);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.dealtWith).toMatchObject({ action: 'letter_sent', byName: officeName });
    expect(recorded[0]!.dealtWith!.at.slice(0, 10)).toBe(TODAY);
    // …sent as alert.record through the outbox (a push the server logged), once.
    const pushed = await server.db.query<{ status: string }>(`SELECT status FROM mutation_log WHERE type = 'alert.record'`);
    expect(pushed.rows).toEqual([{ status: 'applied' }]);

    // After a reload it is still dealt with, and the count stays down.
    await office.reload();
    await expect.poll(() => done.count(), { timeout: 15_000, message: 'still dealt with after a reload' }).toBe(1);
    expect(await done.locator('.alert-record').innerText()).toMatch(whoAndWhen);
    await expect.poll(() => menuWaiting(office), { timeout: 15_000 }).toBe(waitingBefore - 1);
  });
});
