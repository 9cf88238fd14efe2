import * as tf from '@tensorflow/tfjs';

/**
 * The two-layer smoothed-ReLU CNN of docs/model.md#network as tensor ops, with closed-form gradients.
 *
 * Layout (chosen for the WASM backend, measured in bench/): inputs are flattened to
 * `X2 = [n·P, d]`; weights are `W = [k·m, d]` (row j·m + r is w_{j,r}, the export layout reshaped);
 * pre-activations `Z = X2 · Wᵀ` are `[n·P, k·m]`. No matMul uses transpose flags: operands are
 * transposed explicitly, which is 10–17× cheaper on WASM.
 *
 * Gradients (L = mean_i CE(F(X_i), y_i), G = softmax(F) − onehot(y), per sample):
 *   D = σ̃′(Z) ∘ G[i, j] broadcast over (p, r)            [n·P, k·m]
 *   ∂L/∂W = Dᵀ · X2 / n                                  [k·m, d]
 *   ∂(Σ_i CE_i)/∂X2 = D · W                               [n·P, d]
 * Autodiff (`tf.grad`) is kept as the checked reference in the tests.
 */
export interface NetShape {
  /** Samples in the batch. */
  n: number;
  /** Patches per input. */
  P: number;
  /** Patch dimension. */
  d: number;
  /** Classes. */
  k: number;
  /** Neurons (filters) per class. */
  m: number;
}

export interface ActivationParams {
  /** Smoothed-ReLU degree q ≥ 2. */
  q: number;
  /** Smoothed-ReLU threshold ρ > 0. */
  rho: number;
}

/**
 * Scalar constants of a network, made once with it. On the native backend every number passed to an
 * op becomes a new tensor handle (and `clipByValue` two of them, plus two kernels), which costs more
 * than the op itself at small shapes; the same float32 values as tensors give bit-identical results.
 */
export interface NetScalars {
  zero: tf.Scalar;
  one: tf.Scalar;
  rho: tf.Scalar;
  q: tf.Scalar;
}

export function makeNetScalars({ q, rho }: ActivationParams): NetScalars {
  return tf.tidy(() => {
    const out = { zero: tf.scalar(0), one: tf.scalar(1), rho: tf.scalar(rho), q: tf.scalar(q) };
    for (const t of Object.values(out)) tf.keep(t);
    return out;
  });
}

/** σ̃(Z) and σ̃′(Z) together: they share the clipped input. `s`: the network's scalars, if at hand. */
export function smoothedReluWithDerivative(
  Z: tf.Tensor,
  { q, rho }: ActivationParams,
  s?: NetScalars,
): { act: tf.Tensor; deriv: tf.Tensor } {
  return tf.tidy(() => {
    // On native, clipByValue is this same minimum-then-maximum, with two fresh scalars each call.
    const zc = s && isNative() ? tf.maximum(tf.minimum(Z, s.rho), s.zero) : tf.clipByValue(Z, 0, rho);
    const rhoT = s?.rho ?? rho;
    const ratio = tf.div(zc, rhoT);
    const deriv = q === 2 ? ratio : q === 3 ? tf.square(ratio) : tf.pow(ratio, q - 1);
    // σ̃ = zc·(zc/ρ)^(q−1)/q + relu(Z − ρ): equals z^q/(qρ^(q−1)) below ρ and z − (1−1/q)ρ above.
    const act = tf.add(tf.div(tf.mul(zc, deriv), s?.q ?? q), tf.relu(tf.sub(Z, rhoT)));
    return { act, deriv };
  });
}

/** σ̃(Z) alone (forward passes that need no gradient). */
export function smoothedRelu(Z: tf.Tensor, p: ActivationParams): tf.Tensor {
  return tf.tidy(() => {
    const { act } = smoothedReluWithDerivative(Z, p);
    return act;
  });
}

/** `[k·m, k]` block indicator: column j sums the m neurons of class j. */
export function classSumMatrix(k: number, m: number): tf.Tensor2D {
  const data = new Float32Array(k * m * k);
  for (let j = 0; j < k; j++) for (let r = 0; r < m; r++) data[(j * m + r) * k + j] = 1;
  return tf.tensor2d(data, [k * m, k]);
}

/** Constants a network needs besides W; create once per shape, dispose with {@link disposeNetConstants}. */
export interface NetConstants {
  shape: Omit<NetShape, 'n'>;
  act: ActivationParams;
  /** `[k·m, k]` class-sum matrix. */
  R: tf.Tensor2D;
  /** `[k, k·m]` its transpose (expands per-class values to neurons). */
  Rt: tf.Tensor2D;
  /** Scalar constants (see {@link NetScalars}). */
  s: NetScalars;
  /**
   * `[P·k·m, k]`: R stacked P times, so that F = reshape(σ̃(Z), [n, P·k·m]) · Rp sums patches and
   * neurons in one matMul. Used on native, where a reduction over the patch axis is a slow kernel.
   */
  Rp: tf.Tensor2D;
}

