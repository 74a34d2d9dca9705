/**
 * The teacher's path stays light: what a tablet loads to take a register (src/app/main.tsx and everything it
 * imports statically, transitively) never includes the office's and admin's screens, which are loaded with
 * `import()` only when the workspace opens. Issue 11 asks this of the figures and their charts in particular.
 * Read from the imports themselves, type-only imports left out (they vanish from the bundle).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** The relative modules a file imports statically (not `import()`, not `import type`). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
  }
  return specifiers.filter((s) => s.startsWith('.'));
}

function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (/\.(ts|tsx)$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null; // CSS, images: not code
}

function teacherPath(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      const target = resolve(file, specifier);
      if (target) queue.push(target);
    }
  }
  return new Set([...seen].map(rel));
}

const OFFICE_ONLY = ['src/app/features/figures/', 'src/app/features/absence-lists/', 'src/app/features/alerts/', 'src/app/features/admin/', 'src/app/workspace/'];

describe("the teacher's path", () => {
  const loaded = teacherPath(path.join(ROOT, 'src/app/main.tsx'));

  it('follows the static imports from the entry (it sees the register screen)', () => {
    expect(loaded.size).toBeGreaterThan(20);
    expect([...loaded].some((f) => f.startsWith('src/app/features/registers/'))).toBe(true);
  });

  it("never loads the office's figures, absence lists, alerts, admin screens or workspace", () => {
    expect([...loaded].filter((f) => OFFICE_ONLY.some((folder) => f.startsWith(folder))).sort()).toEqual([]);
  });
});
