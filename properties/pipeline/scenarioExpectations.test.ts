/**
 * Guarantees (issue #3): every shipped scenario meets its own expectations over ≥ 8 seeds under
 * the docs/claims.md#statistical-rule rule. The default profile checks ci-fast (the cheap one); the full profile checks
 * every file in scenarios/. Seeds start at the scenario's own seed, not the calibration seeds.
 */
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario } from '../../src/regime/load.js';
import { claimsOverSeeds, describeOutcome, expectationProfile } from '../helpers/claimsOverSeeds.js';
import { testBudget } from '../helpers/testRun.js';

const full = testBudget().profile === 'full';
const names = full ? listScenarios() : ['ci-fast'];
const SEEDS = Math.max(8, expectationProfile().minSeeds);

describe('shipped scenarios meet their expectations', () => {
  for (const name of names) {
    it(`${name} over ${SEEDS} seeds`, async () => {
      const scenario = loadScenario(name);
      const asserted = Object.fromEntries(Object.entries(scenario.expect).filter(([, e]) => e !== 'report'));
      const seeds = { start: scenario.seed, count: SEEDS };
      const { rows } = await claimsOverSeeds(scenario.regime, asserted, seeds);
      const message = describeOutcome(scenario.regime, seeds, rows, 'properties/pipeline/scenarioExpectations.test.ts');
      console.log(`[scenario ${name}]\n${message.split('\n').slice(0, rows.length).join('\n')}`);
      for (const row of rows) expect(row.met, message).toBe(true);
    });
  }
});
