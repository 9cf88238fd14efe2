/**
 * `npm run bench -- --crossover [--rounds N]`: steps/s of native (tfjs-node, TensorFlow's default
 * threads) against wasm (its default, 1 thread) over a ladder of shapes (bench/shapes.ts
 * CROSSOVER_LADDER), interleaved rounds, and the FLOPs per step at which native becomes faster.
 * Writes src/backend/crossover.json (what `--backend fastest` reads) and
 * bench/results/crossover-<date>-<host>.json (every measurement), each temp-file-then-rename.
 *
 * FLOPs per step = 2F = 4·n·P·d·k·m (n = the training batch): the two `[n·P, d]`-sized products of a
 * standard step; the row-space adversarial step executes the same two plus small products. The
 * quantity compared is the time of one standard plus one adversarial step (K = 1), as a verify run
 * trains both; per-kind crossovers are recorded beside it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CROSSOVER_K, CROSSOVER_LADDER } from './shapes.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

interface Point {
  shape: string;
  backend: string;
  round: number;
  flopsPerStep: number;
  standard: { best: number; median: number };
  adversarial: { best: number; median: number };
}

export interface Crossing {
  /** FLOPs per step where native's time equals wasm's (log-log interpolation), or null. */
  flops: number | null;
  /** How it was found. */
  how: string;
}

/**
 * The FLOPs per step above which native is faster at every measured shape: the crossing of
 * ratio = wasm time ÷ native time through 1, interpolated in log FLOPs and log ratio between the
 * last shape where wasm was faster and the next.
 */
export function crossing(points: { flops: number; ratio: number }[]): Crossing {
  const p = [...points].sort((a, b) => a.flops - b.flops);
  if (!p.length) return { flops: null, how: 'no measurements' };
  let i = p.length;
  while (i > 0 && p[i - 1].ratio >= 1) i--;
  if (i === p.length)
    return {
      flops: null,
      how: `native is not faster at the largest shape measured (${p[p.length - 1].flops.toExponential(2)} FLOPs per step)`,
    };
  if (i === 0)
    return {
      flops: p[0].flops,
      how: `native is faster at every shape measured, down to the smallest (${p[0].flops.toExponential(2)} FLOPs per step): the crossover is at or below it`,
    };
  const a = p[i - 1];
  const b = p[i];
  const t = (0 - Math.log(a.ratio)) / (Math.log(b.ratio) - Math.log(a.ratio));
  const flops = Math.exp(Math.log(a.flops) + t * (Math.log(b.flops) - Math.log(a.flops)));
  return {
    flops,
    how: `interpolated between ${a.flops.toExponential(2)} (native ${a.ratio.toFixed(2)}× wasm) and ${b.flops.toExponential(2)} (native ${b.ratio.toFixed(2)}× wasm) FLOPs per step`,
  };
}