export function makeNetConstants(shape: Omit<NetShape, 'n'>, act: ActivationParams): NetConstants {
  const R = classSumMatrix(shape.k, shape.m);
  return { shape, act, R, Rt: tf.transpose(R) as tf.Tensor2D, s: makeNetScalars(act), Rp: tf.tile(R, [shape.P, 1]) as tf.Tensor2D };
}

export function disposeNetConstants(c: NetConstants): void {
  tf.dispose([c.R, c.Rt, c.Rp, c.s.zero, c.s.one, c.s.rho, c.s.q]);
}

/** Logits `[n, k]` from σ̃(Z) `[n·P, k·m]`: Σ over patches and each class's neurons. */
function classLogits(act: tf.Tensor, n: number, c: NetConstants): tf.Tensor2D {
  const { P, k, m } = c.shape;
  // Native: one matMul on [n, P·k·m]. Elsewhere: Σ_p first (on k·m columns), then the class sums —
  // the same sum as Σ_p (act · R), in a smaller matMul.
  if (isNative()) return tf.matMul(tf.reshape(act, [n, P * k * m]), c.Rp);
  return tf.matMul(tf.sum(tf.reshape(act, [n, P, k * m]), 1) as tf.Tensor2D, c.R);
}

/** Logits `[n, k]` for flattened inputs `X2 = [n·P, d]`. */
export function logits(X2: tf.Tensor2D, W: tf.Tensor2D, c: NetConstants): tf.Tensor2D {
  return tf.tidy(() => logitsFromZ(preActivations(X2, W), c));
}

/** Logits `[n, k]` from pre-activations `[n·P, k·m]`. */
export function logitsFromZ(Z: tf.Tensor2D, c: NetConstants): tf.Tensor2D {
  return tf.tidy(() => {
    const n = Z.shape[0] / c.shape.P;
    const { act } = smoothedReluWithDerivative(Z, c.act, c.s);
    return classLogits(act, n, c);
  });
}

/**
 * Per-sample cross-entropy `[n]` from logits and one-hot labels, as a + log1p(e^(−a) − 1 + Σ_{j≠y}
 * e^(g_j − a)) with gaps g_j = F_j − F_y and a = max(0, max_j g_j). Equal to logSumExp(F) − F_y, but
 * a confident, correct sample (a = 0) gets log1p of a small sum instead of a float32 difference of
 * two large numbers (relative error ~ 6e-8·|F|/loss). Branch-free, so autodiff sees it whole.
 */
export function perSampleLoss(F: tf.Tensor2D, Y: tf.Tensor2D, notY?: tf.Tensor2D, one?: tf.Scalar): tf.Tensor1D {
  return tf.tidy(() => {
    const gaps = tf.sub(F, tf.sum(tf.mul(F, Y), 1, true)); // 0 on the true class
    const a = tf.max(gaps, 1, true); // ≥ 0: the true class contributes 0
    const others = tf.sum(tf.mul(tf.exp(tf.sub(gaps, a)), notY ?? tf.sub(1, Y)), 1, true);
    const x = tf.add(tf.sub(tf.exp(tf.neg(a)), one ?? 1), others);
    return tf.reshape(tf.add(a, accurateLog1p(x)), [-1]) as tf.Tensor1D;
  });
}

/**
 * log1p(x), x > −1, to float32 accuracy on every backend. tfjs-wasm's Log1p computes log(1 + x) and
 * loses the digits of a small x (measured: 7e-5 relative at x = 5e-4, 1e-3 at 1e-5, 0.2 at 1e-7),
 * which is the loss of every confident sample. With u = fl(1 + x): log1p(x) = log(u) · x / (u − 1),
 * and x itself where u = 1 (Goldberg's identity: u − 1 is exact, the quotient corrects the rounding
 * of 1 + x).
 */
export function accurateLog1p(x: tf.Tensor): tf.Tensor {
  // The derivative, 1/(1 + x), is given explicitly: autodiff cannot pass through the Equal of the
  // exact case.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const u = tf.add(t, 1);
    const uMinus1 = tf.sub(u, 1);
    const exact = tf.equal(uMinus1, 0);
    const ratio = tf.div(t, tf.where(exact, tf.onesLike(uMinus1), uMinus1));
    const value = tf.where(exact, t, tf.mul(tf.log(u), ratio));
    save([u]);
    return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.div(dy, saved[0]!) };
  });
  return f(x);
}

/** Everything one forward + backward pass yields. All tensors are owned by the caller. */
export interface ForwardBackward {
  /** Logits `[n, k]`. */
  F: tf.Tensor2D;
  /** Per-sample loss `[n]`. */
  loss: tf.Tensor1D;
  /** `D = σ̃′(Z) ∘ G` `[n·P, k·m]`: the pre-activation gradient of Σ_i CE_i. */
  D: tf.Tensor2D;
}

