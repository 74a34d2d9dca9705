/**
 * Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (never a browser
 * download). Without Chromium the tests are skipped with a clear message, unless REQUIRE_BROWSER=1 (CI),
 * in which case they fail.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { watchEveryContext } from './cspWatch.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  const message = `Chromium is not installed at ${CHROMIUM_PATH}: the end-to-end tests cannot run (apt-get install -y chromium).`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${message} REQUIRE_BROWSER=1 forbids skipping them.`);
  console.warn(`SKIPPING end-to-end tests. ${message}`);
}

// The background-networking flags keep Chromium from calling out on this closed network.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Chromium whose every context reports CSP violations (see cspWatch.ts). */
export async function launchChromium(): Promise<Browser> {
  return watchEveryContext(await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }));
}
