/**
 * From any thrown value to an exit code and the lines to print: the one place that decides what a
 * user sees when something goes wrong. Bad input (exit 2) prints the message that names the field,
 * the value, the rule and the fix; anything else is an internal error, printed as one line (the
 * stack only with PROVABLY_DEBUG=1), never the minified source that TensorFlow.js' WASM module
 * would print.
 */
import { firstLine, isIssueError } from '../../util/issue.js';
import { EXIT, type ExitCode } from '../exitCodes.js';

/** What to print for an error, and the exit code. */
export interface ErrorReport {
  code: ExitCode;
  /** Lines for stderr, without newlines. */
  lines: string[];
}

/**
 * The report of error `e` for a command (`prefix` = `provably verify`).
 * @param debug - also print the stack of an internal error
 */
export function describeError(e: unknown, prefix: string, debug = false): ErrorReport {
  if (e instanceof AggregateError && e.errors.length > 0) {
    // Several bad inputs at once (every invalid scenario): print each; bad input wins over a bug.
    const parts = e.errors.map((inner) => describeError(inner, prefix, debug));
    const code = parts.every((p) => p.code === EXIT.USAGE) ? EXIT.USAGE : EXIT.NOT_MET;
    return { code, lines: parts.flatMap((p) => p.lines) };
  }
  // Bad input of any kind (a scenario, a flag, a file such as a result.json, a backend that does not
  // load): one line per issue, each naming the field, the value, the rule and the fix.
  if (isIssueError(e)) return { code: EXIT.USAGE, lines: e.message.split('\n').map((l) => `${prefix}: ${l}`) };
  const lines = [`${prefix}: internal error: ${firstLine(e, Infinity)}`];
  if (debug && e instanceof Error && e.stack) lines.push(e.stack);
  else lines.push(`${prefix}: (this is a bug in provably; rerun with PROVABLY_DEBUG=1 for the stack trace and report it)`);
  return { code: EXIT.NOT_MET, lines };
}
