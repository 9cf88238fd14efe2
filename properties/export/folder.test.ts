/**
 * The export folder of docs/cli.md#export. Guarantees checked here: exactly the listed files appear,
 * each `.npy` with the contract's dtype and shape and the source array's bytes; `regime.json`
 * holds the evaluated regime in docs/scenario-keys.md key order with the seed; `manifest.json` the manifest and an
 * index of the arrays; a size or type mismatch is refused before anything is written; and, where
 * numpy is installed, a Python user can load the folder and rebuild X from the structure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNpyFile } from '../../src/export/npy.js';
import { writeExportFolder } from '../../src/export/writeExport.js';
import type { ExportInput } from '../../src/export/writeExport.js';
import { REGIME_KEYS } from '../../src/regime/types.js';
import type { SeededRegime } from '../../src/regime/types.js';
import { PAPER_SMALL } from '../arbitraries/runResult.js';
import { prng, syntheticDataset, syntheticFeatures, syntheticManifest } from '../fixtures/syntheticRun.js';

const HAS_NUMPY = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
if (!HAS_NUMPY) console.warn('[provably] python3 with numpy not found: the NumPy load test of the export folder is SKIPPED');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'provably-export-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const k = 3;
const d = 8;
const P = 5;
const m = 2;
const regime: SeededRegime = { ...PAPER_SMALL, k, d, P, m, sR: 1, sNR: 3, nTrain: 7, nTest: 4, seed: 11 };

function weights(seed: number): Float32Array {
  const rand = prng(seed);
  return Float32Array.from({ length: k * m * d }, () => rand() - 0.5);
}

function input(trained: boolean): ExportInput {
  return {
    train: syntheticDataset({ n: 7, P, d, k, sR: 1, sNR: 3, seed: 1 }),
    test: syntheticDataset({ n: 4, P, d, k, sR: 1, sNR: 3, seed: 2 }),
    features: syntheticFeatures(k, d),
    W0: weights(3),
    ...(trained ? { Wst: weights(4), Wat: weights(5) } : {}),
    regime,
    manifest: syntheticManifest('cpu'),
    tool: { name: 'provably', version: '0.1.0', commit: 'unknown' },
  };
}

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('writeExportFolder', () => {
  it('writes every file of docs/cli.md#export with the contract dtype, shape and the source bytes', async () => {
    const src = input(true);
    const dir = join(root, 'export');
    const result = await writeExportFolder(dir, src);
    const expected: Record<string, { dtype: string; shape: number[]; data: ArrayBufferView }> = {
      X_train: { dtype: '<f4', shape: [7, P, d], data: src.train.X },
      X_test: { dtype: '<f4', shape: [4, P, d], data: src.test.X },
      y_train: { dtype: '<i4', shape: [7], data: src.train.y },
      y_test: { dtype: '<i4', shape: [4], data: src.test.y },
      U: { dtype: '<f4', shape: [k, d], data: src.features.U },
      V: { dtype: '<f4', shape: [k, d], data: src.features.V },
      W0: { dtype: '<f4', shape: [k, m, d], data: src.W0 },
      W_st: { dtype: '<f4', shape: [k, m, d], data: src.Wst! },
      W_at: { dtype: '<f4', shape: [k, m, d], data: src.Wat! },
      patch_kind_train: { dtype: '|u1', shape: [7, P], data: src.train.patchKind },
      coef_train: { dtype: '<f4', shape: [7, P], data: src.train.coef },
      xi_train: { dtype: '<f4', shape: [7, P, d], data: src.train.xi },
    };
    expect((await readdir(dir)).sort()).toEqual([...Object.keys(expected).map((n) => `${n}.npy`), 'manifest.json', 'regime.json'].sort());
    for (const [name, want] of Object.entries(expected)) {
      const got = await readNpyFile(join(dir, `${name}.npy`));
      expect(got.dtype, name).toBe(want.dtype);
      expect(got.shape, name).toEqual(want.shape);
      expect(bytesOf(got.data).equals(bytesOf(want.data)), `${name} bytes`).toBe(true);
      expect(result.arrays[name], name).toEqual({ dtype: want.dtype, shape: want.shape });
    }

    const regimeJson = JSON.parse(await readFile(join(dir, 'regime.json'), 'utf8'));
    expect(Object.keys(regimeJson)).toEqual([...REGIME_KEYS, 'seed']);
    expect(regimeJson).toEqual({ ...regime });

    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ ...src.manifest, tool: src.tool });
    expect(manifest.arrays).toEqual(result.arrays);
    // A new folder is published by one rename: nothing else appears beside it.
    expect(await readdir(root)).toEqual(['export']);
  });

  it('without trained weights writes W0 only', async () => {
    const dir = join(root, 'untrained');
    await writeExportFolder(dir, input(false));
    const files = await readdir(dir);
    expect(files).toContain('W0.npy');
    expect(files).not.toContain('W_st.npy');
    expect(files).not.toContain('W_at.npy');
  });

  it('refuses mismatched sizes and types before writing anything, naming the field', async () => {
    const dir = join(root, 'bad');
    const wrongW = { ...input(true), Wat: new Float32Array(k * m * d + 1) };
    await expect(writeExportFolder(dir, wrongW)).rejects.toThrow(/Wat \(k=3, m=2, d=8\) has 49 elements, expected 48/);
    const wrongY = input(false);
    wrongY.test = { ...wrongY.test, y: new Int32Array(3) };
    await expect(writeExportFolder(dir, wrongY)).rejects.toThrow(/test\.y has 3 elements, expected 4/);
    const wrongType = input(false);
    wrongType.train = { ...wrongType.train, y: Float32Array.from(wrongType.train.y) as unknown as Int32Array };
    await expect(writeExportFolder(dir, wrongType)).rejects.toThrow(/train\.y must be a Int32Array, got Float32Array/);
    const wrongFeatures = { ...input(false), features: syntheticFeatures(k, d + 2) };
    await expect(writeExportFolder(dir, wrongFeatures)).rejects.toThrow(/features have k=3, d=10 but the regime has k=3, d=8/);
    expect(await readdir(root)).toEqual([]);
  });

  it.skipIf(!HAS_NUMPY)('loads in NumPy, and X is rebuilt from y, patch kinds, coefficients, features and ξ (requires numpy)', async () => {
    const dir = join(root, 'np');
    await writeExportFolder(dir, input(true));
    const script = `
import json, sys, numpy as np
d = sys.argv[1]
a = {n: np.load(f"{d}/{n}.npy") for n in ["X_train","X_test","y_train","y_test","U","V","W0","W_st","W_at","patch_kind_train","coef_train","xi_train"]}
X, y, kind, coef, xi, U, V = a["X_train"], a["y_train"], a["patch_kind_train"], a["coef_train"], a["xi_train"], a["U"], a["V"]
feat = np.where((kind == 1)[..., None], U[y][:, None, :], np.where((kind == 2)[..., None], V[y][:, None, :], 0))
rebuilt = coef[..., None] * feat + xi
print(json.dumps({
  "dtypes": {n: str(v.dtype) for n, v in a.items()},
  "shapes": {n: list(v.shape) for n, v in a.items()},
  "max_rebuild_error": float(np.abs(rebuilt - X).max()),
  "orthonormal": bool(np.allclose(np.vstack([U, V]) @ np.vstack([U, V]).T, np.eye(6))),
}))`;
    const r = JSON.parse(execFileSync('python3', ['-c', script, dir], { encoding: 'utf8' }));
    expect(r.dtypes).toEqual({
      X_train: 'float32',
      X_test: 'float32',
      y_train: 'int32',
      y_test: 'int32',
      U: 'float32',
      V: 'float32',
      W0: 'float32',
      W_st: 'float32',
      W_at: 'float32',
      patch_kind_train: 'uint8',
      coef_train: 'float32',
      xi_train: 'float32',
    });
    expect(r.shapes).toMatchObject({ X_train: [7, P, d], y_test: [4], U: [k, d], W_at: [k, m, d], patch_kind_train: [7, P] });
    expect(r.max_rebuild_error).toBeLessThan(1e-6);
    expect(r.orthonormal).toBe(true);
  });
});
