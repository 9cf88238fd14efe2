/**
 * The search engine (src/search/engine.ts) with FAKE experiments, so that every behaviour runs in
 * milliseconds. Guarantees: a failure is found and shrunk to a regime that still fails and that no
 * single shrink step of the space can make smaller (1-minimal), with every assumption but the one
 * the failure needs repaired; climbing on the margin finds failures random search cannot reach;
 * the run and wall-clock budgets stop the search between experiments; a search stopped by its budget
 * or by an interruption and resumed from its serialised state does exactly what an uninterrupted one
 * does, without rerunning anything; experiments that throw are recorded and skipped.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkAssumptions } from '../../src/regime/assumptions.js';
import type { SeededRegime } from '../../src/regime/types.js';
import { confirmations, counterexampleRun, regimeKey, runSearch, type SearchDeps } from '../../src/search/engine.js';
import { viableCandidates } from '../../src/search/shrink.js';
import { allSpace, CHEAP_ALL_RANGES, inSpace, type SearchSpace } from '../../src/search/space.js';
import { createState, parseState, serializeState } from '../../src/search/state.js';
import type { ExperimentRunner, SearchState, SpaceName, TrialOutcome } from '../../src/search/types.js';
import { fastCheckSeed } from '../helpers/testRun.js';

/** A fake claim that fails (at margin −1) exactly when robust patches outnumber non-robust ones. */
const denseRobust = (r: SeededRegime): TrialOutcome<string> =>
  r.sR > r.sNR
    ? { status: 'fails', margin: -1, result: `fail:${r.sR}` }
    : { status: 'holds', margin: (r.sNR - r.sR + 1) / (r.P + 1), result: `hold:${r.sR}` };

/** A runner that counts its calls. */
function counting(f: (r: SeededRegime) => TrialOutcome<string>): ExperimentRunner<string> & { calls: SeededRegime[] } {
  const calls: SeededRegime[] = [];
  const runner = async (r: SeededRegime) => {
    calls.push(r);
    return f(r);
  };
  return Object.assign(runner, { calls });
}

function newState(space: SpaceName, seed: number, runs: number, seconds = 1e9): SearchState {
  return createState({
    claim: 'ST-1',
    space,
    seed,
    budget: { runs, seconds },
    backend: 'fake',
    randomPerRound: 10,
    climbStarts: 3,
    now: '2026-01-01T00:00:00.000Z',
  });
}

/** A deterministic clock: each reading advances by `stepMs`. */
function clock(stepMs = 0): () => number {
  let t = 0;
  return () => (t += stepMs);
}

/** A state as it comes back from disk. */
const roundTrip = (s: SearchState) => parseState(serializeState(s), 'test');

