/**
 * Stability of the cheap conformance checks over case seeds (docs/conformance.md, "Measured"):
 * - every mutant of the suite and every held-out bug, at each seed: caught or not (checks run one at a
 *   time in a fixed order and stop at the first that fails, so a seed costs little once caught);
 * - correct trainers at each seed, every check: our reference and the example (which must pass at
 *   every seed), and, as false-alarm controls that were not used to set the tolerances, the
 *   independent float64 port and the float64 example run with the tolerances' inputs unchanged.
 *
 * Usage: tsx bench/conformance-stability.ts [--seeds 0-19] [--out bench/results/conformance-stability.json] [--correct-only]
 */
import { loadavg } from 'node:os';
import { initBackend } from '../src/backend/select.js';
import { CHEAP_CHECKS, checkTrainer, HELD_OUT_MUTANTS, MUTANTS, referenceTrainer, type Trainer } from '../src/conformance/index.js';
import { portControl } from '../src/conformance/heldout/index.js';
import { variantTrainer } from '../src/conformance/mutants/_internals/variantTrainer.js';
import { writeJsonAtomic } from '../src/io/atomicWrite.js';
import { myTrainer } from '../examples/my-trainer.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const [lo, hi] = arg('--seeds', '0-19').split('-').map(Number);
const out = arg('--out', 'bench/results/conformance-stability.json');
const backend = await initBackend();
const t0 = performance.now();
const seeds = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The first check (in the order below) that fails, or null. */
async function firstCatch(trainer: Trainer, seed: number): Promise<string | null> {
  const order = [
    'attack.start',
    'attack.start-distribution',
    'attack.zero-budget',
    'attack.zero-gradient',
    'attack.budget',
    'update.reference',
    'attack.step-rule',
    'attack.small-gradient',
    'trainer.fresh-weights',
    'attack.last-iterate',
  ];
  const ids = [...order, ...CHEAP_CHECKS.map((c) => c.id).filter((id) => !order.includes(id))];
  for (const id of ids) {
    const r = await checkTrainer(trainer, { only: [id], seed });
    if (!r.passed) return id;
  }
  return null;
}

const mutants: Record<string, { set: string; caught: number; missedAt: number[]; firstCatch: Record<string, number> }> = {};
const sets = args.includes('--correct-only')
  ? []
  : ([
      ['suite', MUTANTS],
      ['held-out', HELD_OUT_MUTANTS],
    ] as const);
for (const [set, list] of sets) {
  for (const m of list) {
    const row = { set, caught: 0, missedAt: [] as number[], firstCatch: {} as Record<string, number> };
    for (const seed of seeds) {
      const id = await firstCatch(m.make(), seed);
      if (id === null) row.missedAt.push(seed);
      else {
        row.caught++;
        row.firstCatch[id] = (row.firstCatch[id] ?? 0) + 1;
      }
    }
    mutants[m.id] = row;
    console.log(
      `${set.padEnd(8)} ${m.id.padEnd(30)} caught at ${row.caught}/${seeds.length}${row.missedAt.length ? ` (missed at ${row.missedAt.join(', ')})` : ''}`,
    );
  }
}

const correct: Record<string, { role: string; passed: number; failures: { seed: number; failed: string[] }[] }> = {};
const controls: [string, () => Trainer][] = [
  ['must pass', () => referenceTrainer],
  ['must pass', () => myTrainer],
  ['false-alarm control (independent float64 port, not used for tolerances)', () => portControl()],
  ['false-alarm control (tfjs, built through the mutants’ seams)', () => variantTrainer('control: every seam correct', {})],
];
for (const [role, make] of controls) {
  const trainer = make();
  const row = { role, passed: 0, failures: [] as { seed: number; failed: string[] }[] };
  for (const seed of seeds) {
    const r = await checkTrainer(make(), { only: ['invariant', 'reference'], seed });
    if (r.passed) row.passed++;
    else row.failures.push({ seed, failed: r.failed });
  }
  correct[trainer.name] = row;
  console.log(`${trainer.name.padEnd(36)} passes at ${row.passed}/${seeds.length} (${role})`);
}

const report = {
  measured: new Date().toISOString(),
  backend: `${backend.name} (${backend.precision})`,
  caseSeeds: `${lo}-${hi}`,
  loadAverageAtEnd: loadavg()[0],
  seconds: (performance.now() - t0) / 1000,
  mutants,
  correct,
};
await writeJsonAtomic(out, report);
console.log(`done in ${report.seconds.toFixed(0)} s on ${report.backend}; load average ${report.loadAverageAtEnd.toFixed(1)}`);
