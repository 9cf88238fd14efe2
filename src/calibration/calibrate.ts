import { CLAIMS } from '../claims/registry.js';
import { countStatuses, injectionPrediction, injectionTable, type InjectionTable, type StatusCounts } from '../claims/expectations.js';
import { runStalled } from '../claims/preconditions.js';
import type { VerdictStatus } from '../claims/types.js';
import type { BackendName, RunResult } from '../experiment/types.js';
import { runPlan } from '../pipeline/run.js';
import type { RunRecordInput } from '../result/resultFile.js';
import type { Regime, SeededRegime } from '../regime/types.js';
import { clopperPearsonLower } from '../stats/clopperPearson.js';

/**
 * One seed of a calibration, as recorded in the committed JSON: enough to re-derive every count
 * (statuses, gates, I1) and to see why a seed went the way it did (the learning diagnostics).
 */
export interface SeedRecord {
  seed: number;
  backend: string;
  /** Claim id → verdict status at the spec's thresholds. */
  status: Record<string, VerdictStatus>;
  /** Precondition id → holds. */
  preconditions: Record<string, boolean>;
  /** R1–R3 held and R4 failed. */
  stalled: boolean;
  /** I1 at the measured Λ_AT: holds (predicts AT-4 fails), or null when not evaluated. */
  i1: boolean | null;
  /** Learning diagnostics. */
  init: { lambda: number; gamma: number };
  st: Diagnostics;
  at: Diagnostics;
  wallSeconds: number;
}

/** Final Λ, Γ and accuracies of one training. */
export interface Diagnostics {
  lambda: number;
  gamma: number;
  trainAcc: number;
  testAcc: number;
  featureRobustAcc: number;
  pgdRobustAcc: number;
}

/** One regime of a calibration over a range of seeds. */
export interface RegimeRates {
  regime: Regime;
  seeds: number[];
  /** Claim id → holds, fails, inconclusive, stalled over `seeds`. */
  counts: Record<string, StatusCounts>;
  /** I1 against AT-4. */
  i1: InjectionTable;
  /** Every seed, in order. */
  runs: SeedRecord[];
  /** Mean wall seconds per run. */
  secondsPerRun: number;
}

/** Rates pooled over every regime and seed of a calibration. */
export interface PooledRates extends StatusCounts {
  id: string;
  total: number;
  /** holds / total: every seed in the denominator, inconclusive included. */
  rate: number;
  /** One-sided 95 % Clopper–Pearson lower bound of the rate. */
  lowerBound: number;
}

export type Runner = (regime: SeededRegime) => Promise<RunResult>;

function diagnostics(m: RunResult['st']): Diagnostics {
  return {
    lambda: m.lambda,
    gamma: m.gamma,
    trainAcc: m.trainAcc.value,
    testAcc: m.testAcc.value,
    featureRobustAcc: m.robust.feature.value,
    pgdRobustAcc: m.robust.pgd.value,
  };
}

/** The record of one run from its judgement (the pipeline's record of it). */
export function seedRecord({ result, ...j }: Pick<RunRecordInput, 'result' | 'verdicts' | 'preconditions' | 'injection'>): SeedRecord {
  return {
    seed: result.regime.seed,
    backend: result.manifest.backend,
    status: Object.fromEntries(j.verdicts.map((v) => [v.id, v.status])),
    preconditions: Object.fromEntries(j.preconditions.map((p) => [p.id, p.holds])),
    stalled: runStalled(j.preconditions),
    i1: injectionPrediction(j.injection),
    init: { lambda: result.init.lambda, gamma: result.init.gamma },
    st: diagnostics(result.st),
    at: diagnostics(result.at),
    wallSeconds: result.manifest.wallSeconds,
  };
}

/** Counts and the I1 table of some seed records (a regime's, or a pool's). */
export function countRecords(runs: readonly SeedRecord[]): { counts: Record<string, StatusCounts>; i1: InjectionTable } {
  const counts: Record<string, StatusCounts> = {};
  for (const { id } of CLAIMS)
    counts[id] = countStatuses(runs.map((r) => ({ status: r.status[id] ?? 'inconclusive', stalled: r.stalled })));
  const i1 = injectionTable(runs.map((r) => ({ at4: r.status['AT-4'] ?? 'inconclusive', i1: r.i1 })));
  return { counts, i1 };
}

/** Where a calibration's runs train: worker processes, as verify's `--jobs` starts them. */
export interface CalibrationWorkers {
  jobs: number;
  threads: number;
  backend: BackendName;
}

/**
 * Runs each regime over seeds `seedStart … seedStart + seedCount − 1` through the pipeline's run
 * loop (each run judged once) and counts, per claim, holds, fails, inconclusive and stalled. Pure
 * over its runner, so tests can inject a fake one. With `workers`, runs train on that many worker
 * processes at once; records keep seed order whatever order the runs finish in.
 */
export async function calibrateRegimes(
  regimes: readonly Regime[],
  opts: {
    seedStart: number;
    seedCount: number;
    run: Runner;
    workers?: CalibrationWorkers;
    onRun?: (done: number, total: number, last: SeedRecord) => void;
    /** After every run: each regime with the seeds done so far (so a stopped calibration keeps them). */
    onProgress?: (sofar: RegimeRates[]) => Promise<void>;
  },
): Promise<RegimeRates[]> {
  const plan = regimes.flatMap((regime) =>
    Array.from({ length: opts.seedCount }, (_, s) => ({
      scenario: { name: 'calibration' },
      regime: { ...regime, seed: opts.seedStart + s },
    })),
  );
  const records: (SeedRecord | null)[] = plan.map(() => null);
  const sofar = (): RegimeRates[] =>
    regimes
      .map((regime, g) =>
        rated(
          regime,
          records.slice(g * opts.seedCount, (g + 1) * opts.seedCount).filter((r) => r !== null),
        ),
      )
      .filter((r) => r.runs.length > 0);
  let done = 0;
  await runPlan(plan, {
    inProcess: (r) => opts.run(r),
    ...(opts.workers ?? {}),
    onRecord: async (i, judged) => {
      const record = seedRecord(judged);
      records[i] = record;
      done++;
      opts.onRun?.(done, plan.length, record);
      await opts.onProgress?.(sofar());
    },
  });
  return sofar();
}

function rated(regime: Regime, runs: readonly SeedRecord[]): RegimeRates {
  return {
    regime,
    seeds: runs.map((r) => r.seed),
    ...countRecords(runs),
    runs: [...runs],
    // Each run's own training time: runs on parallel workers overlap, so elapsed time would undercount.
    secondsPerRun: runs.length ? runs.reduce((t, r) => t + r.wallSeconds, 0) / runs.length : 0,
  };
}

/** Pools per-regime counts into one rate per claim, with its lower bound. */
export function poolRates(rates: readonly RegimeRates[]): PooledRates[] {
  const { counts } = countRecords(rates.flatMap((r) => r.runs));
  return Object.entries(counts).map(([id, c]) => {
    const total = c.holds + c.fails + c.inconclusive;
    return { id, ...c, total, rate: total ? c.holds / total : NaN, lowerBound: clopperPearsonLower(c.holds, total) };
  });
}
