import { describeAggregate, type ExpectationProfile } from '../../claims/expectations.js';
import type { Verdict } from '../../claims/types.js';
import { condition, verdictFromConditions } from '../../claims/verdict.js';
import { runPlan } from '../../pipeline/run.js';
import type { ClaimId } from '../../regime/schema.js';
import type { Expectation, SeededRegime } from '../../regime/types.js';
import { aggregateRuns } from '../../result/aggregate.js';
import type { RunRecordInput } from '../../result/resultFile.js';
import { TrainerCallError } from '../_internals/calls.js';
import { runWithTrainer } from '../trainWithTrainer.js';
import type { Trainer } from '../types.js';

/** The claims checked on a trainer: AT-4 is structurally out of reach inside A1–A8 (docs/claims.md). */
export const CHECKED_CLAIMS = Object.freeze(['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3'] as const satisfies readonly ClaimId[]);
export type CheckedClaim = (typeof CHECKED_CLAIMS)[number];

const statusLetter: Record<Verdict['status'], string> = { holds: 'H', fails: 'F', inconclusive: 'I', diverged: 'D', interrupted: 'X' };

/**
 * The paper's claims on networks the trainer trained (ST and AT through its own `attack` and
 * `update`, measured by us), run, judged and aggregated by the pipeline as `verify` does for a
 * scenario that expects "holds": per claim,
 * the docs/claims.md#statistical-rule rule over the seeds (at least the profile's seed count, one-sided 95 %
 * Clopper–Pearson lower bound of the hold rate ≥ the profile's bound). Returns one verdict per claim,
 * id `claim.<ID>`, whose conditions are those two numbers; the detail spells out the rule and the
 * status of every seed.
 */
export async function claimVerdicts(
  trainer: Trainer,
  regimes: readonly SeededRegime[],
  claims: readonly CheckedClaim[],
  profile: ExpectationProfile,
): Promise<Verdict[]> {
  const scenario = `conformance k=${regimes[0].k} d=${regimes[0].d} P=${regimes[0].P}`;
  const expect: Record<string, Expectation> = Object.fromEntries(claims.map((id) => [id, 'holds']));
  let training: SeededRegime | undefined;
  let records: RunRecordInput[];
  try {
    const planned = regimes.map((regime) => ({ scenario: { name: scenario, expect }, regime }));
    const done = await runPlan(planned, { inProcess: (regime) => runWithTrainer(trainer, (training = regime)) });
    records = done.filter((r): r is RunRecordInput => r !== null);
  } catch (e) {
    if (!(e instanceof TrainerCallError)) throw e;
    return claims.map((id) =>
      verdictFromConditions(
        `claim.${id}`,
        [condition('trainer calls that returned a valid answer', 0, '>=', 1)],
        `Training seed ${training!.seed} stopped: ${e.message}`,
      ),
    );
  }
  const rows = aggregateRuns(
    records.map((r) => ({ scenario, expect, verdicts: r.verdicts, preconditions: r.preconditions, injection: r.injection })),
    profile,
  );
  const seeds = `${regimes[0].seed}–${regimes[regimes.length - 1].seed}`;
  return claims.map((id) => {
    const row = rows.find((r) => r.id === id)!;
    const vs = records.flatMap((r) => r.verdicts.filter((v) => v.id === id));
    return verdictFromConditions(
      `claim.${id}`,
      [
        condition('seeds run', row.total, '>=', row.minSeeds),
        condition('95 % lower bound of the rate of seeds where it holds', row.lowerBound, '>=', row.requiredBound),
      ],
      `${describeAggregate(row)} Seeds ${seeds}: ${vs.map((v) => statusLetter[v.status]).join('')} (H holds, F fails, I inconclusive, D diverged).`,
    );
  });
}