const seeds = () => fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('shrinking', () => {
  test('a dense-robust fake failure shrinks to the minimal case, with only A1 left violated (A0 kept when the draw had it)', async () => {
    await fc.assert(
      fc.asyncProperty(seeds(), async (seed) => {
        const space = allSpace();
        const runner = counting(denseRobust);
        const { state } = await runSearch(newState('all', seed, 5000), { runner, space, now: clock() });
        expect(state.stop).toBe('shrunk');
        expect(state.counterexample?.minimal).toBe(true);
        const current = state.runs[counterexampleRun(state)!]!;
        const original = state.runs[state.counterexample!.original]!.regime;
        expect(current.status).toBe('fails');
        // 1-minimal: no candidate of any step that the space accepts and that costs less still fails.
        for (let i = 0; i < space.shrinkSteps.length; i++) {
          for (const c of viableCandidates(space, current.regime, i, original)) {
            expect(denseRobust(c).status, `step ${space.shrinkSteps[i]!.id} could still shrink`).toBe('holds');
          }
        }
        const r = current.regime;
        // Shrinking never trades A0 away: with both feature kinds present the minimal case keeps one
        // non-robust patch. Only a draw that already lacked them (sR = 1, sNR = 0, where adding the
        // missing patch makes the fake hold, as the 1-minimality loop above checked) stays outside A0.
        const a0 = r.sNR >= 1;
        expect({
          sR: r.sR,
          sNR: r.sNR,
          P: r.P,
          T: r.T,
          nTrain: r.nTrain,
          nTest: r.nTest,
          k: r.k,
          m: r.m,
          K: r.K,
          evalSteps: r.evalSteps,
          batchSize: r.batchSize,
        }).toEqual({
          ...(a0 ? { sR: 2, sNR: 1, P: 3 } : { sR: 1, sNR: 0, P: 1 }),
          T: CHEAP_ALL_RANGES.T![0],
          nTrain: CHEAP_ALL_RANGES.nTrain![0],
          nTest: CHEAP_ALL_RANGES.nTest![0],
          k: 2,
          m: 1,
          K: 1,
          evalSteps: 1,
          batchSize: null,
        });
        if (!a0) expect(checkAssumptions(original).find((a) => a.id === 'A0')!.holds).toBe(false);
        expect(
          checkAssumptions(r)
            .filter((a) => !a.holds)
            .map((a) => a.id),
        ).toEqual(a0 ? ['A1'] : ['A0', 'A1']);
        expect(current.violated).toEqual(a0 ? ['A1'] : ['A0', 'A1']);
        // Then the minimal regime is replayed on other seeds.
        const replays = confirmations(state);
        expect(replays).toHaveLength(state.confirmSeeds);
        for (const rep of replays) expect({ ...rep.regime, seed: r.seed }).toEqual(r);
        expect(new Set([r.seed, ...replays.map((rep) => rep.regime.seed)]).size).toBe(replays.length + 1);
        expect(state.phase).toBe('done');
        // Nothing ran twice.
        expect(new Set(runner.calls.map(regimeKey)).size).toBe(runner.calls.length);
      }),
      { numRuns: 8 },
    );
  });

  test('shrinking keeps the failure as deep as found: a shallower failure is not accepted', async () => {
    // Fails deeply (−1) with many robust patches, shallowly (−0.05) with few: the minimal case must stay deep.
    const fake = (r: SeededRegime): TrialOutcome<string> =>
      r.sR >= 3 && r.sR > r.sNR
        ? { status: 'fails', margin: -1 }
        : r.sR > r.sNR
          ? { status: 'fails', margin: -0.05 }
          : { status: 'holds', margin: 0.5 };
    // Every random regime is this deep failure, so shrinking starts from it.
    const [drawn] = fc.sample(allSpace().arbitrary, { seed: fastCheckSeed(), numRuns: 1 });
    const space: SearchSpace = { ...allSpace(), arbitrary: fc.constant({ ...drawn!, P: 10, sR: 6, sNR: 2 }) };
    const { state } = await runSearch(newState('all', fastCheckSeed(), 5000), { runner: counting(fake), space, now: clock() });
    expect(state.runs[state.counterexample!.original]!.margin).toBe(-1);
    const final = state.runs[counterexampleRun(state)!]!;
    expect(final.margin).toBe(-1);
    // A0 (both feature kinds present) is never traded away: sNR stops at 1.
    expect({ sR: final.regime.sR, sNR: final.regime.sNR }).toEqual({ sR: 3, sNR: 1 });
    // The shallow candidates were run and refused.
    expect(state.runs.some((r) => r.phase === 'shrink' && r.margin === -0.05)).toBe(true);
  });

  test('inside the assumptions every experiment stays inside A1–A8, and a claim that cannot fail there is never broken', async () => {
    const space = inSpace();
    const runner = counting(denseRobust);
    const { state } = await runSearch(newState('in', fastCheckSeed(), 120), { runner, space, now: clock() });
    expect(state.stop).toBe('runs');
    expect(state.counterexample).toBeNull();
    expect(counterexampleRun(state)).toBeNull();
    expect(state.runs.some((r) => r.phase === 'climb')).toBe(true);
    for (const r of runner.calls) expect(checkAssumptions(r).filter((a) => !a.holds)).toEqual([]);
  });
});

