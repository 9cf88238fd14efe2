import * as tf from '@tensorflow/tfjs';
import { disposeNetConstants, makeNetConstants, oneHotLabels, type NetConstants } from '../../model/network.js';
import type { NetworkShape } from '../types.js';

/**
 * A batch and weights of the conformance interface (export layout, typed arrays) as the tensors our
 * engine works on: `X2 = [n·P, d]` and `W = [k·m, d]` are the export arrays reshaped, not copied
 * differently (network.ts).
 */
export interface BatchTensors {
  X2: tf.Tensor2D;
  W: tf.Tensor2D;
  /** One-hot labels `[n, k]`. */
  Y: tf.Tensor2D;
  /** Integer labels `[n]`. */
  y: tf.Tensor1D;
  net: NetConstants;
}

/** The tensors of a batch; free them with {@link disposeBatchTensors}. */
export function batchTensors(shape: NetworkShape, W: Float32Array, X: Float32Array, y: Int32Array): BatchTensors {
  const { n, P, d, k, m, q, rho } = shape;
  return {
    X2: tf.tensor2d(X, [n * P, d]),
    W: tf.tensor2d(W, [k * m, d]),
    Y: oneHotLabels(y, k),
    y: tf.tensor1d(y, 'int32'),
    net: makeNetConstants({ P, d, k, m }, { q, rho }),
  };
}

export function disposeBatchTensors(t: BatchTensors): void {
  tf.dispose([t.X2, t.W, t.Y, t.y]);
  disposeNetConstants(t.net);
}

/**
 * Runs `fn` on the batch's tensors and frees them afterwards, whatever happens. `fn` returns plain
 * numbers or arrays (read back inside), never tensors, so nothing it made outlives the call.
 */
export function withBatch<T>(shape: NetworkShape, W: Float32Array, X: Float32Array, y: Int32Array, fn: (t: BatchTensors) => T): T {
  const t = batchTensors(shape, W, X, y);
  try {
    return fn(t);
  } finally {
    disposeBatchTensors(t);
  }
}

/** The values of a tensor as a fresh Float32Array (not a view of backend memory); disposes it. */
export function readFloat32(t: tf.Tensor): Float32Array {
  try {
    return Float32Array.from(t.dataSync() as Float32Array);
  } finally {
    t.dispose();
  }
}
