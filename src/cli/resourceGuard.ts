/**
 * The resource guard (issue #6): before any training, estimate the memory and time a regime needs
 * on the chosen backend, refuse one that cannot fit this machine's memory (exit 2, always), and
 * refuse one whose time estimate is over {@link TIME_LIMIT_SECONDS} unless `--force`.
 *
 * The estimates are deliberately simple, counted from the engine's tensors (src/experiment,
 * src/train, src/attack, src/measure): one "array" is `n·P·d` float32 values, one "activation"
 * `n·P·k·m`. They are meant to be right within a factor of about two, which is all a guard needs:
 * a regime a hundred times too big is refused, and one that fits is never refused.
 */
import os from 'node:os';
import type { BackendName } from '../experiment/types.js';
import type { Regime } from '../regime/types.js';
import { formatNumber } from '../claims/verdict.js';
import { UsageError } from './errors.js';

/**
 * Sustained float32 throughput assumed per backend, in FLOP/s, conservative (a loaded 2-core CI
 * machine; see bench/ for measurements). wasm: 5 GFLOP/s; native TensorFlow: 20 GFLOP/s; the
 * pure-JavaScript cpu backend: 0.5 GFLOP/s.
 */
export const FLOP_RATE: Readonly<Record<BackendName, number>> = Object.freeze({ tensorflow: 20e9, wasm: 5e9, cpu: 0.5e9 });

/**
 * Fixed cost per pass of a training step (op dispatch, one scalar read, a yield to the event loop),
 * in seconds: what dominates small regimes, where the FLOP count alone would promise microseconds.
 * An ST step is one pass; an AT step 1 + K (its attack steps).
 */
export const STEP_OVERHEAD_SECONDS = 0.002;

/** Longest estimated time a `verify` may take without `--force`: 2 hours. */
export const TIME_LIMIT_SECONDS = 2 * 3600;

/** The largest heap a WASM (wasm32) module can address: 4 GiB. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/** Share of the machine's RAM a run may plan to use; the rest is the OS, Node and headroom. */
export const MEMORY_FRACTION = 0.75;

const FLOAT32_BYTES = 4;

/** Memory and time of one run (ST + AT + measurements + evaluation) of a regime. */
export interface ResourceEstimate {
  /** Peak bytes of tensors on the backend (the WASM heap for wasm). */
  backendBytes: number;
  /** Bytes of the JavaScript arrays: data, noise and weights as drawn by `prepareRun`. */
  hostBytes: number;
  /** Floating-point operations of the whole run. */
  flops: number;
  /** Training steps, ST and AT together. */
  steps: number;
  /** Estimated wall seconds on the backend: flops / FLOP_RATE + T·(2 + K) · STEP_OVERHEAD_SECONDS. */
  seconds: number;
}

/** What this machine allows a run. */
export interface ResourceLimits {
  /** Bytes of RAM a run may use (host + backend). */
  memoryBytes: number;
  /** Bytes the backend may hold (the WASM heap for wasm, else the RAM limit). */
  backendBytes: number;
  /** Seconds a whole invocation may take without `--force`. */
  seconds: number;
  /** The RAM of the machine, for messages. */
  totalMemoryBytes: number;
}

/** The sizes that drive a run's cost. */
export type CostRegime = Pick<Regime, 'k' | 'd' | 'P' | 'm' | 'nTrain' | 'nTest' | 'T' | 'K' | 'batchSize' | 'logEvery' | 'evalSteps'>;

/** Memory and time of one run of `regime` on `backend`. Pure. */
export function estimateRun(regime: CostRegime, backend: BackendName): ResourceEstimate {
  const { k, d, P, m, nTrain, nTest, T, K, logEvery, evalSteps } = regime;
  const nBatch = regime.batchSize === null ? nTrain : Math.min(regime.batchSize, nTrain);
  const array = (n: number) => n * P * d * FLOAT32_BYTES;
  const activation = (n: number) => n * P * k * m * FLOAT32_BYTES;
  // Multiply-adds of X·Wᵀ over n samples; a matrix product costs 2 FLOPs per multiply-add.
  const macs = (n: number) => n * P * d * k * m;

  // prepareRun: X and ξ of the training and the test set, as Float32Array.
  const hostBytes = 2 * array(nTrain) + 2 * array(nTest) + 3 * k * m * d * FLOAT32_BYTES;
  // Kept on the backend for the whole run: training inputs and noise, test inputs.
  const persistent = 2 * array(nTrain) + array(nTest);
  // An AT step: the batch, δ, X + δ and the attack's gradient, with the network's activations.
  const trainPeak = 5 * array(nBatch) + 6 * activation(nBatch);
  // Evaluation: k+1 perturbed copies of the test set at once, or PGD's iterate, best δ and gradient.
  const evalPeak = Math.max(k + 1, 4) * array(nTest) + 6 * activation(nTest);
  const backendBytes = persistent + Math.max(trainPeak, evalPeak);

  const rows = Math.ceil(T / logEvery) + 1;
  const stStep = 4 * macs(nBatch); // forward + weight gradient
  const atStep = stStep + 4 * K * macs(nBatch); // + K attack steps (forward + input gradient)
  const logRow = 4 * macs(nTrain) + 2 * macs(nTest); // Ξ, clean train and test metrics
  const evaluation = 6 * macs(nTrain) + (2 * (k + 2) + 4 * evalSteps + 2) * macs(nTest);
  const flops = T * (stStep + atStep) + 2 * rows * logRow + 2 * evaluation;
  const steps = 2 * T;
  // Overhead: one unit per ST step, 1 + K per AT step (the attack's passes dispatch as many ops).
  const seconds = flops / FLOP_RATE[backend] + T * (2 + K) * STEP_OVERHEAD_SECONDS;
  return { backendBytes, hostBytes, flops, steps, seconds };
}

