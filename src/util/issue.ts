/**
 * Errors as data (zod-style), for every error a user can cause: a scenario, a flag, an environment
 * variable, a file. Each problem is an {@link Issue} with a `code`, the field at fault (`path`), the
 * offending `input`, the `rule` it broke and the `fix`; its one-line `message` is derived from those
 * by the one formatter, {@link issueMessage}, so the CLI, a report and a test all see the same text.
 * An {@link IssueError} carries every issue of one input at once. Verdicts are not issues: a failing
 * claim is a value with conditions and margins (src/claims/verdict.ts), never an error.
 */

/** What kind of rule an issue broke. */
export type IssueCode =
  /** A key, field or name the format does not know (unknown keys are errors, never ignored). */
  | 'unknown_key'
  /** A required key, flag or value is absent. */
  | 'missing_key'
  /** A value of the wrong JSON type, a non-finite number or a value outside an enumeration. */
  | 'invalid_type'
  /** A value of the right type outside its range, not an integer, or above a size cap. */
  | 'out_of_range'
  /** Several fields (or flags) that are each fine but break a rule together (`sR + sNR ≤ P`). */
  | 'relation'
  /** An expression that does not parse, uses a forbidden construct or has a non-finite value. */
  | 'expression'
  /** Expressions that depend on each other in a loop. */
  | 'cycle'
  /** An expression names something that is neither a regime key nor an allowed constant. */
  | 'unknown_name'
  /** The text is not JSON, or not of the expected shape. */
  | 'parse'
  /** A file or folder cannot be found, read or written where it was named. */
  | 'file'
  /** The input is well formed but this machine cannot serve it (a backend that does not load, too little memory). */
  | 'unavailable'
  /** A user-supplied function (a trainer's method) threw instead of answering. */
  | 'threw';

/** One problem with a user's input, as data. */
export interface Issue<Code extends string = IssueCode> {
  /** What kind of rule was broken. */
  code: Code;
  /**
   * The field at fault: a scenario key (`"eps"`), a flag (`"--seeds"`), an environment variable, a
   * JSON path (`"runs[0].seed"`); `""` means the input as a whole.
   */
  path: string;
  /** The value as the user gave it (an expression string stays a string); `undefined` if absent. */
  input: unknown;
  /** The rule that was broken, in words (`"sR + sNR ≤ P"`). */
  rule: string;
  /** What to change to satisfy the rule. */
  fix: string;
  /** One line naming the field, the value and the rule, and saying the fix: {@link issueMessage} of the rest. */
  message: string;
}

/** The data of an issue; `summary` states what is wrong, naming the field and the value. */
export interface IssueInit<Code extends string = IssueCode> {
  code: Code;
  path: string;
  input: unknown;
  summary: string;
  rule: string;
  fix: string;
}

/** Longest rendering of a user value inside a message: messages stay one readable line. */
const MAX_SHOWN_CHARS = 80;

/** `text` on one line: newlines and tabs become spaces, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

/**
 * The first non-blank line of an error's message (or of the text of any thrown value), trimmed and
 * cut at `maxChars`: an error shown inside another line, never a stack trace or a multi-line dump.
 * An error with a blank message gives its name; anything else blank gives "unknown error".
 */
export function firstLine(e: unknown, maxChars = 300): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (line === undefined) return e instanceof Error && e.name !== '' ? e.name : 'unknown error';
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

/**
 * Renders a user-supplied value for a message: numbers as JS prints them (so `NaN` and `Infinity`
 * stay visible), strings quoted, everything else as compact JSON, always on one line and truncated.
 */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'missing';
  else if (typeof value === 'number') text = Object.is(value, -0) ? '0' : String(value);
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function' || typeof value === 'symbol') text = `a ${typeof value}`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      // Cyclic or otherwise unserialisable in-process values: name the kind, never throw here.
      text = Array.isArray(value) ? 'an array' : 'an object';
    }
  }
  text = text.replace(/[\r\n\t]+/g, ' ');
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}

