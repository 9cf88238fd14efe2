import { DEFAULT_PROFILE, FULL_PROFILE, type ExpectationProfile, type ProfileName } from '../claims/expectations.js';
import type { Verdict } from '../claims/types.js';
import type { GivenValue } from '../regime/defaults.js';
import type { Regime, SeededRegime } from '../regime/types.js';
import { generateCases, type AttackCase } from './cases.js';
import { CHECKED_CLAIMS, type CheckedClaim } from './checks/claims.js';
import type { CheckKind, TrainerCheck } from './checks/context.js';
import { CHEAP_CHECKS } from './checks/index.js';
import { claimRegimes } from './claimRegime.js';
import { resolveTolerances, type Tolerances } from './tolerances.js';

/**
 * The profile of a conformance run: `default` runs seconds of cheap checks and 8 claim seeds;
 * `full` 3× the cases and 30 claim seeds.
 * @deprecated The same as {@link ProfileName} (the one meaning of "profile"); use that.
 */
export type ConformanceProfile = ProfileName;

/** Options of `checkTrainer` and `describeTrainer`. Every field is optional. */
export interface CheckTrainerOptions {
  /**
   * `default`: seconds of cheap checks and 8 claim seeds; `full`: 3× the cases and 30 claim seeds.
   * @defaultValue "default" (`describeTrainer`: "full" when PROVABLY_PROFILE=full)
   */
  profile?: ProfileName;
  /**
   * Run only these: check ids (`"attack.budget"`, `"claim.AT-1"`, see {@link checkIds}) or kinds
   * (`"invariant"`, `"reference"`, `"claims"`). @defaultValue every check
   */
  only?: readonly string[];
  /** Seed of the generated cases. @defaultValue 0 */
  seed?: number;
  /** Cases per norm × schedule. @defaultValue 1 (profile default), 3 (full) */
  repeats?: number;
  /** Seeds the claim checks train. @defaultValue the profile's minimum: 8 (default), 30 (full) */
  claimSeeds?: number;
  /** Changes to the claim regime (scenario keys, numbers or expressions), validated like a scenario. */
  claimRegime?: Readonly<Partial<Record<keyof Regime, GivenValue>>>;
  /** Tolerance changes; see {@link Tolerances} for each default and why. */
  tolerances?: Partial<Tolerances>;
  /** Called with each verdict as soon as it is decided. */
  onVerdict?: (verdict: Verdict) => void;
}

/** The resolved options: what will run, on what. */
export interface CheckPlan {
  profile: ProfileName;
  tolerances: Readonly<Tolerances>;
  cases: AttackCase[];
  /** Selected cheap checks, in report order. */
  cheap: TrainerCheck[];
  /** Selected claims. */
  claims: CheckedClaim[];
  /** Regimes (one per seed) the claim checks train in; empty when no claim is selected. */
  regimes: SeededRegime[];
  /** The docs/claims.md#statistical-rule rule the claims are judged by. */
  expectation: ExpectationProfile;
}

const KINDS: readonly CheckKind[] = ['invariant', 'reference', 'claims'];

/** Every check id, in report order. */
export function checkIds(): string[] {
  return [...CHEAP_CHECKS.map((c) => c.id), ...CHECKED_CLAIMS.map((id) => `claim.${id}`)];
}

function selection(only: readonly string[] | undefined): (id: string, kind: CheckKind) => boolean {
  if (only === undefined) return () => true;
  const ids = checkIds();
  for (const s of only) {
    if (!ids.includes(s) && !KINDS.includes(s as CheckKind)) {
      throw new TypeError(
        `checkTrainer: options.only contains "${s}", which is neither a check id nor a kind. Use any of ${[...KINDS, ...ids].join(', ')}.`,
      );
    }
  }
  return (id, kind) => only.includes(id) || only.includes(kind);
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= 1)) throw new TypeError(`checkTrainer: options.${name} = ${String(value)} must be an integer ≥ 1`);
  return v;
}

/**
 * Validates the options and resolves them into a plan. Every invalid option is an error naming it
 * and the fix, raised here, before anything trains.
 *
 * @throws TypeError on an invalid option; ScenarioError when `claimRegime` makes the regime invalid
 */
export function planChecks(options: CheckTrainerOptions = {}): CheckPlan {
  const profile = options.profile ?? 'default';
  if (profile !== 'default' && profile !== 'full')
    throw new TypeError(`checkTrainer: options.profile = ${JSON.stringify(profile)} must be "default" or "full"`);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new TypeError(`checkTrainer: options.seed = ${String(seed)} must be a safe integer`);
  const selected = selection(options.only);
  const expectation = profile === 'full' ? FULL_PROFILE : DEFAULT_PROFILE;
  const repeats = positiveInt('repeats', options.repeats, profile === 'full' ? 3 : 1);
  const seedCount = positiveInt('claimSeeds', options.claimSeeds, expectation.minSeeds);
  const claims = CHECKED_CLAIMS.filter((id) => selected(`claim.${id}`, 'claims'));
  return {
    profile,
    tolerances: resolveTolerances(options.tolerances),
    cases: generateCases({ seed, repeats }),
    cheap: CHEAP_CHECKS.filter((c) => selected(c.id, c.kind)),
    claims,
    regimes: claims.length > 0 ? claimRegimes(seedCount, options.claimRegime) : [],
    expectation,
  };
}
