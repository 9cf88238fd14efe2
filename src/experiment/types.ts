import type { SeededRegime } from '../regime/types.js';
import type { FinalMeasurements, TraceRow } from '../measure/types.js';

import type { BackendName } from '../backend/types.js';

export type { BackendName };

/** What ran: every number is labelled with this. */
export interface Manifest {
  backend: BackendName;
  /** libtensorflow's version for the native backend, tfjs's for wasm and cpu. */
  backendVersion: string;
  /** Why this backend ran (how it was chosen, and any fallback). Absent in files of older versions. */
  backendReason?: string;
  precision: 'float32' | 'float64';
  /** Threads per run: WASM threads, or native TensorFlow's intra-op threads (1 on cpu). */
  threads: number;
  node: string;
  cpu: string;
  /** ISO time the run started. */
  started: string;
  wallSeconds: number;
  /**
   * Wall clock of each run of an invocation (result.json's top-level manifest only). Kept here, not
   * in `runs[]`, so that runs[] holds only what a run's numbers depend on and compares byte for byte
   * across `--jobs`, shards and machines.
   */
  timings?: RunTiming[];
  /** Worker processes the invocation trained on (`--jobs`), when more than one. */
  jobs?: number;
  /** This invocation's shard (1-based index of count) and the items of the unsharded invocation. */
  shard?: ShardInfo;
}

/** When one run of an invocation started and how long it took. */
export interface RunTiming {
  scenario: string;
  seed: number;
  started: string;
  wallSeconds: number;
}

/** A sharded invocation: shard `index` of `count` (1-based), dealt from `total` items. */
export interface ShardInfo {
  index: number;
  count: number;
  total: number;
}

/** Result of {@link runExperiment}: ST and AT trained from the same W0 on the same data. */
export interface RunResult {
  regime: SeededRegime;
  /** Λ(0), Γ(0) and Ξ(0) at the shared initialisation. */
  init: { lambda: number; gamma: number; lambdaMean: number; gammaMean: number; xi: number };
  st: FinalMeasurements;
  at: FinalMeasurements;
  traces: { st: TraceRow[]; at: TraceRow[] };
  /** True when the run was stopped by an abort signal; measurements cover what was trained. */
  interrupted: boolean;
  manifest: Manifest;
}
