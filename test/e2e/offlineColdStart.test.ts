/**
 * Opening the app with no network, in Chromium on the built app: after one online visit, a NEW page opened
 * while offline lands on the home screen, signed in, with today's registers; a register opened offline takes
 * marks, and they wait on the tablet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';
import { controlledByServiceWorker, pupilGroups, registerLink, signIn } from './support/pages.js';

const TODAY = '2026-11-24';

describe.runIf(chromiumAvailable)('a cold start with no network', () => {
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

  it('opens signed in on today\'s registers, and a register opened offline takes marks', async () => {
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1');

    // One online visit: sign in, the registers arrive, the service worker takes control.
    const first = await tablet.newPage();
    await first.goto(server.url);
    await signIn(first, 'teacher1');
    await registerLink(first, 'Year 1 Hazel', 'Morning').waitFor({ timeout: 15_000 });
    await controlledByServiceWorker(first);
    await registerLink(first, 'Year 1 Hazel', 'Morning').waitFor({ timeout: 15_000 });
    await first.close();

    // No network, and a brand-new page: as if the tablet's browser had been closed and opened in a classroom.
    await tablet.setOffline(true);
    const page = await tablet.newPage();
    await page.goto(server.url);
    expect(await page.evaluate(() => fetch('/api/health').then(() => 'reached the server', () => 'no network')), 'the page must really be offline').toBe('no network');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker should serve the offline page').toBe(true);

    // Home, signed in, today's date and today's two registers.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().innerText(), { timeout: 15_000 }).toBe('Tuesday 24 November 2026');
    await expect.poll(() => registerLink(page, 'Year 1 Hazel', 'Morning').count(), { timeout: 15_000, message: "today's morning register on the home screen" }).toBe(1);
    expect(await registerLink(page, 'Year 1 Hazel', 'Afternoon').count(), "today's afternoon register on the home screen").toBe(1);
    expect(await page.getByLabel('Password').count(), 'no sign-in form when offline after signing in once').toBe(0);
    expect(await page.getByText('Ms Patel').count(), "the teacher's name in the top bar").toBeGreaterThan(0);

    // The register opened offline works: mark every pupil, the marks wait on the tablet.
    await registerLink(page, 'Year 1 Hazel', 'Morning').click();
    await expect.poll(() => page.locator('.mark-buttons button:not([disabled])').count(), { timeout: 10_000 }).toBe(g1.length * 2);
    for (let i = 0; i < g1.length; i++) {
      const name = i === 0 ? 'Absent' : 'Present';
      await pupilGroups(page).nth(i).getByRole('button', { name }).click();
      expect(await pupilGroups(page).nth(i).getByRole('button', { name }).getAttribute('aria-pressed')).toBe('true');
    }
    await expect.poll(() => page.getByText('Not marked: 0').count()).toBe(1);
    await expect.poll(() => page.getByText('Absent: 1').count()).toBe(1);
    await expect
      .poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toMatch(new RegExp(`${g1.length} marks waiting to be sent`));

    // Still offline, another new page finds the marks where they were left.
    await page.close();
    const again = await tablet.newPage();
    await again.goto(server.url);
    await registerLink(again, 'Year 1 Hazel', 'Morning').click();
    await expect.poll(() => again.getByText(`Present: ${g1.length - 1}`).count(), { timeout: 10_000 }).toBe(1);
    expect(await pupilGroups(again).nth(0).getByRole('button', { name: 'Absent' }).getAttribute('aria-pressed')).toBe('true');
    await again.close();
  });
});
