/**
 * A scenario says `holds` (or `fails`) only where ≥ 30 seeds support it: every such expectation of a
 * shipped scenario is backed, on the default (native) backend and on every other backend it was
 * calibrated on, by a committed calibration of that exact regime (docs/calibration/*.json, matched by
 * scenario name and regime fingerprint) with ≥ 30 seeds whose matching rate has a one-sided 95 %
 * Clopper–Pearson lower bound ≥ 0.8 (the full profile's rule). Editing a scenario's regime, or
 * adding an expectation, without re-calibrating turns this red.
 */
import { describe, expect, it } from 'vitest';
import { calibratedRates } from '../../src/calibration/lookup.js';
import { FULL_PROFILE } from '../../src/claims/expectations.js';
import { listScenarios, loadScenario } from '../../src/regime/load.js';
import { clopperPearsonLower } from '../../src/stats/clopperPearson.js';

const BACKENDS = ['tensorflow', 'wasm'] as const;

describe('every holds/fails expectation of a shipped scenario is backed by a ≥ 30-seed calibration', () => {
  for (const name of listScenarios()) {
    const scenario = loadScenario(name);
    const asserted = Object.entries(scenario.expect).filter(([, e]) => e === 'holds' || e === 'fails');
    if (asserted.length === 0) continue;
    it(`${name}: ${asserted.map(([id, e]) => `${id} ${e}`).join(', ')}`, () => {
      const byBackend = BACKENDS.map((b) => ({ backend: b, rates: calibratedRates(name, scenario.regime, b) }));
      // The default backend must be calibrated; another backend counts only where it was.
      expect(
        Object.keys(byBackend[0]!.rates),
        `${name} has no committed calibration on tensorflow (npm run calibrate -- --scenario ${name} --seeds 30 --seed-start 7000 --backend node --out docs/calibration/${name}-tensorflow.json)`,
      ).not.toHaveLength(0);
      const problems: string[] = [];
      for (const { backend, rates } of byBackend) {
        if (Object.keys(rates).length === 0) continue;
        for (const [id, expectation] of asserted) {
          const r = rates[id]!;
          const matched = expectation === 'holds' ? r.holds : r.fails;
          const bound = clopperPearsonLower(matched, r.total);
          if (r.total < FULL_PROFILE.minSeeds || bound < FULL_PROFILE.requiredBound) {
            problems.push(`${id} ${expectation} on ${backend}: ${matched}/${r.total} (lower bound ${bound.toFixed(3)}) in ${r.source}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
