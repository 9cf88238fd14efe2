/**
 * From a sweep's plan, grid and runs to sweep.json: per cell and claim the counts holds / fails /
 * inconclusive / stalled, the rate holds / total (inconclusive in the denominator, so gating never
 * raises a rate) and its one-sided 95 % Clopper–Pearson lower bound. Pure.
 */
import { countStatuses } from '../claims/expectations.js';
import { runStalled } from '../claims/preconditions.js';
import { CLAIM_IDS } from '../regime/schema.js';
import type { RunRecord } from '../result/resultFile.js';
import type { ToolInfo } from '../result/toolInfo.js';
import { clopperPearsonLower } from '../stats/clopperPearson.js';
import { runDescent } from '../train/descent.js';
import { SWEEP_SCHEMA_VERSION, type SweepCell, type SweepFile, type SweepManifest, type SweepRun } from './schema.js';
import type { Cell, SweepPlan } from './spec.js';
import { runFileName } from './store.js';

/** A finished run of the grid. */
export interface GridRun {
  cell: number;
  record: RunRecord;
}

function encode(x: number): number | 'NaN' {
  return Number.isNaN(x) ? 'NaN' : x;
}

/** Counts of one claim over runs. */
export function claimCounts(id: string, runs: readonly RunRecord[]): SweepCell['claims'][number] {
  // The same counting as every aggregate (src/claims/expectations.ts).
  const { holds, fails, inconclusive, stalled } = countStatuses(
    runs.map((run) => ({
      status: run.verdicts.find((v) => v.id === id)?.status ?? 'inconclusive',
      stalled: runStalled(run.preconditions),
    })),
  );
  const total = runs.length;
  return {
    id,
    holds,
    fails,
    inconclusive,
    stalled,
    total,
    rate: encode(total ? holds / total : NaN),
    lowerBound: encode(total ? clopperPearsonLower(holds, total) : NaN),
  };
}

/** How many runs' ST loss (the criterion) and AT loss (information) descended smoothly, with lower bounds. */
export function descentCounts(runs: readonly RunRecord[]): SweepCell['descent'] {
  const flags = runs.map((run) => runDescent(run.traces));
  const total = runs.length;
  const share = (n: number) => ({ rate: encode(total ? n / total : NaN), lowerBound: encode(total ? clopperPearsonLower(n, total) : NaN) });
  const st = flags.filter((f) => f.st).length;
  const at = flags.filter((f) => f.at).length;
  return { smooth: st, total, ...share(st), adversarial: { smooth: at, total, ...share(at) } };
}

function runSummary(r: GridRun): SweepRun {
  const descent = runDescent(r.record.traces);
  return {
    cell: r.cell,
    seed: r.record.seed,
    status: r.record.status,
    verdicts: r.record.verdicts.map((v) => ({
      id: v.id,
      status: v.status,
      margin: Number.isFinite(v.margin) ? v.margin : (String(v.margin) as 'NaN' | 'Infinity' | '-Infinity'),
    })),
    stalled: runStalled(r.record.preconditions),
    smoothDescent: descent.st,
    adversarialSmoothDescent: descent.at,
    file: runFileName(r.cell, r.record.seed),
  };
}

/** sweep.json of `runs` (any order; written in grid order: cell, then seed). */
export function summarise(input: {
  tool: ToolInfo;
  manifest: SweepManifest;
  plan: SweepPlan;
  grid: readonly Cell[];
  runs: readonly GridRun[];
}): SweepFile {
  const runs = [...input.runs].sort((a, b) => a.cell - b.cell || a.record.seed - b.record.seed);
  const cells: SweepCell[] = input.grid.map((cell) => {
    const mine = runs.filter((r) => r.cell === cell.index).map((r) => r.record);
    return {
      index: cell.index,
      values: cell.values,
      regime: { ...(cell.regime as unknown as Record<string, number | string | boolean | null>) },
      outside: cell.outside,
      claims: CLAIM_IDS.map((id) => claimCounts(id, mine)),
      descent: descentCounts(mine),
    };
  });
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    tool: input.tool,
    manifest: input.manifest,
    plan: input.plan as SweepFile['plan'],
    cells,
    runs: runs.map(runSummary),
  };
}

/** The JSON text of sweep.json. */
export function serializeSweepFile(file: SweepFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
