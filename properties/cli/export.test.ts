/**
 * Guarantees of `provably export` (docs/cli.md#export): every array of the folder reads back — with a
 * small independent `.npy` reader written here, and with the project's `readNpy` — to exactly the
 * arrays `prepareRun` draws for the same scenario and seed (the data `verify` trains on), with the
 * dtypes and shapes of docs/cli.md#export; `regime.json` is the evaluated regime; `--trained` adds W_st and W_at equal
 * to the weights `runExperiment` returns for that seed; a missing `--out` is bad input (exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendForTests } from '../helpers/engine.js';
import { prepareRun } from '../../src/experiment/prepare.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { readNpy } from '../../src/export/npy.js';
import { parseScenario } from '../../src/regime/load.js';
import { REGIME_KEYS, type SeededRegime } from '../../src/regime/types.js';
import { lines, runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

/** A minimal NumPy v1 reader, independent of src/export: magic, header dict, raw little-endian data. */
function loadNpy(path: string): { dtype: string; shape: number[]; fortran: boolean; data: Float32Array | Int32Array | Uint8Array } {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 6)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
  expect(bytes[6]).toBe(1); // version 1.0
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const dtype = /'descr':\s*'([^']+)'/.exec(header)![1]!;
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const start = 10 + headerLength;
  expect(start % 16).toBe(0); // NumPy aligns the data
  const raw = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length);
  const data = dtype === '<f4' ? new Float32Array(raw) : dtype === '<i4' ? new Int32Array(raw) : new Uint8Array(raw);
  return { dtype, shape, fortran, data };
}

beforeAll(async () => {
  await backendForTests();
});

describe('provably export', () => {
  it('writes the data, features, structure and W0 of prepareRun, for the requested seed', async () => {
    const dir = tempDir();
    const out = join(dir, 'export');
    const scenarioObj = tinyScenario({ nTest: 7 });
    const r = await runInProcess(['export', writeScenario(dir, scenarioObj), '--seed', '4', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Exported tiny seed 4 to ${out}/`);
    const regime: SeededRegime = { ...parseScenario(scenarioObj).regime, seed: 4 };
    const p = prepareRun(regime);
    const { k, m, d, P, nTrain, nTest } = regime;
    const expected: Record<string, [string, number[], ArrayLike<number>]> = {
      X_train: ['<f4', [nTrain, P, d], p.train.X],
      X_test: ['<f4', [nTest, P, d], p.test.X],
      y_train: ['<i4', [nTrain], p.train.y],
      y_test: ['<i4', [nTest], p.test.y],
      U: ['<f4', [k, d], p.features.U],
      V: ['<f4', [k, d], p.features.V],
      W0: ['<f4', [k, m, d], p.W0],
      patch_kind_train: ['|u1', [nTrain, P], p.train.patchKind],
      coef_train: ['<f4', [nTrain, P], p.train.coef],
      xi_train: ['<f4', [nTrain, P, d], p.train.xi],
    };
    for (const [name, [dtype, shape, data]] of Object.entries(expected)) {
      const file = join(out, `${name}.npy`);
      const mine = loadNpy(file);
      expect([mine.dtype, mine.shape, mine.fortran], name).toEqual([dtype, shape, false]);
      expect(Array.from(mine.data), name).toEqual(Array.from(data));
      const theirs = readNpy(new Uint8Array(readFileSync(file)));
      expect([theirs.dtype, theirs.shape], name).toEqual([dtype, shape]);
      expect(Array.from(theirs.data as ArrayLike<number>), name).toEqual(Array.from(data));
    }
    expect(existsSync(join(out, 'W_st.npy'))).toBe(false);
    const regimeJson = JSON.parse(readFileSync(join(out, 'regime.json'), 'utf8')) as Record<string, unknown>;
    for (const key of REGIME_KEYS) expect(regimeJson[key], key).toEqual(regime[key]);
    expect(regimeJson.seed).toBe(4);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { arrays: Record<string, unknown>; precision: string };
    expect(Object.keys(manifest.arrays).sort()).toEqual(Object.keys(expected).sort());
    expect(manifest.precision).toBe('float32');
  });

  it('--trained adds W_st and W_at, the weights runExperiment trains for that seed', async () => {
    const dir = tempDir();
    const out = join(dir, 'export');
    const scenarioObj = tinyScenario({ T: 20 });
    const r = await runInProcess(['export', writeScenario(dir, scenarioObj), '--trained', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const regime: SeededRegime = { ...parseScenario(scenarioObj).regime, seed: 1 };
    const run = await runExperiment(regime, { keepArrays: true });
    for (const [name, weights] of [
      ['W_st', run.arrays!.Wst],
      ['W_at', run.arrays!.Wat],
      ['W0', run.arrays!.prepared.W0],
    ] as const) {
      const a = loadNpy(join(out, `${name}.npy`));
      expect(a.shape, name).toEqual([regime.k, regime.m, regime.d]);
      expect(Array.from(a.data), name).toEqual(Array.from(weights));
    }
  });

  it('without --out, or with a bad seed, exits 2 with one line and writes nothing', async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario());
    const missing = await runInProcess(['export', scenario], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual([
      'provably export: --out is missing (rule: export writes a folder and has no default one). Fix: pass --out DIR, e.g. --out export/paper-small.',
    ]);
    const badSeed = await runInProcess(['export', scenario, '--seed', 'x', '--out', join(dir, 'e')]);
    expect(badSeed.code).toBe(2);
    expect(lines(badSeed.stderr)).toHaveLength(1);
    expect(existsSync(join(dir, 'e'))).toBe(false);
  });
});
