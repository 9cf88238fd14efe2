/**
 * Messages between the pool (src/parallel/pool.ts) and its worker processes
 * (src/parallel/worker.ts). Sent with Node's "advanced" IPC serialisation (structured clone), so
 * NaN, ±Infinity and typed arrays arrive as they left.
 */
import type { BackendInfo } from '../backend/select.js';
import type { RunResult } from '../experiment/types.js';
import type { SeededRegime } from '../regime/types.js';

/** Pool → worker. */
export type ToWorker = { type: 'run'; id: number; regime: SeededRegime } | { type: 'abort' };

/** Worker → pool. */
export type FromWorker =
  | { type: 'ready'; backend: Omit<BackendInfo, 'notes'> }
  | { type: 'fatal'; message: string }
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; result: RunResult }
  | { type: 'error'; id: number; message: string };
