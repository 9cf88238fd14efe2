/**
 * Node versions: every package of the lock file (dependencies and dev tools alike) declares
 * `engines.node` that includes the lowest version of every range provably declares in its own
 * `engines` (e.g. 20.19.0, 22.13.0 and 24.0.0 for `^20.19.0 || ^22.13.0 || >=24`), so `npm ci`
 * warns about none on any Node version we say we support. It would have caught vega-lite 6.5
 * (`engines.node >= 22`) under a Node 20 claim.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// npm's own range semantics: semver is in the lock file as a dependency of our dependencies.
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: unknown; version?: string }>;
};

/** The lowest version of each `||` alternative of a range: the oldest Node of each line we declare. */
const declaredMinimums = pkg.engines.node.split('||').map((part) => semver.minVersion(part.trim())!.version);

describe('engines', () => {
  it('declares one minimum per supported Node line, each at least Node 20', () => {
    expect(declaredMinimums.length).toBeGreaterThanOrEqual(3);
    for (const v of declaredMinimums) expect(Number(v.split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  it('every locked package supports the oldest version of every Node line we declare', () => {
    const conflicts: string[] = [];
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      const engines = entry.engines as { node?: unknown } | undefined;
      if (path === '' || typeof engines?.node !== 'string') continue;
      checked++;
      for (const v of declaredMinimums) {
        if (!semver.satisfies(v, engines.node))
          conflicts.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version}: engines.node "${engines.node}" excludes Node ${v}`);
      }
    }
    // The lock file has hundreds of packages with engines.node; a parse that found none proves nothing.
    expect(checked).toBeGreaterThan(100);
    expect(conflicts).toEqual([]);
  });

  it('the check catches a package that needs a newer Node than we declare', () => {
    expect(declaredMinimums.some((v) => !semver.satisfies(v, '>=22'))).toBe(true);
  });
});
