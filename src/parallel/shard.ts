/**
 * Sharding (`--shard I/N`, 1-based): the items of an invocation, in their unsharded order, are dealt
 * round-robin, so shard I gets items I−1, I−1+N, I−1+2N, … A scheduler's array index gives the shard
 * when no flag does:
 * - Slurm job array: I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1, N = SLURM_ARRAY_TASK_COUNT;
 * - Kubernetes Indexed Job: I = JOB_COMPLETION_INDEX + 1, N = PROVABLY_SHARD_COUNT (required then).
 */

import { IssueError, makeIssue, type IssueInit } from '../util/issue.js';

/** One shard of an invocation. */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** A shard that cannot be read, or shards that do not join: the flag or variable, its value, the rule and the fix. */
export class ShardError extends IssueError {
  constructor(init: IssueInit) {
    super([makeIssue(init)], '', { name: 'ShardError' });
  }
}

const SHARD_RULE = 'I/N with whole numbers 1 ≤ I ≤ N';

function whole(text: string | undefined): number {
  return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
}

/** Parses `I/N`. @throws ShardError */
export function parseShard(text: string, field = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || count < 1 || index > count) {
    throw new ShardError({
      code: 'out_of_range',
      path: field,
      input: text,
      summary: `${field} = "${text}" is not a shard`,
      rule: SHARD_RULE,
      fix: 'pass e.g. --shard 1/4 (the first of four shards)',
    });
  }
  return { index, count };
}

/**
 * The shard from `--shard` when given, else from the scheduler's environment, else undefined (the
 * whole invocation). @throws ShardError naming the variable
 */
export function resolveShard(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  if (flag !== undefined) return parseShard(flag);
  const has = (k: string) => env[k] !== undefined && env[k] !== '';
  if (has('SLURM_ARRAY_TASK_ID')) {
    const id = whole(env.SLURM_ARRAY_TASK_ID);
    const min = has('SLURM_ARRAY_TASK_MIN') ? whole(env.SLURM_ARRAY_TASK_MIN) : NaN;
    const count = has('SLURM_ARRAY_TASK_COUNT') ? whole(env.SLURM_ARRAY_TASK_COUNT) : NaN;
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(min) || !Number.isSafeInteger(count)) {
      throw new ShardError({
        code: 'relation',
        path: 'SLURM_ARRAY_TASK_ID',
        input: env.SLURM_ARRAY_TASK_ID,
        summary: `SLURM_ARRAY_TASK_ID = "${env.SLURM_ARRAY_TASK_ID}" with SLURM_ARRAY_TASK_MIN = "${env.SLURM_ARRAY_TASK_MIN ?? ''}" and SLURM_ARRAY_TASK_COUNT = "${env.SLURM_ARRAY_TASK_COUNT ?? ''}" does not give a shard`,
        rule: 'under a Slurm job array, I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1 and N = SLURM_ARRAY_TASK_COUNT, all whole numbers',
        fix: 'submit with sbatch --array=1-N (Slurm sets all three), or pass --shard I/N',
      });
    }
    return parseShard(`${id - min + 1}/${count}`, `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1 / SLURM_ARRAY_TASK_COUNT`);
  }
  if (has('JOB_COMPLETION_INDEX')) {
    const index = whole(env.JOB_COMPLETION_INDEX);
    const count = whole(env.PROVABLY_SHARD_COUNT);
    if (!has('PROVABLY_SHARD_COUNT') || !Number.isSafeInteger(count)) {
      throw new ShardError({
        code: has('PROVABLY_SHARD_COUNT') ? 'out_of_range' : 'missing_key',
        path: 'PROVABLY_SHARD_COUNT',
        input: env.PROVABLY_SHARD_COUNT,
        summary: `JOB_COMPLETION_INDEX = "${env.JOB_COMPLETION_INDEX}" is set but PROVABLY_SHARD_COUNT = "${env.PROVABLY_SHARD_COUNT ?? ''}" is not a whole number`,
        rule: 'under a Kubernetes Indexed Job, I = JOB_COMPLETION_INDEX + 1 and N = PROVABLY_SHARD_COUNT, which is then required',
        fix: "set PROVABLY_SHARD_COUNT to the Job's completions in its pod template, or pass --shard I/N",
      });
    }
    if (!Number.isSafeInteger(index)) {
      throw new ShardError({
        code: 'out_of_range',
        path: 'JOB_COMPLETION_INDEX',
        input: env.JOB_COMPLETION_INDEX,
        summary: `JOB_COMPLETION_INDEX = "${env.JOB_COMPLETION_INDEX}" is not a whole number`,
        rule: 'a 0-based index',
        fix: 'run as a Kubernetes Indexed Job (completionMode: Indexed), or pass --shard I/N',
      });
    }
    return parseShard(`${index + 1}/${count}`, 'JOB_COMPLETION_INDEX + 1 / PROVABLY_SHARD_COUNT');
  }
  return undefined;
}

/** The positions (into the unsharded list of `total` items) that `shard` runs, ascending. */
export function shardItems(total: number, shard: Shard | undefined): number[] {
  const all = Array.from({ length: total }, (_, i) => i);
  return shard === undefined ? all : all.filter((i) => i % shard.count === shard.index - 1);
}

/**
 * Interleaves the items of shards 1…N (each in its own order) back into the unsharded order.
 * @throws ShardError when a shard has more or fewer items than round-robin dealing gives it
 */
export function interleave<T>(shards: readonly (readonly T[])[], total: number): T[] {
  const n = shards.length;
  shards.forEach((items, k) => {
    const expected = shardItems(total, { index: k + 1, count: n }).length;
    if (items.length !== expected) {
      throw new ShardError({
        code: 'relation',
        path: `shard ${k + 1}/${n}`,
        input: items.length,
        summary: `shard ${k + 1}/${n} has ${items.length} item${items.length === 1 ? '' : 's'}, round-robin dealing of ${total} gives it ${expected}`,
        rule: 'every shard of an invocation runs to its end before merging',
        fix: `rerun shard ${k + 1}/${n} (an interrupted shard keeps only its finished items)`,
      });
    }
  });
  return Array.from({ length: total }, (_, i) => shards[i % n]![Math.floor(i / n)]!);
}
