/**
 * The aggregate over seeds on the terminal (docs/claims.md#statistical-rule): per scenario and claim, matched/total,
 * the Clopper–Pearson lower bound against the profile's required bound, and whether the
 * expectation is met. The profile's constants are printed with it, always.
 */
import { describeAggregate, formatCalibratedRate, formatInjectionTable, type ExpectationProfile } from '../../claims/expectations.js';
import type { AggregateRow } from '../../claims/types.js';
import { formatNumber } from '../../claims/verdict.js';
import type { RunRecord } from '../../report/resultFile.js';
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
        { label: 'Scenario' }, { label: 'Claim' }, { label: 'Expect' }, { label: 'Matched', align: 'right' },
        { label: 'H/F/I/S', align: 'right' }, { label: 'Lower bound', align: 'right' }, { label: 'Required' }, { label: 'Met' },
      ],
      body,
      { header: s.bold },
    ),
  ];
  lines.push(s.dim('  H/F/I/S: seeds that hold / fail / are inconclusive (diverged, interrupted included) / stalled (R1–R3 held, R4 failed; also in H, F or I).'));
  for (const r of rows) if (r.met === false) lines.push(s.dim(`  ${describeAggregate(r)}`));
  for (const r of rows) if (r.i1) lines.push(s.dim(`  ${r.scenario} AT-4: ${formatInjectionTable(r.i1)}.`));
  for (const r of rows) if (r.expect === 'report' && r.calibration !== undefined) lines.push(s.dim(`  ${r.scenario} ${r.id} (report): ${formatCalibratedRate(r.calibration, backend)}.`));
  return lines;
}

/** Several runs at a glance: one row per run, the status of each claim and the key Λ, Γ. */
export function runMatrixLines(runs: readonly RunRecord[], s: Style): string[] {
  const ids: string[] = [];
  for (const run of runs) for (const v of run.verdicts) if (!ids.includes(v.id)) ids.push(v.id);
  const body = runs.map((run) => [
    run.scenario,
    String(run.seed),
    run.status === 'interrupted' ? s.warn('interrupted') : 'complete',
    ...ids.map((id) => {
      const v = run.verdicts.find((x) => x.id === id);
      return v ? styleStatus(v.status, s) : '—';
    }),
    formatNumber(run.measurements.st.lambda),
    formatNumber(run.measurements.st.gamma),
    formatNumber(run.measurements.at.lambda),
    formatNumber(run.measurements.at.gamma),
    formatNumber(run.measurements.at.robust.feature.value),
  ]);
  return textTable(
    [
      { label: 'Scenario' }, { label: 'Seed', align: 'right' }, { label: 'Run' }, ...ids.map((id) => ({ label: id })),
      { label: 'Λ_ST', align: 'right' }, { label: 'Γ_ST', align: 'right' }, { label: 'Λ_AT', align: 'right' },
      { label: 'Γ_AT', align: 'right' }, { label: 'feat acc AT', align: 'right' },
    ],
    body,
    { header: s.bold },
  );
}
