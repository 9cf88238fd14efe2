/**
 * One run on the terminal: a header (scenario, seed, backend, precision, threads), the verdict
 * table (claim, status, expectation, met, margin, each condition's value against its threshold),
 * the key numbers of ST against AT, and one line on assumptions and preconditions.
 */
import { formatCalibratedRate } from '../../claims/expectations.js';
import { runStalled } from '../../claims/preconditions.js';
import type { AggregateRow } from '../../claims/types.js';
import { formatDuration, formatMargin, formatNumber, formatPercent, opSymbol } from '../../util/format.js';
import type { Manifest } from '../../experiment/types.js';
import type { RunRecord } from '../../result/resultFile.js';
import { styleMet, styleStatus, type Style } from './style.js';
import { textTable } from './textTable.js';

/** "wasm 4.22.0 · float32 · 1 thread": what every number was computed on. */
export function backendLine(m: Pick<Manifest, 'backend' | 'backendVersion' | 'precision' | 'threads'>): string {
  return `${m.backend} ${m.backendVersion} · ${m.precision} · ${m.threads} thread${m.threads === 1 ? '' : 's'}`;
}

/** Whether a verdict meets the run's expectation on this seed (docs/claims.md#statistical-rule); null for "report". */
export function metOnSeed(run: RunRecord, id: string, status: string): boolean | null {
  const expect = run.expect[id] ?? 'report';
  return expect === 'report' ? null : status === expect;
}

/** The verdict table of a run, one row per condition. */
export function verdictLines(run: RunRecord, s: Style): string[] {
  const rows: string[][] = [];
  for (const v of run.verdicts) {
    const expect = run.expect[v.id] ?? 'report';
    const met = metOnSeed(run, v.id, v.status);
    const conditions = v.conditions.length > 0 ? v.conditions : [undefined];
    conditions.forEach((c, i) => {
      const first = i === 0;
      rows.push([
        first ? s.bold(v.id) : '',
        first ? styleStatus(v.status, s) : '',
        first ? expect : '',
        first ? styleMet(met, s) : '',
        first ? formatMargin(v.margin) : '',
        c ? c.name : '(no conditions)',
        c ? formatNumber(c.value) : '',
        c ? `${opSymbol(c.op)} ${formatNumber(c.threshold)}` : '',
        c ? (c.holds ? s.good('✓') : s.bad('✗')) : '',
      ]);
    });
  }
  const lines = textTable(
    [
      { label: 'Claim' },
      { label: 'Status' },
      { label: 'Expected' },
      { label: 'Met' },
      { label: 'Margin', align: 'right' },
      { label: 'Condition' },
      { label: 'Value', align: 'right' },
      { label: 'Threshold', align: 'right' },
      { label: '' },
    ],
    rows,
    // On a terminal, fits its width by abbreviating condition names (report.md has them whole);
    // off a terminal (logs, pipes) nothing is cut.
    { header: s.bold, ...(s.width === undefined ? {} : { maxWidth: s.width }), shrink: [5] },
  );
  if (run.injection) {
    const i1 = run.injection;
    lines.push(
      s.dim(
        `  I1 (heuristic, beside AT-4): ${i1.holds ? 'holds, predicts AT-4 fails' : 'does not hold, AT-4 may hold'}` +
          ` (value ${formatNumber(i1.value)} vs ${formatNumber(i1.threshold)} at Λ_AT = ${formatNumber(run.measurements.at.lambda)})`,
      ),
    );
  }
  return lines;
}

