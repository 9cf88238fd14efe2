/**
 * Semantics check of the row-space adversarial step along a real trajectory. AT on paper-small is
 * chaotic in float32 (a 1e-7 change of one weight of W0 changes the final Λ, Γ), so final values
 * cannot show that two implementations agree; one-step agreement along the trajectory can. Trains
 * AT with `adversarialStep` (row-space, what train() uses) and, every `every` steps, also takes the
 * direct step (`adversarialStepDirect`, attack on the materialised δ) from the same W, and reports
 * the relative difference of the updated weights and of the loss.
 * `tsx bench/equivalence.ts [seed] [T] [every]` → one JSON line.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/select.js';
import { prepareRun } from '../src/experiment/prepare.js';
import { makeRunTensors } from '../src/model/tensors.js';
import { adversarialStep, adversarialStepDirect, trainingAttack } from '../src/train/train.js';
import { paperSmallRegime } from './shapes.js';

async function main() {
  const seed = Number(process.argv[2] ?? 0);
  const T = Number(process.argv[3] ?? 600);
  const every = Number(process.argv[4] ?? 10);
  const info = await initBackend();
  const regime = { ...paperSmallRegime(), seed };
  const p = prepareRun(regime);
  const t = makeRunTensors(regime, p.features, p.train, p.test);
  let W = tf.tensor2d(p.W0, [regime.k * regime.m, regime.d]);
  const spec = trainingAttack(regime);
  const rel: number[] = [];
  const lossDiff: number[] = [];
  for (let step = 0; step < T; step++) {
    const fast = adversarialStep(t.train.X2, t.train.Y, W, t.net, regime.eta, spec, null, true);
    if (step % every === 0) {
      const slow = adversarialStepDirect(t.train.X2, t.train.Y, W, t.net, regime.eta, spec, null);
      const r = tf.tidy(() => tf.div(tf.norm(tf.sub(fast.Wn, slow.Wn)), tf.norm(tf.sub(slow.Wn, W))).dataSync()[0]);
      rel.push(r);
      lossDiff.push(Math.abs(fast.check.dataSync()[0] - slow.check.dataSync()[0]));
      tf.dispose([slow.Wn, slow.check]);
    }
    fast.check.dispose();
    W.dispose();
    W = fast.Wn;
  }
  const sorted = [...rel].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      seed,
      T,
      every,
      backend: info.name,
      what: 'relative difference of the weight update ‖ΔW_rowspace − ΔW_direct‖/‖ΔW_direct‖ from the same W, along the row-space AT trajectory',
      updateRelDiff: { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], samples: sorted.length },
      lossAbsDiffMax: Math.max(...lossDiff),
    }),
  );
}
main().catch((e) => {
  console.error('error:', e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e).slice(0, 300));
  process.exit(1);
});
