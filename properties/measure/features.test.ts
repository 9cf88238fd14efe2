/**
 * Guarantees: the numbers the claims are judged on are computed as defined. Λ, Γ (max and mean over
 * neurons, per class), Ξ, the perturbation energy shares and the feature-direction attack (its
 * direction, and its scale c = eps for patch-l2, eps/√P for l2, eps·sign for linf) agree with
 * (a) hand-computed values on the standard basis with a chosen W, and (b) independent float64 loop
 * implementations (properties/helpers/measureLoops.ts) on generated shapes with random orthonormal
 * features. The feature-direction robust accuracies of the evaluation agree with per-sample
 * correctness computed by the float64 reference network on loop-built perturbed inputs, so "correct
 * only if the clean point and every form are correct" is checked, not assumed.
 * Cost: 4–9 s of test time in the default profile on the shared 2-core machine (no training).
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addToEveryPatch, featureTargeted, featureUntargeted } from '../../src/attack/featureDirection.js';
import { makeFeatures } from '../../src/data/features.js';
import { energyShares } from '../../src/measure/energy.js';
import { evaluateNetwork } from '../../src/measure/evaluate.js';
import { featureMeasures } from '../../src/measure/featureMeasures.js';
import { reference64 } from '../../src/model/reference64.js';
import { prepareRun } from '../../src/experiment/prepare.js';
import { disposeRunTensors, makeRunTensors } from '../../src/model/tensors.js';
import { createStreams } from '../../src/random/rng.js';
import type { PerturbationNorm } from '../../src/regime/types.js';
import { backendForTests, tinyRegime } from '../helpers/engine.js';
import { loopEnergyShares, loopFeatureMeasures, loopFeaturePerturbation } from '../helpers/measureLoops.js';

beforeAll(async () => {
  await backendForTests();
});

const NORMS: PerturbationNorm[] = ['patch-l2', 'l2', 'linf'];
/** Uniform on [lo, hi] in 1/1000 steps (fc.double piles its draws at the ends of a range). */
const unitIn = (lo: number, hi: number) => fc.noBias(fc.integer({ min: 0, max: 1000 })).map((i) => lo + ((hi - lo) * i) / 1000);

/** Standard basis: u_j = e_j, v_j = e_{k+j}, as `[k, d]` rows. */
function standardBasis(k: number, d: number): { U: Float32Array; V: Float32Array } {
  const U = new Float32Array(k * d);
  const V = new Float32Array(k * d);
  for (let j = 0; j < k; j++) {
    U[j * d + j] = 1;
    V[j * d + k + j] = 1;
  }
  return { U, V };
}

function runFeatureMeasures(W: Float32Array, U: Float32Array, V: Float32Array, xi: Float32Array, k: number, m: number, d: number) {
  const t = tf.tidy(() => ({
    W: tf.tensor2d(W, [k * m, d]),
    Ut: tf.transpose(tf.tensor2d(U, [k, d])) as tf.Tensor2D,
    Vt: tf.transpose(tf.tensor2d(V, [k, d])) as tf.Tensor2D,
    xi2: tf.tensor2d(xi, [xi.length / d, d]),
  }));
  const out = featureMeasures(t.W, t.Ut, t.Vt, t.xi2, k, m);
  tf.dispose([t.W, t.Ut, t.Vt, t.xi2]);
  return out;
}

function runEnergy(delta: Float32Array, d: number, U: Float32Array, V: Float32Array, k: number) {
  const t = tf.tidy(() => ({
    delta: tf.tensor2d(delta, [delta.length / d, d]),
    Ut: tf.transpose(tf.tensor2d(U, [k, d])) as tf.Tensor2D,
    Vt: tf.transpose(tf.tensor2d(V, [k, d])) as tf.Tensor2D,
  }));
  const out = energyShares(t.delta, t.Ut, t.Vt);
  tf.dispose([t.delta, t.Ut, t.Vt]);
  return out;
}

