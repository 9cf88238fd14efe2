/**
 * Guarantees: random starts are uniform in the perturbation set, drawn independently, and fixed by
 * the seed. For patch-l2, l2 and linf at small and larger dimension D, a goodness-of-fit family
 * (properties/helpers/goodnessOfFit.ts: (‖δ₀‖/eps)^D against U[0, 1], uniform directions, and
 * independence across samples; α = 0.001 per test, six tests) does not reject the real start, and
 * does reject each wrong start built from it: on the sphere, radius eps·U, each draw used twice, and
 * (for the ℓ2 balls at D ≥ 12) directions from the cube. Powers and the false-alarm rate are measured
 * here and printed; the larger measurement is `npx tsx properties/helpers/randomStartPower.ts`.
 * Cost: 2–5 s of test time in the default profile on the shared 2-core machine (4 seeds per
 * configuration); 20 seeds per configuration in the full profile.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createStreams } from '../../src/random/rng.js';
import { binomialUpperTail } from '../../src/stats/clopperPearson.js';
import { backendForTests } from '../helpers/engine.js';
import { ALPHA, gofTests, unitVector, wrongStarts, type StartFn } from '../helpers/goodnessOfFit.js';
import { testBudget } from '../helpers/testRun.js';
import { START_CONFIGS, dimensionOf, realStart, type StartConfig } from '../helpers/randomStartConfigs.js';

beforeAll(async () => {
  await backendForTests();
});

const REPS = testBudget().profile === 'full' ? 20 : 4;
const SEED_START = 9100;

/** Rejections of the family over REPS seeds, and which tests rejected. */
function rejections(fn: StartFn, c: StartConfig): { count: number; by: Record<string, number> } {
  let count = 0;
  const by: Record<string, number> = {};
  for (let r = 0; r < REPS; r++) {
    const s = createStreams(SEED_START + r);
    const res = gofTests(fn(c.rows, c.d, c.ball, s.evalPgd), c.rows, c.d, c.ball, unitVector(dimensionOf(c), s.features));
    if (res.rejected.length > 0) count++;
    for (const t of res.rejected) by[t] = (by[t] ?? 0) + 1;
  }
  return { count, by };
}

describe('random starts in the ball', () => {
  it('are deterministic per seed and differ across seeds', () => {
    for (const c of START_CONFIGS) {
      const a = realStart(c.rows, c.d, c.ball, createStreams(5).evalPgd);
      const b = realStart(c.rows, c.d, c.ball, createStreams(5).evalPgd);
      const other = realStart(c.rows, c.d, c.ball, createStreams(6).evalPgd);
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), c.name).toBe(true);
      expect(Buffer.from(a.buffer).equals(Buffer.from(other.buffer)), c.name).toBe(false);
    }
  });

  it(`pass the goodness-of-fit family (α = ${ALPHA} per test) for every norm and dimension`, () => {
    const rows: string[] = [];
    let total = 0;
    for (const c of START_CONFIGS) {
      const r = rejections(realStart, c);
      total += r.count;
      rows.push(`${c.name}: ${r.count}/${REPS} ${JSON.stringify(r.by)}`);
    }
    console.log(`[random start] real start rejected:\n  ${rows.join('\n  ')}`);
    // The family rejects a correct start with probability ≤ 6·α (Bonferroni); measured 11/1200 over
    // 200 seeds × 6 configurations (1.1 %; the two D = 2 configurations share their draws). Allowed: the most rejections that rate gives with probability
    // ≥ 0.999, so a correct start fails this with probability < 0.001 (the seeds are fixed, so the
    // outcome is deterministic).
    const draws = START_CONFIGS.length * REPS;
    let allowed = 0;
    while (binomialUpperTail(allowed + 1, draws, 6 * ALPHA) > 0.001) allowed++;
    expect(total, `${total} of ${draws} draws rejected, at most ${allowed} allowed\n${rows.join('\n')}`).toBeLessThanOrEqual(allowed);
  });

  it('reject each wrong start: on the sphere, radius eps·U, draws reused, cube directions', () => {
    const expectations: { start: string; test: string; configs: (c: StartConfig) => boolean }[] = [
      { start: 'sphere', test: 'radius', configs: () => true },
      { start: 'linearRadius', test: 'radius', configs: () => true },
      { start: 'paired', test: 'pairs0', configs: () => true },
      // Directions from the cube differ from uniform by little at D = 2 (measured power 34/200 at
      // 2000 draws) and are the right law for linf: asserted only where the power was 20/20.
      { start: 'cubeDirections', test: 'directionAxis', configs: (c) => c.ball.norm !== 'linf' && dimensionOf(c) >= 12 },
    ];
    const lines: string[] = [];
    for (const c of START_CONFIGS) {
      const wrong = wrongStarts(realStart);
      for (const e of expectations) {
        if (!e.configs(c)) continue;
        const r = rejections(wrong[e.start], c);
        lines.push(`${c.name} ${e.start}: family ${r.count}/${REPS}, ${e.test} ${r.by[e.test] ?? 0}/${REPS} ${JSON.stringify(r.by)}`);
        expect(r.by[e.test] ?? 0, `${c.name}: ${e.start} must be rejected by the ${e.test} test\n${lines.join('\n')}`).toBe(REPS);
      }
    }
    console.log(`[random start] power against wrong starts:\n  ${lines.join('\n  ')}`);
  });
});