/** Formats a number for an error message: short, but exact enough to see why a rule failed. */
export function showNumber(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/**
 * The one formatter of an issue's message: `<summary> (rule: <rule>). Fix: <fix>.` on one line
 * (no full stop added after a fix that ends in `.`, `?` or `!`).
 */
export function issueMessage(summary: string, rule: string, fix: string): string {
  return `${oneLine(summary)} ${ruleAndFix(rule, fix)}`;
}

/**
 * The end of every issue's message, `(rule: <rule>). Fix: <fix>.`: for a message whose first part
 * someone else writes (commander names the flag and the value of a bad option argument).
 */
export function ruleAndFix(rule: string, fix: string): string {
  const fixText = oneLine(fix);
  const end = /[.?!]$/.test(fixText) ? '' : '.';
  return `(rule: ${oneLine(rule)}). Fix: ${fixText}${end}`;
}

/**
 * The summary an issue's message was built from (the message without its rule and fix), so that
 * another layer can restate the issue in its own terms (a sweep's cell, a run of a search state).
 */
export function summaryOf(issue: Pick<Issue<string>, 'message' | 'rule' | 'fix'>): string {
  const suffix = ` ${ruleAndFix(issue.rule, issue.fix)}`;
  return issue.message.endsWith(suffix) ? issue.message.slice(0, issue.message.length - suffix.length).trim() : issue.message;
}

/** Builds an issue from its data, deriving the message. */
export function makeIssue<Code extends string = IssueCode>(init: IssueInit<Code>): Issue<Code> {
  const { summary, ...data } = init;
  return { ...data, message: issueMessage(summary, data.rule, data.fix) };
}

/** An {@link IssueError} with the one issue of `init`, for inputs that are wrong in one way. */
export function issueError(init: IssueInit, options: { name?: string; cause?: unknown } = {}): IssueError {
  return new IssueError([makeIssue(init)], '', options);
}

/** One issue as a line, prefixed by where it came from (`scenarios/x.json: …`). */
export function formatIssue(issue: Pick<Issue<string>, 'message'>, source?: string): string {
  return source ? `${source}: ${issue.message}` : issue.message;
}

/** Every issue, one per line, in the order found; past `max` of them, one line says how many more. */
export function formatIssues(issues: readonly Pick<Issue<string>, 'message'>[], source?: string, max = Infinity): string {
  const lines = issues.slice(0, max).map((i) => formatIssue(i, source));
  if (issues.length > max) lines.push(formatIssue({ message: `… and ${issues.length - max} more` }, source));
  return lines.join('\n');
}

/**
 * An input that cannot be used, with every issue found in it. Its message is {@link formatIssues}
 * of them and its `stack` is the message alone: this is a user's input error, and a stack trace
 * would only hide the line that says what to fix. Subclasses name the kind of input (`name`).
 */
export class IssueError<I extends Issue<string> = Issue<string>> extends Error {
  /** Every problem found, in the order found. */
  readonly issues: readonly I[];
  /** Where the input came from (a path, a label such as `"<partial>"`), or `""` when the issues name it. */
  readonly source: string;

  /**
   * @param options - `name` of the subclass (so that the stack line names it); `maxShown` issues in
   *   the message (the rest are counted); the `cause`.
   */
  constructor(issues: readonly I[], source = '', options: { name?: string; maxShown?: number; cause?: unknown } = {}) {
    super(formatIssues(issues, source, options.maxShown), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'IssueError';
    this.issues = issues;
    this.source = source;
    // Keep stack traces out of anything that prints the error (console.error, util.inspect).
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * True for an {@link IssueError} of any subclass, across module copies (checks the shape, not the
 * prototype: a bundled copy of provably throws its own classes).
 */
export function isIssueError(e: unknown): e is IssueError {
  if (e instanceof IssueError) return true;
  if (!(e instanceof Error)) return false;
  const issues: unknown = (e as { issues?: unknown }).issues;
  return (
    Array.isArray(issues) &&
    issues.every((i: unknown) => {
      const issue = i as Partial<Issue<string>> | null;
      return typeof issue?.message === 'string' && typeof issue.rule === 'string' && typeof issue.fix === 'string';
    })
  );
}
