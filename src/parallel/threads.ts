/**
 * Threads per run and worker processes (`--jobs J`, `--threads T`).
 *
 * A run's numbers may depend on its regime, seed, backend, backend version and threads per run, and
 * on nothing else, so the thread count is a recorded setting, never an accident of the machine:
 * - WASM: the thread pool size (`setThreadsCount`, read from `PROVABLY_WASM_THREADS` at start-up);
 * - native TensorFlow: tfjs-node creates its eager context with default options (no ConfigProto;
 *   `TFJSBackend::TFJSBackend` in tfjs-node/binding/tfjs_backend.cc), so TensorFlow sizes its
 *   intra-op pool from `TF_NUM_INTRAOP_THREADS` and its inter-op pool from `TF_NUM_INTEROP_THREADS`
 *   (both read once, with getenv, when the context is created; unset or 0 means every core). They
 *   must therefore be in the environment before the addon loads: a worker gets them at fork.
 */
import os from 'node:os';
import type { BackendName } from '../experiment/types.js';

/** The cores this process may use (`os.availableParallelism`, which honours CPU affinity). */
export function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Most threads per run accepted by `--threads`. */
export const MAX_THREADS = 64;

/**
 * Threads per run by default on each backend when one run has `cores` cores to itself: WASM keeps
 * its measured default (1: bench/results), native TensorFlow takes them all, the pure-JavaScript
 * cpu backend is single-threaded.
 */
export function defaultThreadCap(backend: BackendName, cores: number, wasmDefault: number): number {
  return backend === 'wasm' ? wasmDefault : backend === 'tensorflow' ? cores : 1;
}

/** The worker count and threads per run an invocation uses. */
export interface ParallelPlan {
  /** Worker processes actually started (≤ the runs to do); 1 means in-process. */
  jobs: number;
  /** Threads per run (recorded in the manifest; replay reuses it). */
  threads: number;
}

/**
 * Resolves `--jobs` and `--threads`: J defaults to the cores, and is never more than the runs to do;
 * T defaults to the backend's cap, lowered so that J × T does not exceed the cores.
 */
export function planParallel(opts: {
  jobs?: number;
  threads?: number;
  runs: number;
  backend: BackendName;
  cores?: number;
  wasmDefault: number;
}): ParallelPlan {
  const cores = opts.cores ?? coreCount();
  const jobs = Math.max(1, Math.min(opts.jobs ?? cores, Math.max(1, opts.runs)));
  const threads = opts.threads ?? Math.max(1, Math.min(defaultThreadCap(opts.backend, cores, opts.wasmDefault), Math.floor(cores / jobs)));
  return { jobs, threads };
}

/**
 * The environment that gives a fresh process `threads` threads per run on every backend. Native
 * inter-op parallelism stays at 1: eager ops run one after the other, so the inter-op pool only adds
 * threads that compete with the intra-op ones.
 */
export function threadEnv(threads: number): Record<string, string> {
  return { PROVABLY_WASM_THREADS: String(threads), TF_NUM_INTRAOP_THREADS: String(threads), TF_NUM_INTEROP_THREADS: '1' };
}
