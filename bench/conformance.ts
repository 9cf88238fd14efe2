/**
 * Bench entry: wall time of the cheap conformance checks (every invariant and reference check, no
 * claims) on our reference trainer and on the plain-TypeScript float64 example trainer, in the
 * default profile, at one case seed. The target is ≤ 10 s per trainer on 2 cores. Prints the
 * backend, its precision, the CPU count and the load average beside each figure, because the
 * machine it runs on may be shared.
 *
 * Usage: npm run bench:conformance -- [--seed 0] [--repeat 3]
 */
import { availableParallelism, loadavg } from 'node:os';
import { initBackend } from '../src/backend/select.js';
import { checkTrainer, referenceTrainer, type Trainer } from '../src/conformance/index.js';
import { myTrainer } from '../examples/my-trainer.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const seed = Number(arg('--seed', '0'));
const repeat = Number(arg('--repeat', '3'));
const backend = await initBackend();
const trainers: Trainer[] = [referenceTrainer, myTrainer];
console.log(
  `conformance cheap checks, default profile, case seed ${seed}; backend ${backend.name} (${backend.precision}, ${backend.threads} thread(s)); ${availableParallelism()} CPUs`,
);
for (const trainer of trainers) {
  const times: number[] = [];
  let cases = 0;
  let passed = true;
  for (let r = 0; r < repeat; r++) {
    const result = await checkTrainer(trainer, { only: ['invariant', 'reference'], seed });
    times.push(result.seconds);
    cases = result.cases;
    passed &&= result.passed;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${trainer.name.padEnd(28)} ${cases} cases, ${passed ? 'passes' : 'FAILS'}: best ${sorted[0].toFixed(2)} s, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s of ${repeat} ` +
      `(target ≤ 10 s; load average ${loadavg()[0].toFixed(1)})`,
  );
}
