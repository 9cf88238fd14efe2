/**
 * A quiet `npm test`: a vitest run over two files that use the fast-check vitest binding prints no
 * deprecation warning and the fast-check seed once for the whole run (one line that replays every
 * file), not once per file. Run as a child vitest, as `npm test` runs it.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('npm test output', () => {
  it('no deprecation warning, and one fast-check seed line for the run', { timeout: 180_000 }, () => {
    const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    const files = ['properties/stats/wilson.test.ts', 'properties/stats/clopperPearson.test.ts'];
    // CI unset: no coverage in the child; no seed given, so the run draws and prints one.
    const env = { ...process.env, CI: '', PROVABLY_FC_SEED: '', NO_COLOR: '1', FORCE_COLOR: '0' };
    const r = spawnSync(process.execPath, [vitest, 'run', ...files], { cwd: ROOT, env, encoding: 'utf8', timeout: 170_000 });
    const output = `${r.stdout}${r.stderr}`;
    expect(r.status, output).toBe(0);
    expect(output).toMatch(/Test Files {2}2 passed/);
    expect(output).not.toMatch(/deprecat/i);
    const seeds = output.split('\n').filter((l) => /fast-check seed/i.test(l));
    expect(seeds, output).toHaveLength(1);
    expect(seeds[0]).toMatch(/^\[provably\] fast-check seed -?\d+ for every test file \(replay: PROVABLY_FC_SEED=-?\d+ npm test\)$/);
  });
});
