/**
 * The report's tables as data. report.md and report.html render the same {@link Table} values, so
 * a number can never appear in one report and not the other.
 */
import { formatCalibratedRate, formatInjectionTable } from '../../claims/expectations.js';
import type { AggregateRow, Condition, Verdict } from '../../claims/types.js';
import type { Manifest } from '../../experiment/types.js';
import type { Proportion } from '../../measure/types.js';
import type { AssumptionResult } from '../../regime/types.js';
import type { FinalRecord, ResultFile, RunRecord } from '../../result/resultFile.js';
import { formatCount, formatDuration, formatInterval, formatMargin, formatNumber, formatPercent, opSymbol } from '../../util/format.js';
import { holdsStyle, metStyle, STATUS_STYLE, type Tone } from '../styles.js';

/** One table cell. */
export interface Cell {
  text: string;
  /** Markdown puts it before the text; HTML shows the cell as a coloured pill instead. */
  symbol?: string;
  tone?: Tone;
  /** Monospace (commands, ids). */
  code?: boolean;
  strong?: boolean;
  /** Secondary text (HTML: smaller, grey; markdown: after the text). */
  note?: string;
}

/** One column. */
export interface Column {
  label: string;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

/** A table: columns and rows; `groupStart[i]` marks rows that open a new group (a new claim). */
export interface Table {
  columns: Column[];
  rows: Cell[][];
  groupStart?: boolean[];
}

const c = (text: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text, ...extra });
const empty: Cell = { text: '' };

/** "wasm 4.22.0 · float32": the label every number of a run carries. */
export function backendLabel(m: Manifest): string {
  return `${m.backend} ${m.backendVersion} · ${m.precision}`;
}

/** A verdict whose status was set by the run (interrupted, diverged, inconclusive), not by its conditions. */
function isGated(v: Verdict): boolean {
  return v.status !== 'holds' && v.status !== 'fails';
}

/** Margin colour: green/red when the margin decides the verdict, grey when the run gated it. */
function marginTone(holds: boolean, gated: boolean): Tone {
  if (gated) return 'muted';
  return holds ? 'good' : 'bad';
}

function conditionCells(cond: Condition | undefined, gated: boolean): Cell[] {
  if (cond === undefined) return [empty, empty, empty];
  return [
    c(formatNumber(cond.value)),
    c(`${opSymbol(cond.op)} ${formatNumber(cond.threshold)}`),
    c(formatMargin(cond.margin), { tone: marginTone(cond.holds, gated) }),
  ];
}

function statusCell(v: Verdict): Cell {
  const s = STATUS_STYLE[v.status];
  return c(s.label, { symbol: s.symbol, tone: s.tone, strong: true });
}

/** Whether a run's verdict meets its expectation on this seed (docs/claims.md#statistical-rule); null for "report". */
export function metOnSeed(run: RunRecord, v: Verdict): boolean | null {
  const expect = run.expect[v.id] ?? 'report';
  return expect === 'report' ? null : v.status === expect;
}

/**
 * The verdict table of a run: one row per condition, the claim's status, expectation and margin on
 * its first row. With threshold overrides, the overridden status, threshold and margin sit beside
 * the defaults, condition by condition.
 */
