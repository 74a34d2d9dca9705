/**
 * Layout on tablets and small laptops, in Chromium on the built app: the sign-in, home and register screens
 * never scroll sideways at 768×1024, 1024×768, 1280×800 and 800×1280 (portrait and landscape).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';
import { pupilGroups, registerLink, signIn } from './support/pages.js';

const TODAY = '2026-11-24';
const VIEWPORTS = [
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

/** Horizontal overflow of the document, with the elements that stick out past the right edge. */
async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const width = root.clientWidth;
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left < -0.5)
      .slice(0, 5)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> left ${Math.round(r.left)} right ${Math.round(r.right)}`;
      });
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits };
  });
}

async function expectNoSidewaysScroll(page: Page, screen: string) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const o = await horizontalOverflow(page);
    expect(
      o.scrollWidth,
      `${screen} at ${viewport.width}×${viewport.height} scrolls sideways: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}; sticking out: ${o.culprits.join('; ') || 'none found'}`,
    ).toBeLessThanOrEqual(o.clientWidth);
  }
}

describe.runIf(chromiumAvailable)('layout at tablet and laptop sizes', () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;
  let tablet: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, `${TODAY}T09:05:00Z`, TODAY);
    browser = await launchChromium();
    tablet = await browser.newContext({ viewport: VIEWPORTS[0], serviceWorkers: 'allow' });
    page = await tablet.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  it('does not scroll sideways on the sign-in screen', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').waitFor({ timeout: 15_000 });
    await expectNoSidewaysScroll(page, 'the sign-in screen');
  });

  it('does not scroll sideways on the home screen', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await signIn(page, 'teacher1');
    await registerLink(page, 'Year 1 Hazel', 'Morning').waitFor({ timeout: 15_000 });
    await expectNoSidewaysScroll(page, 'the home screen');
  });

  it('does not scroll sideways on the register screen, unmarked and marked', async () => {
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1');
    await page.setViewportSize(VIEWPORTS[0]);
    await registerLink(page, 'Year 1 Hazel', 'Morning').click();
    await expect.poll(() => page.locator('.mark-buttons button:not([disabled])').count(), { timeout: 10_000 }).toBe(g1.length * 2);
    await expectNoSidewaysScroll(page, 'the register screen');
    // Marks add states (pressed buttons, waiting dots, counts): still no sideways scroll.
    for (let i = 0; i < g1.length; i++) await pupilGroups(page).nth(i).getByRole('button', { name: i % 4 === 0 ? 'Absent' : 'Present' }).click();
    await expect.poll(() => page.getByText('Not marked: 0').count()).toBe(1);
    await expectNoSidewaysScroll(page, 'the marked register screen');
  });
});
