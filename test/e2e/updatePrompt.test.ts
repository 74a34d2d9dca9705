/**
 * A new version reaches a tablet that still has marks waiting: the app offers "New version: Reload", refuses
 * to reload until the marks are sent (and says why), then reloads into the new build when asked.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { startAppServer, type RunningApp } from './support/appServer.js';
import { buildPwaWithId } from './support/buildWithId.js';

const TODAY = '2026-11-24';

describe.runIf(chromiumAvailable)('the update prompt on a tablet with marks waiting', () => {
  let v1: Awaited<ReturnType<typeof buildPwaWithId>>;
  let v2: Awaited<ReturnType<typeof buildPwaWithId>>;
  let served: string;
  let server: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    v1 = await buildPwaWithId('v1');
    v2 = await buildPwaWithId('v2');
    served = await mkdtemp(path.join(os.tmpdir(), 'register-e2e-served-'));
    await cp(v1.dir, served, { recursive: true });
    server = await startAppServer(served, `${TODAY}T09:05:00Z`, TODAY);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await v1?.remove();
    await v2?.remove();
    if (served) await rm(served, { recursive: true, force: true });
  });

  it('waits for the marks to be sent before it reloads into the new version', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, serviceWorkers: 'allow' });
    const page = await context.newPage();
    const buildId = () => page.evaluate(() => document.querySelector('meta[name="x-build-id"]')?.getAttribute('content'));
    await page.goto(server.url);
    await page.getByLabel('Username').fill('teacher1');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /Year 1 Hazel Morning/ }).waitFor({ timeout: 15_000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    expect(await buildId()).toBe('v1');

    // Pushes fail (the school's connection is flaky), so two marks stay waiting.
    await page.route('**/api/sync/push', (route) => route.abort('connectionfailed'));
    await page.getByRole('link', { name: /Year 1 Hazel Morning/ }).click();
    const rows = page.locator('.mark-buttons[role="group"]');
    await rows.first().waitFor();
    await rows.nth(0).getByRole('button', { name: 'Present' }).click();
    await rows.nth(1).getByRole('button', { name: 'Absent' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 10_000 }).toMatch(/2 marks waiting/);

    // The school installs a new version; the tablet notices.
    await cp(v2.dir, served, { recursive: true, force: true });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const banner = page.getByRole('region', { name: 'New version' });
    await banner.waitFor({ timeout: 20_000 });
    const reload = banner.getByRole('button', { name: 'Reload' });
    expect(await reload.isDisabled()).toBe(true);
    expect(await banner.innerText()).toMatch(/waiting until 2 marks have been sent/);
    expect(await buildId()).toBe('v1');

    // The connection comes back: the marks go, then Reload is allowed and brings the new build.
    await page.unroute('**/api/sync/push');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 }).toMatch(/All marks sent/);
    await expect.poll(() => reload.isDisabled(), { timeout: 10_000 }).toBe(false);
    await reload.click();
    await expect.poll(() => buildId().catch(() => null), { timeout: 20_000 }).toBe('v2');
    const { rows: events } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mark_events WHERE staff_id = 's-teacher1'`);
    expect(events[0].n).toBe(2);
    await context.close();
  });
});
