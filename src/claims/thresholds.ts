import type { ClaimThresholds, ThresholdOverrides } from './types.js';

/**
 * The thresholds of docs/claims.md, in one place. A report prints the verdicts at these values always,
 * and beside them any verdicts at overridden values: the spec's verdict is never hidden.
 *
 * @defaultValue
 * ST-1 ratio 3 · ST-2 clean ≥ 0.9, feature robust ≤ 0.5 · ST-3 v-share ≥ 0.5 ·
 * AT-1 Λ_AT ≥ 2·Λ̂_ST and ≥ 5·Λ(0) · AT-2 Γ_AT ≤ 0.5·Γ_ST and Γ_AT/Λ̂_AT ≤ 0.5·Γ_ST/Λ̂_ST ·
 * AT-3 gain ≥ 0.2, clean AT ≥ 0.8 · AT-4 PGD robust AT ≥ 0.5 · R1 ST train acc ≥ 0.95 ·
 * R3 max(Λ_ST, Γ_ST) ≥ 5·S0 · R4 max(Λ_AT, Γ_AT) ≥ 5·S0, S0 = max(Λ(0), Γ(0), sigma0)
 */
export const DEFAULT_THRESHOLDS: Readonly<ClaimThresholds> = deepFreeze({
  'ST-1': { ratio: 3 },
  'ST-2': { minCleanTestAcc: 0.9, maxFeatureRobustAcc: 0.5 },
  'ST-3': { minVShare: 0.5 },
  'AT-1': { overStLambdaHat: 2, overInitLambda: 5 },
  'AT-2': { gammaFactor: 0.5, ratioFactor: 0.5 },
  'AT-3': { minFeatureRobustGain: 0.2, minCleanTestAcc: 0.8 },
  'AT-4': { minPgdRobustAcc: 0.5 },
  R1: { minStTrainAcc: 0.95 },
  R3: { overInitScale: 5 },
  R4: { overInitScale: 5 },
});

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}

/**
 * Λ̂ = max(Λ, Λ(0)) (docs/claims.md): a ratio over a feature that was never learned is taken over its
 * size at initialisation rather than over a number near 0. NaN in either gives NaN (Math.max), so
 * a non-finite measurement can never make a condition hold.
 */
export function lambdaHat(lambda: number, lambdaInit: number): number {
  return Math.max(lambda, lambdaInit);
}

/** True when `overrides` is absent or changes nothing (no id with a field). */
export function isEmptyOverride(overrides: ThresholdOverrides | undefined): boolean {
  if (overrides === undefined) return true;
  return Object.values(overrides).every((o) => o === undefined || Object.keys(o).length === 0);
}

/**
 * The thresholds with `overrides` applied over {@link DEFAULT_THRESHOLDS} (or over `base`).
 * Overrides usually come from a user (a flag or a file), so they are checked eagerly: an unknown
 * id or field, or a value that is not a finite number, is an error naming the path and the fix.
 * The result is frozen; `base` is not modified.
 *
 * @throws TypeError on an unknown id or field, or a non-finite value
 */
export function resolveThresholds(
  overrides?: ThresholdOverrides,
  base: Readonly<ClaimThresholds> = DEFAULT_THRESHOLDS,
): Readonly<ClaimThresholds> {
  const out = structuredClone(base) as ClaimThresholds;
  if (overrides === undefined) return deepFreeze(out);
  const known = Object.keys(base) as (keyof ClaimThresholds)[];
  for (const [id, fields] of Object.entries(overrides)) {
    if (!known.includes(id as keyof ClaimThresholds)) {
      throw new TypeError(
        `thresholds: '${id}' is not a claim or precondition with thresholds; use one of ${known.join(', ')}`,
      );
    }
    if (fields === undefined) continue;
    if (typeof fields !== 'object' || fields === null) {
      throw new TypeError(`thresholds.${id} must be an object of fields, e.g. { ${Object.keys(base[id as keyof ClaimThresholds])[0]}: … }`);
    }
    const target = out[id as keyof ClaimThresholds] as Record<string, number>;
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      if (!(field in target)) {
        throw new TypeError(
          `thresholds.${id}.${field} is not a threshold of ${id}; use one of ${Object.keys(target).join(', ')}`,
        );
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TypeError(`thresholds.${id}.${field} must be a finite number, got ${String(value)}`);
      }
      target[field] = value;
    }
  }
  return deepFreeze(out);
}

/**
 * The fields of `overrides` that differ from `base`, as `id.field = value` strings (for a verdict's
 * detail line: which thresholds made an overridden verdict differ).
 */
export function describeOverrides(
  overrides: ThresholdOverrides | undefined,
  ids: readonly (keyof ClaimThresholds)[],
  base: Readonly<ClaimThresholds> = DEFAULT_THRESHOLDS,
): string[] {
  if (overrides === undefined) return [];
  const out: string[] = [];
  for (const id of ids) {
    const fields = overrides[id] as Record<string, number> | undefined;
    if (fields === undefined) continue;
    const defaults = base[id] as Record<string, number>;
    for (const [field, value] of Object.entries(fields)) {
      if (value !== defaults[field]) out.push(`${id}.${field} = ${value} (spec ${defaults[field]})`);
    }
  }
  return out;
}
