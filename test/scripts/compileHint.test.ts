import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHint } from '../../scripts/build/compileHint';

type Hooks = {
  writeBundle(options: { dir: string }, bundle: Record<string, unknown>): Promise<void>;
  augmentChunkHash(chunk: { isEntry: boolean }): string | undefined;
};
const plugin = compileHint() as unknown as Hooks;

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

async function built(files: Record<string, string>) {
  dir = await mkdtemp(path.join(os.tmpdir(), 'compile-hint-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
}
const chunk = (fileName: string, isEntry: boolean) => ({ type: 'chunk', fileName, isEntry });

describe('the compile hint on the entry chunk', () => {
  it('puts the hint on the first line of the entry, moves its source map down a line, and leaves lazy chunks alone', async () => {
    await built({
      'index.js': 'const __vite__mapDeps=1;\nstart();\n',
      'index.js.map': JSON.stringify({ version: 3, mappings: ';AAAA' }),
      'office.js': 'export const office=1;\n',
    });
    const bundle = { 'index.js': chunk('index.js', true), 'office.js': chunk('office.js', false), 'index.js.map': { type: 'asset' } };

    await plugin.writeBundle({ dir }, bundle);
    await plugin.writeBundle({ dir }, bundle); // a second pass must not add it twice

    expect(await readFile(path.join(dir, 'index.js'), 'utf8')).toBe(`${COMPILE_HINT}\nconst __vite__mapDeps=1;\nstart();\n`);
    expect(JSON.parse(await readFile(path.join(dir, 'index.js.map'), 'utf8')).mappings).toBe(';;AAAA');
    expect(await readFile(path.join(dir, 'office.js'), 'utf8')).toBe('export const office=1;\n');
  });

  it('changes the entry chunk’s hash only', () => {
    expect(plugin.augmentChunkHash({ isEntry: true })).toBe(COMPILE_HINT);
    expect(plugin.augmentChunkHash({ isEntry: false })).toBeUndefined();
  });
});
