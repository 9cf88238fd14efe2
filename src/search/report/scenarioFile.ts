/**
 * Regimes found by a search as scenario files (docs/scenario-keys.md) that `provably verify <file>` runs as
 * they are: numbers only, the experiment seed as the scenario's seed, and for a counterexample the
 * expectation that the claim fails, so that the replay exits 0 exactly when the failure reproduces.
 */
import { scenarioObjectOf } from '../../regime/arbitraries.js';
import { parseScenario } from '../../regime/load.js';
import type { SeededRegime } from '../../regime/types.js';

/** What the file holds: the minimal counterexample, the failure it was shrunk from, or the closest call. */
export type ScenarioKind = 'counterexample' | 'original' | 'closest';

/** File names inside the search folder. */
export const SCENARIO_FILES: Readonly<Record<ScenarioKind, string>> = Object.freeze({
  counterexample: 'counterexample.json',
  original: 'counterexample-original.json',
  closest: 'closest.json',
});

/** The scenario's name: `search-ST-1-counterexample`. */
export function scenarioName(claim: string, kind: ScenarioKind): string {
  return `search-${claim}-${kind}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}

/**
 * The scenario object of a found regime. Validated before it is returned, so a file that
 * `provably verify` would refuse is never written.
 *
 * @param note - one sentence for the description (the flag of the counterexample)
 * @throws ScenarioError if the regime does not validate (a bug: the search only runs valid regimes)
 */
export function scenarioObject(claim: string, kind: ScenarioKind, regime: SeededRegime, note: string): Record<string, unknown> {
  const what = {
    counterexample: `Minimal regime found by \`provably search ${claim}\` where ${claim} fails.`,
    original: `The first regime where \`provably search ${claim}\` saw ${claim} fail, before shrinking.`,
    closest: `The regime where \`provably search ${claim}\` came closest to a failure of ${claim}.`,
  }[kind];
  const obj: Record<string, unknown> = {
    ...scenarioObjectOf(regime, scenarioName(claim, kind)),
    description: `${what} ${note}`.trim(),
    expect: kind === 'closest' ? {} : { [claim]: 'fails' },
    seed: regime.seed,
  };
  parseScenario(obj, scenarioName(claim, kind));
  return obj;
}
