/**
 * The search's "genuine counterexample candidate" label on real runs of planted artefacts: regimes
 * whose failures say nothing about the paper. Each artefact is trained for real on the search's seed
 * and on the 8 fresh confirmation seeds the search would use, and labelled by the search's own
 * pieces (the in-space membership test, the judge, `flagOf`). Planted:
 * - no features at all (sR = sNR = 0), where standard training memorises the noise (R3 fails);
 * - no robust feature (sR = 0), where AT-1 and AT-3 fail conclusively for lack of anything to learn;
 * - a stalled adversarial training inside A0–A8 (width m = 3), where AT-2 and AT-3 hold vacuously.
 *
 * The test must be able to fail for the reason its name gives, so the same assertions are also
 * applied to a variant with the gates removed (A0 dropped from the assumptions, the claims' raw
 * verdicts without R1–R4): every artefact must then break at least one of them.
 */
import { describe, expect, test } from 'vitest';
import { findClaim } from '../../src/claims/registry.js';
import { DEFAULT_THRESHOLDS } from '../../src/claims/registry.js';
import type { VerdictStatus } from '../../src/claims/types.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import type { RunResult } from '../../src/experiment/types.js';
import { judgeRun } from '../../src/judge/judgeRun.js';
import { checkAssumptions, injectionCondition } from '../../src/regime/assumptions.js';
import { loadScenario } from '../../src/regime/load.js';
import type { AssumptionResult, SeededRegime } from '../../src/regime/types.js';
import { GENUINE_MIN_CONFIRMATIONS } from '../../src/search/genuine.js';
import { confirmSeed } from '../../src/search/random.js';
import { confirmationCounts, flagOf, type CounterexampleFlag } from '../../src/search/report/summary.js';
import { inSpace } from '../../src/search/space.js';

const SEARCH_SEED = 100;
// theory-small: ci-fast's sizes at a step inside A8 (eta = 0.03), so the in-space accepts the stalled artefact.
const base = loadScenario('theory-small').regime;

const ARTEFACTS = {
  // T and nTrain chosen so that ST fits the noise (R1 holds) and R3 is what catches it (eta·T = 120).
  'memorised noise (sR = sNR = 0)': { ...base, sR: 0, sNR: 0, nTrain: 20, T: 4000 },
  'no robust feature (sR = 0)': { ...base, sR: 0 },
  'stalled AT (m = 3, inside A0–A8)': { ...base, m: 3 },
} as const;

const SEARCHED = ['AT-1', 'AT-2', 'AT-3'] as const;

/** How a run is judged and a regime placed: the real pipeline, or one with the gates removed. */
interface Judge {
  name: string;
  status(result: RunResult, claim: string): VerdictStatus;
  violated(regime: SeededRegime): AssumptionResult[];
}

const gated: Judge = {
  name: 'gated',
  status: (result, claim) => judgeRun(result, { claims: [findClaim(claim)!] }).verdicts[0]!.status,
  violated: (regime) => checkAssumptions(regime).filter((a) => !a.holds),
};

const ungated: Judge = {
  name: 'gates removed',
  status: (result, claim) =>
    findClaim(claim)!.evaluate(result, DEFAULT_THRESHOLDS, { injection: injectionCondition(result.regime, result.at.lambda) }).status,
  violated: (regime) => checkAssumptions(regime).filter((a) => !a.holds && a.id !== 'A0'),
};

/** The search seed's run and the 8 confirmation runs of one artefact (trained once, judged twice). */
async function trainArtefact(regime: SeededRegime): Promise<{ search: RunResult; confirm: RunResult[] }> {
  const search = await runExperiment({ ...regime, seed: SEARCH_SEED });
  const confirm: RunResult[] = [];
  for (let i = 0; i < GENUINE_MIN_CONFIRMATIONS; i++) confirm.push(await runExperiment({ ...regime, seed: confirmSeed(SEARCH_SEED, i) }));
  return { search, confirm };
}

/** The label the search would print for `claim` on this artefact, or null when its seed's run does not fail. */
function labelOf(judge: Judge, runs: { search: RunResult; confirm: RunResult[] }, claim: string): CounterexampleFlag | null {
  if (judge.status(runs.search, claim) !== 'fails') return null;
  const confirmation = confirmationCounts(runs.confirm.map((r) => judge.status(r, claim)));
  return flagOf(claim, judge.violated(runs.search.regime), 'provably verify counterexample.json --seeds 8', confirmation).flag;
}

/** What the spec forbids an artefact to produce: a "genuine" label, or a conclusive AT-2/AT-3 without learning. */
function violations(judge: Judge, artefact: string, runs: { search: RunResult; confirm: RunResult[] }): string[] {
  const out: string[] = [];
  const stalledArtefact = artefact.startsWith('stalled');
  for (const claim of SEARCHED) {
    // A stall is a real failure of AT-1 (the robust feature was not learned), so it may be genuine there.
    if (stalledArtefact && claim === 'AT-1') continue;
    const label = labelOf(judge, runs, claim);
    if (label === 'genuine') out.push(`${claim} labelled genuine`);
  }
  for (const run of [runs.search, ...runs.confirm]) {
    const pre = judgeRun(run).preconditions;
    const learned = pre.find((p) => p.id === 'R3')!.holds && pre.find((p) => p.id === 'R4')!.holds;
    if (learned) continue;
    for (const claim of ['AT-2', 'AT-3']) {
      const s = judge.status(run, claim);
      if (s === 'holds' || s === 'fails') out.push(`${claim} ${s} conclusively on seed ${run.regime.seed} without R3/R4`);
    }
  }
  return out;
}

describe('search --space in: planted artefacts never become evidence (real runs)', () => {
  for (const [artefact, regime] of Object.entries(ARTEFACTS)) {
    test(`${artefact}: no "genuine" label and no conclusive AT-2/AT-3 without learning; with the gates removed it breaks`, async () => {
      const runs = await trainArtefact(regime as SeededRegime);
      expect(violations(gated, artefact, runs)).toEqual([]);
      // The in-space refuses what A0 excludes, so the search never proposes it.
      const rejected = inSpace().rejects(regime as SeededRegime);
      if (regime.sR === 0) expect(rejected).toMatch(/A0/);
      else expect(rejected).toBeNull();
      // The same assertions on the ungated pipeline fail: the artefact is real and the gates stop it.
      expect(violations(ungated, artefact, runs).length, `ungated ${artefact} produced no artefact`).toBeGreaterThan(0);
    }, 900_000); // 9 runs at theory-small's T = 2000 (4000 for memorised noise): 80–190 s each beside a calibration
  }
});
