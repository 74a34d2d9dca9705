/**
 * The floor: what this browser on this machine, at the same slowdown and in the same run, needs for a tap
 * with no app at all. A bare page with the register's shape (35 rows, a Present and an Absent button each, the
 * same class names, so the benchmark's tap code works on it unchanged) whose click handler only sets
 * aria-pressed: no framework, no live queries. With `save` on, the handler also writes a cell and an outbox
 * entry in one strict Dexie transaction after the DOM update, and sets the same 'register:tap' /
 * 'register:saved' marks as the app: DESIGN.md's "bare strict Dexie transaction plus a DOM update".
 *
 * The page is opened at the server's other name (localhost, not 127.0.0.1): another origin, so the app's
 * service worker and database are not involved.
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const ROWS = 35;

const ROW_HTML = Array.from(
  { length: ROWS },
  (_, i) =>
    `<li class="pupil-row"><span class="name">Pupil ${i + 1}</span><div class="mark-buttons" role="group" aria-label="Pupil ${i + 1}">` +
    `<button type="button" class="mark present" aria-pressed="false">/ Present</button>` +
    `<button type="button" class="mark absent" aria-pressed="false">N Absent</button></div></li>`,
).join('');

const FLOOR_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title>
<style>
  body { font: 16px system-ui, sans-serif; margin: 0; }
  ul { list-style: none; margin: 0; padding: 0 16px; }
  .pupil-row { display: flex; align-items: center; gap: 12px; min-height: 56px; border-bottom: 1px solid #ddd; }
  .name { flex: 1; }
  .mark { min-width: 96px; min-height: 48px; font: inherit; border: 2px solid #555; border-radius: 8px; background: #fff; }
  .mark[aria-pressed="true"].present { background: #2e7d32; color: #fff; }
  .mark[aria-pressed="true"].absent { background: #c62828; color: #fff; }
</style></head><body><main><h1>Floor</h1><ul>${ROW_HTML}</ul></main></body></html>`;

/** Runs in the page after Dexie: one click listener for every button. */
const FLOOR_SCRIPT = `(() => {
  const db = new Dexie('bench-floor', { chromeTransactionDurability: 'strict' });
  db.version(1).stores({ cells: 'key', outbox: '++key' });
  const state = { save: false, seq: 0 };
  Object.defineProperty(window, '__floor', { value: state });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.mark') : null;
    if (!button) return;
    performance.mark('register:tap');
    for (const b of button.parentElement.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
    if (!state.save) return;
    const key = button.closest('[role=group]').getAttribute('aria-label');
    const code = button.classList.contains('present') ? '/' : 'N';
    const seq = ++state.seq;
    db.transaction('rw', db.cells, db.outbox, async () => {
      await Promise.all([db.cells.put({ key, code }), db.outbox.add({ seq, type: 'mark.set', args: { key, code } })]);
    }).then(() => performance.mark('register:saved'));
  });
})();`;

/** Opens the floor page in `context` (same viewport, touch and init scripts as the app's pages). */
export async function openFloorPage(context: BrowserContext, serverUrl: string): Promise<Page> {
  const page = await context.newPage();
  // The floor is a bare page of its own, not the app: the server's CSP (no inline script) is not what it
  // measures, so this page alone bypasses it.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  const other = new URL(serverUrl);
  other.hostname = 'localhost';
  await page.goto(new URL('/api/health', other).href);
  await page.setContent(FLOOR_HTML);
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('dexie/dist/dexie.min.js') });
  await page.addScriptTag({ content: FLOOR_SCRIPT });
  return page;
}

export async function setFloorSaving(page: Page, save: boolean): Promise<void> {
  await page.evaluate((on) => {
    (window as unknown as { __floor: { save: boolean } }).__floor.save = on;
  }, save);
}
