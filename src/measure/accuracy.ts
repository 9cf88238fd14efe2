import * as tf from '@tensorflow/tfjs';

/** Per-sample correctness `[n]` (1 correct, 0 wrong) of logits against integer labels. */
export function correctMask(F: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.cast(tf.equal(tf.argMax(F, 1), y), 'int32') as tf.Tensor1D);
}

/** Number of samples correct in every mask (elementwise AND), read back as a number. */
export function countAllCorrect(masks: tf.Tensor1D[]): { count: number; perSample: Int32Array } {
  const all = tf.tidy(() => masks.reduce((a, b) => tf.mul(a, b) as tf.Tensor1D));
  const perSample = all.dataSync() as Int32Array;
  const copy = Int32Array.from(perSample);
  if (masks.length > 1) all.dispose();
  let count = 0;
  for (const v of copy) count += v;
  return { count, perSample: copy };
}