export function verdictTable(run: RunRecord): Table {
  const overridden = run.overriddenVerdicts;
  const columns: Column[] = [
    { label: 'Claim' },
    { label: 'Status' },
    { label: 'Expected' },
    { label: 'Claim margin', numeric: true },
    { label: 'Condition' },
    { label: 'Value', numeric: true },
    { label: 'Threshold', numeric: true },
    { label: 'Margin', numeric: true },
  ];
  if (overridden) {
    columns.push(
      { label: 'Status (overrides)' },
      { label: 'Threshold (overrides)', numeric: true },
      { label: 'Margin (overrides)', numeric: true },
    );
  }
  const rows: Cell[][] = [];
  const groupStart: boolean[] = [];
  for (const v of run.verdicts) {
    const o = overridden?.find((x) => x.id === v.id);
    const n = Math.max(1, v.conditions.length, o?.conditions.length ?? 0);
    const expect = run.expect[v.id] ?? 'report';
    const met = metOnSeed(run, v);
    const ms = metStyle(met);
    for (let i = 0; i < n; i++) {
      const cond = v.conditions[i];
      const first = i === 0;
      const row: Cell[] = [
        first ? c(v.id, { strong: true, code: true }) : empty,
        first ? statusCell(v) : empty,
        first ? c(expect, met === null ? { tone: 'muted' } : { symbol: ms.symbol, tone: ms.tone, note: ms.label }) : empty,
        first ? c(formatMargin(v.margin), { tone: marginTone(v.margin >= 0, isGated(v)) }) : empty,
        cond ? c(cond.name) : c(first && v.conditions.length === 0 ? '(no conditions)' : '', { tone: 'muted' }),
        ...conditionCells(cond, isGated(v)),
      ];
      if (overridden) {
        const oc = o?.conditions[i];
        row.push(
          first && o ? statusCell(o) : empty,
          oc
            ? c(`${opSymbol(oc.op)} ${formatNumber(oc.threshold)}`, { strong: cond !== undefined && oc.threshold !== cond.threshold })
            : empty,
          oc ? c(formatMargin(oc.margin), { tone: marginTone(oc.holds, o !== undefined && isGated(o)) }) : empty,
        );
      }
      rows.push(row);
      groupStart.push(first);
    }
  }
  return { columns, rows, groupStart };
}

function assumptionRow(a: AssumptionResult, label?: string): Cell[] {
  const h = holdsStyle(a.holds);
  return [
    c(a.id, { strong: true, code: true, note: label }),
    c(h.label, { symbol: h.symbol, tone: h.tone }),
    c(formatNumber(a.value)),
    c(formatNumber(a.threshold)),
    c(a.detail),
  ];
}

const ASSUMPTION_COLUMNS: Column[] = [
  { label: 'Id' },
  { label: 'Holds' },
  { label: 'Value', numeric: true },
  { label: 'Threshold', numeric: true },
  { label: 'Detail' },
];

/** A1–A8 of the regime (docs/model.md#assumptions). */
export function assumptionTable(run: RunRecord): Table {
  return { columns: ASSUMPTION_COLUMNS, rows: run.assumptions.map((a) => assumptionRow(a)) };
}

/** R1, R2 (and their overridden versions) and the injection heuristic I1. */
export function preconditionTable(run: RunRecord): Table {
  const rows = run.preconditions.map((a) => assumptionRow(a));
  for (const a of run.overriddenPreconditions ?? []) {
    // Only an overridden R1 threshold changes anything; identical rows would be noise.
    const spec = run.preconditions.find((p) => p.id === a.id);
    const same = spec !== undefined && spec.holds === a.holds && Object.is(spec.value, a.value) && Object.is(spec.threshold, a.threshold);
    if (!same) rows.push(assumptionRow(a, 'with overrides'));
  }
  if (run.injection) {
    // I1 "holds" means injection is predicted, i.e. AT-4 is predicted to fail: not good or bad.
    const i1 = run.injection;
    rows.push([
      c(i1.id, { strong: true, code: true, note: 'heuristic' }),
      c(i1.holds ? 'holds' : 'fails', { tone: 'info', note: i1.holds ? 'predicts AT-4 fails' : 'predicts AT-4 may hold' }),
      c(formatNumber(i1.value)),
      c(formatNumber(i1.threshold)),
      c(i1.detail),
    ]);
  }
  return { columns: ASSUMPTION_COLUMNS, rows };
}

function proportionCells(label: string, st: Proportion, at: Proportion, note?: string): Cell[] {
  const cell = (p: Proportion): Cell => c(formatInterval(p), { note: formatCount(p) });
  return [c(label, { note }), c('—', { tone: 'muted' }), cell(st), cell(at)];
}

