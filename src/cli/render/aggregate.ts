/**
 * The aggregate over seeds on the terminal (docs/claims.md#statistical-rule): per scenario and claim, matched/total,
 * the Clopper–Pearson lower bound against the profile's required bound, and whether the
 * expectation is met. The profile's constants are printed with it, always.
 */
import { describeAggregate, formatCalibratedRate, formatInjectionTable, type ExpectationProfile } from '../../claims/expectations.js';
import type { AggregateRow } from '../../claims/types.js';
import { formatNumber } from '../../util/format.js';
import type { RunRecord } from '../../result/resultFile.js';
import { styleMet, styleStatus, type Style } from './style.js';
import { textTable } from './textTable.js';

/** The rule of a profile in words, with its constants. */
export function profileRule(profile: ExpectationProfile): string {
  return (
    `profile ${profile.name}: over several seeds an expectation is met when ≥ ${profile.minSeeds} seeds ran and the one-sided ` +
    `${profile.confidence * 100} % Clopper–Pearson lower bound of the matching rate is ≥ ${profile.requiredBound}; on one seed, when the status equals it`
  );
}

/** The aggregate table, headed by the profile's rule. */
export function aggregateLines(rows: readonly AggregateRow[], profile: ExpectationProfile, s: Style, backend = 'this backend'): string[] {
  const body = rows.map((r) => [
    r.scenario,
    s.bold(r.id),
    r.expect,
    `${r.matched}/${r.total}`,
    `${r.holds}/${r.fails}/${r.inconclusive}/${r.stalled}`,
    formatNumber(r.lowerBound),
    r.expect === 'report' ? '—' : r.total === 1 ? 'status = expect' : `≥ ${formatNumber(r.requiredBound)} with ≥ ${r.minSeeds} seeds`,
    styleMet(r.met, s),
  ]);
  const lines = [
    s.bold('Expectations over seeds') + s.dim(` (${profileRule(profile)})`),
    ...textTable(
      [
        { label: 'Scenario' },
        { label: 'Claim' },
        { label: 'Expect' },
        { label: 'Matched', align: 'right' },
        { label: 'H/F/I/S', align: 'right' },
        { label: 'Lower bound', align: 'right' },
        { label: 'Required' },
        { label: 'Met' },
      ],
      body,
      { header: s.bold },
    ),
  ];
  lines.push(
    s.dim(
      '  H/F/I/S: seeds that hold / fail / are inconclusive (diverged, interrupted included) / stalled (R1–R3 held, R4 failed; also in H, F or I).',
    ),
  );
  for (const r of rows) if (r.met === false) lines.push(s.dim(`  ${describeAggregate(r)}`));
  for (const r of rows) if (r.i1) lines.push(s.dim(`  ${r.scenario} AT-4: ${formatInjectionTable(r.i1)}.`));
  for (const r of rows)
    if (r.expect === 'report' && r.calibration !== undefined)
      lines.push(s.dim(`  ${r.scenario} ${r.id} (report): ${formatCalibratedRate(r.calibration, backend)}.`));
  return lines;
}

/** A verdict status in at most 5 columns, for the per-seed grid (the legend spells them out). */
const SHORT_STATUS: Record<string, string> = {
  holds: 'holds',
  fails: 'fails',
  inconclusive: 'inc.',
  diverged: 'div.',
  interrupted: 'int.',
};

/**
 * Several runs at a glance, in two tables that each fit 80 columns: the status of every claim per
 * seed, then the key Λ, Γ and the feature-direction robust accuracy per seed. The scenario column
 * is shown only when the runs span several scenarios. The report files keep everything.
 */
export function runMatrixLines(runs: readonly RunRecord[], s: Style): string[] {
  const ids: string[] = [];
  for (const run of runs) for (const v of run.verdicts) if (!ids.includes(v.id)) ids.push(v.id);
  const several = new Set(runs.map((r) => r.scenario)).size > 1;
  const lead = (run: RunRecord) => [...(several ? [run.scenario] : []), `${run.seed}${run.status === 'interrupted' ? '*' : ''}`];
  const leadColumns = [...(several ? [{ label: 'Scenario' }] : []), { label: 'Seed', align: 'right' as const }];
  const statuses = textTable(
    [...leadColumns, ...ids.map((id) => ({ label: id }))],
    runs.map((run) => [
      ...lead(run),
      ...ids.map((id) => {
        const v = run.verdicts.find((x) => x.id === id);
        if (!v) return '—';
        const short = SHORT_STATUS[v.status] ?? v.status;
        return styleStatus(v.status, s).replace(v.status, short);
      }),
    ]),
    { header: s.bold },
  );
  const numbers = textTable(
    [
      ...leadColumns,
      { label: 'Λ_ST', align: 'right' },
      { label: 'Γ_ST', align: 'right' },
      { label: 'Λ_AT', align: 'right' },
      { label: 'Γ_AT', align: 'right' },
      { label: 'feat acc AT', align: 'right' },
    ],
    runs.map((run) => [
      ...lead(run),
      formatNumber(run.measurements.st.lambda),
      formatNumber(run.measurements.st.gamma),
      formatNumber(run.measurements.at.lambda),
      formatNumber(run.measurements.at.gamma),
      formatNumber(run.measurements.at.robust.feature.value),
    ]),
    { header: s.bold },
  );
  const legend = s.dim('  inc. inconclusive · div. diverged · int. interrupted · seed* interrupted');
  return [...statuses, legend, '', ...numbers];
}
