/**
 * The step-size criterion (src/train/descent.ts) on hand-made traces: what it accepts, and each way
 * a trace can fail it (a rise above the tolerance, no net descent, a non-finite value, too short).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DESCENT_RISE_TOLERANCE, runDescent, smoothDescent } from '../../src/train/descent.js';

describe('smoothDescent', () => {
  it('accepts a monotone decrease and small wiggles within 1 % of the initial loss', () => {
    expect(smoothDescent([1.1, 0.9, 0.5, 0.2, 0.05])).toBe(true);
    expect(smoothDescent([1, 0.8, 0.809, 0.5])).toBe(true); // rise 0.009 ≤ 0.01·1
  });

  it('rejects a rise above the tolerance, however much the loss falls overall', () => {
    expect(smoothDescent([1, 0.8, 0.812, 0.1])).toBe(false); // rise 0.012 > 0.01
    expect(smoothDescent([1.098, 0.81, 1.08, 0.37, 0.68, 0.09])).toBe(false); // the eta = 0.3 AT pattern
  });

  it('rejects a trace that does not end below its start, one with a non-finite value, and one with fewer than two points', () => {
    expect(smoothDescent([1, 1, 1])).toBe(false);
    expect(smoothDescent([1, 0.5, Number.NaN, 0.2])).toBe(false);
    expect(smoothDescent([1, 0.5, Number.POSITIVE_INFINITY])).toBe(false);
    expect(smoothDescent([0.5])).toBe(false);
  });

  test.prop([
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
    fc.double({ min: 0.1, max: 10, noNaN: true }),
  ])('any strictly decreasing trace descends; inserting one rise above the tolerance breaks it', (drops, start) => {
    const losses = [start];
    for (const d of drops) losses.push(losses[losses.length - 1]! * (1 - 0.5 * d) - 1e-9);
    expect(smoothDescent(losses)).toBe(true);
    const at = 1 + Math.floor(drops.length / 2);
    const bumped = [...losses.slice(0, at), losses[at - 1]! + 2 * DESCENT_RISE_TOLERANCE * start, ...losses.slice(at)];
    expect(smoothDescent(bumped)).toBe(false);
  });
});

describe('runDescent', () => {
  it('judges the ST trace (the criterion) and the AT trace (information) separately', () => {
    const good = [{ loss: 1 }, { loss: 0.5 }];
    const bad = [{ loss: 1 }, { loss: 1.5 }, { loss: 0.5 }];
    expect(runDescent({ st: good, at: good })).toEqual({ st: true, at: true });
    expect(runDescent({ st: good, at: bad })).toEqual({ st: true, at: false });
    expect(runDescent({ st: bad, at: good })).toEqual({ st: false, at: true });
  });
});
