/**
 * The real experiment runner of a search: trains ST and AT on a regime with `runExperiment` and
 * judges the searched claim (docs/claims.md) through the pipeline's run loop (src/pipeline/run.ts). Anything an experiment
 * throws (TensorFlow.js' WASM module throws with its whole minified source) becomes status `error`
 * with the first line of the message, so one broken regime never ends a search.
 */
import type { BackendPreference } from '../backend/select.js';
import { findClaim } from '../claims/registry.js';
import type { RunResult } from '../experiment/types.js';
import { runExperiment } from '../experiment/runExperiment.js';
import { runStalled } from '../claims/preconditions.js';
import { formatNumber } from '../util/format.js';
import { runPlan } from '../pipeline/run.js';
import type { ExperimentRunner } from './types.js';

/** Options of {@link experimentRunner}. */
export interface ExperimentRunnerOptions {
  /** @defaultValue "auto" */
  backend?: BackendPreference;
}

/** First line of an error, at most 300 characters. */
function errorLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return (text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error').trim().slice(0, 300);
}

/**
 * A runner for claim `claimId`: status and margin of its verdict, R1's shortfall when the verdict is
 * inconclusive, and the full {@link RunResult} for the report.
 *
 * @throws TypeError at construction when `claimId` is not a registered claim
 */
export function experimentRunner(claimId: string, options: ExperimentRunnerOptions = {}): ExperimentRunner<RunResult> {
  const claim = findClaim(claimId);
  if (!claim)
    throw new TypeError(`experimentRunner: claim ${JSON.stringify(claimId)} is not registered (see CLAIMS in src/claims/registry.ts)`);
  return async (regime, { signal }) => {
    try {
      const [record] = await runPlan([{ scenario: { name: `search-${claim.id}` }, regime }], {
        inProcess: (r) => runExperiment(r, { signal, backend: options.backend }),
        judge: { claims: [claim] },
      });
      const { result, ...evaluation } = record!;
      const pre = (id: string) => evaluation.preconditions.find((p) => p.id === id)?.holds === true;
      const g = formatNumber;
      const diagnostics =
        `Λ ${g(result.init.lambda)} → ST ${g(result.st.lambda)}, AT ${g(result.at.lambda)}; Γ ${g(result.init.gamma)} → ST ${g(result.st.gamma)}, AT ${g(result.at.gamma)}; ` +
        `test acc ST ${g(result.st.testAcc.value)}, AT ${g(result.at.testAcc.value)}; ` +
        `R3 (ST learned features) ${pre('R3') ? 'held' : 'FAILED'}, R4 (AT moved) ${pre('R4') ? 'held' : 'FAILED'}` +
        (runStalled(evaluation.preconditions) ? ' — AT stalled' : '');
      const verdict = evaluation.verdicts[0]!;
      const r1 = evaluation.preconditions.find((p) => p.id === 'R1');
      return {
        status: verdict.status,
        margin: verdict.margin,
        shortfall: r1 && !r1.holds ? r1.threshold - r1.value : undefined,
        detail: verdict.detail,
        diagnostics,
        result,
      };
    } catch (e) {
      return { status: 'error', margin: NaN, detail: errorLine(e) };
    }
  };
}