describe('climbing', () => {
  test('climbing the margin reaches a failure that the random regimes cannot reach', async () => {
    await fc.assert(
      fc.asyncProperty(seeds(), async (seed) => {
        // These random regimes have eta ≤ 0.2; the fake fails only for eta ≥ 0.8, and its margin falls as eta grows.
        const base = allSpace();
        const space: SearchSpace = { ...base, arbitrary: allSpace({ ...CHEAP_ALL_RANGES, eta: [0.1, 0.2] }).arbitrary };
        const fake = (r: SeededRegime): TrialOutcome<string> =>
          r.eta >= 0.8 ? { status: 'fails', margin: -0.5 } : { status: 'holds', margin: 0.8 - r.eta };
        const { state } = await runSearch(newState('all', seed, 2000), { runner: counting(fake), space, now: clock() });
        expect(state.runs.filter((r) => r.phase === 'random').every((r) => r.status === 'holds')).toBe(true);
        const original = state.runs[state.counterexample!.original]!;
        expect(original.phase).toBe('climb');
        expect(original.regime.eta).toBeGreaterThanOrEqual(0.8);
        // Each climbing step changes one coordinate of the point it started from (couplings aside).
        for (const r of state.runs.filter((x) => x.phase === 'climb')) expect(r.origin).toMatch(/^climb from run \d+: \w+ [+−]/);
      }),
      { numRuns: 6 },
    );
  });

  test('the points a climb moves through have strictly falling margins', async () => {
    const fake = (r: SeededRegime): TrialOutcome<string> => ({ status: 'holds', margin: 1 + r.T / 300 + r.nTrain / 48 });
    const { state } = await runSearch(newState('all', fastCheckSeed(), 150), { runner: counting(fake), space: allSpace(), now: clock() });
    // A run is a point when a later climb starts from it; successive points of a start must improve.
    const fromOf = (origin: string) => Number(/^climb from run (\d+)/.exec(origin)?.[1] ?? NaN) - 1;
    const points = [...new Set(state.runs.filter((r) => r.phase === 'climb').map((r) => fromOf(r.origin)))];
    for (let i = 1; i < points.length; i++) {
      const prev = state.runs[points[i - 1]!]!;
      const cur = state.runs[points[i]!]!;
      if (cur.phase === 'climb' && fromOf(cur.origin) === prev.index) expect(cur.margin).toBeLessThan(prev.margin);
    }
    const best = Math.min(...state.runs.map((r) => r.margin));
    const bestRandom = Math.min(...state.runs.filter((r) => r.phase === 'random').map((r) => r.margin));
    expect(best).toBeLessThan(bestRandom);
  });
});

describe('budget', () => {
  test('--runs N runs exactly N experiments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60 }), seeds(), async (n, seed) => {
        const runner = counting(() => ({ status: 'holds', margin: 1 }));
        const { state } = await runSearch(newState('all', seed, n), { runner, space: allSpace(), now: clock() });
        expect(runner.calls.length).toBe(n);
        expect(state.runs.length).toBe(n);
        expect(state.stop).toBe('runs');
      }),
      { numRuns: 15 },
    );
  });

  test('--budget-seconds S stops at the first check past S (each fake experiment takes 1 s)', async () => {
    let t = 0;
    const runner = counting(() => {
      t += 1000;
      return { status: 'holds', margin: 1 };
    });
    const { state } = await runSearch(newState('all', 3, 1000, 5.5), { runner, space: allSpace(), now: () => t });
    expect(runner.calls.length).toBe(6);
    expect(state.stop).toBe('seconds');
    expect(state.elapsedSeconds).toBe(6);
  });

  test('the budget is counted over sessions: a resumed search gets only what is left', async () => {
    let t = 0;
    const runner = counting(() => {
      t += 1000;
      return { status: 'holds', margin: 1 };
    });
    const first = await runSearch(newState('all', 3, 4, 100), { runner, space: allSpace(), now: () => t });
    expect(first.state.runs.length).toBe(4);
    const resumed = roundTrip(first.state);
    resumed.budget.runs = 100;
    resumed.budget.seconds = 7;
    const second = await runSearch(resumed, { runner, space: allSpace(), now: () => t });
    expect(second.state.runs.length).toBe(7);
    expect(second.state.stop).toBe('seconds');
    expect(second.state.sessions).toBe(2);
  });
});