/** Key final numbers, ST beside AT, with the initialisation where it exists. */
export function keyNumbersTable(run: RunRecord): Table {
  const { st, at } = run.measurements;
  const { init } = run;
  const num = (label: string, f: (m: FinalRecord) => number, initial?: number, note?: string): Cell[] => [
    c(label, { note }),
    initial === undefined ? c('—', { tone: 'muted' }) : c(formatNumber(initial)),
    c(formatNumber(f(st))),
    c(formatNumber(f(at))),
  ];
  const share = (label: string, f: (m: FinalRecord) => number): Cell[] => [
    c(label),
    c('—', { tone: 'muted' }),
    c(formatPercent(f(st))),
    c(formatPercent(f(at))),
  ];
  const rows: Cell[][] = [
    num('Λ', (m) => m.lambda, init.lambda, 'robust feature, mean_j max_r ⟨w, u_j⟩'),
    num('Γ', (m) => m.gamma, init.gamma, 'non-robust feature, mean_j max_r ⟨w, v_j⟩'),
    num('Λ (mean over r)', (m) => m.lambdaMean, init.lambdaMean),
    num('Γ (mean over r)', (m) => m.gammaMean, init.gammaMean),
    num('Ξ', (m) => m.xi, init.xi, 'noise memorisation'),
    num('Clean train loss', (m) => m.loss),
    num('Clean test loss', (m) => m.cleanTestLoss),
    num('PGD test loss', (m) => m.pgdTestLoss),
    proportionCells('Clean train accuracy', st.trainAcc, at.trainAcc),
    proportionCells('Clean test accuracy', st.testAcc, at.testAcc),
    proportionCells('Feature-direction robust accuracy', st.robust.feature, at.robust.feature, 'worst of the forms'),
    proportionCells('· untargeted −c·v_y', st.robust.featureUntargeted, at.robust.featureUntargeted),
    proportionCells('· targeted c·(v_j − v_y)/√2', st.robust.featureTargeted, at.robust.featureTargeted),
    proportionCells('PGD robust accuracy', st.robust.pgd, at.robust.pgd),
    proportionCells('Worst-case robust accuracy', st.robust.worst, at.robust.worst, 'feature-direction and PGD'),
    share('PGD energy in span{v}', (m) => m.energy.v),
    share('PGD energy in span{u}', (m) => m.energy.u),
    share('PGD energy elsewhere', (m) => m.energy.rest),
    num('Steps completed', (m) => m.steps),
  ];
  const divergence = (m: FinalRecord): Cell =>
    m.diverged ? c(`step ${m.diverged.step}`, { tone: 'bad', note: m.diverged.reason }) : c('no', { tone: 'good' });
  rows.push([c('Diverged'), c('—', { tone: 'muted' }), divergence(st), divergence(at)]);
  return {
    columns: [{ label: 'Quantity' }, { label: 'Init', numeric: true }, { label: 'ST', numeric: true }, { label: 'AT', numeric: true }],
    rows,
  };
}

/** Whether the aggregate says more than the runs' own verdicts: some scenario × claim has several seeds. */
export function hasMultiSeedAggregate(rows: readonly AggregateRow[]): boolean {
  return rows.some((r) => r.total > 1);
}

