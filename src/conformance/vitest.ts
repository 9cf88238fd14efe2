/**
 * The vitest face of the conformance checks: one `describe` block per trainer, one `test` per
 * check and per claim, each failing with the verdict's own line (conditions, values, margins).
 *
 *     import { describeTrainer } from 'provably/conformance/vitest';
 *     import { myTrainer } from './my-trainer.js';
 *     describeTrainer('my trainer', myTrainer);
 *
 * Imports vitest, so it is a separate entry point from the rest of the conformance API.
 */
import { describe, expect, test } from 'vitest';
import { initBackend } from '../backend/select.js';
import type { Verdict } from '../claims/types.js';
import { formatVerdict } from '../claims/verdict.js';
import { assertTrainer } from './checkTrainer.js';
import { claimVerdicts } from './checks/claims.js';
import { makeContext, type CheckContext } from './checks/context.js';
import { planChecks, type CheckTrainerOptions } from './plan.js';
import type { Trainer } from './types.js';

/** Options of {@link describeTrainer}. */
export interface DescribeTrainerOptions extends CheckTrainerOptions {
  /** Timeout of each claim test, which trains networks, in ms. @defaultValue 900000 */
  claimTimeout?: number;
  /** Timeout of each cheap test, in ms. @defaultValue 120000 */
  checkTimeout?: number;
}

/** The profile of this test run: the option, else PROVABLY_PROFILE=full, else "default". */
function profileOf(options: DescribeTrainerOptions): DescribeTrainerOptions['profile'] {
  return options.profile ?? (process.env.PROVABLY_PROFILE === 'full' ? 'full' : 'default');
}

/** Asserts that a verdict holds; the failure message is the verdict on one line. */
export function expectHolds(verdict: Verdict | undefined, id: string): void {
  expect(verdict, `no verdict ${id} was produced`).toBeDefined();
  expect(verdict!.status, formatVerdict(verdict!)).toBe('holds');
}

/**
 * Registers `describe(name)` with one test per selected check (`attack.budget`, …) and one per
 * claim (`claim.ST-1`, …). The trainer may be given as a factory (called once, lazily, e.g. to start
 * a subprocess). Cheap checks share the trainer's δ per case; the claims train once, on the first
 * claim test, and each claim test reads its own verdict.
 *
 * @throws TypeError at registration on an invalid option (before any test runs)
 */
export function describeTrainer(
  name: string,
  trainer: Trainer | (() => Trainer | Promise<Trainer>),
  options: DescribeTrainerOptions = {},
): void {
  const plan = planChecks({ ...options, profile: profileOf(options) });
  let context: Promise<{ trainer: Trainer; ctx: CheckContext }> | null = null;
  const session = () =>
    (context ??= (async () => {
      await initBackend();
      const t = typeof trainer === 'function' ? await trainer() : trainer;
      assertTrainer(t);
      return { trainer: t, ctx: makeContext(t, plan.cases, plan.tolerances) };
    })());
  let claims: Promise<Verdict[]> | null = null;

  describe(name, () => {
    for (const check of plan.cheap) {
      test(
        `${check.id}: ${check.title}`,
        async () => {
          const { ctx } = await session();
          for (const v of await check.run(ctx)) {
            options.onVerdict?.(v);
            expectHolds(v, check.id);
          }
        },
        options.checkTimeout ?? 120_000,
      );
    }
    for (const id of plan.claims) {
      test(
        `claim.${id} over ${plan.regimes.length} seeds (${plan.profile} profile)`,
        async () => {
          const { trainer: t } = await session();
          claims ??= claimVerdicts(t, plan.regimes, plan.claims, plan.expectation);
          const v = (await claims).find((x) => x.id === `claim.${id}`);
          if (v) options.onVerdict?.(v);
          expectHolds(v, `claim.${id}`);
        },
        options.claimTimeout ?? 900_000,
      );
    }
  });
}
