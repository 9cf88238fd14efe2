/**
 * Runs a list of regimes on J worker processes, or in this process when J is 1, and returns their
 * results in the order of the list, whatever order they finished in. The one place that decides
 * where a run trains; the pipeline's run loop (src/pipeline/run.ts) goes through it.
 */
import type { BackendName, RunResult } from '../experiment/types.js';
import type { SeededRegime } from '../regime/types.js';
import { createPool } from './pool.js';

/** Options of {@link runAll}. */
export interface RunAllOptions {
  /** Worker processes; 1 (or fewer) trains each run in this process with `inProcess`, one after the other. */
  jobs: number;
  /** Threads per run of a worker; required with jobs > 1. */
  threads?: number;
  /** The backend workers start; required with jobs > 1. */
  backend?: BackendName;
  signal?: AbortSignal;
  /** Extra environment of worker processes. */
  env?: Readonly<Record<string, string | undefined>>;
  /** How one run trains in this process (J = 1), e.g. with a progress bar. */
  inProcess: (regime: SeededRegime, index: number) => Promise<RunResult>;
  /** Called as each run finishes (in finishing order), with its index in the list. */
  onDone?: (index: number, result: RunResult) => void | Promise<void>;
  /** Called as a run starts training, in this process or on a worker. */
  onStart?: (index: number) => void;
}

/**
 * Results in list order; null for a run that never started because the signal aborted first (in
 * this process, after an interrupted run nothing more starts). Rejects when a worker fails.
 */
export async function runAll(regimes: readonly SeededRegime[], options: RunAllOptions): Promise<(RunResult | null)[]> {
  const out: (RunResult | null)[] = regimes.map(() => null);
  if (options.jobs <= 1) {
    for (const [i, regime] of regimes.entries()) {
      if (options.signal?.aborted && i > 0) break;
      options.onStart?.(i);
      const result = await options.inProcess(regime, i);
      out[i] = result;
      await options.onDone?.(i, result);
      if (result.interrupted) break;
    }
    return out;
  }
  if (options.threads === undefined || options.backend === undefined)
    throw new TypeError(`runAll: jobs = ${options.jobs} needs threads and backend for the workers`);
  const pool = createPool({
    jobs: options.jobs,
    threads: options.threads,
    backend: options.backend,
    env: options.env,
    signal: options.signal,
  });
  try {
    await Promise.all(
      regimes.map(async (regime, i) => {
        const result = await pool.run(regime, () => options.onStart?.(i));
        out[i] = result;
        if (result !== null) await options.onDone?.(i, result);
      }),
    );
  } finally {
    await pool.close();
  }
  return out;
}