/** ST against AT: Λ, Γ, Ξ, accuracies and the PGD energy share in span{v}. */
export function keyNumberLines(run: RunRecord, s: Style): string[] {
  const { st, at } = run.measurements;
  const row = (label: string, m: RunRecord['measurements']['st']) => [
    label,
    formatNumber(m.lambda),
    formatNumber(m.gamma),
    formatNumber(m.xi),
    formatNumber(m.testAcc.value),
    formatNumber(m.robust.feature.value),
    formatNumber(m.robust.pgd.value),
    formatPercent(m.energy.v),
    m.diverged ? s.bad(`diverged at ${m.diverged.step}`) : `${m.steps}`,
  ];
  return textTable(
    [
      { label: '' },
      { label: 'Λ', align: 'right' },
      { label: 'Γ', align: 'right' },
      { label: 'Ξ', align: 'right' },
      { label: 'clean', align: 'right' },
      { label: 'feature', align: 'right' },
      { label: 'PGD', align: 'right' },
      { label: 'E in v', align: 'right' },
      { label: 'steps', align: 'right' },
    ],
    [
      ['init', formatNumber(run.init.lambda), formatNumber(run.init.gamma), formatNumber(run.init.xi), '', '', '', '', '0'],
      row('ST', st),
      row('AT', at),
    ],
    { header: s.bold },
  ).concat(s.dim('  test acc: clean, feature-direction, PGD; E in v: PGD energy in span{v}.'));
}

/** Assumptions and preconditions in one or a few lines: which hold, and the detail of each that does not. */
export function conditionSummaryLines(run: RunRecord, s: Style): string[] {
  const failing = run.assumptions.filter((a) => !a.holds);
  const ids = run.assumptions.map((a) => a.id);
  const range = ids.length > 0 ? `${ids[0]}–${ids[ids.length - 1]}` : 'none';
  const lines = [
    failing.length === 0
      ? `  Assumptions ${range}: ${s.good('all hold')}`
      : `  Assumptions ${range}: ${s.warn(`${failing.map((a) => a.id).join(', ')} do${failing.length === 1 ? 'es' : ''} not hold`)} (the paper's claims are not expected outside them)`,
    ...failing.map((a) => s.dim(`    ${a.id}: ${a.detail}`)),
  ];
  for (const p of run.preconditions) {
    lines.push(`  ${p.id} ${p.holds ? s.good('holds') : s.bad('fails')}: ${p.detail}`);
  }
  return lines;
}

/**
 * Beside the verdict table: each `report` claim's calibrated rate (or "not calibrated"), so a red
 * "fails" of a claim that is only reported reads as what it is; and, when AT stalled on this run,
 * the stall diagnostic.
 */
export function reportClaimNotes(run: RunRecord, rows: readonly AggregateRow[], backend: string, s: Style): string[] {
  const lines: string[] = [];
  for (const v of run.verdicts) {
    if ((run.expect[v.id] ?? 'report') !== 'report') continue;
    const row = rows.find((r) => r.scenario === run.scenario && r.id === v.id);
    lines.push(s.dim(`  ${v.id} is reported, not asserted (this seed: ${v.status}); ${formatCalibratedRate(row?.calibration, backend)}.`));
  }
  if (runStalled(run.preconditions)) {
    const r4 = run.preconditions.find((p) => p.id === 'R4')!;
    lines.push(
      s.warn(`  AT stalled on this seed (R4 failed): ${r4.detail}`) +
        s.dim(' AT-1 and AT-4 are judged as usual (a stall is a failure of AT-1); AT-2 and AT-3 are inconclusive.'),
    );
  }
  return lines;
}

/** The whole terminal section of one run; with `rows`, the notes of {@link reportClaimNotes}. */
export function runReportLines(run: RunRecord, manifest: Manifest, s: Style, rows?: readonly AggregateRow[]): string[] {
  const status = run.status === 'interrupted' ? s.warn('INTERRUPTED') : 'complete';
  const timing = manifest.timings?.find((t) => t.scenario === run.scenario && t.seed === run.seed);
  const wall = timing ? ` · ${formatDuration(timing.wallSeconds)}` : '';
  return [
    s.bold(`${run.scenario} · seed ${run.seed}`) + ` · ${backendLine(manifest)}${wall} · ${status}`,
    '',
    ...verdictLines(run, s),
    ...(rows ? reportClaimNotes(run, rows, manifest.backend, s) : []),
    '',
    ...keyNumberLines(run, s),
    '',
    ...conditionSummaryLines(run, s),
  ];
}
