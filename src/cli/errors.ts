/**
 * Errors the CLI turns into exit code 2 ("bad input or usage, before any training"). Like a
 * `ScenarioError`, a {@link UsageError} is data (what was wrong, the rule, the fix) and its message is
 * one line derived from it; its stack is the message alone, because a stack trace would only hide
 * the line that says what to fix.
 */
import { showValue } from '../regime/errors.js';

/** The parts of a usage error message. */
export interface UsageProblem {
  /** What is wrong, naming the flag or argument and its value (`--seeds = 0 is too small`). */
  summary: string;
  /** The rule that was broken, in words. */
  rule: string;
  /** What to do instead. */
  fix: string;
}

/** Bad command-line input: a flag, an argument, a file or a regime the machine cannot run. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly problem: UsageProblem;

  /**
   * @param problem - The parts of the message, or a finished one-line message that already names the
   *   value, the rule and the fix (as the backend selection's errors do).
   */
  constructor(problem: UsageProblem | string) {
    super(typeof problem === 'string' ? problem.replace(/[\r\n\t]+/g, ' ').trim() : formatProblem(problem));
    this.problem = typeof problem === 'string' ? { summary: this.message, rule: '', fix: '' } : problem;
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** `<summary> (rule: <rule>). Fix: <fix>.` on one line. */
export function formatProblem(p: UsageProblem): string {
  const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();
  const fix = oneLine(p.fix);
  return `${oneLine(p.summary)} (rule: ${oneLine(p.rule)}). Fix: ${fix}${/[.?!]$/.test(fix) ? '' : '.'}`;
}

/** A usage error about one flag's value: `<flag> = <value> <what>`. */
export function badFlag(flag: string, value: unknown, what: string, rule: string, fix: string): UsageError {
  return new UsageError({ summary: `${flag} = ${showValue(value)} ${what}`, rule, fix });
}

/** True for a {@link UsageError}, across module copies. */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError || (e instanceof Error && e.name === 'UsageError' && typeof (e as UsageError).problem === 'object');
}
