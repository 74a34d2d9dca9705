/**
 * `engines` in package.json must be true: every package installed here (dependencies and dev tools alike) must
 * itself accept every Node version that `engines` promises. Schools run Node 22 or 24 LTS and these machines
 * run 20, so a dependency that asks for a newer Node than `engines` says is caught here, not on a school's
 * server. (cookie 2 asks for Node 22, so package.json pins cookie 1.1.1, which has the same functions.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import semver from 'semver';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

/** Packages npm installs: optional ones (another platform's binaries) only where they are on disk. */
const installed = Object.entries(lock.packages).filter(([path, p]) => path !== '' && (!p.optional || existsSync(new URL(path, root))));

describe('engines', () => {
  it('names a Node version range, and the Node running the tests is in it', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it('promises the LTS lines schools run (22 and 24) as well as 20', () => {
    for (const version of ['20.19.0', '22.13.0', '24.0.0']) expect(semver.satisfies(version, pkg.engines.node), version).toBe(true);
  });

  it('promises no Node version that an installed package refuses', () => {
    const refusing = installed
      .filter(([, p]) => !Array.isArray(p.engines) && p.engines?.node)
      .filter(([, p]) => !semver.subset(pkg.engines.node, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