/** The limits of this machine for `backend`. */
export function machineLimits(backend: BackendName, totalMemoryBytes: number = os.totalmem()): ResourceLimits {
  const memoryBytes = MEMORY_FRACTION * totalMemoryBytes;
  return {
    memoryBytes,
    backendBytes: backend === 'wasm' ? Math.min(WASM_HEAP_BYTES, memoryBytes) : memoryBytes,
    seconds: TIME_LIMIT_SECONDS,
    totalMemoryBytes,
  };
}

/** "1.5 GiB", "820 MiB", "12 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? String(Math.round(value)) : String(Number(value.toPrecision(3)))} ${units[i]}`;
}

/** "45 s", "12 min", "3.4 h", "2.1 days". */
export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 3 * 86400) return `${Number((seconds / 3600).toPrecision(2))} h`;
  return `${Number((seconds / 86400).toPrecision(3))} days`;
}

/** One planned run for {@link checkResources}. */
export interface PlannedRun {
  /** For messages: the scenario's name. */
  label: string;
  regime: CostRegime;
}

/** Result of {@link checkResources}: the per-run estimates and the total time. */
export interface ResourceCheck {
  estimates: ResourceEstimate[];
  totalSeconds: number;
  limits: ResourceLimits;
}

/**
 * Checks every planned run against the machine's limits. Memory is checked per run (runs are
 * sequential and free their tensors); time for the whole invocation.
 *
 * @param force - skip the time limit (never the memory limit: a run that cannot fit would crash)
 * @throws UsageError (exit 2) naming the scenario, the estimate, the limit and the fix
 */
export function checkResources(
  runs: readonly PlannedRun[],
  backend: BackendName,
  options: { force?: boolean; limits?: ResourceLimits; /** Runs trained at once (--jobs): the time divides by it. @defaultValue 1 */ parallel?: number } = {},
): ResourceCheck {
  const limits = options.limits ?? machineLimits(backend);
  const estimates = runs.map((r) => estimateRun(r.regime, backend));
  runs.forEach((run, i) => {
    const e = estimates[i]!;
    const sizes = `k=${run.regime.k}, d=${run.regime.d}, P=${run.regime.P}, nTrain=${run.regime.nTrain}, nTest=${run.regime.nTest}`;
    if (e.backendBytes > limits.backendBytes) {
      const where = backend === 'wasm' && limits.backendBytes === WASM_HEAP_BYTES ? 'the 4 GiB WASM heap' : `${MEMORY_FRACTION * 100} % of this machine's ${formatBytes(limits.totalMemoryBytes)} RAM`;
      throw new UsageError({
        code: 'unavailable',
        path: run.label,
        input: e.backendBytes,
        summary: `scenario ${run.label} (${sizes}) needs an estimated ${formatBytes(e.backendBytes)} of ${backend} backend memory, more than the limit of ${formatBytes(limits.backendBytes)} (${where})`,
        rule: 'a run must fit in memory; tensors grow with n·P·d',
        fix: `reduce nTrain, nTest, P or d${backend === 'wasm' ? ', or use --backend node where the native backend is installed' : ''}`,
      });
    }
    if (e.backendBytes + e.hostBytes > limits.memoryBytes) {
      throw new UsageError({
        code: 'unavailable',
        path: run.label,
        input: e.backendBytes + e.hostBytes,
        summary: `scenario ${run.label} (${sizes}) needs an estimated ${formatBytes(e.backendBytes + e.hostBytes)} of memory (${formatBytes(e.hostBytes)} arrays + ${formatBytes(e.backendBytes)} tensors), more than the limit of ${formatBytes(limits.memoryBytes)} (${MEMORY_FRACTION * 100} % of this machine's ${formatBytes(limits.totalMemoryBytes)} RAM)`,
        rule: 'a run must fit in memory; arrays grow with n·P·d',
        fix: 'reduce nTrain, nTest, P or d',
      });
    }
  });
  const totalSeconds = estimates.reduce((s, e) => s + e.seconds, 0) / Math.max(1, options.parallel ?? 1);
  if (!options.force && totalSeconds > limits.seconds) {
    const slowest = estimates.reduce((best, e, i) => (e.seconds > estimates[best]!.seconds ? i : best), 0);
    const e = estimates[slowest]!;
    throw new UsageError({
      code: 'unavailable',
      path: '',
      input: totalSeconds,
      summary: `estimated time ${formatSeconds(totalSeconds)} for ${runs.length} run${runs.length === 1 ? '' : 's'} exceeds the limit of ${formatSeconds(limits.seconds)}` +
        ` (slowest: ${runs[slowest]!.label}, ${formatSeconds(e.seconds)}, ${formatNumber(e.flops / 1e9)} GFLOP at ${FLOP_RATE[backend] / 1e9} GFLOP/s on ${backend})`,
      rule: `an invocation is estimated at ≤ ${formatSeconds(limits.seconds)} unless --force`,
      fix: 'reduce T, nTrain, nTest, P, d or --seeds, or pass --force to run anyway',
    });
  }
  return { estimates, totalSeconds, limits };
}
