/**
 * `--jobs`, `--threads` and `--shard` for a command: the shard from the flag or the scheduler's
 * variables, and the worker count and threads per run for the started backend. Bad values are
 * usage errors (exit 2, before any training). Loads no TensorFlow.js.
 */
import type { BackendInfo } from '../../backend/select.js';
import { planParallel, type ParallelPlan } from '../../parallel/threads.js';
import { resolveShard, ShardError, type Shard } from '../../parallel/shard.js';
import { UsageError } from '../errors.js';

/** The shard of this invocation, or undefined. @throws UsageError */
export function shardOf(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  try {
    return resolveShard(flag, env);
  } catch (e) {
    if (e instanceof ShardError) throw new UsageError(e.issues);
    throw e;
  }
}

/**
 * Workers and threads per run for `runs` runs on the started `backend` (started with `--threads`
 * when given, so its thread count is already validated). Without `--threads`, WASM keeps the threads
 * it started with (PROVABLY_WASM_THREADS, else its measured default) as a cap.
 */
export function parallelPlan(opts: {
  jobs?: number;
  threads?: number;
  runs: number;
  backend: Pick<BackendInfo, 'name' | 'threads'>;
}): ParallelPlan {
  const wasmDefault = opts.backend.name === 'wasm' ? opts.backend.threads : 1;
  return planParallel({ jobs: opts.jobs, threads: opts.threads, runs: opts.runs, backend: opts.backend.name, wasmDefault });
}
