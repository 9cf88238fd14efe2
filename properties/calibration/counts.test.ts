/**
 * Calibration counts every seed by status (holds, fails, inconclusive, stalled) and I1 as a 2×2
 * table, from the one judge; and a calibrated rate is shown only for the same scenario, regime and
 * backend it was measured on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateRegimes, poolRates } from '../../src/calibration/calibrate.js';
import { calibratedRates } from '../../src/calibration/lookup.js';
import type { RunResult } from '../../src/experiment/types.js';
import { regimeHash } from '../../src/regime/hash.js';
import type { SeededRegime } from '../../src/regime/types.js';
import { proportion } from '../../src/stats/wilson.js';
import { paperLikeResult } from '../arbitraries/runResult.js';

/** Seed 0: a clean run; 1: AT stalled; 2: ST memorised noise (R3 fails); 3: diverged. */
function fakeRun(regime: SeededRegime): Promise<RunResult> {
  return Promise.resolve(
    paperLikeResult((r) => {
      r.regime = regime;
      if (regime.seed === 1) {
        r.at.lambda = 0.02;
        r.at.gamma = 0.01;
        r.at.robust.feature = proportion(100, 200);
      }
      if (regime.seed === 2) {
        r.st.lambda = 0.012;
        r.st.gamma = 0.02;
      }
      if (regime.seed === 3) r.at.diverged = { step: 5, reason: 'non-finite loss' };
    }),
  );
}

describe('calibration counts', () => {
  it('counts holds, fails, inconclusive and stalled per claim, all seeds in the total, and I1 as a 2×2 table', async () => {
    const base = paperLikeResult().regime;
    const [rates] = await calibrateRegimes([base], { seedStart: 0, seedCount: 4, run: fakeRun });
    expect(rates!.runs.map((r) => r.stalled)).toEqual([false, true, false, false]);
    expect(rates!.counts['ST-1']).toMatchObject({ holds: 2, fails: 0, inconclusive: 2, stalled: 1, diverged: 1 });
    expect(rates!.counts['AT-1']).toMatchObject({ holds: 1, fails: 1, inconclusive: 2, stalled: 1 });
    expect(rates!.counts['AT-2']).toMatchObject({ holds: 1, fails: 0, inconclusive: 3, stalled: 1 });
    const t = rates!.i1;
    expect(t.predictFailFailed + t.predictFailHeld + t.predictHoldFailed + t.predictHoldHeld).toBe(2); // AT-4 decided on seeds 0, 1
    expect(t.leftOut).toBe(2);
    const pooled = poolRates([rates!]).find((p) => p.id === 'AT-2')!;
    expect(pooled).toMatchObject({ holds: 1, total: 4, rate: 0.25 });
  });

  it("keeps each regime's seeds together and in seed order, and reports every regime begun so far after each run", async () => {
    const base = paperLikeResult().regime;
    const other = { ...base, nTrain: base.nTrain + 2 };
    const progress: number[][] = [];
    const rates = await calibrateRegimes([base, other], {
      seedStart: 5,
      seedCount: 2,
      run: fakeRun,
      onProgress: async (sofar) => void progress.push(sofar.map((r) => r.runs.length)),
    });
    expect(rates.map((r) => r.regime.nTrain)).toEqual([base.nTrain, other.nTrain]);
    expect(rates.map((r) => r.seeds)).toEqual([
      [5, 6],
      [5, 6],
    ]);
    expect(progress).toEqual([[1], [2], [2, 1], [2, 2]]);
  });

  it('a calibrated rate is found only for the same scenario name, regime hash and backend', () => {
    const regime = paperLikeResult().regime;
    const dir = mkdtempSync(join(tmpdir(), 'provably-cal-'));
    const file = {
      format: 'provably-calibration',
      regimes: [
        {
          scenario: 'paper-small',
          regimeHash: regimeHash(regime),
          seeds: [7000, 7001],
          runs: [{ backend: 'wasm' }, { backend: 'wasm' }],
          counts: { 'AT-1': { holds: 1, fails: 1, inconclusive: 0, stalled: 1 } },
        },
      ],
    };
    writeFileSync(join(dir, 'x.json'), JSON.stringify(file));
    expect(calibratedRates('paper-small', regime, 'wasm', dir)['AT-1']).toMatchObject({
      holds: 1,
      total: 2,
      backend: 'wasm',
      seeds: '7000–7001',
      source: 'docs/calibration/x.json',
    });
    expect(calibratedRates('paper-small', regime, 'tensorflow', dir)).toEqual({});
    expect(calibratedRates('ci-fast', regime, 'wasm', dir)).toEqual({});
    expect(calibratedRates('paper-small', { ...regime, T: regime.T + 1 }, 'wasm', dir)).toEqual({});
  });
});
