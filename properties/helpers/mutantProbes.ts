/**
 * Behaviour probes that tell a mutant from its correct control, independently of the conformance
 * checks: an equivalent mutant (one that computes what the contract asks) is not a mutant. Each
 * probe is a plain measurement of outputs on inputs where the bugs of the suites show: zero starts,
 * a blank patch (exact zero gradient), a faint patch and tiny weights (small but valid gradients),
 * two calls at different weights, updates, and the random start's distribution.
 */
import { generateCases, type AttackCase } from '../../src/conformance/cases.js';
import type { AttackInput, Trainer } from '../../src/conformance/types.js';
import { relativeError } from '../../src/util/arrays.js';

export interface ProbeResult {
  probe: string;
  /** Distance between mutant and control on this probe (its unit in the probe's name). */
  distance: number;
  /** The distance at which the behaviour counts as different (far above float32 rounding). */
  threshold: number;
}

function input(c: AttackCase, over: Partial<AttackInput> = {}, budget: Partial<AttackInput['budget']> = {}): AttackInput {
  return {
    W: c.W.slice(),
    X: c.X.slice(),
    y: c.y.slice(),
    budget: { ...c.budget, ...budget },
    seed: c.seed,
    shape: { ...c.shape },
    ...over,
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** X with patch 0 of every sample multiplied by `factor` (0: a blank patch). */
function scaledPatch(c: AttackCase, factor: number): Float32Array {
  const X = c.X.slice();
  const row = c.shape.P * c.shape.d;
  for (let i = 0; i < c.shape.n; i++) for (let t = 0; t < c.shape.d; t++) X[i * row + t] *= factor;
  return X;
}

/** Calls both trainers in the same order; returns max |δ_mutant − δ_control| / eps over the calls. */
async function attackDistance(mutant: Trainer, control: Trainer, calls: AttackInput[][]): Promise<number> {
  let worst = 0;
  for (const sequence of calls) {
    let a: Float32Array | null = null;
    let b: Float32Array | null = null;
    for (const call of sequence) {
      a = Float32Array.from(await mutant.attack(structuredClone(call)));
      b = Float32Array.from(await control.attack(structuredClone(call)));
    }
    const eps = sequence[sequence.length - 1].budget.eps;
    worst = Math.max(worst, maxAbsDiff(a!, b!) / eps);
  }
  return worst;
}

/** Per-block statistics of random starts with 0 steps: mean (‖δ₀‖/eps)^D, mean δ₀/eps, shared rows, repeated seeds. */
async function startStats(t: Trainer, cases: readonly AttackCase[]) {
  let signedSum = 0;
  let coordinates = 0;
  let radiusSum = 0;
  let blocks = 0;
  let sharedPairs = 0;
  let pairs = 0;
  let sameSeeds = 0;
  for (const c of cases) {
    const { n, P, d } = c.shape;
    const D = c.budget.norm === 'patch-l2' ? d : c.budget.norm === 'l2' ? P * d : 1;
    for (let r = 0; r < 4; r++) {
      const delta = await t.attack(input(c, { seed: c.seed + r }, { steps: 0, randomStart: true }));
      for (const v of delta) signedSum += v / c.budget.eps;
      coordinates += delta.length;
      for (let b = 0; b < delta.length; b += D) {
        let s = 0;
        for (let i = b; i < b + D; i++) s = D === 1 ? Math.abs(delta[i]) : s + delta[i] ** 2;
        radiusSum += Math.pow((D === 1 ? s : Math.sqrt(s)) / c.budget.eps, D);
        blocks++;
      }
      const row = P * d;
      for (let i = 0; i + 1 < n; i++) {
        pairs++;
        if (maxAbsDiff(delta.subarray(i * row, (i + 1) * row), delta.subarray((i + 1) * row, (i + 2) * row)) === 0) sharedPairs++;
      }
      if (r === 1) {
        const other = await t.attack(input(c, { seed: c.seed }, { steps: 0, randomStart: true }));
        if (maxAbsDiff(other, delta) === 0) sameSeeds++;
      }
    }
  }
  return { radius: radiusSum / blocks, mean: signedSum / coordinates, shared: sharedPairs / pairs, sameSeeds: sameSeeds / cases.length };
}

/** Every probe's distance between `mutant` and `control` (fresh instances of each, as given). */
export async function probeDistances(mutant: Trainer, control: Trainer): Promise<ProbeResult[]> {
  const cases = generateCases({ seed: 0 });
  const zeroStart = { randomStart: false };
  const attacks = (over: (c: AttackCase) => Partial<AttackInput>, budget: Partial<AttackInput['budget']> = zeroStart) =>
    cases.map((c) => [input(c, over(c), budget)]);
  const results: ProbeResult[] = [];
  const push = (probe: string, distance: number, threshold: number) => results.push({ probe, distance, threshold });
  push(
    'δ from a zero start (/eps)',
    await attackDistance(
      mutant,
      control,
      attacks(() => ({})),
    ),
    1e-4,
  );
  push(
    'δ with a blank patch (/eps)',
    await attackDistance(
      mutant,
      control,
      attacks((c) => ({ X: scaledPatch(c, 0) })),
    ),
    1e-4,
  );
  push(
    'δ with a faint patch ×1e-3 (/eps)',
    await attackDistance(
      mutant,
      control,
      attacks((c) => ({ X: scaledPatch(c, 1e-3) })),
    ),
    1e-4,
  );
  for (const scale of [1e-3, 1e-5]) {
    push(
      `δ with weights ×${scale} (/eps)`,
      await attackDistance(
        mutant,
        control,
        attacks((c) => ({ W: c.W.map((w) => w * scale) })),
      ),
      1e-4,
    );
  }
  push(
    'δ at W2 after a call at W1 (/eps)',
    await attackDistance(
      mutant,
      control,
      cases.map((c) => [input(c, {}, zeroStart), input(c, { W: c.W.map((w) => -0.5 * w) }, zeroStart)]),
    ),
    1e-4,
  );
  let update = 0;
  for (const c of cases) {
    const delta = Float32Array.from(await control.attack(input(c, {}, zeroStart)));
    for (const d of [delta, null]) {
      const u = { W: c.W.slice(), X: c.X.slice(), y: c.y.slice(), delta: d === null ? null : d.slice(), eta: c.eta, shape: { ...c.shape } };
      // In training-loop order: each trainer attacks before it updates (state may flow from one to the other).
      await mutant.attack(input(c, {}, zeroStart));
      await control.attack(input(c, {}, zeroStart));
      const a = await mutant.update(structuredClone(u));
      const b = await control.update(structuredClone(u));
      update = Math.max(
        update,
        relativeError(
          Float64Array.from(a, (v, i) => v - c.W[i]),
          Float64Array.from(b, (v, i) => v - c.W[i]),
        ),
      );
    }
  }
  push('ΔW of one update (relative)', update, 1e-5);
  for (const norm of ['patch-l2', 'l2', 'linf'] as const) {
    const random = cases.filter((c) => c.budget.randomStart && c.budget.norm === norm);
    const [sm, sc] = [await startStats(mutant, random), await startStats(control, random)];
    push(`${norm}: mean (‖δ₀‖/eps)^D of random starts`, Math.abs(sm.radius - sc.radius), 0.1);
    push(`${norm}: mean δ₀/eps over coordinates of random starts`, Math.abs(sm.mean - sc.mean), 0.1);
    push(`${norm}: fraction of samples sharing a random start`, Math.abs(sm.shared - sc.shared), 0.5);
    push(`${norm}: fraction of cases where two seeds give one start`, Math.abs(sm.sameSeeds - sc.sameSeeds), 0.5);
  }
  return results;
}
