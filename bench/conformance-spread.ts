/**
 * The float32 spread of correct implementations on the conformance cases, from which the
 * conformance tolerances are derived (docs/conformance.md, "Tolerances"). For every yardstick
 * backend (the backend our checks compute their reference on) it runs the cheap checks on correct
 * float32 trainers computed elsewhere: our reference on each other tfjs backend, and a NumPy float32
 * peer (bench/peers/conformance_trainer.py). Each check's measured deviation is the spread between
 * two correct float32 implementations; the largest per tolerance is what the defaults are set from.
 *
 * Usage: tsx bench/conformance-spread.ts [--seeds 0-9] [--out bench/results/conformance-spread.json]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/select.js';
import { checkTrainer, referenceTrainer, type Trainer } from '../src/conformance/index.js';
import { writeJsonAtomic } from '../src/io/atomicWrite.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const [lo, hi] = arg('--seeds', '0-9').split('-').map(Number);
const out = arg('--out', 'bench/results/conformance-spread.json');

/** Our reference computed on `backend`, whatever the active backend is (switches around each call). */
function referenceOn(backend: string): Trainer {
  const around = async <T>(fn: () => T): Promise<T> => {
    const before = tf.getBackend();
    await tf.setBackend(backend);
    try {
      return fn();
    } finally {
      await tf.setBackend(before);
    }
  };
  return {
    name: `reference on ${backend}`,
    attack: (input) => around(() => referenceTrainer.attack(input) as Float32Array),
    update: (input) => around(() => referenceTrainer.update(input) as Float32Array),
  };
}

/** The NumPy float32 peer behind the Trainer interface, one subprocess, one JSON line per call. */
function numpyPeer(): Trainer & { close(): void } {
  const child = spawn('python3', ['bench/peers/conformance_trainer.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pending: ((v: Float32Array) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => pending.shift()!(Float32Array.from(JSON.parse(line).out as number[])));
  const call = (method: string, input: object) =>
    new Promise<Float32Array>((resolve) => {
      pending.push(resolve);
      const plain = Object.fromEntries(
        Object.entries(input).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v]),
      );
      child.stdin.write(JSON.stringify({ method, ...plain }) + '\n');
    });
  return { name: 'NumPy float32 peer', attack: (i) => call('attack', i), update: (i) => call('update', i), close: () => child.stdin.end() };
}

/** Which tolerance each measured condition is a spread for (check id → condition index → tolerance). */
const METRICS: Record<string, (string | null)[]> = {
  'attack.budget': ['budget', 'budget', 'budget'],
  'attack.start': ['budget', null, null],
  'attack.step-rule': ['stepRule', 'stepRule', 'stepRule'],
  'attack.last-iterate': [null, 'stepRule'],
  'trainer.fresh-weights': ['stepRule', 'update'],
  'attack.small-gradient': ['fullStep', 'fullStep', null],
  'update.reference': ['update', 'update'],
  'attack.zero-budget': [null, 'update'],
  'labels.aligned': ['equivariance', 'equivariance', 'equivariance'],
  'attack.seeded': ['seeded'],
};
/** Conditions whose value is 1 + spread (a ratio to eps). */
const RATIO = new Set(['attack.budget', 'attack.start']);

interface Worst {
  value: number;
  where: string;
}

const backends = ['wasm', 'cpu'];
try {
  await import('@tensorflow/tfjs-node' as string);
  backends.unshift('tensorflow');
} catch {
  // not installed: measured on the backends that are
}
const worst: Record<string, Worst> = {};
const peer = numpyPeer();
const t0 = performance.now();
for (const yardstick of backends) {
  await initBackend(yardstick as never);
  await tf.setBackend(yardstick);
  const trainers: Trainer[] = [...backends.filter((b) => b !== yardstick).map(referenceOn), peer];
  for (const trainer of trainers) {
    for (let seed = lo; seed <= hi; seed++) {
      const result = await checkTrainer(trainer, { only: ['invariant', 'reference'], seed });
      for (const v of result.verdicts) {
        const keys = METRICS[v.id];
        if (!keys) continue;
        v.conditions.forEach((c, i) => {
          const key = keys[i];
          if (!key) return;
          const value = RATIO.has(v.id) ? c.value - 1 : c.value;
          if (!(key in worst) || !(value <= worst[key].value))
            worst[key] = { value, where: `${trainer.name} vs reference on ${yardstick}, case seed ${seed}, ${v.id}: ${c.name}` };
        });
      }
      console.log(
        `${trainer.name.padEnd(22)} vs ${yardstick.padEnd(10)} seed ${seed}: ${result.passed ? 'passes' : `fails ${result.failed.join(', ')}`}`,
      );
    }
  }
}
peer.close();
const report = {
  measured: new Date().toISOString(),
  backends,
  caseSeeds: `${lo}-${hi}`,
  note: 'largest deviation between two correct float32 implementations, per tolerance; precision float32',
  seconds: (performance.now() - t0) / 1000,
  spread: worst,
};
await writeJsonAtomic(out, report);
console.log(JSON.stringify(report, null, 2));
