/**
 * A measurement script (not a test): the size and power of the random-start goodness-of-fit family
 * (properties/helpers/goodnessOfFit.ts). For each configuration it draws `--reps` starts from seeds
 * seed-start… and counts how often the family rejects (any test with p < ALPHA), for the real
 * random start and for each wrong start, with the tests that rejected.
 *
 *   npx tsx properties/helpers/randomStartPower.ts --reps 200 --seed-start 100
 *   npx tsx properties/helpers/randomStartPower.ts --reps 200 --seed-start 100 --only good
 *
 * Measured (WASM, float32, 200 seeds from 100): the real start is rejected in 11/1200 draws; on the
 * sphere and radius eps·U in 200/200 for every configuration; reused draws 200/200; cube directions
 * 200/200 at D = 12, 16 and 34/200 at D = 2 (output: properties/measurements/random-start-power-seeds100-299.txt).
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/backend/select.js';
import { createStreams } from '../../src/random/rng.js';
import { ALPHA, gofTests, unitVector, wrongStarts, type StartFn } from './goodnessOfFit.js';
import { START_CONFIGS, dimensionOf, realStart } from './randomStartConfigs.js';

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '20' }, 'seed-start': { type: 'string', default: '100' }, only: { type: 'string' } },
});
const reps = Number(values.reps);
const seedStart = Number(values['seed-start']);
if (!Number.isSafeInteger(reps) || reps < 1) throw new Error(`--reps = "${values.reps}" must be an integer ≥ 1`);
const backend = await initBackend(undefined);
const t0 = performance.now();
console.log(
  `ALPHA = ${ALPHA} per test, 6 tests; reps ${reps}, seeds ${seedStart}…${seedStart + reps - 1}; backend ${backend.name} float32`,
);
for (const c of START_CONFIGS) {
  const starts: Record<string, StartFn> = { good: realStart, ...wrongStarts(realStart) };
  if (c.ball.norm === 'linf') delete starts.cubeDirections; // the cube is the right law for linf
  const cells: string[] = [];
  for (const [name, fn] of Object.entries(starts)) {
    if (values.only && values.only !== name) continue;
    let rejected = 0;
    const by: Record<string, number> = {};
    for (let r = 0; r < reps; r++) {
      const s = createStreams(seedStart + r);
      const res = gofTests(fn(c.rows, c.d, c.ball, s.evalPgd), c.rows, c.d, c.ball, unitVector(dimensionOf(c), s.features));
      if (res.rejected.length > 0) rejected++;
      for (const t of res.rejected) by[t] = (by[t] ?? 0) + 1;
    }
    cells.push(`${name} ${rejected}/${reps} ${JSON.stringify(by)}`);
  }
  console.log(`${c.name}: ${cells.join(' | ')}`);
}
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
