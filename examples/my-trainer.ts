/**
 * A hand-written adversarial trainer in plain TypeScript, as a user of provably would write one: no
 * tfjs, its own loops, its own random numbers. It stands in for "your implementation" in
 * examples/my-trainer.test.ts.
 *
 * The network's loss gradients come from `reference64` (provably's float64 reference of the model),
 * standing in for your framework's autodiff; the attack (start, ascent, normalisation, projection)
 * and the update are written out here, and those are what the conformance checks examine.
 */
// Only the public entry point (in a user's project: 'provably/conformance').
import {
  reference64,
  type AttackBudget,
  type AttackInput,
  type NetworkShape,
  type Trainer,
  type UpdateInput,
} from '../src/conformance/index.js';

/** mulberry32: a small seeded generator, enough for random starts. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller. */
function gaussian(uniform: () => number): number {
  const u = 1 - uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

/** The blocks of δ that one norm constrains: a patch (patch-l2), a whole sample (l2) or a coordinate. */
function blockSize(norm: AttackBudget['norm'], s: NetworkShape): number {
  return norm === 'patch-l2' ? s.d : norm === 'l2' ? s.P * s.d : 1;
}

function uniformStart(budget: AttackBudget, s: NetworkShape, seed: number): Float64Array {
  const delta = new Float64Array(s.n * s.P * s.d);
  const rand = seeded(seed);
  if (budget.norm === 'linf') {
    for (let i = 0; i < delta.length; i++) delta[i] = budget.eps * (2 * rand() - 1);
    return delta;
  }
  const size = blockSize(budget.norm, s);
  for (let b = 0; b < delta.length; b += size) {
    let sq = 0;
    for (let i = b; i < b + size; i++) {
      delta[i] = gaussian(rand);
      sq += delta[i] ** 2;
    }
    const r = (budget.eps * Math.pow(rand(), 1 / size)) / Math.sqrt(sq);
    for (let i = b; i < b + size; i++) delta[i] *= r;
  }
  return delta;
}

function gradients(W: ArrayLike<number>, X: ArrayLike<number>, y: Int32Array, s: NetworkShape) {
  return reference64({ X, y, W, ...s });
}

function plus(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** δ ← Proj(δ + stepSize · normalise(g)), block by block. */
function ascend(delta: Float64Array, g: Float64Array, budget: AttackBudget, s: NetworkShape): void {
  if (budget.norm === 'linf') {
    for (let i = 0; i < delta.length; i++) {
      const moved = delta[i] + budget.stepSize * Math.sign(g[i]);
      delta[i] = Math.min(budget.eps, Math.max(-budget.eps, moved));
    }
    return;
  }
  const size = blockSize(budget.norm, s);
  for (let b = 0; b < delta.length; b += size) {
    let gn = 0;
    for (let i = b; i < b + size; i++) gn += g[i] ** 2;
    gn = Math.sqrt(gn);
    let dn = 0;
    for (let i = b; i < b + size; i++) {
      if (gn > 0) delta[i] += (budget.stepSize * g[i]) / gn;
      dn += delta[i] ** 2;
    }
    dn = Math.sqrt(dn);
    if (dn > budget.eps) for (let i = b; i < b + size; i++) delta[i] *= budget.eps / dn;
  }
}

/** My adversarial trainer: PGD on the input, then gradient descent at the adversarial points. */
export const myTrainer: Trainer = {
  name: 'my plain-TS trainer',
  attack({ W, X, y, budget, seed, shape }: AttackInput): Float32Array {
    if (budget.eps === 0) return new Float32Array(X.length);
    const delta = budget.randomStart ? uniformStart(budget, shape, seed) : new Float64Array(X.length);
    for (let step = 0; step < budget.steps; step++) {
      ascend(delta, gradients(W, plus(X, delta), y, shape).gradX, budget, shape);
    }
    return Float32Array.from(delta);
  },
  update({ W, X, y, delta, eta, shape }: UpdateInput): Float32Array {
    const at = delta === null ? X : plus(X, delta);
    const { gradW } = gradients(W, at, y, shape);
    return Float32Array.from(W, (w, i) => w - eta * gradW[i]);
  },
};
