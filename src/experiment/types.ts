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
  /** WASM threads in use (1 elsewhere). */
  threads: number;
  node: string;
  cpu: string;
  /** ISO time the run started. */
  started: string;
  wallSeconds: number;
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
