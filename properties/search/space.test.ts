/**
 * Search spaces (src/search/space.ts, climb.ts, shrink.ts, repairs.ts), without running anything.
 * Guarantees: the random phase is a pure function of (seed, index); every regime the `in` space
 * draws, every climbing neighbour and every shrink candidate stays inside A1–A8 and passes the
 * scenario validator, and in the `all` space stays valid; shrink candidates always cost less; each
 * assumption repair makes its assumption hold, and the all-at-once repair makes A2–A8 hold.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { anyRegime, scenarioObjectOf } from '../../src/regime/arbitraries.js';
import { checkAssumptions } from '../../src/regime/assumptions.js';
import { checkScenario } from '../../src/regime/load.js';
import type { Regime, SeededRegime } from '../../src/regime/types.js';
import { allMoves, applyMove } from '../../src/search/climb.js';
import { compareCost, costOf } from '../../src/search/cost.js';
import { randomRegime } from '../../src/search/random.js';
import { REPAIRS } from '../../src/search/repairs.js';
import { viableCandidates } from '../../src/search/shrink.js';
import { allSpace, CHEAP_ALL_RANGES, inSpace, type SearchSpace } from '../../src/search/space.js';

const spaces: [string, SearchSpace][] = [
  ['in', inSpace()],
  ['all', allSpace()],
];
const seed = () => fc.integer({ min: 0, max: 2 ** 31 - 1 });
const index = () => fc.integer({ min: 0, max: 10_000 });

function invalid(space: SearchSpace, r: Regime): string[] {
  const out = checkScenario(scenarioObjectOf(r)).issues.map((i) => i.message);
  if (space.name === 'in')
    out.push(
      ...checkAssumptions(r)
        .filter((a) => !a.holds)
        .map((a) => a.detail),
    );
  return out;
}

describe.each(spaces)('the %s space', (_name, space) => {
  test('random regimes are a pure function of (seed, index) and belong to the space', () => {
    fc.assert(
      fc.property(seed(), index(), (s, i) => {
        const r = randomRegime(space, s, i);
        expect(randomRegime(space, s, i)).toEqual(r);
        expect(invalid(space, r)).toEqual([]);
        expect(space.rejects(r)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  test('every climbing neighbour belongs to the space and keeps the experiment seed', () => {
    const moves = allMoves(space);
    fc.assert(
      fc.property(seed(), index(), fc.constantFrom(...moves), fc.constantFrom(0.5, 1, 2, 8), (s, i, move, scale) => {
        const r = randomRegime(space, s, i);
        const next = applyMove(space, r, { ...move, scale });
        if (next === null) return;
        expect(invalid(space, next)).toEqual([]);
        expect(next.seed).toBe(r.seed);
        expect(next).not.toEqual(r);
      }),
      { numRuns: 400 },
    );
  });

  test('every viable shrink candidate belongs to the space and costs less', () => {
    fc.assert(
      fc.property(seed(), index(), (s, i) => {
        const r = randomRegime(space, s, i);
        for (let step = 0; step < space.shrinkSteps.length; step++) {
          for (const c of viableCandidates(space, r, step)) {
            expect(invalid(space, c)).toEqual([]);
            expect(compareCost(costOf(c), costOf(r))).toBeLessThan(0);
            expect(c.seed).toBe(r.seed);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('assumption repairs', () => {
  const holdsAfter = (r: Regime, id: string) => checkAssumptions(r).find((a) => a.id === id)!.holds;
  const regimes = fc.oneof(anyRegime(CHEAP_ALL_RANGES), anyRegime());

  test('the all-at-once repair makes A2–A8 hold and leaves A1 as it was', () => {
    fc.assert(
      fc.property(regimes, (r) => {
        const x = REPAIRS[0]!.apply(r);
        if (x === null) {
          expect(
            checkAssumptions(r)
              .slice(2)
              .every((a) => a.holds),
          ).toBe(true);
          return;
        }
        expect(
          checkAssumptions(x)
            .slice(2)
            .filter((a) => !a.holds)
            .map((a) => a.detail),
        ).toEqual([]);
        expect(checkScenario(scenarioObjectOf(x)).issues).toEqual([]);
        expect({ sR: x.sR, sNR: x.sNR }).toEqual({ sR: r.sR, sNR: r.sNR });
      }),
      { numRuns: 300 },
    );
  });

  test('each single repair applies only to a violated assumption and makes it hold', () => {
    const single = REPAIRS.filter((rep) => /^A[1-8]: /.test(rep.id) && !/^A7: (K|stepSize|randomStart|norm) /.test(rep.id));
    fc.assert(
      fc.property(regimes, fc.constantFrom(...single), (r, rep) => {
        const id = rep.id.slice(0, 2);
        const x = rep.apply(r);
        if (holdsAfter(r, id)) expect(x).toBeNull();
        else if (x !== null) expect(holdsAfter(x, id), `${rep.id} on ${JSON.stringify(r)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('lowering eta keeps eta·T, the training time', () => {
    const a8 = REPAIRS.find((rep) => rep.id.startsWith('A8'))!;
    fc.assert(
      fc.property(anyRegime({ eta: [0.031, 1], T: [10, 300] }), (r) => {
        const x = a8.apply(r as SeededRegime)!;
        expect(x.eta).toBe(0.03);
        expect(x.eta * x.T).toBeGreaterThanOrEqual(r.eta * r.T - 1e-9);
        expect(x.eta * x.T).toBeLessThan(r.eta * r.T + 0.03 + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});
