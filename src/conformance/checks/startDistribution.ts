import type { Condition } from '../../claims/types.js';
import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { formatNumber as f } from '../../util/format.js';
import { stream } from '../../random/rng.js';
import { NORMS, type AttackCase } from '../cases.js';
import { blockSize } from '../_internals/arrays.js';
import { callAttack } from '../_internals/calls.js';
import { ksTest, sphereProjectionCdf, triangularCdf, uniformCdf, type KsResult } from '../_internals/goodnessOfFit.js';
import { attackInput, guarded, type CheckContext, type TrainerCheck } from './context.js';

const ID = 'attack.start-distribution';

/** Random starts drawn per case (seeds of their own, not the case's), paired into disjoint pairs. */
export const START_DRAWS = 8;

/** Significance level of each goodness-of-fit test. With at most 13 tests the family-wise level is ≤ 1.3e-5. */
export const START_ALPHA = 1e-6;

/**
 * The statistics of one norm, each mapped through its CDF under a correct start (probability
 * integral transform), so that every list is i.i.d. U[0, 1] whatever the block dimension of its case.
 */
interface Pools {
  /** ℓ2: (‖δ_b‖/eps)^D ~ U[0, 1]; linf: (δ_i/eps + 1)/2 ~ U[0, 1]. */
  marginal: number[];
  /** ℓ2: ⟨δ_b/‖δ_b‖, a⟩ for a fixed unit vector a. */
  direction: number[];
  /** The same block of two different samples of one call. */
  acrossSamples: number[];
  /** The same block of one sample, drawn with two different seeds. */
  acrossSeeds: number[];
  /** Two neighbouring blocks of one sample (patch-l2: patches; linf: coordinates). */
  withinSample: number[];
}

function unit(a: ArrayLike<number>, from: number, size: number): Float64Array {
  const out = new Float64Array(size);
  let s = 0;
  for (let i = 0; i < size; i++) s += a[from + i] ** 2;
  const norm = Math.sqrt(s);
  for (let i = 0; i < size; i++) out[i] = norm > 0 ? a[from + i] / norm : 0;
  return out;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * The pair statistic of two blocks, through its CDF for two independent correct starts: the cosine
 * of two ℓ2 blocks, (x − y)/(2·eps) of two linf coordinates.
 */
function pairStat(
  cdf: (t: number) => number,
  linf: boolean,
  eps: number,
  a: ArrayLike<number>,
  i: number,
  b: ArrayLike<number>,
  j: number,
  size: number,
): number {
  return cdf(linf ? (a[i] - b[j]) / (2 * eps) : dot(unit(a, i, size), unit(b, j, size)));
}

async function collect(ctx: CheckContext, cases: readonly AttackCase[], linf: boolean): Promise<Pools> {
  const pools: Pools = { marginal: [], direction: [], acrossSamples: [], acrossSeeds: [], withinSample: [] };
  for (const c of cases) {
    const { n, P, d } = c.shape;
    const size = blockSize(c.budget.norm, c.shape);
    const eps = c.budget.eps;
    const cdf = linf ? triangularCdf : sphereProjectionCdf(size);
    const rng = stream(c.seed, 'evalPgd');
    const axis = unit(rng.fillNormal(new Float64Array(size)), 0, size);
    const draws: Float32Array[] = [];
    for (let r = 0; r < START_DRAWS; r++) {
      const input = { ...attackInput(c, { steps: 0, randomStart: true }), seed: rng.int(2 ** 31) };
      draws.push(await callAttack(ctx.trainer, input));
    }
    const row = P * d;
    for (const [r, delta] of draws.entries()) {
      for (let b = 0; b < delta.length; b += size) {
        if (linf) pools.marginal.push((delta[b] / eps + 1) / 2);
        else {
          const u = unit(delta, b, size);
          let s = 0;
          for (let i = b; i < b + size; i++) s += delta[i] ** 2;
          pools.marginal.push(Math.pow(Math.sqrt(s) / eps, size));
          pools.direction.push(cdf(dot(u, axis)));
        }
      }
      for (let i = 0; i + 1 < n; i += 2) {
        for (let b = 0; b < row; b += size)
          pools.acrossSamples.push(pairStat(cdf, linf, eps, delta, i * row + b, delta, (i + 1) * row + b, size));
      }
      if (r % 2 === 0) {
        const other = draws[r + 1];
        for (let b = 0; b < delta.length; b += size) pools.acrossSeeds.push(pairStat(cdf, linf, eps, delta, b, other, b, size));
      }
      if (size < row) {
        // Disjoint neighbouring pairs inside each sample (patches, or coordinates for linf).
        for (let i = 0; i < n; i++) {
          for (let b = 0; b + 2 * size <= row; b += 2 * size)
            pools.withinSample.push(pairStat(cdf, linf, eps, delta, i * row + b, delta, i * row + b + size, size));
        }
      }
    }
  }
  return pools;
}

/**
 * The random start is uniform in the ball, independently per sample and per seed (the contract of
 * AttackInput). Seen with 0 steps, over {@link START_DRAWS} fresh seeds per case, pooled per norm,
 * each a Kolmogorov–Smirnov test at level {@link START_ALPHA}:
 *
 * - ℓ2 balls of dimension D: (‖δ₀‖/eps)^D ~ U[0, 1] (a start on the sphere gives 1, radius eps·U
 *   gives U^D), and the direction's projection on a fixed axis has the Beta law of a uniform
 *   direction; linf: δ₀/eps ~ U[−1, 1] per coordinate;
 * - independence: the same block of two samples of one call, of one sample under two seeds, and two
 *   neighbouring blocks of one sample, compared by the law of two independent starts (cosine of
 *   two uniform directions; (x − y)/2 of two uniform coordinates). A start shared by the batch, by
 *   every seed, or by every patch gives cosine 1 or difference 0.
 */
export const startDistributionCheck: TrainerCheck = {
  id: ID,
  title: 'random starts are uniform in the ball, independent across samples, seeds and blocks',
  kind: 'invariant',
  run: (ctx) =>
    guarded(ID, async () => {
      const conditions: Condition[] = [];
      const notes: string[] = [];
      const test = (name: string, values: number[], cdf: (x: number) => number) => {
        if (values.length === 0) return;
        const r: KsResult = ksTest(values, cdf);
        conditions.push(condition(`KS p-value, ${name}`, r.pValue, '>=', START_ALPHA));
        notes.push(`${name}: D = ${f(r.statistic)} over ${r.n}, p = ${f(r.pValue)}`);
      };
      for (const norm of NORMS) {
        const cases = ctx.cases.filter((c) => c.budget.norm === norm);
        if (cases.length === 0) continue;
        const linf = norm === 'linf';
        const pools = await collect(ctx, cases, linf);
        test(`${norm} ${linf ? 'δ₀/eps ~ U[−1, 1]' : '(‖δ₀‖/eps)^D ~ U[0, 1]'}`, pools.marginal, uniformCdf);
        if (!linf) test(`${norm} direction uniform`, pools.direction, uniformCdf);
        test(`${norm} independent across samples`, pools.acrossSamples, uniformCdf);
        test(`${norm} independent across seeds`, pools.acrossSeeds, uniformCdf);
        test(`${norm} independent across ${linf ? 'coordinates' : 'patches'}`, pools.withinSample, uniformCdf);
      }
      return verdictFromConditions(
        ID,
        conditions,
        `Kolmogorov–Smirnov tests of random starts (0 steps, ${START_DRAWS} seeds per case), each at level ${START_ALPHA}: ${notes.join('; ')}.`,
      );
    }),
};