describe('resume and interrupt', () => {
  /** The recorded course of a search, for comparing two of them. */
  const course = (s: SearchState) => s.runs.map((r) => [r.phase, r.origin, regimeKey(r.regime), r.status]);

  test('stopping by budget at any point and resuming from disk gives the uninterrupted search, running nothing twice', async () => {
    await fc.assert(
      fc.asyncProperty(seeds(), fc.integer({ min: 1, max: 80 }), async (seed, cut) => {
        const full = await runSearch(newState('all', seed, 5000), { runner: counting(denseRobust), space: allSpace(), now: clock() });
        fc.pre(cut < full.state.runs.length);
        const first = await runSearch(newState('all', seed, cut), { runner: counting(denseRobust), space: allSpace(), now: clock() });
        const resumed = roundTrip(first.state);
        resumed.budget.runs = 5000;
        const runner = counting(denseRobust);
        const second = await runSearch(resumed, { runner, space: allSpace(), now: clock() });
        expect(course(second.state)).toEqual(course(full.state));
        expect(second.state.counterexample).toEqual(full.state.counterexample);
        expect(runner.calls.length).toBe(full.state.runs.length - cut);
        // The results a report needs survive the trip to disk.
        expect(second.results.get(counterexampleRun(second.state)!)).toBe(full.results.get(counterexampleRun(full.state)!));
      }),
      { numRuns: 12 },
    );
  });

  test('an interruption stops after the running experiment, persists the state, and resuming finishes the same search', async () => {
    await fc.assert(
      fc.asyncProperty(seeds(), fc.integer({ min: 1, max: 60 }), async (seed, at) => {
        const full = await runSearch(newState('all', seed, 5000), { runner: counting(denseRobust), space: allSpace(), now: clock() });
        fc.pre(at <= full.state.runs.length);
        const controller = new AbortController();
        let saved: string | null = null;
        let calls = 0;
        const runner: ExperimentRunner<string> = async (r, { signal }) => {
          if (++calls === at) {
            controller.abort();
            expect(signal?.aborted).toBe(true);
            return { status: 'interrupted', margin: NaN, result: 'partial' };
          }
          return denseRobust(r);
        };
        const deps: SearchDeps<string> = {
          runner,
          space: allSpace(),
          now: clock(),
          signal: controller.signal,
          persist: async (s) => void (saved = serializeState(s)),
        };
        const cut = await runSearch(newState('all', seed, 5000), deps);
        expect(cut.state.stop).toBe('interrupted');
        expect(cut.state.runs.length).toBe(at - 1);
        expect(cut.partial?.result).toBe('partial');
        expect(saved).not.toBeNull();
        const again = await runSearch(parseState(saved!, 'saved'), { runner: counting(denseRobust), space: allSpace(), now: clock() });
        expect(course(again.state)).toEqual(course(full.state));
      }),
      { numRuns: 10 },
    );
  });

  test('a search aborted before it starts runs nothing and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const runner = counting(denseRobust);
    const { state } = await runSearch(newState('all', 1, 100), { runner, space: allSpace(), signal: controller.signal, now: clock() });
    expect(runner.calls.length).toBe(0);
    expect(state.stop).toBe('interrupted');
  });
});

describe('faults', () => {
  test('an experiment that throws is recorded as an error, never climbed from, and the search goes on', async () => {
    const runner = counting((r) => {
      if (r.d % 2 === 1) throw new Error('wasm abort\n' + 'x'.repeat(5000));
      return denseRobust(r);
    });
    const { state } = await runSearch(newState('all', fastCheckSeed(), 400), { runner, space: allSpace(), now: clock() });
    const errors = state.runs.filter((r) => r.status === 'error');
    for (const e of errors) {
      expect(e.detail).toBe('wasm abort');
      expect(e.score.tier).toBe(3);
    }
    const starts = new Set(state.climb.starts);
    for (const e of errors) expect(starts.has(e.index)).toBe(false);
    expect(state.runs.length).toBeGreaterThan(errors.length);
  });
});
