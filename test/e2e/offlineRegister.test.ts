/**
 * The walking skeleton, end to end in Chromium on the built app (service worker and all): a teacher signs in
 * online, goes offline, reloads, marks the whole register, closes the page, opens the app again offline and
 * finds the marks, comes back online, and the server holds every mark exactly once and the office sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';

const TODAY = '2026-11-24';

describe.runIf(chromiumAvailable)('a register taken offline on a tablet reaches the office', () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;
  let tablet: BrowserContext;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, `${TODAY}T09:05:00Z`, TODAY);
    browser = await launchChromium();
    tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, serviceWorkers: 'allow' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  const pupilGroups = (page: Page) => page.locator('.mark-buttons[role="group"]');

  it('works through a whole morning offline and delivers every mark exactly once', async () => {
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1');
    let page = await tablet.newPage();
    await page.goto(server.url);
    await page.getByLabel('Username').fill('teacher1');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('link', { name: /Year 1 Hazel Morning/ }).count(), { timeout: 15_000 }).toBe(1);

    // The service worker takes control, so the app can open with no network.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await tablet.setOffline(true);
    await page.reload();
    await page.getByRole('link', { name: /Year 1 Hazel Morning/ }).click();
    await expect.poll(() => pupilGroups(page).count(), { timeout: 10_000 }).toBe(g1.length);

    // Mark every pupil: the first three absent, the rest present. Nothing else is offered.
    const groups = pupilGroups(page);
    for (let i = 0; i < g1.length; i++) {
      const row = groups.nth(i);
      expect(await row.getByRole('button').allInnerTexts()).toEqual(['/ Present', 'N Absent']);
      await row.getByRole('button', { name: i < 3 ? 'Absent' : 'Present' }).click();
    }
    await expect.poll(() => page.getByText(`Not marked: 0`).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${g1.length} marks waiting to be sent`));

    // Close the page, as if the tablet's browser was closed, and open the app again, still offline.
    await page.close();
    page = await tablet.newPage();
    await page.goto(server.url);
    await page.getByRole('link', { name: /Year 1 Hazel Morning/ }).click();
    await expect.poll(() => page.getByText(`Present: ${g1.length - 3}`).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByText('Absent: 3').count()).toBe(1);
    expect(await pupilGroups(page).nth(0).getByRole('button', { name: 'Absent' }).getAttribute('aria-pressed')).toBe('true');
    // The new page tries to send at once (Chromium says it is online in a page opened after going offline), so
    // "Sending…" may show first; once that attempt fails, the marks are counted as waiting.
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${g1.length} marks waiting`));

    // Back online: the marks go, and the screen says so.
    await tablet.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 }).toMatch(/All marks sent/);

    // The server holds every mark exactly once.
    const events = await server.db.query<{ pupil_id: string; code: string; n: number }>(
      `SELECT pupil_id, min(code) AS code, count(*)::int AS n FROM mark_events WHERE date = $1 AND session = 'AM' GROUP BY pupil_id`,
      [TODAY],
    );
    expect(events.rows).toHaveLength(g1.length);
    expect(events.rows.every((r) => r.n === 1)).toBe(true);
    const absent = events.rows.filter((r) => r.code === 'N').length;
    expect(absent).toBe(3);

    // The office sees the register complete, with who marked each pupil.
    const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const desk = await office.newPage();
    await desk.goto(server.url);
    await desk.getByLabel('Username').fill('office1');
    await desk.getByLabel('Password').fill('demo');
    await desk.getByRole('button', { name: 'Sign in' }).click();
    const card = desk.getByRole('region', { name: /Year 1 Hazel.*(Morning|AM)/i });
    await expect.poll(() => card.innerText(), { timeout: 20_000 }).toMatch(/Complete/);
    // Registers today shows one line per register; opening it shows the counts and who marked each pupil.
    await card.getByRole('button', { name: /^Year 1 Hazel · Morning/ }).click();
    await expect.poll(() => card.innerText()).toContain(`Present ${g1.length - 3} · Absent 3 · Not marked 0`);
    const firstRow = card.getByRole('row', { name: new RegExp(g1[0].firstName) });
    expect(await firstRow.innerText()).toMatch(/N\s+absent.*Ms Patel/s);
    await office.close();
  });
});