function run(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) =>
    execFile(tsx, argv, { env, cwd: root, maxBuffer: 16 * 2 ** 20, timeout: 1_800_000 }, (_e, stdout) => resolve(String(stdout))),
  );
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export async function runCrossover(
  rounds: number,
  budgetMs: number,
  command: string,
  libtensorflow: string | null,
  cpuName: string,
): Promise<void> {
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
  const points: Point[] = [];
  const errors: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const backend of round % 2 ? ['tensorflow', 'wasm'] : ['wasm', 'tensorflow']) {
      const out = await run([join(here, 'crossoverWorker.ts'), backend, String(budgetMs)], { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' });
      for (const line of out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))) {
        const j = JSON.parse(line) as Point & { error?: string };
        if (j.error) errors.push(`${backend} round ${round}: ${j.error}`);
        else points.push({ ...j, backend, round });
      }
      process.stderr.write(
        `crossover round ${round} ${backend}: ${points.filter((p) => p.round === round && p.backend === backend).length} shapes, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}\n`,
      );
    }
  }
  const best = (shape: string, backend: string, kind: 'standard' | 'adversarial') =>
    Math.min(...points.filter((p) => p.shape === shape && p.backend === backend).map((p) => p[kind].best));
  const rows = CROSSOVER_LADDER.filter(
    (s) =>
      points.some((p) => p.shape === s.name && p.backend === 'tensorflow') &&
      points.some((p) => p.shape === s.name && p.backend === 'wasm'),
  ).map((s) => {
    const flops = 4 * s.n * s.P * s.d * s.k * s.m;
    const nST = best(s.name, 'tensorflow', 'standard');
    const wST = best(s.name, 'wasm', 'standard');
    const nAT = best(s.name, 'tensorflow', 'adversarial');
    const wAT = best(s.name, 'wasm', 'adversarial');
    return {
      shape: s.name,
      n: s.n,
      P: s.P,
      d: s.d,
      k: s.k,
      m: s.m,
      flopsPerStep: flops,
      stepsPerSecond: { native: { standard: 1 / nST, adversarial: 1 / nAT }, wasm: { standard: 1 / wST, adversarial: 1 / wAT } },
      ratio: { standard: wST / nST, adversarial: wAT / nAT, pair: (wST + wAT) / (nST + nAT) },
    };
  });
  const pair = crossing(rows.map((r) => ({ flops: r.flopsPerStep, ratio: r.ratio.pair })));
  const st = crossing(rows.map((r) => ({ flops: r.flopsPerStep, ratio: r.ratio.standard })));
  const at = crossing(rows.map((r) => ({ flops: r.flopsPerStep, ratio: r.ratio.adversarial })));
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
  const started = new Date().toISOString();
  const measuredOn = { cpu: cpuName, cores: os.cpus().length, node: process.version, tfjs: '4.22.0', libtensorflow };
  const detail = {
    started,
    loadavg: { before: loadBefore, after: loadAfter },
    rounds,
    budgetMsPerKind: budgetMs,
    K: CROSSOVER_K,
    rows,
    crossings: { pair, standard: st, adversarial: at },
    points,
    errors,
  };
  writeAtomic(
    join(here, 'results', `crossover-${started.slice(0, 10)}-${os.hostname()}.json`),
    JSON.stringify({ command, measuredOn, ...detail }, null, 2) + '\n',
  );
  if (pair.flops === null) {
    process.stderr.write(`crossover: not written (${pair.how})\n`);
  } else {
    const constant = {
      schemaVersion: 1,
      flopsPerStepCrossover: Math.round(pair.flops),
      flopsPerStep:
        '4·n·P·d·k·m (n = samples per training step): native is the faster backend for a regime whose training step is at or above this; below it, wasm',
      how: `${pair.how}; the time of one standard plus one adversarial (row-space, K = ${CROSSOVER_K}) step, best of ${rounds} interleaved rounds on a shared machine (load average ${loadBefore.split(' ')[0]} before, ${loadAfter.split(' ')[0]} after); standard alone: ${st.flops === null ? st.how : Math.round(st.flops)}, adversarial alone: ${at.flops === null ? at.how : Math.round(at.flops)}`,
      measuredOn,
      command,
    };
    writeAtomic(join(root, 'src', 'backend', 'crossover.json'), JSON.stringify(constant, null, 2) + '\n');
  }
  const L = [
    '| shape | FLOPs/step | native ST/s | wasm ST/s | native AT/s | wasm AT/s | native ÷ wasm (ST+AT time) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    L.push(
      `| ${r.shape} | ${r.flopsPerStep.toExponential(2)} | ${r.stepsPerSecond.native.standard.toFixed(1)} | ${r.stepsPerSecond.wasm.standard.toFixed(1)} | ${r.stepsPerSecond.native.adversarial.toFixed(1)} | ${r.stepsPerSecond.wasm.adversarial.toFixed(1)} | ${r.ratio.pair.toFixed(2)} |`,
    );
  process.stdout.write(
    `${L.join('\n')}\n\ncrossover (ST+AT): ${pair.flops === null ? '–' : Math.round(pair.flops)} FLOPs per step — ${pair.how}\nstandard: ${st.flops === null ? '–' : Math.round(st.flops)} (${st.how})\nadversarial: ${at.flops === null ? '–' : Math.round(at.flops)} (${at.how})\n`,
  );
}
