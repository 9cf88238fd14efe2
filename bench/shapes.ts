/**
 * Benchmark shapes (issue #5) and their data. Synthetic shapes use the project's own data model
 * (prepareRun) with the paper-small parameters scaled to the shape: k classes, d, P, m, nTrain = n,
 * one robust and P/2 non-robust patches, sigmaN = 0.45/√d so that eps = sigmaN·√d = 0.45.
 * The adversarial step of the benchmark is K = 5 patch-l2 PGD iterations of size eps/2 from δ = 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareRun } from '../src/experiment/prepare.js';
import { loadScenario } from '../src/regime/load.js';
import type { SeededRegime } from '../src/regime/types.js';
import type { AttackSpec } from '../src/attack/pgd.js';

export interface BenchShape {
  name: string;
  n: number;
  P: number;
  d: number;
  k: number;
  m: number;
}

export const SHAPES: BenchShape[] = [
  { name: 'small', n: 100, P: 16, d: 64, m: 8, k: 2 },
  { name: 'medium', n: 500, P: 32, d: 256, m: 16, k: 2 },
  { name: 'large', n: 2000, P: 64, d: 512, m: 32, k: 2 },
  { name: 'paper-small', n: 100, P: 48, d: 64, m: 5, k: 3 },
];

/**
 * Shapes of the crossover measurement (native vs wasm), from ~1e5 to ~1e9 FLOPs per step
 * (4·n·P·d·k·m), paper-small and medium among them.
 */
export const CROSSOVER_LADDER: BenchShape[] = [
  { name: 'x1', n: 20, P: 8, d: 16, m: 4, k: 2 },
  { name: 'x2', n: 50, P: 16, d: 32, m: 4, k: 2 },
  { name: 'x3', n: 100, P: 16, d: 32, m: 8, k: 2 },
  { name: 'small', n: 100, P: 16, d: 64, m: 8, k: 2 },
  { name: 'paper-small', n: 100, P: 48, d: 64, m: 5, k: 3 },
  { name: 'x5', n: 200, P: 32, d: 64, m: 16, k: 2 },
  { name: 'x6', n: 250, P: 32, d: 128, m: 16, k: 2 },
  { name: 'x7', n: 500, P: 32, d: 128, m: 16, k: 2 },
  { name: 'x8', n: 500, P: 32, d: 256, m: 8, k: 2 },
  { name: 'medium', n: 500, P: 32, d: 256, m: 16, k: 2 },
  { name: 'x10', n: 1000, P: 32, d: 256, m: 16, k: 2 },
];

/** PGD iterations of the crossover's adversarial step (paper-small's K). */
export const CROSSOVER_K = 1;

/** PGD iterations of the benchmark's adversarial step. */
export const BENCH_K = 5;

/** Rows of δ written for the agreement check (δ is [n·P, d]; the large one is 262 MB). */
export const DELTA_ROWS = 2048;

export function paperSmallRegime(): SeededRegime {
  return { ...loadScenario('paper-small').regime, seed: 0 };
}

export function shapeRegime(s: BenchShape): SeededRegime {
  const base = paperSmallRegime();
  if (s.name === 'paper-small') return base;
  const sigmaN = 0.45 / Math.sqrt(s.d);
  return {
    ...base,
    k: s.k,
    d: s.d,
    P: s.P,
    m: s.m,
    nTrain: s.n,
    nTest: 10,
    sR: 1,
    sNR: Math.floor(s.P / 2),
    sigmaN,
    eps: 0.45,
    stepSize: 0.45,
    seed: 0,
  };
}

export function benchAttack(regime: SeededRegime): AttackSpec {
  return { norm: 'patch-l2', eps: regime.eps, P: regime.P, steps: BENCH_K, stepSize: regime.eps / 2, randomStart: false };
}

/** FLOP of one `[n·P, d] × [d, k·m]`-sized product: F = 2·n·P·d·k·m. */
export function flopF(s: BenchShape): number {
  return 2 * s.n * s.P * s.d * s.k * s.m;
}

export interface BenchMeta extends BenchShape {
  q: number;
  rho: number;
  eta: number;
  attack: { norm: string; eps: number; stepSize: number; K: number };
  deltaRows: number;
}

/** Writes meta.json, X.f32 `[n·P, d]`, W0.f32 `[k·m, d]`, y.i32 `[n]` (little-endian) into `dir`. */
export function writeShapeData(s: BenchShape, dir: string): BenchMeta {
  mkdirSync(dir, { recursive: true });
  const regime = shapeRegime(s);
  const prepared = prepareRun(regime);
  const a = benchAttack(regime);
  const meta: BenchMeta = {
    ...s,
    q: regime.q,
    rho: regime.rho,
    eta: regime.eta,
    attack: { norm: a.norm, eps: a.eps, stepSize: a.stepSize, K: a.steps },
    deltaRows: Math.min(DELTA_ROWS, s.n * s.P),
  };
  writeFileSync(join(dir, 'X.f32'), Buffer.from(prepared.train.X.buffer, prepared.train.X.byteOffset, prepared.train.X.byteLength));
  writeFileSync(join(dir, 'W0.f32'), Buffer.from(prepared.W0.buffer, prepared.W0.byteOffset, prepared.W0.byteLength));
  writeFileSync(join(dir, 'y.i32'), Buffer.from(prepared.train.y.buffer, prepared.train.y.byteOffset, prepared.train.y.byteLength));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  return meta;
}
