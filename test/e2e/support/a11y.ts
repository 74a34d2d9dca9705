/** Accessibility checks in the page: axe-core's rules, and the accessible name of every button. */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource: string = (require('axe-core') as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core on the whole page and returns its violations, each with the first few offending nodes. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools rather than added as a <script>: the app's CSP rightly blocks inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').trim()})` : ''}`),
    }));
  });
}

/** Buttons in the browser's accessibility tree whose accessible name is empty (their DOM ids or HTML). */
export async function unnamedButtons(context: BrowserContext, page: Page): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const buttons = nodes.filter((n) => !n.ignored && /button/i.test(String(n.role?.value ?? '')));
    if (buttons.length === 0) return ['(no buttons at all in the accessibility tree)'];
    const unnamed = buttons.filter((n) => !String(n.name?.value ?? '').trim());
    const described: string[] = [];
    for (const n of unnamed) {
      if (n.backendDOMNodeId === undefined) {
        described.push(`AX node ${n.nodeId}`);
        continue;
      }
      const { outerHTML } = await cdp.send('DOM.getOuterHTML', { backendNodeId: n.backendDOMNodeId });
      described.push(outerHTML.slice(0, 200));
    }
    return described;
  } finally {
    await cdp.detach();
  }
}

/** How many buttons the accessibility tree holds, with their names (for a sanity check). */
export async function buttonNames(context: BrowserContext, page: Page): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes
      .filter((n) => !n.ignored && /button/i.test(String(n.role?.value ?? '')))
      .map((n) => String(n.name?.value ?? ''));
  } finally {
    await cdp.detach();
  }
}
