/**
 * A measurement script (not a test): the mean test-loss gain over the clean loss of the PGD
 * evaluation, of a random start without ascent steps, and of δ = 0, on networks trained by standard
 * training (properties/helpers/pgdGain.ts), per norm. The margins of
 * properties/attack/pgdRaisesLoss.test.ts were chosen from its output.
 *
 *   npx tsx properties/helpers/pgdGainRates.ts --seeds 130 --seed-start 1
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { pgdBestIterate, type AttackSpec } from '../../src/attack/pgd.js';
import { initBackend } from '../../src/backend/select.js';
import { forwardBackward } from '../../src/model/network.js';
import { createStreams } from '../../src/random/rng.js';
import type { PerturbationNorm } from '../../src/regime/types.js';
import { lossGain, pgdProblem, type BestIterateFn } from './pgdGain.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '30' }, 'seed-start': { type: 'string', default: '1' } } });
const count = Number(values.seeds);
const first = Number(values['seed-start']);
if (!Number.isSafeInteger(count) || count < 1) throw new Error(`--seeds = "${values.seeds}" must be an integer ≥ 1`);
const backend = await initBackend(undefined);
const zero: BestIterateFn = (X2, W, Y, c) =>
  tf.tidy(() => {
    const { F, loss } = forwardBackward(X2, W, Y, c);
    return { delta: tf.zerosLike(X2) as tf.Tensor2D, loss, logits: F };
  });
const randomOnly: BestIterateFn = (X2, W, Y, c, spec, rng) => pgdBestIterate(X2, W, Y, c, { ...spec, steps: 0 }, rng);
const norms: PerturbationNorm[] = ['patch-l2', 'l2', 'linf'];
const stats = Object.fromEntries(norms.map((n) => [n, { pgdMin: Infinity, randomMax: -Infinity, zeroMax: -Infinity }]));
let accMin = Infinity;
for (let seed = first; seed < first + count; seed++) {
  const problem = await pgdProblem(seed);
  accMin = Math.min(accMin, problem.testAcc);
  const cells: string[] = [];
  for (const norm of norms) {
    const { regime, W, t } = problem.at(norm);
    const spec: AttackSpec = {
      norm,
      eps: regime.eps,
      P: regime.P,
      steps: regime.evalSteps,
      stepSize: regime.evalStepSize,
      randomStart: true,
    };
    const g = lossGain(pgdBestIterate, W, t, spec, createStreams(seed).evalPgd).gain;
    const r = lossGain(randomOnly, W, t, spec, createStreams(seed).evalPgd).gain;
    const z = lossGain(zero, W, t, spec, createStreams(seed).evalPgd).gain;
    const s = stats[norm];
    s.pgdMin = Math.min(s.pgdMin, g);
    s.randomMax = Math.max(s.randomMax, r);
    s.zeroMax = Math.max(s.zeroMax, z);
    cells.push(`${norm} pgd ${g.toFixed(3)} random ${r.toFixed(3)} zero ${z}`);
  }
  console.log(`seed ${seed}: acc ${problem.testAcc.toFixed(2)} | ${cells.join(' | ')}`);
  problem.dispose();
}
console.log(`seeds ${first}…${first + count - 1}, backend ${backend.name} float32; min test acc ${accMin.toFixed(2)}`);
for (const n of norms)
  console.log(
    `${n}: PGD gain ≥ ${stats[n].pgdMin.toFixed(3)}, random start alone ≤ ${stats[n].randomMax.toFixed(3)}, δ = 0 ≤ ${stats[n].zeroMax}`,
  );
