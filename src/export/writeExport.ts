/**
 * The `provably export` folder (docs/cli.md#export): the exact data and weights of a run as NumPy arrays,
 * so that a researcher can reproduce any measurement in Python without trusting our TypeScript.
 */
import type { Dataset, Features } from '../data/types.js';
import type { Manifest } from '../experiment/types.js';
import type { SeededRegime } from '../regime/types.js';
import { REGIME_KEYS } from '../regime/types.js';
import { writeFolderAtomic } from '../io/atomicWrite.js';
import type { FileData, FolderWriteResult } from '../io/atomicWrite.js';
import { npyChunks, npyDtypeOf } from './npy.js';
import type { NpyDtype, NpyWritable } from './npy.js';
import { toolInfo } from '../result/toolInfo.js';
import type { ToolInfo } from '../result/toolInfo.js';

/** What {@link writeExportFolder} exports. Weight tensors are `[k, m, d]` row-major. */
export interface ExportInput {
  train: Dataset;
  test: Dataset;
  features: Features;
  /** Shared initialisation of ST and AT, `[k, m, d]`. */
  W0: Float32Array;
  /** Standard-trained weights (`--trained`), `[k, m, d]`. */
  Wst?: Float32Array;
  /** Adversarially trained weights (`--trained`), `[k, m, d]`. */
  Wat?: Float32Array;
  /** The evaluated regime with its seed; written as `regime.json` and used to check shapes. */
  regime: SeededRegime;
  manifest: Manifest;
  /** Provenance written into `manifest.json`. @defaultValue {@link toolInfo}() */
  tool?: ToolInfo;
}

/** dtype and shape of one exported array, as listed in `manifest.json`. */
export interface ExportedArray {
  dtype: NpyDtype;
  shape: number[];
}

/** Content of `manifest.json`: the run's {@link Manifest}, the tool, and an index of the arrays. */
export interface ExportManifest extends Manifest {
  tool: ToolInfo;
  /** Array name (file name without `.npy`) → dtype and shape. */
  arrays: Record<string, ExportedArray>;
}

/** Result of {@link writeExportFolder}. */
export interface ExportResult extends FolderWriteResult {
  /** Array name → dtype and shape, as written. */
  arrays: Record<string, ExportedArray>;
}

interface PlannedArray {
  name: string;
  data: NpyWritable;
  shape: number[];
  /** For messages: where the array came from. */
  source: string;
}

function checkLength(what: string, actual: number, shape: readonly number[]): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (actual !== expected) {
    throw new RangeError(`writeExportFolder: ${what} has ${actual} elements, expected ${expected} for shape [${shape.join(', ')}]`);
  }
}

