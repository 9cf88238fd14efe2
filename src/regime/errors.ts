/**
 * Scenario and regime errors as data (zod-style): every problem is a {@link RegimeIssue}
 * value with a `code`, the field (`path`), the offending `input`, the `rule` it broke and the `fix`.
 * The one-line human message is derived from those fields, so a CLI, a report and a test all see the
 * same text. A {@link ScenarioError} carries every issue of one scenario at once: users fix a file
 * in one pass instead of one error per run.
 */

/** What kind of rule an issue broke. */
export type IssueCode =
  /** A key the scenario format does not know (docs/scenario-keys.md: unknown keys are errors). */
  | 'unknown_key'
  /** A required key is absent. */
  | 'missing_key'
  /** A value of the wrong JSON type, a non-finite number or a value outside an enumeration. */
  | 'invalid_type'
  /** A value of the right type outside its range, not an integer, or above a size cap. */
  | 'out_of_range'
  /** Several fields that are each fine but break a rule together (`sR + sNR ≤ P`). */
  | 'relation'
  /** An expression that does not parse, uses a forbidden construct or has a non-finite value. */
  | 'expression'
  /** Expressions that depend on each other in a loop. */
  | 'cycle'
  /** An expression names something that is neither a regime key nor an allowed constant. */
  | 'unknown_name'
  /** The file is not JSON, or not one JSON object. */
  | 'parse'
  /** The file cannot be found or read. */
  | 'file';

/** Fields every issue has. */
interface IssueBase {
  /** The field at fault (`"eps"`, `"expect.ST-9"`); `""` means the scenario as a whole. */
  path: string;
  /** The value as the user wrote it (an expression string stays a string); `undefined` if absent. */
  input: unknown;
  /** The rule that was broken, in words (`"sR + sNR ≤ P"`). */
  rule: string;
  /** What to change to satisfy the rule. */
  fix: string;
  /**
   * Every field involved, `path` first. For a single-field issue this is `[path]`; for a relation,
   * a cycle or a size estimate it lists them all, so tools can highlight each one.
   */
  related: string[];
  /** One line naming the field, the value and the rule, and saying the fix. Derived from the data. */
  message: string;
}

/**
 * One validation problem. Discriminated on `code`; `cycle` and `unknown_name` carry typed extras.
 */
export type RegimeIssue =
  | (IssueBase & { code: 'cycle'; /** The loop, first key repeated at the end. */ cycle: string[] })
  | (IssueBase & {
      code: 'unknown_name';
      /** The name that could not be resolved. */
      name: string;
      /** The names an expression may use here. */
      known: string[];
    })
  | (IssueBase & {
      code: Exclude<IssueCode, 'cycle' | 'unknown_name'>;
    });

/** Longest rendering of a user value inside a message: messages stay one readable line. */
const MAX_SHOWN_CHARS = 80;

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

/** Formats a number for a message: short, but exact enough to see why a rule failed. */
export function showNumber(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** The data needed to build an issue; `message` is derived and `related` defaults to `[path]`. */
export type IssueInit = { summary: string; related?: string[] } & (
  | { code: 'cycle'; path: string; input: unknown; rule: string; fix: string; cycle: string[] }
  | {
      code: 'unknown_name';
      path: string;
      input: unknown;
      rule: string;
      fix: string;
      name: string;
      known: string[];
    }
  | {
      code: Exclude<IssueCode, 'cycle' | 'unknown_name'>;
      path: string;
      input: unknown;
      rule: string;
      fix: string;
    }
);

/**
 * Builds an issue. `summary` states what is wrong, naming the field and the value; the message is
 * `<summary> (rule: <rule>). Fix: <fix>` on one line.
 */
export function makeIssue(init: IssueInit): RegimeIssue {
  const { summary, related, ...data } = init;
  const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();
  const fix = oneLine(data.fix);
  const end = /[.?!]$/.test(fix) ? '' : '.';
  const message = `${oneLine(summary)} (rule: ${oneLine(data.rule)}). Fix: ${fix}${end}`;
  const rel = related ?? (data.path === '' ? [] : [data.path]);
  return { ...data, related: rel, message } as RegimeIssue;
}

/** One issue as a line, prefixed by where it came from (`scenarios/x.json: …`). */
export function formatIssue(issue: RegimeIssue, source?: string): string {
  return source ? `${source}: ${issue.message}` : issue.message;
}

/** Every issue, one per line, in the order found. */
export function formatIssues(issues: readonly RegimeIssue[], source?: string): string {
  return issues.map((i) => formatIssue(i, source)).join('\n');
}

/**
 * A scenario (file or in-process object) that cannot be used. Carries every issue found, never just
 * the first. Its message is the pretty-printed list and its `stack` is the message alone: this is a
 * user's input error, and a stack trace would only hide the line that says what to fix.
 */
export class ScenarioError extends Error {
  /** Every problem found, in the order found. */
  readonly issues: readonly RegimeIssue[];
  /** Where the scenario came from (a path, or a label such as `"<partial>"`). */
  readonly source: string;

  constructor(issues: readonly RegimeIssue[], source: string) {
    super(formatIssues(issues, source));
    this.name = 'ScenarioError';
    this.issues = issues;
    this.source = source;
    // Keep stack traces out of anything that prints the error (console.error, util.inspect).
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** True for a {@link ScenarioError}, across module copies (checks the shape, not the prototype). */
export function isScenarioError(e: unknown): e is ScenarioError {
  return (
    e instanceof ScenarioError ||
    (e instanceof Error && e.name === 'ScenarioError' && Array.isArray((e as ScenarioError).issues))
  );
}
