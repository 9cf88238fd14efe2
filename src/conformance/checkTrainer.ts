import { initBackend } from '../backend/select.js';
import type { Verdict } from '../claims/types.js';
import { claimVerdicts } from './checks/claims.js';
import { makeContext } from './checks/context.js';
import type { ProfileName } from '../claims/expectations.js';
import { planChecks, type CheckTrainerOptions } from './plan.js';
import type { Trainer } from './types.js';

/** What {@link checkTrainer} returns. */
export interface ConformanceResult {
  trainer: string;
  profile: ProfileName;
  /** Every verdict holds. */
  passed: boolean;
  /** In report order: invariants and reference comparisons, then claims. */
  verdicts: Verdict[];
  /** Ids of the verdicts that do not hold. */
  failed: string[];
  /** Generated cases the cheap checks ran on. */
  cases: number;
  /** Seeds the claim checks trained (empty when they did not run). */
  claimSeeds: number[];
  seconds: number;
}

/** @throws TypeError when `trainer` lacks a method */
export function assertTrainer(trainer: unknown): asserts trainer is Trainer {
  const t = trainer as Partial<Trainer> | null | undefined;
  if (typeof t?.attack !== 'function' || typeof t?.update !== 'function') {
    throw new TypeError(
      'checkTrainer: trainer must have methods attack(input) and update(input) and a name (see the Trainer interface in src/conformance/types.ts)',
    );
  }
}

/**
 * Checks a user's {@link Trainer} against the paper's model: the attack's invariants (budget for
 * every norm, start, eps = 0, loss and accuracy, determinism, labels, inputs untouched), one step of
 * its attack and one update against our reference, its strength against our PGD, and the claims
 * ST-1 … AT-3 on networks it trained over several seeds. Returns verdicts in the shape `verify`
 * reports (docs/cli.md#report-folder); a trainer's failure is a verdict, never an exception.
 *
 * @throws TypeError on an invalid option (naming it and the fix), before any check runs
 */
export async function checkTrainer(trainer: Trainer, options: CheckTrainerOptions = {}): Promise<ConformanceResult> {
  const t0 = performance.now();
  assertTrainer(trainer);
  const plan = planChecks(options);
  await initBackend();
  const verdicts: Verdict[] = [];
  const emit = (vs: Verdict[]) => {
    for (const v of vs) {
      verdicts.push(v);
      options.onVerdict?.(v);
    }
  };
  const ctx = makeContext(trainer, plan.cases, plan.tolerances);
  for (const check of plan.cheap) emit(await check.run(ctx));
  if (plan.claims.length > 0) emit(await claimVerdicts(trainer, plan.regimes, plan.claims, plan.expectation));
  const failed = verdicts.filter((v) => v.status !== 'holds').map((v) => v.id);
  return {
    trainer: trainer.name,
    profile: plan.profile,
    passed: failed.length === 0,
    verdicts,
    failed,
    cases: plan.cases.length,
    claimSeeds: plan.regimes.map((r) => r.seed),
    seconds: (performance.now() - t0) / 1000,
  };
}
