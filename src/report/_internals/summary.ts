/**
 * The one-line outcome at the top of a report. It mirrors the exit-code rule of docs/cli.md
 * (every expectation met / one not met / interrupted) so the report and the CI status agree.
 */
import { formatCalibratedRate } from '../../claims/expectations.js';
import { runStalled } from '../../claims/preconditions.js';
import type { ResultFile } from '../../result/resultFile.js';
import { metOnSeed } from './tables.js';

/** Outcome of a result file. */
export interface Outcome {
  kind: 'met' | 'not-met' | 'interrupted' | 'nothing-asserted';
  /** Expectations that were asserted and met / not met. */
  met: number;
  notMet: number;
  /** Claims only reported (expectation "report"). */
  reported: number;
  /** Runs marked interrupted. */
  interrupted: number;
  /** Human-readable line. */
  headline: string;
  /** Which rule counted: aggregate rows (several seeds) or single-seed verdicts. */
  basis: 'aggregate' | 'single-seed';
  /** "<scenario> <claim>" of every expectation not met. */
  failures: string[];
}

/**
 * Counts expectations: from the aggregate rows when there are any (the multi-seed rule of
 * docs/claims.md#statistical-rule), otherwise from each run's verdicts against its scenario's expectations.
 */
export function outcomeOf(rf: ResultFile): Outcome {
  let met = 0;
  let notMet = 0;
  let reported = 0;
  const failures: string[] = [];
  const basis = rf.aggregate.length > 0 ? 'aggregate' : 'single-seed';
  if (basis === 'aggregate') {
    for (const row of rf.aggregate) {
      if (row.met === null) reported++;
      else if (row.met) met++;
      else {
        notMet++;
        failures.push(`${row.scenario} ${row.id}`);
      }
    }
  } else {
    for (const run of rf.runs) {
      for (const v of run.verdicts) {
        const m = metOnSeed(run, v);
        if (m === null) reported++;
        else if (m) met++;
        else {
          notMet++;
          failures.push(`${run.scenario} seed ${run.seed} ${v.id}`);
        }
      }
    }
  }
  const interrupted = rf.runs.filter((r) => r.status === 'interrupted').length;
  let kind: Outcome['kind'];
  let headline: string;
  if (interrupted > 0) {
    kind = 'interrupted';
    headline = `Interrupted: ${interrupted} of ${rf.runs.length} run${rf.runs.length === 1 ? '' : 's'} stopped before the end; verdicts of those runs are not evidence.`;
  } else if (notMet > 0) {
    kind = 'not-met';
    headline = `${notMet} of ${met + notMet} expectation${met + notMet === 1 ? '' : 's'} not met.`;
  } else if (met > 0) {
    kind = 'met';
    headline = `All ${met} expectation${met === 1 ? '' : 's'} met.`;
  } else {
    kind = 'nothing-asserted';
    headline = 'No expectation asserted; every claim is reported only.';
  }
  if (reported > 0 && kind !== 'interrupted') {
    const rates = rf.aggregate
      .filter((r) => r.expect === 'report' && r.calibration !== undefined)
      .map((r) => `${r.id} ${formatCalibratedRate(r.calibration, rf.manifest.backend)}`);
    headline +=
      ` ${reported} claim${reported === 1 ? ' is' : 's are'} only reported, not asserted, whatever ${reported === 1 ? 'its' : 'their'} status` +
      (rates.length > 0 ? `: ${rates.join('; ')}.` : '.');
  }
  const stalled = rf.runs.filter((r) => runStalled(r.preconditions)).map((r) => r.seed);
  if (stalled.length > 0) {
    headline += ` Adversarial training stalled (R4 failed) on seed${stalled.length === 1 ? '' : 's'} ${stalled.join(', ')}: AT-1 and AT-4 are judged as usual there, AT-2 and AT-3 are inconclusive.`;
  }
  return { kind, met, notMet, reported, interrupted, headline, basis, failures };
}
