/**
 * Layout on tablets and small laptops, in Chromium on the built app: the sign-in, home and register screens
 * never scroll sideways at 768×1024, 1024×768, 1280×800 and 800×1280 (portrait and landscape); at the office's
 * 1280×800, a pupil's register with a cell's history open shows every column, Friday afternoon included.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it("keeps Friday afternoon in view beside a cell's history on the office's pupil register at 1280×800", async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const office = await desk.newPage();
      const pupil = server.demo.pupils.find((p) => p.groupId === 'g1')!;
      await office.goto(server.url);
      await signIn(office, 'office1');
      await office.getByRole('navigation').first().waitFor({ timeout: 15_000 });
      await office.goto(`${server.url}/#/office/pupils/${pupil.id}`);
      await office.getByRole('button', { name: /^Monday 23 November 2026, morning/ }).click();
      const panel = office.locator('.cell-panel');
      await panel.getByRole('heading', { name: /morning, Monday 23 November 2026/ }).waitFor({ timeout: 15_000 });
      await office.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await office.screenshot({ path: join(tmpdir(), 'office-pupil-register-1280x800.png') });

      const layout = await office.evaluate(() => {
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        const grid = document.querySelector('.register-grid')!;
        // The last column of the grid is Friday afternoon: its header and every week's cell.
        const fridayPm = [grid.querySelector('thead tr:last-child th:last-child')!, ...Array.from(grid.querySelectorAll('tbody tr > td:last-child'))].map(box);
        return { panel: box(document.querySelector('.cell-panel')!), fridayPm, width: document.scrollingElement!.clientWidth, scrollWidth: document.scrollingElement!.scrollWidth };
      });
      const overlaps = (a: typeof layout.panel, b: typeof layout.panel) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      expect(layout.fridayPm.length, 'the header and at least one week').toBeGreaterThan(1);
      const covered = layout.fridayPm.filter((cell) => overlaps(cell, layout.panel));
      expect(covered, `the cell panel (${JSON.stringify(layout.panel)}) covers Friday afternoon: ${JSON.stringify(covered.slice(0, 3))}`).toEqual([]);
      const offScreen = layout.fridayPm.filter((cell) => cell.right > layout.width + 0.5);
      expect(offScreen, `Friday afternoon runs past the window's right edge (${layout.width} px)`).toEqual([]);
      expect(layout.scrollWidth, 'the pupil register scrolls sideways').toBeLessThanOrEqual(layout.width);
    } finally {
      await desk.close();
    }
  });
});
