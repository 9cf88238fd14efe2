import { reference64 } from '../../../model/reference64.js';
import type { AttackBudget, AttackInput, NetworkShape, Trainer, UpdateInput } from '../../types.js';

/**
 * A plain-TypeScript, float64 port of adversarial training, written apart from our tfjs engine the
 * way a user ports Madry-style PGD training from another library: its own loops, its own random
 * generator, gradients from the float64 model (standing in for autodiff). Each held-out bug replaces
 * one of its pieces ({@link PortPieces}); with none replaced it is a correct trainer, which the
 * tolerances were not set on (a false-alarm control).
 */

/** State a trainer carries between calls (real ports keep model copies and buffers). */
export interface PortState {
  /** Weights the attack saw on its previous call. */
  previousAttackW: Float32Array | null;
}

/** The pieces of the port where real ports go wrong, each with its correct default. */
export interface PortPieces {
  /** Random start δ₀ `[n, P, d]` (correct: uniform in the ball, per block, from the seed). */
  start(budget: AttackBudget, shape: NetworkShape, seed: number): Float64Array;
  /** The weights the attack differentiates (correct: this call's W). */
  attackWeights(W: Float32Array, state: PortState): ArrayLike<number>;
  /** The unit step direction per block (correct: g/‖g‖ per block, sign for linf, 0 for a zero block). */
  direction(g: Float64Array, budget: AttackBudget, shape: NetworkShape): Float64Array;
  /** Projection onto the ball, in place (correct: radial for ℓ2 blocks, clipping for linf). */
  project(delta: Float64Array, budget: AttackBudget, shape: NetworkShape): void;
  /** Projects after every step (correct) or only after the last. */
  projectEveryStep: boolean;
  /** After each step, in place (correct: nothing). */
  afterStep(delta: Float64Array, X: Float32Array): void;
  /** Which iterate is returned (correct: the last). */
  keep: 'last' | 'best';
  /** One descent step from the gradient of the mean loss (correct: W − eta·g). */
  descend(W: Float32Array, gradW: Float64Array, eta: number, shape: NetworkShape): Float32Array;
}

/** mulberry32: the port's own small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard normal draw (Box–Muller). */
export function normal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Elements of one budget block: a patch (patch-l2), a sample (l2), a coordinate (linf). */
export function blockOf(norm: AttackBudget['norm'], s: NetworkShape): number {
  return norm === 'patch-l2' ? s.d : norm === 'l2' ? s.P * s.d : 1;
}

/** A uniform point of the ball; `radius(u, D)` maps a uniform draw to the radius / eps. */
export function ballStart(
  budget: AttackBudget,
  s: NetworkShape,
  rand: () => number,
  radius: (u: number, D: number) => number = (u, D) => Math.pow(u, 1 / D),
): Float64Array {
  const delta = new Float64Array(s.n * s.P * s.d);
  if (budget.norm === 'linf') {
    for (let i = 0; i < delta.length; i++) delta[i] = budget.eps * (2 * rand() - 1);
    return delta;
  }
  const size = blockOf(budget.norm, s);
  for (let b = 0; b < delta.length; b += size) {
    let sq = 0;
    for (let i = b; i < b + size; i++) {
      delta[i] = normal(rand);
      sq += delta[i] ** 2;
    }
    const r = (budget.eps * radius(rand(), size)) / Math.sqrt(sq);
    for (let i = b; i < b + size; i++) delta[i] *= r;
  }
  return delta;
}

/** Per-block ℓ2 norms of `a`. */
export function blockNorms(a: ArrayLike<number>, size: number): Float64Array {
  const out = new Float64Array(a.length / size);
  for (let b = 0; b < out.length; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) s += a[i] * a[i];
    out[b] = Math.sqrt(s);
  }
  return out;
}

/** `g / denominator(‖g_b‖)` per ℓ2 block (linf: sign), with a zero block left at zero. */
export function unitSteps(
  g: Float64Array,
  budget: AttackBudget,
  s: NetworkShape,
  denominator: (norm: number) => number = (x) => x,
): Float64Array {
  if (budget.norm === 'linf') return g.map((v) => Math.sign(v) + 0);
  const size = blockOf(budget.norm, s);
  const norms = blockNorms(g, size);
  const out = new Float64Array(g.length);
  for (let b = 0; b < norms.length; b++) {
    if (norms[b] === 0) continue;
    const den = denominator(norms[b]);
    for (let i = b * size; i < (b + 1) * size; i++) out[i] = g[i] / den;
  }
  return out;
}

export const CORRECT_PORT: Readonly<PortPieces> = Object.freeze({
  start: (budget: AttackBudget, shape: NetworkShape, seed: number) => ballStart(budget, shape, seeded(seed)),
  attackWeights: (W: Float32Array) => W,
  direction: (g: Float64Array, budget: AttackBudget, shape: NetworkShape) => unitSteps(g, budget, shape),
  project(delta: Float64Array, budget: AttackBudget, shape: NetworkShape) {
    if (budget.norm === 'linf') {
      for (let i = 0; i < delta.length; i++) delta[i] = Math.min(budget.eps, Math.max(-budget.eps, delta[i]));
      return;
    }
    const size = blockOf(budget.norm, shape);
    const norms = blockNorms(delta, size);
    for (let b = 0; b < norms.length; b++) {
      if (norms[b] <= budget.eps) continue;
      for (let i = b * size; i < (b + 1) * size; i++) delta[i] *= budget.eps / norms[b];
    }
  },
  projectEveryStep: true,
  afterStep: () => {},
  keep: 'last' as const,
  descend: (W: Float32Array, gradW: Float64Array, eta: number) => Float32Array.from(W, (w, i) => w - eta * gradW[i]),
});

function plus(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** A fresh port trainer with `pieces` replaced (its state starts empty). */
export function portTrainer(name: string, pieces: Partial<PortPieces> = {}): Trainer {
  const p: PortPieces = { ...CORRECT_PORT, ...pieces };
  const state: PortState = { previousAttackW: null };
  return {
    name,
    attack({ W, X, y, budget, seed, shape }: AttackInput): Float32Array {
      const Wa = p.attackWeights(W, state);
      if (budget.eps === 0) return new Float32Array(X.length);
      const delta = budget.randomStart ? p.start(budget, shape, seed) : new Float64Array(X.length);
      const rowSize = shape.P * shape.d;
      const best = new Float64Array(X.length);
      const bestLoss = new Float64Array(shape.n).fill(-Infinity);
      for (let step = 0; step < budget.steps; step++) {
        const g = reference64({ X: plus(X, delta), y, W: Wa, ...shape }).gradX;
        const dir = p.direction(g, budget, shape);
        for (let i = 0; i < delta.length; i++) delta[i] += budget.stepSize * dir[i];
        if (p.projectEveryStep || step === budget.steps - 1) p.project(delta, budget, shape);
        p.afterStep(delta, X);
        if (p.keep === 'best') {
          const losses = reference64({ X: plus(X, delta), y, W: Wa, ...shape }).perSample;
          for (let i = 0; i < shape.n; i++) {
            if (losses[i] > bestLoss[i]) {
              bestLoss[i] = losses[i];
              best.set(delta.subarray(i * rowSize, (i + 1) * rowSize), i * rowSize);
            }
          }
        }
      }
      return Float32Array.from(p.keep === 'best' && budget.steps > 0 ? best : delta);
    },
    update({ W, X, y, delta, eta, shape }: UpdateInput): Float32Array {
      const at = delta === null ? X : plus(X, delta);
      return p.descend(W, reference64({ X: at, y, W, ...shape }).gradW, eta, shape);
    },
  };
}
