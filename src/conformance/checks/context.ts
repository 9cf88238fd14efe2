import type { Verdict } from '../../claims/types.js';
import { condition, verdictFromConditions } from '../../claims/verdict.js';
import type { AttackCase } from '../cases.js';
import { callAttack, TrainerCallError } from '../_internals/calls.js';
import type { Tolerances } from '../tolerances.js';
import type { AttackInput, Trainer, UpdateInput } from '../types.js';

/** What a check runs against: the trainer, the generated cases and the tolerances. */
export interface CheckContext {
  trainer: Trainer;
  cases: readonly AttackCase[];
  tolerances: Readonly<Tolerances>;
  /**
   * The trainer's δ for a case, computed once and shared by the checks that only look at it
   * (budget, loss, accuracy, strength). Checks that exercise call order call the trainer themselves.
   */
  attackOf(c: AttackCase): Promise<Float32Array>;
  /** The trainer's δ for a case after `steps` ascent steps (same seed), computed once per case and count. */
  iterateOf(c: AttackCase, steps: number): Promise<Float32Array>;
}

/** The groups of checks: cheap ones on generated cases, and the paper's claims on trained networks. */
export type CheckKind = 'invariant' | 'reference' | 'claims';

/** One conformance check. A check returns verdicts in the shape of docs/cli.md#report-folder, never throws on a trainer's bug. */
export interface TrainerCheck {
  /** Verdict id, e.g. "attack.budget". */
  readonly id: string;
  /** What it guarantees, in one line. */
  readonly title: string;
  readonly kind: CheckKind;
  run(ctx: CheckContext): Promise<Verdict[]>;
}

/** A fresh attack input of a case (copies: a trainer may write into what it is given), with budget changes. */
export function attackInput(c: AttackCase, budget: Partial<AttackInput['budget']> = {}): AttackInput {
  return { W: c.W.slice(), X: c.X.slice(), y: c.y.slice(), budget: { ...c.budget, ...budget }, seed: c.seed, shape: { ...c.shape } };
}

/** A fresh update input of a case (copies), at X + δ or, with δ null, at X. */
export function updateInput(c: AttackCase, delta: Float32Array | null): UpdateInput {
  return {
    W: c.W.slice(),
    X: c.X.slice(),
    y: c.y.slice(),
    delta: delta === null ? null : delta.slice(),
    eta: c.eta,
    shape: { ...c.shape },
  };
}

/** A {@link CheckContext} whose `attackOf` memoises one call per case. */
export function makeContext(trainer: Trainer, cases: readonly AttackCase[], tolerances: Readonly<Tolerances>): CheckContext {
  const memo = new Map<AttackCase, Map<number, Promise<Float32Array>>>();
  const iterateOf = (c: AttackCase, steps: number) => {
    let perCase = memo.get(c);
    if (perCase === undefined) memo.set(c, (perCase = new Map()));
    let p = perCase.get(steps);
    if (p === undefined) {
      p = callAttack(trainer, attackInput(c, { steps }));
      perCase.set(steps, p);
    }
    return p;
  };
  return { trainer, cases, tolerances, attackOf: (c) => iterateOf(c, c.budget.steps), iterateOf };
}

/**
 * Runs a check body; a {@link TrainerCallError} (the trainer threw, or returned the wrong layout)
 * becomes a failing verdict of this check that carries the message. Other errors are ours and
 * propagate.
 */
export async function guarded(id: string, body: () => Promise<Verdict>): Promise<Verdict[]> {
  try {
    return [await body()];
  } catch (e) {
    if (!(e instanceof TrainerCallError)) throw e;
    return [verdictFromConditions(id, [condition('trainer calls that returned a valid answer', 0, '>=', 1)], e.message)];
  }
}
