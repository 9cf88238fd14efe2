/**
 * Running scenario × seed into a result: the planned runs train (on worker processes or in this
 * process, src/parallel), each is judged once as it finishes ({@link recordRun}), and the records,
 * the aggregate over seeds and the invocation's manifest become one result.json. verify, replay,
 * the search, the sweep, calibration and the conformance suite all run their runs through
 * {@link runPlan}.
 */
import type { BackendInfo } from '../backend/select.js';
import type { ExpectationProfile } from '../claims/expectations.js';
import type { BackendName, Manifest, RunResult } from '../experiment/types.js';
import type { JudgeOptions } from '../judge/judgeRun.js';
import { runAll } from '../parallel/runAll.js';
import type { Shard } from '../parallel/shard.js';
import type { SeededRegime } from '../regime/types.js';
import { aggregateRuns, withCalibration, type CalibrationLookup } from '../result/aggregate.js';
import { buildResultFile, type ResultFile, type RunRecordInput, type ScenarioRef } from '../result/resultFile.js';
import { recordRun } from './record.js';

/** One scenario × seed to run. */
export interface PlannedRun {
  /** The scenario the run belongs to; the replay command names it by its `source`. */
  scenario: ScenarioRef;
  regime: SeededRegime;
  /** The replay command. @defaultValue `provably verify <source> --seed … --backend … --threads …` */
  replay?: string;
}

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  /** How one run trains in this process (every run, when jobs ≤ 1), e.g. with a progress bar. */
  inProcess: (regime: SeededRegime, index: number) => Promise<RunResult>;
  /** Worker processes training at once. @defaultValue 1 (this process) */
  jobs?: number;
  /** Threads per run of a worker; required with jobs > 1. */
  threads?: number;
  /** The backend workers start; required with jobs > 1. */
  backend?: BackendName;
  /** Extra environment of worker processes. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stops between training steps; runs not yet started then never start. */
  signal?: AbortSignal;
  /** Threshold overrides, or the claims to judge. @defaultValue every claim at the spec's thresholds */
  judge?: JudgeOptions;
  /** A run starts training (in this process or on a worker). */
  onStart?: (index: number) => void;
  /** A run finished and was judged (in finishing order). */
  onRecord?: (index: number, record: RunRecordInput) => void | Promise<void>;
}

/**
 * Trains and judges `runs`. Returns their records in plan order; null for a run that never started
 * because the signal aborted first. Rejects with what a run or a worker threw.
 */
export async function runPlan(runs: readonly PlannedRun[], options: RunPlanOptions): Promise<(RunRecordInput | null)[]> {
  const records: (RunRecordInput | null)[] = runs.map(() => null);
  await runAll(
    runs.map((r) => r.regime),
    {
      jobs: options.jobs ?? 1,
      threads: options.threads,
      backend: options.backend,
      env: options.env,
      signal: options.signal,
      inProcess: options.inProcess,
      onStart: options.onStart,
      onDone: async (i, result) => {
        const run = runs[i]!;
        const record = recordRun(run.scenario, result, {
          judge: options.judge,
          ...(run.replay === undefined ? {} : { replay: run.replay }),
        });
        records[i] = record;
        await options.onRecord?.(i, record);
      },
    },
  );
  return records;
}

/** How result.json's `aggregate` is computed. */
export interface AggregateOptions {
  /** The expectation rule over seeds. */
  profile: ExpectationProfile;
  /** Adds the committed calibration beside each row (`calibratedRates`, src/calibration/lookup.ts); without, rows carry none. */
  calibration?: CalibrationLookup;
}

/** result.json of judged runs: the runs, their aggregate per scenario × claim, the manifest. */
export function resultOf(records: readonly RunRecordInput[], manifest: Manifest, options: AggregateOptions): ResultFile {
  const rows = aggregateRuns(
    records.map((r) => ({
      scenario: r.scenario.name,
      expect: r.scenario.expect ?? {},
      verdicts: r.verdicts,
      preconditions: r.preconditions,
      injection: r.injection,
    })),
    options.profile,
  );
  const aggregate =
    options.calibration === undefined
      ? rows
      : withCalibration(
          rows,
          (name) => records.find((r) => r.scenario.name === name)?.result.regime,
          manifest.backend,
          options.calibration,
        );
  return buildResultFile({ manifest, runs: [...records], aggregate });
}

/**
 * The manifest of an invocation: `base` (the backend, versions and machine of a run) with the
 * invocation's start, wall time, backend choice, workers and shard.
 */
export function invocationManifest(
  base: Manifest,
  backend: BackendInfo,
  at: { started: Date; t0: number },
  extra: { jobs?: number; shard?: Shard & { total: number } } = {},
): Manifest {
  return {
    ...base,
    started: at.started.toISOString(),
    wallSeconds: (performance.now() - at.t0) / 1000,
    // Workers start the backend this process chose, so the reason is this process's.
    backendReason: backend.reason,
    ...(extra.jobs !== undefined && extra.jobs > 1 ? { jobs: extra.jobs } : {}),
    ...(extra.shard ? { shard: extra.shard } : {}),
  };
}

/** Options of {@link runScenarios}. */
export interface ScenarioRunOptions extends Omit<RunPlanOptions, 'backend'>, AggregateOptions {
  /** The started backend: workers start it, and it labels the manifest when no run finished. */
  backend: BackendInfo;
  /** This invocation's shard, recorded in the manifest. */
  shard?: Shard & { total: number };
  /** @defaultValue the system clock */
  now?: () => Date;
}

/** Runs and judges `runs` into one result.json (verify, replay). */
export async function runScenarios(runs: readonly PlannedRun[], options: ScenarioRunOptions): Promise<ResultFile> {
  const at = { started: (options.now ?? (() => new Date()))(), t0: performance.now() };
  const records = (await runPlan(runs, { ...options, backend: options.backend.name })).filter((r): r is RunRecordInput => r !== null);
  // With no run finished (interrupted before any started), the manifest is the started backend's.
  const base =
    records[0]?.result.manifest ?? (await import('../experiment/runExperiment.js')).runManifest(options.backend, at.started, at.t0);
  const manifest = invocationManifest(base, options.backend, at, { jobs: options.jobs, shard: options.shard });
  return resultOf(records, manifest, options);
}
