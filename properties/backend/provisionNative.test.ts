/**
 * The native provisioning script (scripts/provision-native.mjs), its pure parts: which packages of
 * tfjs-node's closure it restores from the lock file, which libtensorflow layouts it accepts, where
 * its cache is, and that it never fails: a failed provisioning is one line and exit 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { cacheRoot, findLayout, missingFromClosure } from '../../scripts/provision-native.mjs';

const script = fileURLToPath(new URL('../../scripts/provision-native.mjs', import.meta.url));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'provably-provision-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('tfjs-node closure from the lock file', () => {
  const lock = {
    packages: {
      '': { name: 'x' },
      'node_modules/@tensorflow/tfjs-node': { version: '4.22.0', optional: true, dependencies: { a: '^1', b: '^2' } },
      'node_modules/a': { version: '1.0.0', optional: true, dependencies: { c: '*' } },
      'node_modules/a/node_modules/c': { version: '3.0.0', optional: true },
      'node_modules/c': { version: '9.9.9' },
      'node_modules/b': { version: '2.0.0' },
      'node_modules/unrelated': { version: '1.0.0', optional: true },
    },
  };

  it('lists exactly the closure packages missing on disk or of another version, nested where npm put them', () => {
    const dir = tree({
      'package-lock.json': JSON.stringify(lock),
      'node_modules/b/package.json': JSON.stringify({ version: '2.0.0' }),
      'node_modules/c/package.json': JSON.stringify({ version: '9.9.9' }),
      'node_modules/a/package.json': JSON.stringify({ version: '0.9.0' }),
    });
    const { missing } = missingFromClosure(dir);
    expect(missing.map((m: { key: string }) => m.key).sort()).toEqual([
      'node_modules/@tensorflow/tfjs-node',
      'node_modules/a',
      'node_modules/a/node_modules/c',
    ]);
    expect(missing.find((m: { key: string }) => m.key === 'node_modules/a/node_modules/c')).toMatchObject({ name: 'c', version: '3.0.0' });
  });

  it('finds nothing to restore when the closure is on disk', () => {
    const dir = tree({
      'package-lock.json': JSON.stringify(lock),
      'node_modules/@tensorflow/tfjs-node/package.json': JSON.stringify({ version: '4.22.0' }),
      'node_modules/a/package.json': JSON.stringify({ version: '1.0.0' }),
      'node_modules/a/node_modules/c/package.json': JSON.stringify({ version: '3.0.0' }),
      'node_modules/b/package.json': JSON.stringify({ version: '2.0.0' }),
    });
    expect(missingFromClosure(dir).missing).toEqual([]);
  });
});

describe('libtensorflow layouts', () => {
  const headers = { 'include/tensorflow/c/c_api.h': '', 'include/tensorflow/c/eager/c_api.h': '' };

  it('accepts the wheel layout and the libtensorflow archive layout', () => {
    const wheel = tree({ 'libtensorflow_cc.so.2': 'x', 'libtensorflow_framework.so.2': 'x', ...headers });
    expect(findLayout(wheel)).toMatchObject({
      lib: join(wheel, 'libtensorflow_cc.so.2'),
      framework: join(wheel, 'libtensorflow_framework.so.2'),
    });
    const archive = tree({ 'lib/libtensorflow.so.2': 'x', 'lib/libtensorflow_framework.so.2': 'x', ...headers });
    expect(findLayout(archive)).toMatchObject({ lib: join(archive, 'lib', 'libtensorflow.so.2'), include: join(archive, 'include') });
  });

  it('refuses a folder without the headers or without the framework library', () => {
    expect(findLayout(tree({ 'libtensorflow_cc.so.2': 'x', 'libtensorflow_framework.so.2': 'x' }))).toBeNull();
    expect(findLayout(tree({ 'libtensorflow_cc.so.2': 'x', ...headers }))).toBeNull();
  });
});

describe('cache and failure', () => {
  it('caches under PROVABLY_NATIVE_CACHE, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(cacheRoot({ PROVABLY_NATIVE_CACHE: '/x/y' })).toBe('/x/y');
    expect(cacheRoot({ XDG_CACHE_HOME: '/c' })).toBe(join('/c', 'provably', 'native'));
  });

  it('a bad PROVABLY_LIBTENSORFLOW is one line naming the folder and the fix, and exit 0', () => {
    const bad = tree({ README: 'not a library' });
    const r = spawnSync(process.execPath, [script, '--force'], {
      env: { ...process.env, PROVABLY_LIBTENSORFLOW: bad, PROVABLY_NATIVE_CACHE: join(bad, 'cache') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^provably: native backend not available \\(tried PROVABLY_LIBTENSORFLOW=${bad}: .*\\); provably will run on WASM\\. Fix: .+\\.$`,
      ),
    );
  });
});
