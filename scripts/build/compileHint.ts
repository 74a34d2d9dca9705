/**
 * A Vite plugin that puts V8's explicit compile hint, `//# allFunctionsCalledOnLoad`, on the first line of the
 * entry chunk: the teacher's whole path (sign-in, home, register, sync) runs at start, so every one of its
 * functions is compiled while the file streams in, on a background thread, instead of one at a time on the main
 * thread the first time it is called, and Chromium's code cache then keeps them all (BENCHMARKS.md has the
 * figures). Lazy chunks (the office's screens) keep lazy compilation. Other browsers read a comment.
 *
 * Written into the files once they are on disk: Vite adds its own preamble to the top of the entry after every
 * plugin's generateBundle, and the hint must come first. The source map moves down by one line with it, and
 * the chunk's hash (its file name) changes with the hint.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

export function compileHint(): Plugin {
  return {
    name: 'register:compile-hint',
    apply: 'build',
    augmentChunkHash: (chunk) => (chunk.isEntry ? COMPILE_HINT : undefined),
    async writeBundle(options, bundle) {
      const dir = options.dir ?? path.dirname(options.file ?? '.');
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const file = path.join(dir, chunk.fileName);
        const code = await readFile(file, 'utf8');
        if (code.startsWith(COMPILE_HINT)) continue;
        await writeFile(file, `${COMPILE_HINT}\n${code}`);
        // One line more at the top: every mapping moves down a line (a ';' starts a new generated line).
        const mapFile = `${file}.map`;
        const map = JSON.parse(await readFile(mapFile, 'utf8').catch(() => 'null')) as { mappings: string } | null;
        if (map) await writeFile(mapFile, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
      }
    },
  };
}
