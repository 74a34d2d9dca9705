/**
 * A build of the app that differs from another only by a build id in its page, so its service worker's
 * precache manifest differs and a tablet running the first build sees "a new version". Used to test updates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export async function buildPwaWithId(buildId: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `register-e2e-${buildId}-`));
  const markBuild: Plugin = {
    name: 'e2e-build-id',
    transformIndexHtml: (html) => html.replace('</head>', `<meta name="x-build-id" content="${buildId}"></head>`),
  };
  await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true }, plugins: [markBuild] });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
