import { describe, expect, it } from 'vitest';
import { crossing } from '../../bench/crossover.js';
import { readCrossover } from '../../src/backend/crossover.js';

describe('bench crossover: the FLOPs per step above which native is faster at every measured shape', () => {
  it('interpolates log-log between the last shape where wasm wins and the next', () => {
    // ratio 0.5 at 1e6 and 2 at 1e8: log ratio crosses 0 halfway in log FLOPs, at 1e7.
    const c = crossing([
      { flops: 1e8, ratio: 2 },
      { flops: 1e5, ratio: 0.2 },
      { flops: 1e6, ratio: 0.5 },
    ]);
    expect(c.flops).toBeCloseTo(1e7, -1);
  });
  it('a dip below 1 at a larger shape moves the crossover above it', () => {
    const c = crossing([
      { flops: 1e5, ratio: 2 },
      { flops: 1e6, ratio: 0.5 },
      { flops: 1e8, ratio: 2 },
    ]);
    expect(c.flops).toBeGreaterThan(1e6);
    expect(c.flops).toBeLessThan(1e8);
  });
  it('native faster everywhere: the smallest shape; never faster at the largest: none', () => {
    expect(
      crossing([
        { flops: 1e5, ratio: 1.5 },
        { flops: 1e6, ratio: 3 },
      ]).flops,
    ).toBe(1e5);
    expect(
      crossing([
        { flops: 1e5, ratio: 0.5 },
        { flops: 1e6, ratio: 0.9 },
      ]).flops,
    ).toBeNull();
  });
  it('the committed src/backend/crossover.json is what --backend fastest accepts', () => {
    const c = readCrossover();
    expect(c.flopsPerStepCrossover).toBeGreaterThan(0);
    expect(c.command).toMatch(/^npm run bench -- .*--crossover/);
  });
});
