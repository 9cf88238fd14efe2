/**
 * `provably doctor`: it lists every backend with whether it loads, its version (libtensorflow's for
 * native) and threads, or the fix; exit 1 exactly when a backend named in PROVABLY_REQUIRE_BACKENDS
 * does not load; a malformed variable is bad input (exit 2, one line).
 */
import { describe, expect, it } from 'vitest';
import { doctorReport } from '../../src/cli/commands/doctor.js';
import type { BackendProbe } from '../../src/backend/select.js';
import { parseRequiredBackends } from '../../src/backend/select.js';
import { lines, runInProcess } from '../cli.helpers.js';

const plain = { bold: (t: string) => t, good: (t: string) => t, bad: (t: string) => t };

function probe(name: BackendProbe['name'], loads: boolean): BackendProbe {
  return loads
    ? { name, loads, version: name === 'tensorflow' ? '2.21.0' : '4.22.0', threads: 2, source: null, failure: null, fix: null }
    : {
        name,
        loads,
        version: null,
        threads: null,
        source: null,
        failure: `${name} backend not available: no addon`,
        fix: 'run `npm run provision`',
      };
}

describe('provably doctor', () => {
  it('lists the three backends on this machine, each loading with a version and threads, or with its fix', async () => {
    const r = await runInProcess(['doctor', '--json']);
    expect(r.code).toBe(0);
    const found = JSON.parse(r.stdout) as { backends: BackendProbe[]; auto: string };
    expect(found.backends.map((b) => b.name)).toEqual(['tensorflow', 'wasm', 'cpu']);
    for (const b of found.backends) {
      if (b.loads) {
        expect(b.version, b.name).toMatch(/^\d+\.\d+\.\d+/);
        expect(b.threads, b.name).toBeGreaterThanOrEqual(1);
      } else {
        expect(b.fix, b.name).toBeTruthy();
      }
    }
    // wasm and cpu ship with the package: they always load.
    expect(found.backends.filter((b) => b.loads).map((b) => b.name)).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    expect(found.auto).toBe(found.backends.find((b) => b.loads)!.name);
  });

  it('exits 1 when a required backend does not load, naming it; 0 when every required one loads', () => {
    const nativeMissing = [probe('tensorflow', false), probe('wasm', true), probe('cpu', true)];
    const failing = doctorReport(nativeMissing, ['tensorflow', 'wasm'], false, plain);
    expect(failing.code).toBe(1);
    expect(
      failing.lines.some((l) =>
        /tensorflow +does not load +tensorflow backend not available: no addon\. Fix: run `npm run provision`\./.test(l),
      ),
    ).toBe(true);
    expect(failing.lines.at(-1)).toBe('Required by PROVABLY_REQUIRE_BACKENDS but not loading: tensorflow (exit 1).');
    expect(failing.lines).toContain('auto picks wasm; --backend and PROVABLY_BACKEND force one.');
    expect(doctorReport(nativeMissing, ['wasm', 'cpu'], false, plain).code).toBe(0);
    expect(doctorReport(nativeMissing, [], false, plain).code).toBe(0);
    const all = doctorReport(
      [probe('tensorflow', true), probe('wasm', true), probe('cpu', true)],
      ['tensorflow', 'wasm', 'cpu'],
      false,
      plain,
    );
    expect(all.code).toBe(0);
    expect(all.lines.some((l) => /tensorflow +loads +libtensorflow 2\.21\.0 · 2 threads/.test(l))).toBe(true);
  });

  it('reads PROVABLY_REQUIRE_BACKENDS as a list (node and native mean tensorflow); a wrong name is exit 2, one line', async () => {
    expect(parseRequiredBackends('tensorflow, wasm,cpu')).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(parseRequiredBackends('node,native')).toEqual(['tensorflow']);
    expect(parseRequiredBackends(undefined)).toEqual([]);
    const r = await runInProcess(['doctor'], { env: { PROVABLY_REQUIRE_BACKENDS: 'wasm,gpu' } });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(/PROVABLY_REQUIRE_BACKENDS = "wasm,gpu" names "gpu", not a backend \(rule: .*\)\. Fix: /),
    ]);
  });
});