/** The production feature-direction perturbation on every patch, `[n·P, d]`, read back. */
function runFeatureAttack(
  V: Float32Array,
  y: Int32Array,
  k: number,
  d: number,
  P: number,
  norm: PerturbationNorm,
  eps: number,
  shift: number | null,
): Float32Array {
  return tf.tidy(() => {
    const Vt = tf.tensor2d(V, [k, d]);
    const yt = tf.tensor1d(y, 'int32');
    const per = shift === null ? featureUntargeted(Vt, yt, norm, eps, P) : featureTargeted(Vt, yt, k, shift, norm, eps, P);
    return addToEveryPatch(tf.zeros([y.length * P, d]) as tf.Tensor2D, per, P).dataSync() as Float32Array;
  });
}

const close = (a: number, b: number, tol = 1e-5) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('Λ, Γ and Ξ', () => {
  it('match hand-computed values on the standard basis with a chosen W', () => {
    const k = 2,
      m = 3,
      d = 6;
    const { U, V } = standardBasis(k, d); // u0 = e0, u1 = e1, v0 = e2, v1 = e3; e4, e5 are noise directions
    // prettier-ignore
    const W = Float32Array.from([
      1, 0, 0.5, 0, 0, 0, //    w00: ⟨·,u0⟩ = 1,  ⟨·,v0⟩ = 0.5
      3, 0, -2, 0, 0, 0, //     w01: ⟨·,u0⟩ = 3,  ⟨·,v0⟩ = −2
      -1, 0, 4, 0, 0, 0, //     w02: ⟨·,u0⟩ = −1, ⟨·,v0⟩ = 4
      0, -2, 0, -1, 0, 0, //    w10: ⟨·,u1⟩ = −2, ⟨·,v1⟩ = −1
      0, -0.5, 0, -3, 1.5, 0, // w11: ⟨·,u1⟩ = −0.5, ⟨·,v1⟩ = −3, and 1.5 on e4
      5, -1, 0, -2, 0, 0, //    w12: ⟨·,u1⟩ = −1, ⟨·,v1⟩ = −2; its 5 on u0 must not count for class 1
    ]);
    // One sample, two patches: ξ00 = −2·e4 + 0.1·e5, ξ01 = 0.5·e5. |⟨w11, ξ00⟩| = 3 is the largest.
    const xi = Float32Array.from([0, 0, 0, 0, -2, 0.1, 0, 0, 0, 0, 0, 0.5]);
    const got = runFeatureMeasures(W, U, V, xi, k, m, d);
    // Λ_0 = 3, Λ_1 = −0.5 (every inner product negative: the max is not clamped at 0).
    expect(got.lambdaPerClass).toEqual([3, -0.5]);
    expect(got.gammaPerClass).toEqual([4, -1]);
    close(got.lambda, 1.25);
    close(got.gamma, 1.5);
    close(got.lambdaMean, (1 + -3.5 / 3) / 2); // means over r: (1+3−1)/3 and (−2−0.5−1)/3
    close(got.gammaMean, (2.5 / 3 + -2) / 2); // (0.5−2+4)/3 and (−1−3−2)/3
    close(got.xi, 3); // a negative inner product counts by its magnitude
    const loop = loopFeatureMeasures(W, U, V, xi, { k, m, d, n: 1, P: 2 });
    expect(loop.lambdaPerClass).toEqual([3, -0.5]);
    close(loop.xi, 3);
  });

  it('agree with the loop implementation on random orthonormal features, weights and noise', () => {
    fc.assert(
      fc.property(
        fc.record({
          k: fc.integer({ min: 2, max: 4 }),
          m: fc.integer({ min: 1, max: 5 }),
          extraD: fc.integer({ min: 0, max: 10 }),
          n: fc.integer({ min: 1, max: 4 }),
          P: fc.integer({ min: 1, max: 4 }),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        }),
        ({ k, m, extraD, n, P, seed }) => {
          const d = 2 * k + extraD;
          const s = createStreams(seed);
          const { U, V } = makeFeatures(k, d, 'random', s.features);
          const W = s.init.fillNormal(new Float32Array(k * m * d), 0.5) as Float32Array;
          const xi = s.trainData.fillNormal(new Float32Array(n * P * d), 0.3) as Float32Array;
          const got = runFeatureMeasures(W, U, V, xi, k, m, d);
          const want = loopFeatureMeasures(W, U, V, xi, { k, m, d, n, P });
          for (let j = 0; j < k; j++) {
            close(got.lambdaPerClass[j], want.lambdaPerClass[j]);
            close(got.gammaPerClass[j], want.gammaPerClass[j]);
          }
          close(got.lambda, want.lambda);
          close(got.gamma, want.gamma);
          close(got.lambdaMean, want.lambdaMean);
          close(got.gammaMean, want.gammaMean);
          close(got.xi, want.xi);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('perturbation energy shares', () => {
  it('match hand-computed shares on the standard basis', () => {
    const k = 2,
      d = 6;
    const { U, V } = standardBasis(k, d);
    // Patch 0 = 3·v0, patch 1 = 4·u1: shares 9/25 in span{v}, 16/25 in span{u}, none elsewhere.
    const a = runEnergy(Float32Array.from([0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0]), d, U, V, k);
    close(a.v, 9 / 25);
    close(a.u, 16 / 25);
    close(a.rest, 0);
    close(a.total, 25);
    // One patch u0 + v1 + e5: a third each.
    const b = runEnergy(Float32Array.from([1, 0, 0, 1, 0, 1]), d, U, V, k);
    close(b.v, 1 / 3);
    close(b.u, 1 / 3);
    close(b.rest, 1 / 3);
    // A zero perturbation has no shares.
    expect(runEnergy(new Float32Array(2 * d), d, U, V, k)).toEqual({ v: 0, u: 0, rest: 0, total: 0 });
  });

  it('agree with explicit projections (loop implementation) on random features and perturbations', () => {
    fc.assert(
      fc.property(
        fc.record({
          k: fc.integer({ min: 2, max: 4 }),
          extraD: fc.integer({ min: 0, max: 10 }),
          rows: fc.integer({ min: 1, max: 12 }),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          featureWeight: fc.double({ min: 0, max: 5, noNaN: true }),
        }),
        ({ k, extraD, rows, seed, featureWeight }) => {
          const d = 2 * k + extraD;
          const s = createStreams(seed);
          const { U, V } = makeFeatures(k, d, 'random', s.features);
          // Noise plus a random mix of features, so every share is exercised away from 0 and 1.
          const delta = s.attackST.fillNormal(new Float32Array(rows * d), 0.2) as Float32Array;
          for (let p = 0; p < rows; p++) {
            for (let j = 0; j < k; j++) {
              const cu = featureWeight * s.attackST.normal();
              const cv = featureWeight * s.attackST.normal();
              for (let t = 0; t < d; t++) delta[p * d + t] += cu * U[j * d + t] + cv * V[j * d + t];
            }
          }
          const got = runEnergy(delta, d, U, V, k);
          const want = loopEnergyShares(delta, rows, d, U, V, k);
          close(got.v, want.v, 2e-5);
          close(got.u, want.u, 2e-5);
          close(got.rest, want.rest, 2e-5);
          close(got.v + got.u + got.rest, 1, 2e-5);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('feature-direction attack', () => {
  it('has the hand-computed direction and scale for each norm on the standard basis', () => {
    const k = 3,
      d = 8,
      P = 4,
      eps = 0.6;
    const { V } = standardBasis(k, d); // v_j = e_{3+j}
    const y = Int32Array.from([0, 2]);
    const at = (a: Float32Array, i: number, p: number, t: number) => a[(i * P + p) * d + t];
    const expected: Record<PerturbationNorm, number> = { 'patch-l2': 0.6, l2: 0.3 /* 0.6/√4 */, linf: 0.6 };
    for (const norm of NORMS) {
      const un = runFeatureAttack(V, y, k, d, P, norm, eps, null);
      for (let p = 0; p < P; p++) {
        for (let t = 0; t < d; t++) {
          close(at(un, 0, p, t), t === 3 ? -expected[norm] : 0); // −c·v_0 on every patch
          close(at(un, 1, p, t), t === 5 ? -expected[norm] : 0); // −c·v_2
        }
      }
      // Targeted, shift 1: class 0 → 1 and class 2 → 0; c·(v_target − v_y)/√2, or eps·sign of it.
      const tg = runFeatureAttack(V, y, k, d, P, norm, eps, 1);
      const c = norm === 'linf' ? eps : expected[norm] / Math.SQRT2;
      for (let p = 0; p < P; p++) {
        for (let t = 0; t < d; t++) {
          close(at(tg, 0, p, t), t === 4 ? c : t === 3 ? -c : 0);
          close(at(tg, 1, p, t), t === 3 ? c : t === 5 ? -c : 0);
        }
      }
    }
  });

  it('agrees with the loop implementation for every norm and every wrong class, and sits on the ball', () => {
    fc.assert(
      fc.property(
        fc.record({
          k: fc.integer({ min: 2, max: 4 }),
          extraD: fc.integer({ min: 0, max: 8 }),
          P: fc.integer({ min: 1, max: 6 }),
          n: fc.integer({ min: 1, max: 5 }),
          eps: fc.double({ min: 0.01, max: 3, noNaN: true }),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          basis: fc.constantFrom('random' as const, 'standard' as const),
        }),
        ({ k, extraD, P, n, eps, seed, basis }) => {
          const d = 2 * k + extraD;
          const s = createStreams(seed);
          const { V } = makeFeatures(k, d, basis, s.features);
          const y = Int32Array.from({ length: n }, () => s.testData.int(k));
          for (const norm of NORMS) {
            for (const shift of [null, ...Array.from({ length: k - 1 }, (_, i) => i + 1)]) {
              const got = runFeatureAttack(V, y, k, d, P, norm, eps, shift);
              for (let i = 0; i < n; i++) {
                const want = loopFeaturePerturbation(V, d, P, y[i], shift === null ? null : (y[i] + shift) % k, norm, eps);
                for (let e = 0; e < P * d; e++) close(got[i * P * d + e], want[e]);
                // On the boundary of the ball: the attack uses the whole budget.
                let total = 0;
                let worstPatch = 0;
                let maxAbs = 0;
                for (let p = 0; p < P; p++) {
                  let sq = 0;
                  for (let t = 0; t < d; t++) {
                    const v = got[(i * P + p) * d + t];
                    sq += v * v;
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                  }
                  total += sq;
                  worstPatch = Math.max(worstPatch, Math.sqrt(sq));
                }
                if (norm === 'patch-l2') close(worstPatch, eps);
                else if (norm === 'l2') close(Math.sqrt(total), eps);
                else close(maxAbs, eps);
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('feature-direction robust accuracy', () => {
  it('counts a sample only if the float64 reference classifies the clean point and every form correctly', async () => {
    const seen = { someFlipped: 0, onlyUntargetedFlips: 0, attackCorrectsMistake: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          norm: fc.constantFrom(...NORMS),
          k: fc.integer({ min: 2, max: 3 }),
          eps: unitIn(0.1, 1.5),
        }),
        async ({ seed, norm, k, eps }) => {
          // Spread coefficients and noise so samples differ in margin and an attack flips only some of them.
          const regime = tinyRegime({
            k,
            seed,
            nTest: 30,
            evalSteps: 1,
            norm,
            eps,
            alphaMin: 0.3,
            alphaMax: 1.5,
            betaMin: 0.1,
            betaMax: 1.2,
            sigmaN: 0.25,
          });
          const prep = prepareRun(regime);
          const { d, P, m } = regime;
          const { U, V } = prep.features;
          // A network with per-class weights a_j on u_j and b_j on v_j, plus noise. b_j < 0 for some
          // class makes −v_y help that class (a clean mistake the attack corrects: only the clean mask
          // rules it out); b_j ≈ 0 for a target class makes the targeted forms weaker than the
          // untargeted one (only the untargeted mask catches those flips).
          const W = prep.streams.init.fillNormal(new Float32Array(k * m * d), 0.3) as Float32Array;
          for (let j = 0; j < k; j++) {
            const a = prep.streams.init.uniformIn(0, 1);
            const mode = prep.streams.init.int(3); // b_j near 0, negative, or clearly positive
            const b =
              mode === 0
                ? prep.streams.init.uniformIn(-0.1, 0.1)
                : mode === 1
                  ? prep.streams.init.uniformIn(-1, -0.3)
                  : prep.streams.init.uniformIn(1, 3);
            for (let r = 0; r < m; r++) for (let t = 0; t < d; t++) W[(j * m + r) * d + t] += a * U[j * d + t] + b * V[j * d + t];
          }
          const tensors = makeRunTensors(regime, prep.features, prep.train, prep.test);
          const Wt = tf.tensor2d(W, [k * m, d]);
          const ev = evaluateNetwork(Wt, tensors, regime, createStreams(seed).evalPgd);
          tf.dispose(Wt);
          disposeRunTensors(tensors);

          const test = prep.test;
          const { n } = test;
          const correctAt = (X: Float32Array | Float64Array) => {
            const ref = reference64({ n, P, d, k, m, q: regime.q, rho: regime.rho, X, y: test.y, W });
            return Array.from({ length: n }, (_, i) => {
              let best = 0;
              for (let j = 1; j < k; j++) if (ref.logits[i * k + j] > ref.logits[i * k + best]) best = j;
              return best === test.y[i];
            });
          };
          const perturbed = (target: (y: number) => number | null) => {
            const X = Float64Array.from(test.X);
            for (let i = 0; i < n; i++) {
              const delta = loopFeaturePerturbation(V, d, P, test.y[i], target(test.y[i]), norm, regime.eps);
              for (let e = 0; e < P * d; e++) X[i * P * d + e] += delta[e];
            }
            return correctAt(X);
          };
          const clean = correctAt(test.X);
          const untargeted = perturbed(() => null);
          const targeted = Array.from({ length: k - 1 }, (_, s) => perturbed((y) => (y + s + 1) % k));
          const count = (ok: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter(ok).length;
          const wantTest = count((i) => clean[i]);
          const wantUn = count((i) => clean[i] && untargeted[i]);
          const wantTg = count((i) => clean[i] && targeted.every((f) => f[i]));
          const wantAll = count((i) => clean[i] && untargeted[i] && targeted.every((f) => f[i]));
          expect(ev.testAcc.count).toBe(wantTest);
          expect(ev.robust.featureUntargeted.count).toBe(wantUn);
          expect(ev.robust.featureTargeted.count).toBe(wantTg);
          expect(ev.robust.feature.count).toBe(wantAll);
          expect(ev.robust.pgd.count).toBeLessThanOrEqual(wantTest);
          const idx = Array.from({ length: n }, (_, i) => i);
          if (wantAll < wantTest && wantAll > 0) seen.someFlipped++;
          if (idx.some((i) => clean[i] && !untargeted[i] && targeted.every((f) => f[i]))) seen.onlyUntargetedFlips++;
          if (idx.some((i) => !clean[i] && untargeted[i])) seen.attackCorrectsMistake++;
        },
      ),
      { numRuns: 30 },
    );
    // The cases must exercise the accounting: some attack flips some but not all correct points;
    // some point is flipped by the untargeted form alone; some clean mistake is undone by the attack.
    // Measured at 20 cases over fast-check seeds 1–8: 7–14, 4–9 and 12–18 cases respectively.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });
});
