/**
 * A teaching assistant covering a class, in Chromium on the built app: on the afternoon the demo school has ta1
 * covering Year 2 Rowan, ta1's home shows that one register (the afternoon's, marked as cover) and nothing
 * else; ta1 marks it, and the server holds every mark as ta1's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';
import { pupilGroups, registerLink, registerUrl, signIn } from './support/pages.js';

const TODAY = '2026-11-24';
// 13:15 in London (GMT in November): the afternoon register opened at 13:10.
const AFTERNOON = `${TODAY}T13:15:00Z`;

describe.runIf(chromiumAvailable)('a teaching assistant covering a class for the afternoon', () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;
  let tablet: BrowserContext;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, AFTERNOON, TODAY);
    browser = await launchChromium();
    tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, serviceWorkers: 'allow' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  it('sees only the afternoon register of Year 2 Rowan, marks it, and the server holds the marks as theirs', async () => {
    const g2 = server.demo.pupils.filter((p) => p.groupId === 'g2');
    expect(server.demo.assignments.some((a) => a.staffId === 's-ta1' && a.groupId === 'g2' && a.startDate === TODAY && a.sessions.join() === 'PM'), 'the demo school has ta1 covering Year 2 this afternoon').toBe(true);

    const page = await tablet.newPage();
    await page.goto(server.url);
    await signIn(page, 'ta1');
    await registerLink(page, 'Year 2 Rowan', 'Afternoon').waitFor({ timeout: 15_000 });

    // Today's registers: that one card, as cover; no morning, no other class (Year 3 is tomorrow's cover).
    const todaysCards = page.getByRole('link', { name: /\b(Morning|Afternoon)/ });
    await expect.poll(() => todaysCards.allInnerTexts(), { message: "ta1's registers for today on the home screen" }).toHaveLength(1);
    const card = (await todaysCards.allInnerTexts())[0];
    expect(card).toMatch(/Year 2 Rowan/);
    expect(card).toMatch(/Afternoon/);
    expect(card).toMatch(/Cover/);
    expect(await registerLink(page, 'Year 2 Rowan', 'Morning').count(), 'no morning register of Year 2 for ta1').toBe(0);
    expect(await page.getByRole('link', { name: /Year 3 Willow/ }).count(), "tomorrow's cover is not on today's list").toBe(0);

    // The morning register of the same class cannot be taken by ta1.
    await page.goto(registerUrl(server.url, 'g2', TODAY, 'AM'));
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 10_000, message: 'the morning register should say ta1 is not down to take it' })
      .toMatch(/not down to take this register|not on this tablet/);
    expect(await page.locator('.mark-buttons button:not([disabled])').count(), 'no enabled mark button on the morning register').toBe(0);

    // The afternoon register: mark every pupil (the last two absent), then the marks go to the server.
    await page.goto(server.url);
    await registerLink(page, 'Year 2 Rowan', 'Afternoon').click();
    await expect.poll(() => page.locator('.mark-buttons button:not([disabled])').count(), { timeout: 10_000 }).toBe(g2.length * 2);
    for (let i = 0; i < g2.length; i++) {
      const row = pupilGroups(page).nth(i);
      expect(await row.getByRole('button').allInnerTexts()).toEqual(['\\ Present', 'N Absent']);
      await row.getByRole('button', { name: i >= g2.length - 2 ? 'Absent' : 'Present' }).click();
    }
    await expect.poll(() => page.getByText('Not marked: 0').count()).toBe(1);
    // Every mark reaches the server (the status line can say "All marks sent" for the instant between the last
    // tap and its save, so wait for the server itself), and then the tablet says so.
    await expect
      .poll(async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mark_events WHERE date = $1 AND session = 'PM'`, [TODAY])).rows[0].n, {
        timeout: 30_000,
        message: `the server should receive all ${g2.length} marks`,
      })
      .toBe(g2.length);
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 }).toMatch(/All marks sent/);

    const events = await server.db.query<{ pupil_id: string; code: string; staff_id: string; role: string; source: string }>(
      `SELECT pupil_id, code, staff_id, role, source FROM mark_events WHERE date = $1 AND session = 'PM' ORDER BY pupil_id`,
      [TODAY],
    );
    expect(events.rows.map((r) => r.pupil_id).sort()).toEqual(g2.map((p) => p.id).sort());
    expect(events.rows.every((r) => r.staff_id === 's-ta1' && r.role === 'ta' && r.source === 'teacher'), `every event should be ta1's: ${JSON.stringify(events.rows.slice(0, 3))}`).toBe(true);
    expect(events.rows.filter((r) => r.code === 'N')).toHaveLength(2);
    expect(events.rows.filter((r) => r.code === '\\')).toHaveLength(g2.length - 2);

    const cells = await server.db.query<{ marked_by: string; code: string }>(
      `SELECT marked_by, code FROM register_cells WHERE date = $1 AND session = 'PM' AND pupil_id = ANY($2::text[])`,
      [TODAY, g2.map((p) => p.id)],
    );
    expect(cells.rows).toHaveLength(g2.length);
    expect(cells.rows.every((r) => r.marked_by === 's-ta1'), "the register shows every mark as ta1's").toBe(true);
  });
});
