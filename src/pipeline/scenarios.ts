/**
 * Loading every scenario an invocation names before anything runs: all of them are validated, and
 * every problem of every file is reported at once (the CLI exits 2), so a user fixes all in one pass
 * and no training starts on a half-valid request.
 */
import { resolve } from 'node:path';
import { isScenarioError, ScenarioError } from '../regime/errors.js';
import { loadScenario, resolveScenarioPath } from '../regime/load.js';
import type { Scenario } from '../regime/types.js';
import type { ScenarioRef } from '../result/resultFile.js';
import { issueError } from '../util/issue.js';

/** A scenario as named by the user, loaded and validated. */
export interface LoadedScenario {
  /** The argument as typed. */
  arg: string;
  scenario: Scenario;
  /** How a replay command names it: the bare name for a shipped scenario, else its path. */
  ref: string;
}

/** What a run record needs of a loaded scenario; its replay command names it by `ref`. */
export function scenarioRef(loaded: LoadedScenario): Required<ScenarioRef> {
  const { scenario } = loaded;
  return { name: scenario.name, given: scenario.given, expect: scenario.expect, source: loaded.ref };
}

/** True when `arg` is a bare scenario name (looked up in `scenarios/`), not a path. */
export function isBareScenarioName(arg: string): boolean {
  return resolveScenarioPath(arg) !== resolve(arg);
}

/**
 * Loads every scenario in `args` (bare names from `scenarios/`, paths relative to `cwd`).
 *
 * @throws ScenarioError when one scenario is invalid; AggregateError of ScenarioErrors when several
 *   are; an IssueError when two scenarios share a name (their runs and aggregates would be mixed up)
 */
export function loadScenarios(args: readonly string[], cwd: string): LoadedScenario[] {
  const loaded: LoadedScenario[] = [];
  const errors: ScenarioError[] = [];
  for (const arg of args) {
    const bare = isBareScenarioName(arg);
    try {
      const scenario = loadScenario(bare ? arg : resolve(cwd, arg));
      loaded.push({ arg, scenario, ref: bare ? arg : scenario.source });
    } catch (e) {
      if (!isScenarioError(e)) throw e;
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} scenarios are invalid`);
  const seen = new Map<string, string>();
  for (const { arg, scenario } of loaded) {
    const earlier = seen.get(scenario.name);
    if (earlier !== undefined) {
      throw issueError({
        code: 'relation',
        path: '<scenario>',
        input: arg,
        summary: `scenarios ${JSON.stringify(earlier)} and ${JSON.stringify(arg)} are both named ${JSON.stringify(scenario.name)}`,
        rule: 'runs and aggregates are keyed by scenario name, so names must differ',
        fix: 'give each scenario once, or rename one (its "name" field)',
      });
    }
    seen.set(scenario.name, arg);
  }
  return loaded;
}
