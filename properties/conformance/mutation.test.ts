/**
 * Guarantees: `checkTrainer` catches every deliberately broken trainer of the mutation suite
 * (src/conformance/mutants, one realistic bug each) and every held-out bug (src/conformance/heldout,
 * written before the checks that target them, scored separately), and passes our correct reference
 * trainer, claims included. Each suite mutant behaves differently from the control it was made from
 * (an equivalent mutant is not a mutant). The mutation table (mutant → the checks that caught it)
 * is written to reports/conformance-mutation.md, and printed only when a mutant survives.
 */
import { mkdirSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTrainer } from '../../src/conformance/checkTrainer.js';
import { formatConformance } from '../../src/conformance/format.js';
import { HELD_OUT_MUTANTS } from '../../src/conformance/heldout/index.js';
import { MUTANTS, type Mutant } from '../../src/conformance/mutants/index.js';
import { variantTrainer } from '../../src/conformance/mutants/_internals/variantTrainer.js';
import { referenceTrainer } from '../../src/conformance/referenceTrainer.js';
import { writeFileAtomic } from '../../src/io/atomicWrite.js';
import { backendForTests } from '../helpers/engine.js';
import { probeDistances } from '../helpers/mutantProbes.js';
import { testBudget } from '../helpers/testRun.js';

const full = testBudget().profile === 'full';
const CHEAP = ['invariant', 'reference'] as const;
const TABLE = 'reports/conformance-mutation.md';

beforeAll(async () => {
  await backendForTests();
});

interface Row {
  set: string;
  id: string;
  bug: string;
  cheap: string[];
  claims: string[] | null;
  seconds: number;
}

/** Cheap checks on every mutant; the claims where the cheap ones missed it (and for every mutant in the full profile). */
async function score(set: string, mutants: readonly Mutant[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mutant of mutants) {
    const t0 = performance.now();
    const cheap = await checkTrainer(mutant.make(), { only: CHEAP, profile: testBudget().profile });
    const claims =
      cheap.passed || full ? (await checkTrainer(mutant.make(), { only: ['claims'], profile: testBudget().profile })).failed : null;
    rows.push({ set, id: mutant.id, bug: mutant.bug, cheap: cheap.failed, claims, seconds: (performance.now() - t0) / 1000 });
  }
  return rows;
}

const caught = (r: Row) => r.cheap.length > 0 || (r.claims?.length ?? 0) > 0;

function table(rows: readonly Row[]): string {
  const lines = rows.map(
    (r) =>
      `| ${r.set} | \`${r.id}\` | ${caught(r) ? 'caught' : '**SURVIVED**'} | ${r.cheap.join(', ') || '—'} | ${r.claims === null ? 'not run' : r.claims.join(', ') || '—'} | ${r.seconds.toFixed(1)} |`,
  );
  const score = (set: string) => `${rows.filter((r) => r.set === set && caught(r)).length}/${rows.filter((r) => r.set === set).length}`;
  return [
    `# Conformance mutation table (${testBudget().profile} profile, case seed 0)`,
    '',
    `Suite ${score('suite')}, held-out ${score('held-out')}.`,
    '',
    '| set | mutant | result | cheap checks that caught it | claims that failed | s |',
    '|---|---|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
}

describe('conformance mutation score', () => {
  it('our reference trainer passes every check, the claims over seeds included', async () => {
    const result = await checkTrainer(referenceTrainer, { profile: testBudget().profile });
    expect(result.passed, formatConformance(result)).toBe(true);
    expect(result.verdicts.map((v) => v.id)).toContain('claim.AT-3');
  });

  it(`flags every mutant of the suite and every held-out bug (scored separately); writes the table to ${TABLE}`, async () => {
    const rows = [...(await score('suite', MUTANTS)), ...(await score('held-out', HELD_OUT_MUTANTS))];
    const text = table(rows);
    mkdirSync('reports', { recursive: true });
    await writeFileAtomic(TABLE, text);
    expect(
      rows.filter((r) => !caught(r)).map((r) => r.id),
      text,
    ).toEqual([]);
  });

  it.each(MUTANTS.map((m) => [m.id, m] as const))(
    'suite mutant %s behaves differently from the control built through the same seams',
    async (_id, mutant) => {
      const results = await probeDistances(mutant.make(), variantTrainer('control', {}));
      expect(
        results.some((r) => r.distance > r.threshold),
        `${mutant.id} is equivalent on every probe:\n${results.map((r) => `${r.probe}: ${r.distance}`).join('\n')}`,
      ).toBe(true);
    },
  );

  it('on any generated case set, the cheap checks pass the reference and a control built like the mutants, and flag every mutant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        for (const trainer of [referenceTrainer, variantTrainer('control: every seam correct', {})]) {
          const result = await checkTrainer(trainer, { only: CHEAP, seed });
          expect(result.passed, formatConformance(result)).toBe(true);
        }
        for (const mutant of [...MUTANTS, ...HELD_OUT_MUTANTS]) {
          const result = await checkTrainer(mutant.make(), { only: CHEAP, seed });
          expect(result.failed.length, `${mutant.id} survived the cheap checks at case seed ${seed}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: full ? 10 : 1 },
    );
  }, 1_200_000);
});