/** Per scenario × claim over seeds (docs/claims.md#statistical-rule): Clopper–Pearson bound vs required bound. */
export function aggregateTable(rows: readonly AggregateRow[], backend = 'this backend'): Table {
  return {
    columns: [
      { label: 'Scenario' },
      { label: 'Claim' },
      { label: 'Expect' },
      { label: 'Matched', numeric: true },
      { label: 'Rate', numeric: true },
      { label: 'CP lower bound', numeric: true },
      { label: 'Required', numeric: true },
      { label: 'Met' },
      { label: 'Holds / fails / inconclusive / stalled', numeric: true },
      { label: 'I1 (AT-4) · calibrated rate (report claims)' },
    ],
    rows: rows.map((r) => {
      const m = metStyle(r.met);
      const enough = r.total >= r.minSeeds || r.total <= 1;
      return [
        c(r.scenario, { code: true }),
        c(r.id, { code: true, strong: true }),
        c(r.expect, r.expect === 'report' ? { tone: 'muted' } : {}),
        c(`${r.matched}/${r.total}`, enough ? {} : { note: `fewer than ${r.minSeeds} seeds`, tone: 'warn' }),
        c(r.total === 0 ? '—' : formatNumber(r.matched / r.total)),
        c(formatNumber(r.lowerBound)),
        // One seed is decided by the single-seed rule (status equals the expectation), not the bound.
        r.total === 1
          ? c('status = expect', { note: 'single seed', tone: 'muted' })
          : c(`≥ ${formatNumber(r.requiredBound)}`, { note: `${r.minSeeds} seeds` }),
        c(m.label, { symbol: m.symbol, tone: m.tone }),
        c(
          `${r.holds} / ${r.fails} / ${r.inconclusive} / ${r.stalled}`,
          r.diverged || r.interrupted ? { note: `${r.diverged} diverged, ${r.interrupted} interrupted` } : {},
        ),
        c(
          [
            r.i1 ? formatInjectionTable(r.i1) : '',
            r.expect === 'report' && r.calibration !== undefined ? formatCalibratedRate(r.calibration, backend) : '',
          ]
            .filter(Boolean)
            .join(' · ') || '—',
          { tone: 'muted' },
        ),
      ];
    }),
  };
}

/** The invocation header as label/value pairs. */
export function manifestPairs(rf: ResultFile): [string, string][] {
  const m = rf.manifest;
  const seeds = [...new Set(rf.runs.map((r) => r.seed))];
  const scenarios = [...new Set(rf.runs.map((r) => r.scenario))];
  const commit = rf.tool.commit === 'unknown' ? 'unknown' : rf.tool.commit.slice(0, 12);
  return [
    ['Scenario', scenarios.join(', ') || '—'],
    ['Seeds', seedList(seeds)],
    ['Backend', `${m.backend} ${m.backendVersion}`],
    ['Precision', m.precision],
    ['Threads', String(m.threads)],
    ['Node', m.node],
    ['CPU', m.cpu],
    ['Started', m.started],
    ['Wall time', formatDuration(m.wallSeconds)],
    ['Tool', `${rf.tool.name} ${rf.tool.version} (${commit})`],
  ];
}

/** "0–7" for consecutive seeds, else a comma list. */
export function seedList(seeds: readonly number[]): string {
  if (seeds.length === 0) return '—';
  const sorted = [...seeds].sort((a, b) => a - b);
  const consecutive = sorted.every((s, i) => i === 0 || s === sorted[i - 1]! + 1);
  if (consecutive && sorted.length > 2) return `${sorted[0]}–${sorted[sorted.length - 1]} (${sorted.length} seeds)`;
  return sorted.join(', ');
}

/** Several runs at a glance: one row per run, one column per claim, the status in each cell. */
export function verdictMatrixTable(rf: ResultFile): Table {
  const ids: string[] = [];
  for (const run of rf.runs) for (const v of run.verdicts) if (!ids.includes(v.id)) ids.push(v.id);
  return {
    columns: [{ label: 'Scenario' }, { label: 'Seed', numeric: true }, { label: 'Run' }, ...ids.map((id) => ({ label: id }))],
    rows: rf.runs.map((run) => [
      c(run.scenario, { code: true }),
      c(String(run.seed)),
      run.status === 'interrupted' ? c('interrupted', { symbol: '⏸️', tone: 'warn' }) : c('complete', { tone: 'muted' }),
      ...ids.map((id) => {
        const v = run.verdicts.find((x) => x.id === id);
        if (v === undefined) return c('—', { tone: 'muted' });
        const s = STATUS_STYLE[v.status];
        return c(s.label, { symbol: s.symbol, tone: s.tone });
      }),
    ]),
  };
}
