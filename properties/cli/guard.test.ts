/**
 * Guarantees of the resource guard (issue #6): the memory and time estimates grow with every size
 * that drives them; paper-small's estimate is in the range it actually takes; a regime that cannot
 * fit memory is refused even with --force, one over the time limit only without it; and every
 * refusal names the scenario, the estimate, the limit and the fix.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/cli/errors.js';
import { checkResources, formatBytes } from '../../src/cli/resourceGuard.js';
import {
  estimateRun,
  machineLimits,
  MEMORY_FRACTION,
  TIME_LIMIT_SECONDS,
  WASM_HEAP_BYTES,
  type CostRegime,
} from '../../src/pipeline/resources.js';
import { loadScenario } from '../../src/regime/load.js';

const sizes = fc.record({
  k: fc.integer({ min: 2, max: 10 }),
  d: fc.integer({ min: 4, max: 512 }),
  P: fc.integer({ min: 1, max: 128 }),
  m: fc.integer({ min: 1, max: 20 }),
  nTrain: fc.integer({ min: 1, max: 5000 }),
  nTest: fc.integer({ min: 1, max: 5000 }),
  T: fc.integer({ min: 1, max: 100_000 }),
  K: fc.integer({ min: 1, max: 10 }),
  batchSize: fc.constantFrom(null, 8, 64),
  logEvery: fc.integer({ min: 1, max: 100 }),
  evalSteps: fc.integer({ min: 0, max: 50 }),
});

const backends = fc.constantFrom('wasm' as const, 'cpu' as const, 'tensorflow' as const);

describe('resource estimates', () => {
  it('never decrease when a size grows, and are positive and finite', () => {
    const growable = ['k', 'd', 'P', 'm', 'nTrain', 'nTest', 'T', 'K', 'evalSteps'] as const;
    fc.assert(
      fc.property(sizes, fc.constantFrom(...growable), fc.integer({ min: 1, max: 50 }), backends, (r, key, by, backend) => {
        const a = estimateRun(r, backend);
        const b = estimateRun({ ...r, [key]: r[key] + by } as CostRegime, backend);
        for (const e of [a, b]) {
          expect(e.backendBytes > 0 && e.hostBytes > 0 && e.flops > 0 && e.seconds > 0).toBe(true);
          expect(Number.isFinite(e.seconds)).toBe(true);
        }
        expect(b.backendBytes + b.hostBytes).toBeGreaterThanOrEqual(a.backendBytes + a.hostBytes);
        expect(b.flops).toBeGreaterThanOrEqual(a.flops);
        expect(b.seconds).toBeGreaterThanOrEqual(a.seconds);
      }),
    );
  });

  it('puts paper-small on WASM at seconds to a minute, and far within memory', () => {
    const e = estimateRun(loadScenario('paper-small').regime, 'wasm');
    expect(e.seconds).toBeGreaterThan(3);
    expect(e.seconds).toBeLessThan(60);
    expect(e.backendBytes + e.hostBytes).toBeLessThan(200 * 1024 ** 2);
  });
});

describe('checkResources', () => {
  const limits = {
    memoryBytes: 8 * 1024 ** 3,
    backendBytes: WASM_HEAP_BYTES,
    seconds: TIME_LIMIT_SECONDS,
    totalMemoryBytes: 16 * 1024 ** 3,
  };

  function refusal(f: () => unknown): string {
    try {
      f();
    } catch (e) {
      expect(isUsageError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('not refused');
  }

  it('refuses exactly the regimes over a limit; --force lifts only the time limit', () => {
    fc.assert(
      fc.property(sizes, backends, fc.boolean(), (r, backend, force) => {
        const e = estimateRun(r, backend);
        const l = { ...limits, backendBytes: backend === 'wasm' ? WASM_HEAP_BYTES : limits.memoryBytes };
        const overMemory = e.backendBytes > l.backendBytes || e.backendBytes + e.hostBytes > l.memoryBytes;
        const overTime = e.seconds > l.seconds;
        const run = () => checkResources([{ label: 'gen', regime: r }], backend, { force, limits: l });
        if (overMemory || (overTime && !force)) {
          const message = refusal(run);
          expect(message).toMatch(/\(rule: .+\)\. Fix: .+/);
          expect(message).toContain(
            overMemory ? formatBytes(l.backendBytes < e.backendBytes ? l.backendBytes : l.memoryBytes) : 'exceeds the limit of 2 h',
          );
        } else {
          expect(run().totalSeconds).toBeCloseTo(e.seconds);
        }
      }),
    );
  });

  it('adds the time of every run, and names the slowest', () => {
    const r: CostRegime = { k: 3, d: 64, P: 48, m: 5, nTrain: 100, nTest: 200, T: 600, K: 1, batchSize: null, logEvery: 10, evalSteps: 20 };
    const one = estimateRun(r, 'wasm').seconds;
    const runs = Math.ceil(TIME_LIMIT_SECONDS / one) + 1;
    const plan = Array.from({ length: runs }, (_, i) => ({ label: i === 3 ? 'slow' : 'fast', regime: i === 3 ? { ...r, T: 1200 } : r }));
    expect(refusal(() => checkResources(plan, 'wasm', { limits }))).toMatch(
      new RegExp(`for ${runs} runs exceeds the limit of 2 h \\(slowest: slow, `),
    );
    expect(checkResources(plan, 'wasm', { limits, force: true }).totalSeconds).toBeGreaterThan(TIME_LIMIT_SECONDS);
  });

  it("takes this machine's RAM and the 4 GiB WASM heap as limits", () => {
    const wasm = machineLimits('wasm', 64 * 1024 ** 3);
    expect(wasm.backendBytes).toBe(WASM_HEAP_BYTES);
    expect(wasm.memoryBytes).toBe(MEMORY_FRACTION * 64 * 1024 ** 3);
    expect(machineLimits('wasm', 2 * 1024 ** 3).backendBytes).toBe(MEMORY_FRACTION * 2 * 1024 ** 3);
    expect(machineLimits('tensorflow', 64 * 1024 ** 3).backendBytes).toBe(MEMORY_FRACTION * 64 * 1024 ** 3);
  });

  it('knows the backend: a regime over the 4 GiB WASM heap but within RAM is refused on wasm only', () => {
    const r: CostRegime = {
      k: 2,
      d: 40,
      P: 32,
      m: 3,
      nTrain: 150_000,
      nTest: 100,
      T: 10,
      K: 1,
      batchSize: null,
      logEvery: 10,
      evalSteps: 1,
    };
    const ram = 64 * 1024 ** 3;
    const e = estimateRun(r, 'wasm');
    expect(e.backendBytes).toBeGreaterThan(WASM_HEAP_BYTES);
    expect(e.backendBytes + e.hostBytes).toBeLessThan(MEMORY_FRACTION * ram);
    expect(refusal(() => checkResources([{ label: 'big', regime: r }], 'wasm', { limits: machineLimits('wasm', ram) }))).toContain(
      'the 4 GiB WASM heap',
    );
    for (const backend of ['tensorflow', 'cpu'] as const) {
      expect(() => checkResources([{ label: 'big', regime: r }], backend, { limits: machineLimits(backend, ram) }), backend).not.toThrow();
    }
  });
});
