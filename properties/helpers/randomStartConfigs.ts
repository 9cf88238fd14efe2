/** The ball configurations the random-start tests and their power measurement use. */
import { randomStart, type Ball } from '../../src/attack/ball.js';
import type { Rng } from '../../src/random/rng.js';

export interface StartConfig {
  name: string;
  ball: Ball;
  d: number;
  /** Rows `[rows, d]` drawn per test: 2000 units (balls) each. */
  rows: number;
}

export const START_CONFIGS: readonly StartConfig[] = [
  { name: 'patch-l2 D=2', ball: { norm: 'patch-l2', eps: 0.7, P: 2 }, d: 2, rows: 2000 },
  { name: 'patch-l2 D=16', ball: { norm: 'patch-l2', eps: 0.7, P: 2 }, d: 16, rows: 2000 },
  { name: 'l2 D=2 (P=2, d=1)', ball: { norm: 'l2', eps: 1.3, P: 2 }, d: 1, rows: 4000 },
  { name: 'l2 D=12', ball: { norm: 'l2', eps: 1.3, P: 3 }, d: 4, rows: 6000 },
  { name: 'linf D=3', ball: { norm: 'linf', eps: 0.2, P: 2 }, d: 3, rows: 2000 },
  { name: 'linf D=16', ball: { norm: 'linf', eps: 0.2, P: 2 }, d: 16, rows: 2000 },
];

/** D: the dimension of one unit (a patch for patch-l2 and linf, a sample for l2). */
export function dimensionOf(c: StartConfig): number {
  return c.ball.norm === 'l2' ? c.ball.P * c.d : c.d;
}

/** The production random start, read back. */
export function realStart(rows: number, d: number, ball: Ball, rng: Rng): Float32Array {
  const t = randomStart(rows, d, ball, rng);
  const out = Float32Array.from(t.dataSync());
  t.dispose();
  return out;
}
