import type { RunResult } from '../experiment/types.js';
import type { Regime, SeededRegime } from '../regime/types.js';
import { judgeRun } from '../judge/judgeRun.js';
import { clopperPearsonLower } from '../stats/clopperPearson.js';

/** How often each claim held for one regime over a range of seeds. */
export interface RegimeRates {
  regime: Regime;
  seeds: number[];
  /** Claim id → seeds where its verdict status was "holds". */
  holds: Record<string, number>;
  /** Claim id → seeds with a verdict that was neither holds nor fails (inconclusive, diverged). */
  gated: Record<string, number>;
  /** Mean wall seconds per run. */
  secondsPerRun: number;
}

/** Rates pooled over every regime and seed of a calibration. */
export interface PooledRates {
  id: string;
  holds: number;
  total: number;
  rate: number;
  /** One-sided 95 % Clopper–Pearson lower bound of the rate. */
  lowerBound: number;
}

export type Runner = (regime: SeededRegime) => Promise<RunResult>;

/**
 * Runs each regime over seeds `seedStart … seedStart + seedCount − 1` and counts, per claim, how
 * often it holds. Pure over its runner, so tests can inject a fake one.
 */
export async function calibrateRegimes(
  regimes: readonly Regime[],
  opts: { seedStart: number; seedCount: number; run: Runner; onRun?: (done: number, total: number, last: RegimeRates) => void },
): Promise<RegimeRates[]> {
  const out: RegimeRates[] = [];
  const total = regimes.length * opts.seedCount;
  let done = 0;
  for (const regime of regimes) {
    const rates: RegimeRates = { regime, seeds: [], holds: {}, gated: {}, secondsPerRun: 0 };
    const t0 = performance.now();
    for (let s = 0; s < opts.seedCount; s++) {
      const seed = opts.seedStart + s;
      const result = await opts.run({ ...regime, seed });
      const { verdicts } = judgeRun(result);
      rates.seeds.push(seed);
      for (const v of verdicts) {
        rates.holds[v.id] = (rates.holds[v.id] ?? 0) + (v.status === 'holds' ? 1 : 0);
        rates.gated[v.id] = (rates.gated[v.id] ?? 0) + (v.status !== 'holds' && v.status !== 'fails' ? 1 : 0);
      }
      done++;
      rates.secondsPerRun = (performance.now() - t0) / 1000 / rates.seeds.length;
      opts.onRun?.(done, total, rates);
    }
    out.push(rates);
  }
  return out;
}

/** Pools per-regime counts into one rate per claim, with its lower bound. */
export function poolRates(rates: readonly RegimeRates[]): PooledRates[] {
  const ids = [...new Set(rates.flatMap((r) => Object.keys(r.holds)))];
  return ids.map((id) => {
    const holds = rates.reduce((s, r) => s + (r.holds[id] ?? 0), 0);
    const total = rates.reduce((s, r) => s + r.seeds.length, 0);
    return { id, holds, total, rate: total ? holds / total : NaN, lowerBound: clopperPearsonLower(holds, total) };
  });
}
