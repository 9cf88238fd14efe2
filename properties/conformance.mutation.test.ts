/**
 * Guarantees: `checkTrainer` catches every deliberately broken trainer of the mutation suite
 * (src/conformance/mutants, one realistic bug each) and passes our correct reference trainer, claims
 * included. The mutation score caught/total is printed with the checks that caught each mutant. The
 * cheap checks run first; the claim checks (which train networks) run for a mutant only where the
 * cheap ones missed it, and for every mutant in the full profile, to report what the paper's
 * claims alone would catch.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTrainer } from '../src/conformance/checkTrainer.js';
import { formatConformance } from '../src/conformance/format.js';
import { MUTANTS } from '../src/conformance/mutants/index.js';
import { variantTrainer } from '../src/conformance/mutants/_internals/variantTrainer.js';
import { referenceTrainer } from '../src/conformance/referenceTrainer.js';
import { backendForTests } from './helpers/engine.js';
import { profile } from './helpers/profile.js';

const full = profile().name === 'full';
const CHEAP = ['invariant', 'reference'] as const;

beforeAll(async () => {
  await backendForTests();
});

describe('conformance mutation score', () => {
  it('our reference trainer passes every check, the claims over seeds included', async () => {
    const result = await checkTrainer(referenceTrainer, { profile: profile().name });
    expect(result.passed, formatConformance(result)).toBe(true);
    expect(result.verdicts.map((v) => v.id)).toContain('claim.AT-3');
  });

  it('flags every mutant; prints caught/total and the checks that caught each', async () => {
    const rows: { id: string; cheap: string[]; claims: string[] | null; seconds: number }[] = [];
    for (const mutant of MUTANTS) {
      const t0 = performance.now();
      const cheap = await checkTrainer(mutant.make(), { only: CHEAP, profile: profile().name });
      const needClaims = cheap.passed || full;
      const claims = needClaims ? (await checkTrainer(mutant.make(), { only: ['claims'], profile: profile().name })).failed : null;
      rows.push({ id: mutant.id, cheap: cheap.failed, claims, seconds: (performance.now() - t0) / 1000 });
    }
    const caught = rows.filter((r) => r.cheap.length > 0 || (r.claims?.length ?? 0) > 0);
    const lines = rows.map(
      (r) =>
        `${r.cheap.length + (r.claims?.length ?? 0) > 0 ? 'caught  ' : 'SURVIVED'} ${r.id.padEnd(22)} ` +
        `cheap: ${r.cheap.join(', ') || '—'}` +
        (r.claims === null ? '' : ` | claims: ${r.claims.join(', ') || '—'}`) +
        ` (${r.seconds.toFixed(1)} s)`,
    );
    console.log(`[provably] mutation score ${caught.length}/${rows.length} (${profile().name} profile)\n${lines.join('\n')}`);
    expect(caught.length, lines.join('\n')).toBe(MUTANTS.length);
  });

  it('on any generated case set, the cheap checks pass the reference and a control built like the mutants, and flag every mutant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        for (const trainer of [referenceTrainer, variantTrainer('control: every seam correct', {})]) {
          const result = await checkTrainer(trainer, { only: CHEAP, seed });
          expect(result.passed, formatConformance(result)).toBe(true);
        }
        for (const mutant of MUTANTS) {
          const result = await checkTrainer(mutant.make(), { only: CHEAP, seed });
          expect(result.failed.length, `${mutant.id} survived the cheap checks at case seed ${seed}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: full ? 10 : 2 },
    );
  });
});
