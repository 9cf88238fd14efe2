/** Orthonormal feature vectors, row j = u_j (U) or v_j (V); each `[k·d]`, row-major. */
export interface Features {
  k: number;
  d: number;
  U: Float32Array;
  V: Float32Array;
}

/** Patch kind codes, as in the export (docs/cli.md#export). */
export const PATCH_NOISE = 0;
export const PATCH_ROBUST = 1;
export const PATCH_NON_ROBUST = 2;

/**
 * A sample set that keeps its structure (docs/model.md#data): labels, which patches are robust / non-robust
 * (J_R, J_NR via patchKind), the coefficients α/β and the noise ξ. Arrays are row-major.
 */
export interface Dataset {
  n: number;
  P: number;
  d: number;
  k: number;
  /** Inputs `[n, P, d]`. */
  X: Float32Array;
  /** Labels `[n]`, 0-based. */
  y: Int32Array;
  /** `[n, P]`: 0 noise, 1 robust, 2 non-robust. */
  patchKind: Uint8Array;
  /** `[n, P]`: α on robust patches, β on non-robust ones, 0 on noise patches. */
  coef: Float32Array;
  /** Noise `[n, P, d]`. */
  xi: Float32Array;
}
