/**
 * Errors the CLI turns into exit code 2 ("bad input or usage, before any training"). Like a
 * `ScenarioError`, a {@link UsageError} carries issues of the one shape of src/util/issue.ts (the
 * flag or argument at fault, its value, the rule and the fix) and its message is derived from them;
 * its stack is the message alone, because a stack trace would only hide the line that says what to fix.
 */
import { IssueError, isIssueError, makeIssue, showValue, type Issue, type IssueInit } from '../util/issue.js';

/** Bad command-line input: a flag, an argument, a file or a regime the machine cannot run. */
export class UsageError extends IssueError {
  /**
   * @param problem - The issue's data (its message is derived), or finished issues (those of an
   *   {@link IssueError} from a lower layer, such as the backend selection's).
   */
  constructor(problem: IssueInit | readonly Issue<string>[]) {
    super('summary' in problem ? [makeIssue(problem)] : problem, '', { name: 'UsageError' });
  }
}

/** A usage error about one flag's value: `<flag> = <value> <what>`. */
export function badFlag(
  flag: string,
  value: unknown,
  what: string,
  rule: string,
  fix: string,
  code: IssueInit['code'] = 'out_of_range',
): UsageError {
  return new UsageError({ code, path: flag, input: value, summary: `${flag} = ${showValue(value)} ${what}`, rule, fix });
}

/**
 * The issues of `e` as a {@link UsageError} when it is an input error of a lower layer (an
 * {@link IssueError}); anything else (a bug) is rethrown as it is.
 */
export function asUsageError(e: unknown): never {
  if (isIssueError(e) && e.name !== 'UsageError') throw new UsageError(e.issues);
  throw e;
}

/** True for a {@link UsageError}, across module copies. */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError || (isIssueError(e) && e.name === 'UsageError');
}
