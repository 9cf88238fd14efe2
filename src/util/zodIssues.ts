/**
 * zod's validation issues as provably's {@link Issue}s: files we read back (result.json, a search
 * state, sweep.json) are checked by zod schemas, and their problems reach the user in the same
 * one-line shape as every other input error.
 */
import type { z } from 'zod';
import { makeIssue, type Issue, type IssueCode } from './issue.js';

/** A JSON path as a reader writes it: `runs[0].verdicts[2].status`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function codeOf(issue: z.core.$ZodIssue): IssueCode {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing_key' : 'invalid_type';
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
      return 'out_of_range';
    case 'unrecognized_keys':
      return 'unknown_key';
    default:
      return 'invalid_type';
  }
}

/**
 * One {@link Issue} per zod issue: the JSON path, the value found there (parse with
 * `{ reportInput: true }` to have it), zod's words for what is wrong, and the file's `rule` and `fix`.
 */
export function issuesFromZod(error: z.ZodError, rule: string, fix: string): Issue[] {
  return error.issues.map((i) => {
    const path = jsonPath(i.path);
    return makeIssue({ code: codeOf(i), path, input: i.input, summary: `${path || '(root)'}: ${i.message}`, rule, fix });
  });
}
