/**
 * One training run (ST then AT) with a progress bar on stderr and the CLI's abort signal.
 */
import type { BackendPreference } from '../../backend/select.js';
import { runExperiment, type RunArrays } from '../../experiment/runExperiment.js';
import type { RunResult } from '../../experiment/types.js';
import type { SeededRegime } from '../../regime/types.js';
import type { CliContext } from '../context.js';
import { runProgress, type OverallPlace } from '../progress.js';

/** Options of {@link executeRun}. */
export interface ExecuteOptions {
  backend: BackendPreference;
  /** Shown in front of the progress bar (`paper-small #0`). */
  label: string;
  /** False with `--json`: no progress bar even on a terminal. */
  progress: boolean;
  /** Return the data and weights too (export --trained). */
  keepArrays?: boolean;
  /** This run's place among several in one process: an overall bar under its own. */
  overall?: OverallPlace;
}

/** Runs `regime`; stops between steps when `ctx.signal` aborts (the result is then marked interrupted). */
export async function executeRun(
  regime: SeededRegime,
  ctx: CliContext,
  options: ExecuteOptions,
): Promise<RunResult & { arrays?: RunArrays }> {
  const bar = runProgress(ctx.io.stderr, options.label, options.progress, undefined, options.overall);
  try {
    return await runExperiment(regime, {
      backend: options.backend,
      signal: ctx.signal,
      onProgress: bar.onProgress,
      keepArrays: options.keepArrays ?? false,
    });
  } finally {
    bar.finish();
  }
}