/** Forward pass and pre-activation gradient of the summed loss. */
export function forwardBackward(X2: tf.Tensor2D, W: tf.Tensor2D, Y: tf.Tensor2D, c: NetConstants): ForwardBackward {
  return tidyFB(() => forwardBackwardFromZ(preActivations(X2, W), Y, c));
}

/**
 * Pre-activations `Z = X2 · Wᵀ` `[n·P, k·m]`: W transposed explicitly (no transpose flag) on WASM,
 * the transpose flag on native, where it is free and the explicit transpose is one more op.
 */
export function preActivations(X2: tf.Tensor2D, W: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => (isNative() ? tf.matMul(X2, W, false, true) : tf.matMul(X2, tf.transpose(W))));
}

/**
 * The active backend is native TensorFlow: transposes fold into matMul's flags there (free), while
 * on WASM a flagged matMul is 10–17× slower than an explicit transpose.
 */
export function isNative(): boolean {
  return tf.getBackend() === 'tensorflow';
}

/** `Aᵀ·B` for the backend: the transpose flag on native, an explicit transpose elsewhere. */
export function matMulTA(A: tf.Tensor2D, B: tf.Tensor2D): tf.Tensor2D {
  return isNative() ? tf.matMul(A, B, true, false) : tf.matMul(tf.transpose(A), B);
}

/** `A·Bᵀ` for the backend (see {@link matMulTA}). */
export function matMulTB(A: tf.Tensor2D, B: tf.Tensor2D): tf.Tensor2D {
  return isNative() ? tf.matMul(A, B, false, true) : tf.matMul(A, tf.transpose(B));
}

/**
 * {@link forwardBackward} from given pre-activations `Z = X2 · Wᵀ` `[n·P, k·m]`. The adversarial
 * step reaches `Z` at `X + δ` without forming `X + δ` (see `pgd.ts`), so the rest of the pass is
 * shared here.
 */
export function forwardBackwardFromZ(Z: tf.Tensor2D, Y: tf.Tensor2D, c: NetConstants): ForwardBackward {
  return tidyFB(() => {
    const { P, k, m } = c.shape;
    const n = Z.shape[0] / P;
    const { act, deriv } = smoothedReluWithDerivative(Z, c.act, c.s);
    const F = classLogits(act, n, c);
    const notY = tf.sub(c.s.one, Y) as tf.Tensor2D; // 1 − Y, shared by the loss and G
    const loss = perSampleLoss(F, Y, notY, c.s.one);
    // G = softmax(F) − Y, with the true class's entry computed as −Σ_{j≠y} p_j: p_y − 1 cancels
    // catastrophically in float32 once the network is confident (relative error ~ 6e-8/(1 − p_y)).
    const others = tf.mul(tf.softmax(F), notY);
    const G = tf.sub(others, tf.mul(Y, tf.sum(others, 1, true))); // [n, k]
    const Gn = tf.matMul(G, c.Rt); // [n, k·m]
    const D = tf.reshape(tf.mul(tf.reshape(deriv, [n, P, k * m]), tf.reshape(Gn, [n, 1, k * m])), [n * P, k * m]) as tf.Tensor2D;
    return { F, loss, D };
  });
}

function tidyFB(fn: () => ForwardBackward): ForwardBackward {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as ForwardBackward;
}

/**
 * ∂L/∂W for L = mean loss, `[k·m, d]`. `X2` is the right operand: the WASM backend caches a
 * preprocessed right operand per tensor, which pays when X2 is the same tensor every step (ST).
 */
export function weightGradient(X2: tf.Tensor2D, D: tf.Tensor2D, n: number): tf.Tensor2D {
  return tf.tidy(() => tf.div(matMulTA(D, X2), n) as tf.Tensor2D);
}

/**
 * ∂L/∂W for a fresh input each call (AT: X + δ changes every step). Puts the fresh input on the left,
 * so no per-call preprocessing of a large right operand: dWᵀ = X2ᵀ · D, then a small transpose.
 */
export function weightGradientFreshInput(X2: tf.Tensor2D, D: tf.Tensor2D, n: number): tf.Tensor2D {
  // Native has no such cache, and the flag is free: Dᵀ·X2 directly (no [n·P, d] transpose of X2).
  if (isNative()) return weightGradient(X2, D, n);
  return tf.tidy(() => tf.div(tf.transpose(tf.matMul(tf.transpose(X2), D)), n) as tf.Tensor2D);
}

/** ∂(Σ_i CE_i)/∂X2 `[n·P, d]` (the sum, not the mean: attacks normalise the step anyway). */
export function inputGradient(D: tf.Tensor2D, W: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(D, W);
}

/** One-hot labels `[n, k]`. */
export function oneHotLabels(y: Int32Array, k: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat() as tf.Tensor2D);
}
