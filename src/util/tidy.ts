import * as tf from '@tensorflow/tfjs';

/**
 * `tf.tidy` for functions that return a plain object of tensors (or nulls): every intermediate
 * tensor is freed, the returned ones are kept. tfjs's own typing only accepts index-signature types.
 */
export function tidyObject<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
