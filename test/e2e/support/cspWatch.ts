/**
 * Catches every Content-Security-Policy violation in the end-to-end tests' pages, so a change that the
 * server's policy would block in a real browser (an inline script or style, eval, a foreign origin) fails
 * the test that caused it instead of quietly breaking the app in a school. launchChromium() watches every
 * context it creates; setup.ts fails each test after which a violation was seen.
 */
import type { Browser, BrowserContext } from 'playwright-core';

const seen: string[] = [];

/** The violations seen since the last call, and forgets them. */
export function takeCspViolations(): string[] {
  return seen.splice(0, seen.length);
}

/** Reports violations from each page's `securitypolicyviolation` event and Chromium's console messages. */
export async function watchCspViolations(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__e2eCspViolation', ({ page }, text: string) => {
    seen.push(`${text} (page ${page?.url() ?? 'unknown'})`);
  });
  // Init scripts and bindings come in through the DevTools protocol, which the page's CSP does not govern.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __e2eCspViolation?: (text: string) => void }).__e2eCspViolation;
      report?.(`CSP ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || 'the page'}:${e.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
}

/** Makes every context the browser creates watch for violations. */
export function watchEveryContext(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchCspViolations(context);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    await watchCspViolations(page.context());
    return page;
  };
  return browser;
}