function checkType(what: string, data: unknown, ctor: Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor): void {
  if (!(data instanceof ctor)) {
    const got = (data as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof data;
    throw new TypeError(`writeExportFolder: ${what} must be a ${ctor.name}, got ${got}`);
  }
}

function datasetArrays(label: 'train' | 'test', ds: Dataset, regime: SeededRegime): PlannedArray[] {
  const { n, P, d } = ds;
  if (P !== regime.P || d !== regime.d || ds.k !== regime.k) {
    throw new RangeError(
      `writeExportFolder: ${label} dataset has k=${ds.k}, P=${P}, d=${d} but the regime has k=${regime.k}, P=${regime.P}, d=${regime.d}`,
    );
  }
  checkType(`${label}.X`, ds.X, Float32Array);
  checkType(`${label}.y`, ds.y, Int32Array);
  checkLength(`${label}.X`, ds.X.length, [n, P, d]);
  checkLength(`${label}.y`, ds.y.length, [n]);
  const out: PlannedArray[] = [
    { name: `X_${label}`, data: ds.X, shape: [n, P, d], source: `${label}.X` },
    { name: `y_${label}`, data: ds.y, shape: [n], source: `${label}.y` },
  ];
  if (label === 'train') {
    // The structure (J_R, J_NR, α/β, ξ) is exported for the training set only, as docs/cli.md#export specifies.
    checkType('train.patchKind', ds.patchKind, Uint8Array);
    checkType('train.coef', ds.coef, Float32Array);
    checkType('train.xi', ds.xi, Float32Array);
    checkLength('train.patchKind', ds.patchKind.length, [n, P]);
    checkLength('train.coef', ds.coef.length, [n, P]);
    checkLength('train.xi', ds.xi.length, [n, P, d]);
    out.push(
      { name: 'patch_kind_train', data: ds.patchKind, shape: [n, P], source: 'train.patchKind' },
      { name: 'coef_train', data: ds.coef, shape: [n, P], source: 'train.coef' },
      { name: 'xi_train', data: ds.xi, shape: [n, P, d], source: 'train.xi' },
    );
  }
  return out;
}

/**
 * Plans every array of the export, checking types and sizes against the regime before anything is
 * written, so that a mismatch fails fast with the offending field named.
 */
function planArrays(input: ExportInput): PlannedArray[] {
  const { regime, features } = input;
  const { k, m, d } = regime;
  if (features.k !== k || features.d !== d) {
    throw new RangeError(`writeExportFolder: features have k=${features.k}, d=${features.d} but the regime has k=${k}, d=${d}`);
  }
  const planned: PlannedArray[] = [...datasetArrays('train', input.train, regime), ...datasetArrays('test', input.test, regime)];
  for (const [name, data] of [
    ['U', features.U],
    ['V', features.V],
  ] as const) {
    checkType(`features.${name}`, data, Float32Array);
    checkLength(`features.${name}`, data.length, [k, d]);
    planned.push({ name, data, shape: [k, d], source: `features.${name}` });
  }
  const weights: [string, string, Float32Array | undefined][] = [
    ['W0', 'W0', input.W0],
    ['W_st', 'Wst', input.Wst],
    ['W_at', 'Wat', input.Wat],
  ];
  for (const [name, field, data] of weights) {
    if (data === undefined) {
      if (field === 'W0') throw new TypeError('writeExportFolder: W0 is required');
      continue;
    }
    checkType(field, data, Float32Array);
    checkLength(`${field} (k=${k}, m=${m}, d=${d})`, data.length, [k, m, d]);
    planned.push({ name, data, shape: [k, m, d], source: field });
  }
  return planned;
}

/** The evaluated regime with keys in docs/scenario-keys.md order, then the seed. */
function regimeJson(regime: SeededRegime): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of REGIME_KEYS) out[key] = regime[key];
  out.seed = regime.seed;
  return out;
}

/**
 * Writes the export folder of docs/cli.md#export into `dir`:
 * `X_train.npy`, `X_test.npy` (`<f4 [n,P,d]`), `y_train.npy`, `y_test.npy` (`<i4 [n]`),
 * `U.npy`, `V.npy` (`<f4 [k,d]`), `W0.npy` and, when given, `W_st.npy`, `W_at.npy` (`<f4 [k,m,d]`),
 * `patch_kind_train.npy` (`|u1 [n,P]`), `coef_train.npy` (`<f4 [n,P]`), `xi_train.npy`
 * (`<f4 [n,P,d]`), `regime.json` and `manifest.json`.
 *
 * A new folder appears complete or not at all; an existing one has each file replaced atomically
 * (see {@link writeFolderAtomic}).
 *
 * @throws RangeError / TypeError naming the field when an array's type or size does not match the
 *   regime; nothing is written in that case.
 */
export async function writeExportFolder(dir: string, input: ExportInput): Promise<ExportResult> {
  const planned = planArrays(input);
  const arrays: Record<string, ExportedArray> = {};
  const files: Record<string, FileData> = {};
  for (const a of planned) {
    arrays[a.name] = { dtype: npyDtypeOf(a.data), shape: a.shape };
    files[`${a.name}.npy`] = npyChunks(a.data, a.shape);
  }
  const manifest: ExportManifest = { ...input.manifest, tool: input.tool ?? toolInfo(), arrays };
  files['regime.json'] = `${JSON.stringify(regimeJson(input.regime), null, 2)}\n`;
  files['manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  const written = await writeFolderAtomic(dir, files);
  return { ...written, arrays };
}
