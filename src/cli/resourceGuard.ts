/**
 * The resource guard (issue #6): before any training, refuse a plan that cannot fit this machine's
 * memory (exit 2, always), and one whose time estimate is over the limit unless `--force`. The
 * estimates are the pipeline's (src/pipeline/resources.ts); this file words the refusal.
 */
import type { BackendName } from '../experiment/types.js';
import { formatNumber } from '../util/format.js';
import {
  assessResources,
  FLOP_RATE,
  MEMORY_FRACTION,
  WASM_HEAP_BYTES,
  type CostedRun,
  type ResourceAssessment,
  type ResourceLimits,
} from '../pipeline/resources.js';
import { UsageError } from './errors.js';

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

/**
 * Checks every planned run against the machine's limits (see `assessResources`).
 *
 * @param force - skip the time limit (never the memory limit: a run that cannot fit would crash)
 * @throws UsageError (exit 2) naming the scenario, the estimate, the limit and the fix
 */
export function checkResources(
  runs: readonly CostedRun[],
  backend: BackendName,
  options: {
    force?: boolean;
    limits?: ResourceLimits;
    /** Runs trained at once (--jobs): the time divides by it. @defaultValue 1 */ parallel?: number;
  } = {},
): ResourceAssessment {
  const assessment = assessResources(runs, backend, options);
  const { estimates, totalSeconds, limits, shortfall } = assessment;
  if (shortfall === undefined) return assessment;
  if (shortfall.kind === 'time') {
    const e = estimates[shortfall.slowest]!;
    throw new UsageError({
      code: 'unavailable',
      path: '',
      input: totalSeconds,
      summary:
        `estimated time ${formatSeconds(totalSeconds)} for ${runs.length} run${runs.length === 1 ? '' : 's'} exceeds the limit of ${formatSeconds(limits.seconds)}` +
        ` (slowest: ${runs[shortfall.slowest]!.label}, ${formatSeconds(e.seconds)}, ${formatNumber(e.flops / 1e9)} GFLOP at ${FLOP_RATE[backend] / 1e9} GFLOP/s on ${backend})`,
      rule: `an invocation is estimated at ≤ ${formatSeconds(limits.seconds)} unless --force`,
      fix: 'reduce T, nTrain, nTest, P, d or --seeds, or pass --force to run anyway',
    });
  }
  const run = runs[shortfall.run]!;
  const e = estimates[shortfall.run]!;
  const sizes = `k=${run.regime.k}, d=${run.regime.d}, P=${run.regime.P}, nTrain=${run.regime.nTrain}, nTest=${run.regime.nTest}`;
  if (shortfall.kind === 'backend-memory') {
    const where =
      backend === 'wasm' && limits.backendBytes === WASM_HEAP_BYTES
        ? 'the 4 GiB WASM heap'
        : `${MEMORY_FRACTION * 100} % of this machine's ${formatBytes(limits.totalMemoryBytes)} RAM`;
    throw new UsageError({
      code: 'unavailable',
      path: run.label,
      input: e.backendBytes,
      summary: `scenario ${run.label} (${sizes}) needs an estimated ${formatBytes(e.backendBytes)} of ${backend} backend memory, more than the limit of ${formatBytes(limits.backendBytes)} (${where})`,
      rule: 'a run must fit in memory; tensors grow with n·P·d',
      fix: `reduce nTrain, nTest, P or d${backend === 'wasm' ? ', or use --backend node where the native backend is installed' : ''}`,
    });
  }
  throw new UsageError({
    code: 'unavailable',
    path: run.label,
    input: e.backendBytes + e.hostBytes,
    summary: `scenario ${run.label} (${sizes}) needs an estimated ${formatBytes(e.backendBytes + e.hostBytes)} of memory (${formatBytes(e.hostBytes)} arrays + ${formatBytes(e.backendBytes)} tensors), more than the limit of ${formatBytes(limits.memoryBytes)} (${MEMORY_FRACTION * 100} % of this machine's ${formatBytes(limits.totalMemoryBytes)} RAM)`,
    rule: 'a run must fit in memory; arrays grow with n·P·d',
    fix: 'reduce nTrain, nTest, P or d',
  });
}
