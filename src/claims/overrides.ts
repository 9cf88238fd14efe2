/**
 * Threshold overrides (a flag or a file changes some thresholds): checked eagerly, applied over the
 * table of defaults (`DEFAULT_THRESHOLDS`, collected by the registry from the claim files), and
 * described for a verdict's detail. A report prints the verdicts at the spec's thresholds always,
 * and beside them any verdicts at overridden values: the spec's verdict is never hidden.
 */
import type { ClaimThresholds, ThresholdOverrides } from './types.js';

/** Freezes `value` and every object inside it. */
export function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}

/** True when `overrides` is absent or changes nothing (no id with a field). */
export function isEmptyOverride(overrides: ThresholdOverrides | undefined): boolean {
  if (overrides === undefined) return true;
  return Object.values(overrides).every((o) => o === undefined || Object.keys(o).length === 0);
}

/**
 * The thresholds with `overrides` applied over `base` (the registry's `DEFAULT_THRESHOLDS`).
 * Overrides usually come from a user (a flag or a file), so they are checked eagerly: an unknown
 * id or field, or a value that is not a finite number, is an error naming the path and the fix.
 * The result is frozen; `base` is not modified.
 *
 * @throws TypeError on an unknown id or field, or a non-finite value
 */
export function resolveThresholds(overrides: ThresholdOverrides | undefined, base: Readonly<ClaimThresholds>): Readonly<ClaimThresholds> {
  const out = structuredClone(base) as ClaimThresholds;
  if (overrides === undefined) return deepFreeze(out);
  const known = Object.keys(base) as (keyof ClaimThresholds)[];
  for (const [id, fields] of Object.entries(overrides)) {
    if (!known.includes(id as keyof ClaimThresholds)) {
      throw new TypeError(`thresholds: '${id}' is not a claim or precondition with thresholds; use one of ${known.join(', ')}`);
    }
    if (fields === undefined) continue;
    if (typeof fields !== 'object' || fields === null) {
      throw new TypeError(`thresholds.${id} must be an object of fields, e.g. { ${Object.keys(base[id as keyof ClaimThresholds])[0]}: … }`);
    }
    const target = out[id as keyof ClaimThresholds] as Record<string, number>;
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      if (!(field in target)) {
        throw new TypeError(`thresholds.${id}.${field} is not a threshold of ${id}; use one of ${Object.keys(target).join(', ')}`);
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
  base: Readonly<ClaimThresholds>,
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
