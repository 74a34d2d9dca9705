/**
 * Accessibility in Chromium on the built app, at a tablet's 768×1024: axe-core finds no violations on the
 * sign-in, home and register screens; every button has an accessible name; and a teacher can take the whole
 * register with the keyboard alone (Tab to a pupil's button, Space or Enter, and the button says it is pressed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';
import { axeViolations, buttonNames, unnamedButtons } from './support/a11y.js';
import { pupilGroups, registerLink, signIn } from './support/pages.js';

const TODAY = '2026-11-24';

describe.runIf(chromiumAvailable)('accessibility of the teacher screens', () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;
  let tablet: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, `${TODAY}T09:05:00Z`, TODAY);
    browser = await launchChromium();
    tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, serviceWorkers: 'allow' });
    page = await tablet.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  async function expectAccessible(screen: string) {
    expect.soft(await axeViolations(page), `axe-core violations on the ${screen} screen`).toEqual([]);
    const names = await buttonNames(tablet, page);
    expect(names.length, `the ${screen} screen should have buttons`).toBeGreaterThan(0);
    expect.soft(await unnamedButtons(tablet, page), `buttons without an accessible name on the ${screen} screen`).toEqual([]);
  }

  it('has no axe violations and no unnamed button on the sign-in screen', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').waitFor({ timeout: 15_000 });
    await expectAccessible('sign-in');
  });

  it('has no axe violations and no unnamed button on the home screen', async () => {
    await signIn(page, 'teacher1');
    await registerLink(page, 'Year 1 Hazel', 'Morning').waitFor({ timeout: 15_000 });
    await registerLink(page, 'Year 1 Hazel', 'Afternoon').waitFor({ timeout: 15_000 });
    await expectAccessible('home');
  });

  it('has no axe violations and no unnamed button on the register screen', async () => {
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1');
    await registerLink(page, 'Year 1 Hazel', 'Morning').click();
    await expect.poll(() => pupilGroups(page).count(), { timeout: 10_000 }).toBe(g1.length);
    await expect.poll(() => page.locator('.mark-buttons button:not([disabled])').count(), { timeout: 10_000 }).toBe(g1.length * 2);
    await expectAccessible('register');
    // Mark one pupil present and one absent: the pressed states must pass too.
    await pupilGroups(page).nth(0).getByRole('button', { name: 'Present' }).click();
    await pupilGroups(page).nth(1).getByRole('button', { name: 'Absent' }).click();
    await expect.poll(() => pupilGroups(page).nth(1).getByRole('button', { name: 'Absent' }).getAttribute('aria-pressed')).toBe('true');
    await expectAccessible('register (with marks)');
  });

  it('lets a teacher take the whole register with the keyboard alone', async () => {
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1');
    // A fresh start on the register, focus at the top of the document, no mouse from here on.
    await page.reload();
    await expect.poll(() => page.locator('.mark-buttons button:not([disabled])').count(), { timeout: 10_000 }).toBe(g1.length * 2);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    /** Presses Tab until the focused element is pupil `index`'s button called `name`; fails after 60 presses. */
    async function tabTo(index: number, name: 'Present' | 'Absent') {
      for (let presses = 0; presses < 60; presses++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const group = el?.closest('.mark-buttons[role="group"]');
          if (!el || el.tagName !== 'BUTTON' || !group) return null;
          const groups = Array.from(document.querySelectorAll('.mark-buttons[role="group"]'));
          return { index: groups.indexOf(group), text: el.textContent ?? '' };
        });
        if (focused && focused.index === index && focused.text.includes(name)) return;
        if (focused && focused.index > index) throw new Error(`Tab went past pupil ${index}'s ${name} button to pupil ${focused.index}`);
      }
      throw new Error(`60 presses of Tab never reached pupil ${index}'s ${name} button`);
    }

    for (let i = 0; i < g1.length; i++) {
      const absent = i % 5 === 2;
      const name = absent ? 'Absent' : 'Present';
      await tabTo(i, name);
      await page.keyboard.press(i % 2 === 0 ? 'Space' : 'Enter');
      await expect
        .poll(() => pupilGroups(page).nth(i).getByRole('button', { name }).getAttribute('aria-pressed'), {
          message: `pupil ${i}'s ${name} button should be pressed after the key press`,
        })
        .toBe('true');
    }
    const absent = Array.from({ length: g1.length }, (_, i) => i).filter((i) => i % 5 === 2).length;
    await expect.poll(() => page.getByText('Not marked: 0').count(), { message: 'the register should be complete' }).toBe(1);
    await expect.poll(() => page.getByText(`Absent: ${absent}`).count()).toBe(1);
  });
});
