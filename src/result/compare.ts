/**
 * What `provably diff` and `provably replay` compare: verdict statuses and final measurements of
 * runs matched by scenario and seed, and the expectations' aggregate. Pure: two result files in,
 * a list of differences out. A difference is a regression for CI (exit 1).
 */
import type { AggregateRow } from '../claims/types.js';
import { formatNumber } from '../util/format.js';
import type { ResultFile, RunRecord } from './resultFile.js';
import { REGIME_KEYS } from '../regime/types.js';
import { DEFAULT_DIFF_TOLERANCES, MEASUREMENT_FIELDS, toleranceFor, type DiffTolerances } from './diffTolerance.js';

/** One difference between a baseline and a result. */
export type Difference =
  | { kind: 'missing-run'; scenario: string; seed: number }
  | { kind: 'status'; scenario: string; seed: number; baseline: string; result: string }
  | { kind: 'verdict'; scenario: string; seed: number; claim: string; baseline: string; result: string }
  | { kind: 'regime'; scenario: string; seed: number; key: string; baseline: unknown; result: unknown }
  | {
      kind: 'measurement';
      scenario: string;
      seed: number;
      /** `st.lambda`, `at.robust.pgd`, … */
      field: string;
      baseline: number;
      result: number;
      /** |baseline − result| / scale. */
      relative: number;
      tolerance: number;
    }
  | { kind: 'aggregate'; scenario: string; claim: string; baseline: boolean | null; result: boolean | null };

/** Result of a comparison. */
export interface Comparison {
  differences: Difference[];
  /** Information that is not a regression (a run only in the result, another backend). */
  notes: string[];
  /** Counts of what was compared. */
  compared: { runs: number; verdicts: number; measurements: number };
}

const runKey = (r: Pick<RunRecord, 'scenario' | 'seed'>) => `${r.scenario}\u0000${r.seed}`;

/** Both NaN, or equal: no difference. Otherwise |a − b| / scale with the field's scale. */
export function relativeDifference(a: number, b: number, fraction: boolean): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const scale = fraction ? 1 : Math.max(Math.abs(a), Math.abs(b), 1e-12);
  return Math.abs(a - b) / scale;
}

/** The differences between two runs of the same scenario and seed. */
export function compareRuns(
  base: RunRecord,
  cur: RunRecord,
  tolerances: DiffTolerances = DEFAULT_DIFF_TOLERANCES,
): { differences: Difference[]; verdicts: number; measurements: number } {
  const where = { scenario: base.scenario, seed: base.seed };
  const differences: Difference[] = [];
  if (base.status !== cur.status) differences.push({ kind: 'status', ...where, baseline: base.status, result: cur.status });
  for (const key of REGIME_KEYS) {
    const a = base.regime.evaluated[key];
    const b = cur.regime.evaluated[key];
    if (!Object.is(a, b)) differences.push({ kind: 'regime', ...where, key, baseline: a, result: b });
  }
  let verdicts = 0;
  for (const v of base.verdicts) {
    const w = cur.verdicts.find((x) => x.id === v.id);
    verdicts++;
    if (w === undefined) differences.push({ kind: 'verdict', ...where, claim: v.id, baseline: v.status, result: 'missing' });
    else if (w.status !== v.status) differences.push({ kind: 'verdict', ...where, claim: v.id, baseline: v.status, result: w.status });
  }
  for (const w of cur.verdicts) {
    if (!base.verdicts.some((v) => v.id === w.id))
      differences.push({ kind: 'verdict', ...where, claim: w.id, baseline: 'missing', result: w.status });
  }
  let measurements = 0;
  for (const which of ['st', 'at'] as const) {
    for (const f of MEASUREMENT_FIELDS) {
      const a = f.read(base.measurements[which]);
      const b = f.read(cur.measurements[which]);
      const tolerance = toleranceFor(tolerances, which, f.name);
      const relative = relativeDifference(a, b, f.fraction);
      measurements++;
      if (relative > tolerance)
        differences.push({ kind: 'measurement', ...where, field: `${which}.${f.name}`, baseline: a, result: b, relative, tolerance });
    }
  }
  return { differences, verdicts, measurements };
}

function aggregateDifferences(base: readonly AggregateRow[], cur: readonly AggregateRow[]): Difference[] {
  const out: Difference[] = [];
  for (const row of base) {
    const other = cur.find((r) => r.scenario === row.scenario && r.id === row.id);
    if (other !== undefined && other.met !== row.met)
      out.push({ kind: 'aggregate', scenario: row.scenario, claim: row.id, baseline: row.met, result: other.met });
  }
  return out;
}

/**
 * Compares `result` against `baseline`: every baseline run must be present in the result (matched by
 * scenario and seed) with the same status, regime and verdicts, and measurements within tolerance;
 * the aggregate's met/not met must not change. Runs only in the result are noted, not flagged.
 */
export function compareResults(baseline: ResultFile, result: ResultFile, tolerances: DiffTolerances = DEFAULT_DIFF_TOLERANCES): Comparison {
  const differences: Difference[] = [];
  const notes: string[] = [];
  const current = new Map(result.runs.map((r) => [runKey(r), r]));
  const compared = { runs: 0, verdicts: 0, measurements: 0 };
  for (const base of baseline.runs) {
    const cur = current.get(runKey(base));
    if (cur === undefined) {
      differences.push({ kind: 'missing-run', scenario: base.scenario, seed: base.seed });
      continue;
    }
    const d = compareRuns(base, cur, tolerances);
    differences.push(...d.differences);
    compared.runs++;
    compared.verdicts += d.verdicts;
    compared.measurements += d.measurements;
  }
  const baseKeys = new Set(baseline.runs.map(runKey));
  for (const r of result.runs)
    if (!baseKeys.has(runKey(r))) notes.push(`${r.scenario} seed ${r.seed} is only in the result (not compared).`);
  differences.push(...aggregateDifferences(baseline.aggregate, result.aggregate));
  const [a, b] = [baseline.manifest, result.manifest];
  if (a.backend !== b.backend || a.backendVersion !== b.backendVersion || a.precision !== b.precision) {
    notes.push(
      `Backends differ: baseline ${a.backend} ${a.backendVersion} (${a.precision}), result ${b.backend} ${b.backendVersion} (${b.precision}); measurements may differ within float tolerance.`,
    );
  }
  return { differences, notes, compared };
}

/** One line per difference, in words. */
export function describeDifference(d: Difference): string {
  const run = 'seed' in d ? `${d.scenario} seed ${d.seed}` : d.scenario;
  switch (d.kind) {
    case 'missing-run':
      return `${run}: run missing from the result`;
    case 'status':
      return `${run}: run status ${d.baseline} → ${d.result}`;
    case 'verdict':
      return `${run}: ${d.claim} verdict ${d.baseline} → ${d.result}`;
    case 'regime':
      return `${run}: regime ${d.key} ${JSON.stringify(d.baseline)} → ${JSON.stringify(d.result)} (the runs are not comparable)`;
    case 'measurement':
      return `${run}: ${d.field} ${formatNumber(d.baseline)} → ${formatNumber(d.result)} (difference ${formatNumber(d.relative)} > tolerance ${formatNumber(d.tolerance)})`;
    case 'aggregate': {
      const met = (m: boolean | null) => (m === null ? 'reported' : m ? 'met' : 'not met');
      return `${run}: ${d.claim} expectation ${met(d.baseline)} → ${met(d.result)}`;
    }
  }
}
