/**
 * Parsers of option values, for commander's `.option(flags, description, parser)`. Each throws a
 * {@link badArgument}: commander's `InvalidArgumentError` with the rule and the fix in the one
 * issue format; the program prints it on one line after commander's "option '--seed <S>' argument
 * 'x' is invalid", so the line names the flag, the value, the rule and the fix.
 */
import { InvalidArgumentError } from 'commander';
import { ruleAndFix } from '../util/issue.js';
import { profileByName, type ExpectationProfile } from '../claims/expectations.js';
import { MAX_SEED } from '../regime/schema.js';

/** A bad option argument: commander names the flag and the value, this says the rule and the fix. */
export function badArgument(rule: string, fix: string): InvalidArgumentError {
  return new InvalidArgumentError(ruleAndFix(rule, fix));
}

/** Most seeds one `verify` runs: far above any profile (30), below anything absurd. */
export const MAX_SEEDS = 10_000;

/** A whole number in `[min, max]` written in decimal (no `1e3`, no `0x10`, no `1.0`). */
function wholeNumber(value: string, min: number, max: number, rule: string, example: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw badArgument(rule, `pass e.g. ${example}`);
  }
  return n;
}

/** `--seed S`: an integer from 0 to 2³²−1 (the random streams are seeded with 32-bit integers). */
export function parseSeed(value: string): number {
  return wholeNumber(value, 0, MAX_SEED, `an integer from 0 to ${MAX_SEED}`, '--seed 0');
}

/** `--seeds N`: how many consecutive seeds, 1 to {@link MAX_SEEDS}. */
export function parseSeedCount(value: string): number {
  return wholeNumber(value, 1, MAX_SEEDS, `an integer from 1 to ${MAX_SEEDS}`, '--seeds 8 (the default profile needs ≥ 8 seeds)');
}

/** `--run I`: a 0-based run index. */
export function parseRunIndex(value: string): number {
  return wholeNumber(value, 0, Number.MAX_SAFE_INTEGER, 'a 0-based run index, an integer ≥ 0', '--run 0');
}

/**
 * `--backend B`: kept as written here and checked when the backend starts (`_internals/backend.ts`),
 * so that parsing flags never loads TensorFlow.js. An empty value is refused at once.
 */
export function parseBackend(value: string): string {
  if (value.trim() === '') throw badArgument('one of auto, fastest, node, wasm, cpu', 'pass one of those, e.g. --backend wasm');
  return value.trim();
}

/** `--profile default|full`: the expectation rule of docs/claims.md#statistical-rule. */
export function parseProfile(value: string): ExpectationProfile {
  try {
    return profileByName(value);
  } catch {
    throw badArgument('"default" (≥ 8 seeds, bound ≥ 0.5) or "full" (≥ 30 seeds, bound ≥ 0.8)', 'pass --profile default or --profile full');
  }
}

/** A non-empty path. */
export function parsePath(value: string): string {
  if (value.trim() === '') throw badArgument('a non-empty path', 'name a folder, e.g. --out reports/mine');
  return value;
}

/** Most worker processes `--jobs` accepts. */
export const MAX_JOBS = 256;

/** `--jobs J`: worker processes, 1 to {@link MAX_JOBS}. */
export function parseJobs(value: string): number {
  return wholeNumber(value, 1, MAX_JOBS, `an integer from 1 to ${MAX_JOBS}`, '--jobs 2 (default: the number of cores)');
}

/** `--threads T`: threads per run, 1 to 64 (WASM accepts at most 8 when it starts). */
export function parseThreads(value: string): number {
  return wholeNumber(value, 1, 64, 'an integer from 1 to 64', '--threads 1 (default: the cores divided by --jobs)');
}

/** `--shard I/N`: kept as written and checked with the scheduler's variables (src/parallel/shard.ts). */
export function parseShardFlag(value: string): string {
  if (!/^\s*\d+\s*\/\s*\d+\s*$/.test(value)) throw badArgument('I/N with whole numbers 1 ≤ I ≤ N', 'pass e.g. --shard 1/4');
  return value.trim();
}
