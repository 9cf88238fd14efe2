/**
 * Scenario and regime errors as data: every problem is a {@link RegimeIssue}, the shared issue shape
 * of src/util/issue.ts (`code`, `path`, `input`, `rule`, `fix`, and the `message` derived from them)
 * plus the fields involved. A {@link ScenarioError} carries every issue of one scenario at once:
 * users fix a file in one pass instead of one error per run.
 */
import { IssueError, issueMessage, type Issue, type IssueCode as BaseIssueCode } from '../util/issue.js';

/** What kind of rule a scenario issue broke (src/util/issue.ts documents each code). */
export type IssueCode = Exclude<BaseIssueCode, 'unavailable' | 'threw'>;

/** Fields every scenario issue has beyond the shared {@link Issue} shape. */
interface RegimeIssueExtras {
  /**
   * Every field involved, `path` first. For a single-field issue this is `[path]`; for a relation,
   * a cycle or a size estimate it lists them all, so tools can highlight each one.
   */
  related: string[];
}

/**
 * One validation problem. Discriminated on `code`; `cycle` and `unknown_name` carry typed extras.
 */
export type RegimeIssue =
  | (Issue<'cycle'> & RegimeIssueExtras & { /** The loop, first key repeated at the end. */ cycle: string[] })
  | (Issue<'unknown_name'> &
      RegimeIssueExtras & {
        /** The name that could not be resolved. */
        name: string;
        /** The names an expression may use here. */
        known: string[];
      })
  | (Issue<Exclude<IssueCode, 'cycle' | 'unknown_name'>> & RegimeIssueExtras);

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
  const rel = related ?? (data.path === '' ? [] : [data.path]);
  return { ...data, related: rel, message: issueMessage(summary, data.rule, data.fix) } as RegimeIssue;
}

/**
 * A scenario (file or in-process object) that cannot be used. Carries every issue found, never just
 * the first. Its message is the pretty-printed list and its `stack` is the message alone: this is a
 * user's input error, and a stack trace would only hide the line that says what to fix.
 */
export class ScenarioError extends IssueError<RegimeIssue> {
  /**
   * @param issues - Every problem found, in the order found.
   * @param source - Where the scenario came from (a path, or a label such as `"<partial>"`).
   */
  constructor(issues: readonly RegimeIssue[], source: string) {
    super(issues, source, { name: 'ScenarioError' });
  }
}

/** True for a {@link ScenarioError}, across module copies (checks the shape, not the prototype). */
export function isScenarioError(e: unknown): e is ScenarioError {
  return e instanceof ScenarioError || (e instanceof Error && e.name === 'ScenarioError' && Array.isArray((e as ScenarioError).issues));
}
