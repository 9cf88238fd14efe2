import * as tf from '@tensorflow/tfjs';
import type { Dataset, Features } from '../data/types.js';
import { disposeNetConstants, makeNetConstants, oneHotLabels, type NetConstants } from './network.js';
import type { Regime } from '../regime/types.js';

/** A dataset on the backend: flattened inputs, one-hot and integer labels. */
export interface TensorData {
  n: number;
  /** `[n·P, d]`. */
  X2: tf.Tensor2D;
  /** `[n, k]` one-hot. */
  Y: tf.Tensor2D;
  /** `[n]` int32. */
  y: tf.Tensor1D;
}

/** Everything a run keeps on the backend. Created once; {@link disposeRunTensors} frees it all. */
export interface RunTensors {
  train: TensorData;
  test: TensorData;
  /** Training noise `[n·P, d]`, for Ξ. */
  xi2: tf.Tensor2D;
  /** Features `[k, d]` and transposed `[d, k]`. */
  V: tf.Tensor2D;
  Ut: tf.Tensor2D;
  Vt: tf.Tensor2D;
  net: NetConstants;
}

export function toTensorData(ds: Dataset): TensorData {
  return {
    n: ds.n,
    X2: tf.tensor2d(ds.X, [ds.n * ds.P, ds.d]),
    Y: oneHotLabels(ds.y, ds.k),
    y: tf.tensor1d(ds.y, 'int32'),
  };
}

export function makeRunTensors(regime: Regime, features: Features, train: Dataset, test: Dataset): RunTensors {
  const { k, d, P, m, q, rho } = regime;
  const V = tf.tensor2d(features.V, [k, d]);
  const U = tf.tensor2d(features.U, [k, d]);
  const out: RunTensors = {
    train: toTensorData(train),
    test: toTensorData(test),
    xi2: tf.tensor2d(train.xi, [train.n * P, d]),
    V,
    Ut: tf.transpose(U),
    Vt: tf.transpose(V),
    net: makeNetConstants({ P, d, k, m }, { q, rho }),
  };
  U.dispose();
  return out;
}

export function disposeRunTensors(t: RunTensors): void {
  for (const data of [t.train, t.test]) tf.dispose([data.X2, data.Y, data.y]);
  tf.dispose([t.xi2, t.V, t.Ut, t.Vt]);
  disposeNetConstants(t.net);
}
