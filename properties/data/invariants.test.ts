/**
 * Guarantees: the data model of docs/model.md#data holds for every generated regime. Features are orthonormal
 * (UᵀU = I, VᵀV = I, UᵀV = 0); orthogonal noise has no component on any feature; J_R and J_NR are
 * disjoint with sizes sR and sNR; coefficients are in range; x_p is exactly its feature part plus ξ_p;
 * labels are roughly uniform; and the streams are independent (nTest does not change training data).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { makeFeatures } from '../../src/data/features.js';
import { PATCH_NON_ROBUST, PATCH_ROBUST } from '../../src/data/types.js';
import { prepareRun } from '../../src/experiment/prepare.js';
import { createStreams } from '../../src/random/rng.js';
import { tinyRegime } from '../helpers/engine.js';

const regimeArb = fc
  .record({
    k: fc.integer({ min: 2, max: 4 }),
    extraD: fc.integer({ min: 0, max: 24 }),
    P: fc.integer({ min: 1, max: 12 }),
    sRFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    sNRFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    alphaMin: fc.double({ min: 0.1, max: 2, noNaN: true }),
    alphaSpan: fc.double({ min: 0, max: 1, noNaN: true }),
    betaMin: fc.double({ min: 0.05, max: 1, noNaN: true }),
    betaSpan: fc.double({ min: 0, max: 1, noNaN: true }),
    sigmaN: fc.double({ min: 0, max: 0.5, noNaN: true }),
    noise: fc.constantFrom('orthogonal' as const, 'isotropic' as const),
    featureBasis: fc.constantFrom('random' as const, 'standard' as const),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((r) => {
    const sR = Math.floor(r.sRFrac * r.P);
    const sNR = Math.floor(r.sNRFrac * (r.P - sR));
    return tinyRegime({
      k: r.k,
      d: 2 * r.k + r.extraD,
      P: r.P,
      sR,
      sNR,
      alphaMin: r.alphaMin,
      alphaMax: r.alphaMin + r.alphaSpan,
      betaMin: r.betaMin,
      betaMax: r.betaMin + r.betaSpan,
      sigmaN: r.sigmaN,
      noise: r.noise,
      featureBasis: r.featureBasis,
      seed: r.seed,
      nTrain: 12,
      nTest: 5,
    });
  });

const dot = (a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number, d: number) => {
  let s = 0;
  for (let t = 0; t < d; t++) s += a[ai + t] * b[bi + t];
  return s;
};

describe('data model', () => {
  it('features are orthonormal', () => {
    fc.assert(
      fc.property(regimeArb, (r) => {
        const f = makeFeatures(r.k, r.d, r.featureBasis, createStreams(r.seed).features);
        for (let i = 0; i < r.k; i++) {
          for (let j = 0; j < r.k; j++) {
            const eye = i === j ? 1 : 0;
            expect(Math.abs(dot(f.U, i * r.d, f.U, j * r.d, r.d) - eye)).toBeLessThan(1e-6);
            expect(Math.abs(dot(f.V, i * r.d, f.V, j * r.d, r.d) - eye)).toBeLessThan(1e-6);
            expect(Math.abs(dot(f.U, i * r.d, f.V, j * r.d, r.d))).toBeLessThan(1e-6);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('samples have the patch structure, coefficient ranges and noise of docs/model.md#data', () => {
    fc.assert(
      fc.property(regimeArb, (r) => {
        const { features, train } = prepareRun(r);
        const { n, P, d } = train;
        for (let i = 0; i < n; i++) {
          expect(train.y[i]).toBeGreaterThanOrEqual(0);
          expect(train.y[i]).toBeLessThan(r.k);
          let robust = 0;
          let nonRobust = 0;
          for (let p = 0; p < P; p++) {
            const kind = train.patchKind[i * P + p];
            const c = train.coef[i * P + p];
            const base = (i * P + p) * d;
            if (kind === PATCH_ROBUST) {
              robust++;
              expect(c).toBeGreaterThanOrEqual(Math.fround(r.alphaMin) - 1e-6);
              expect(c).toBeLessThanOrEqual(Math.fround(r.alphaMax) + 1e-6);
            } else if (kind === PATCH_NON_ROBUST) {
              nonRobust++;
              expect(c).toBeGreaterThanOrEqual(Math.fround(r.betaMin) - 1e-6);
              expect(c).toBeLessThanOrEqual(Math.fround(r.betaMax) + 1e-6);
            } else expect(c).toBe(0);
            const feat = kind === PATCH_ROBUST ? features.U : kind === PATCH_NON_ROBUST ? features.V : null;
            for (let t = 0; t < d; t++) {
              const expected = (feat ? c * feat[train.y[i] * d + t] : 0) + train.xi[base + t];
              expect(Math.abs(train.X[base + t] - expected)).toBeLessThan(1e-5);
            }
            if (r.noise === 'orthogonal') {
              for (let j = 0; j < r.k; j++) {
                expect(Math.abs(dot(train.xi, base, features.U, j * d, d))).toBeLessThan(1e-5);
                expect(Math.abs(dot(train.xi, base, features.V, j * d, d))).toBeLessThan(1e-5);
              }
            }
          }
          expect(robust).toBe(r.sR);
          expect(nonRobust).toBe(r.sNR);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('labels are roughly uniform (chi-square, 4000 samples, k = 4)', () => {
    const r = tinyRegime({ k: 4, d: 8, P: 2, sR: 1, sNR: 1, seed: 3 });
    const ds = makeDataset(r, makeFeatures(4, 8, 'standard', createStreams(3).features), 4000, createStreams(3).trainData);
    const counts = [0, 0, 0, 0];
    for (const y of ds.y) counts[y]++;
    const chi2 = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    // 3 degrees of freedom: P(χ² > 16.27) = 0.001.
    expect(chi2, `counts ${counts}`).toBeLessThan(16.27);
  });

  it('noise has the requested scale: E‖ξ_p‖² = sigmaN²·(d − 2k) (orthogonal) or sigmaN²·d (isotropic)', () => {
    for (const noise of ['orthogonal', 'isotropic'] as const) {
      const r = tinyRegime({ k: 2, d: 20, P: 10, sigmaN: 0.3, noise, nTrain: 400, seed: 11 });
      const { train } = prepareRun(r);
      let sq = 0;
      for (const v of train.xi) sq += v * v;
      const perPatch = sq / (train.n * train.P);
      const expected = 0.09 * (noise === 'orthogonal' ? 16 : 20);
      expect(Math.abs(perPatch - expected) / expected).toBeLessThan(0.05);
    }
  });

  it('changing nTest does not change the training data, features or W0 (independent streams)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 30 }), (seed, nTest) => {
        const a = prepareRun(tinyRegime({ seed, nTest: 5 }));
        const b = prepareRun(tinyRegime({ seed, nTest }));
        expect(b.train.X).toEqual(a.train.X);
        expect(b.features.U).toEqual(a.features.U);
        expect(b.W0).toEqual(a.W0);
      }),
      { numRuns: 20 },
    );
  });
});
