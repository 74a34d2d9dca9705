/**
 * The layering the project is built on, read from the imports themselves (static imports, `import type`,
 * `export … from` and dynamic `import()`), so a shortcut across a layer fails here rather than in review:
 * - src/domain is pure: it imports only src/domain (no node: modules, no packages);
 * - src/protocol imports only src/domain, itself and zod;
 * - src/app and src/server never import each other (they meet only through src/protocol and src/domain);
 * - a feature of the app (src/app/features/<A>/) never imports another feature (src/app/features/<B>/):
 *   what two features share lives outside features/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

interface Import {
  /** the importing file, relative to the repository, with forward slashes */
  from: string;
  /** what it names, as written */
  specifier: string;
  /** the file or folder it names, relative to the repository, for relative specifiers; null for packages */
  target: string | null;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  // preProcessFile finds import/export-from declarations, import type, import() and require() calls.
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName: specifier }) => ({
    from: rel(file),
    specifier,
    target: specifier.startsWith('.') ? rel(path.resolve(path.dirname(file), specifier)) : null,
  }));
}

const ALL = sourceFiles(SRC).flatMap(importsOf);
const importsFrom = (folder: string) => ALL.filter((i) => i.from.startsWith(`${folder}/`));
const inside = (target: string | null, folder: string) => target !== null && (target === folder || target.startsWith(`${folder}/`));
const show = (list: Import[]) => list.map((i) => `${i.from} imports ${i.specifier}`);

/** The feature folder a path lies in (`src/app/features/registers`), or null. */
const featureOf = (file: string) => /^src\/app\/features\/[^/]+/.exec(file)?.[0] ?? null;

/**
 * Imports from one app feature into another that exist today and are known. Each one is a debt to pay off
 * by moving what is shared out of features/ (for the lead to plan, not to be added to): keep this list
 * short, and remove a line as soon as its import goes.
 */
const KNOWN_FEATURE_CROSSINGS: string[] = [];

describe('layering, read from the imports', () => {
  it('finds the imports it checks (the parser sees static, type-only, re-export and dynamic imports)', () => {
    expect(sourceFiles(SRC).length).toBeGreaterThan(50);
    const probe = ts.preProcessFile(
      `import a from './a'; import type { B } from './b'; export { c } from './c'; export * from './d'; const e = await import('./e'); import './f';`,
      true,
      true,
    );
    expect(probe.importedFiles.map((f) => f.fileName).sort()).toEqual(['./a', './b', './c', './d', './e', './f']);
    expect(importsFrom('src/app').some((i) => inside(i.target, 'src/protocol'))).toBe(true);
  });

  it('src/domain imports nothing but src/domain: no node: modules, no packages', () => {
    const outside = importsFrom('src/domain').filter((i) => !inside(i.target, 'src/domain'));
    expect(show(outside)).toEqual([]);
  });

  it('src/protocol imports only src/domain, itself and zod', () => {
    const outside = importsFrom('src/protocol').filter(
      (i) => !(inside(i.target, 'src/domain') || inside(i.target, 'src/protocol') || i.specifier === 'zod' || i.specifier.startsWith('zod/')),
    );
    expect(show(outside)).toEqual([]);
  });

  it('src/app never imports src/server', () => {
    expect(show(importsFrom('src/app').filter((i) => inside(i.target, 'src/server')))).toEqual([]);
  });

  it('src/server never imports src/app', () => {
    expect(show(importsFrom('src/server').filter((i) => inside(i.target, 'src/app')))).toEqual([]);
  });

  it('a feature of the app never imports another feature', () => {
    const crossings = ALL.filter((i) => {
      const own = featureOf(i.from);
      const theirs = i.target && featureOf(i.target);
      return own !== null && theirs !== null && theirs !== own;
    });
    expect(show(crossings).sort()).toEqual([...KNOWN_FEATURE_CROSSINGS].sort());
  });
});
