/**
 * Two people on one tablet. Ms Patel marks part of her register while the school's connection is failing,
 * signs out (warned that her marks are waiting), and Mr Okafor signs in on the same tablet and marks his
 * class. When the connection returns, every mark reaches the server once, each as the person who made it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';

const TODAY = '2026-11-24';

describe.runIf(chromiumAvailable)('a shared tablet with marks waiting', () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, `${TODAY}T09:05:00Z`, TODAY);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  async function signIn(page: Page, username: string) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  const status = (page: Page) => page.getByRole('status').first().innerText();
  const storedPupils = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('school-register');
          open.onsuccess = () => {
            const count = open.result.transaction('pupils').objectStore('pupils').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );

  it("sends each person's marks as theirs, and clears pupils' data at sign-out", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.goto(server.url);
    await signIn(page, 'teacher1');
    await page.getByRole('link', { name: /Year 1 Hazel Morning/ }).waitFor({ timeout: 15_000 });
    // Give the app a moment to fetch Ms Patel's device key while the connection is still good.
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/All marks sent/);

    // The connection to the server starts failing for pushes.
    await page.route('**/api/sync/push', (route) => route.abort('connectionfailed'));
    await page.getByRole('link', { name: /Year 1 Hazel Morning/ }).click();
    const rows = page.locator('.mark-buttons[role="group"]');
    await rows.first().waitFor();
    for (let i = 0; i < 3; i++) await rows.nth(i).getByRole('button', { name: i === 0 ? 'Absent' : 'Present' }).click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/3 marks waiting/);

    // Sign out: warned, and it goes ahead only when asked.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const warning = page.getByRole('alertdialog');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/3 marks are not sent yet/);
    await warning.getByRole('button', { name: 'Sign out anyway' }).click();
    await page.getByLabel('Username').waitFor();
    expect(await storedPupils(page)).toBe(0);

    // Mr Okafor signs in on the same tablet and marks two pupils of his class.
    await signIn(page, 'teacher2');
    await page.getByRole('link', { name: /Year 2 Rowan Morning/ }).click();
    await rows.first().waitFor();
    await rows.nth(0).getByRole('button', { name: 'Present' }).click();
    await rows.nth(1).getByRole('button', { name: 'Absent' }).click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/5 marks waiting/);
    expect(await status(page)).toMatch(/3 by Ms Patel/);

    // The connection returns: everything goes, each under its own name.
    await page.unroute('**/api/sync/push');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/All marks sent/);
    const { rows: events } = await server.db.query<{ staff_id: string; n: number }>(
      `SELECT staff_id, count(*)::int AS n FROM mark_events WHERE date = $1 GROUP BY staff_id ORDER BY staff_id`,
      [TODAY],
    );
    expect(events).toEqual([
      { staff_id: 's-teacher1', n: 3 },
      { staff_id: 's-teacher2', n: 2 },
    ]);
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => p.id);
    const { rows: g1Events } = await server.db.query<{ staff_id: string }>(`SELECT DISTINCT staff_id FROM mark_events WHERE pupil_id = ANY($1::text[])`, [g1]);
    expect(g1Events).toEqual([{ staff_id: 's-teacher1' }]);
    await context.close();
  });
});
