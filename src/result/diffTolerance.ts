/**
 * Tolerances of a comparison of result files (`provably diff` / `provably replay`): a default
 * relative tolerance and per-field ones (`--tolerance 1e-3 --tolerance lambda=0.05
 * --tolerance at.robust.pgd=0.02`; parsed in src/cli/compare/tolerance.ts).
 *
 * How a field is compared: |baseline − result| ≤ tol · scale, where scale = max(|baseline|,
 * |result|, 1e-12) (relative; the floor keeps two values that are both 0 up to rounding equal),
 * except for accuracies and energy shares, which are fractions of 1 and are compared on that
 * natural scale (scale = 1: a tolerance of 1e-3 is 0.1 percentage point). Two NaN are equal.
 */
import type { FinalRecord } from './resultFile.js';

/** Default relative tolerance: float32 runs of the same seed on the same backend agree far better. */
export const DEFAULT_DIFF_TOLERANCE = 1e-3;

/** A compared measurement: its name, how to read it, and whether it is a fraction of 1. */
export interface MeasurementField {
  /** Name in result.json below `measurements.st` / `.at` (`robust.pgd` means `robust.pgd.value`). */
  name: string;
  read(m: FinalRecord): number;
  /** Compared on the scale 1 (accuracies, energy shares) rather than relatively. */
  fraction: boolean;
}

const num = (name: string, read: (m: FinalRecord) => number): MeasurementField => ({ name, read, fraction: false });
const frac = (name: string, read: (m: FinalRecord) => number): MeasurementField => ({ name, read, fraction: true });

/** The final measurements compared, for ST and AT alike (docs/cli.md#report-folder `measurements`). */
export const MEASUREMENT_FIELDS: readonly MeasurementField[] = Object.freeze([
  num('lambda', (m) => m.lambda),
  num('gamma', (m) => m.gamma),
  num('lambdaMean', (m) => m.lambdaMean),
  num('gammaMean', (m) => m.gammaMean),
  num('xi', (m) => m.xi),
  num('loss', (m) => m.loss),
  num('cleanTestLoss', (m) => m.cleanTestLoss),
  num('pgdTestLoss', (m) => m.pgdTestLoss),
  num('steps', (m) => m.steps),
  frac('trainAcc', (m) => m.trainAcc.value),
  frac('testAcc', (m) => m.testAcc.value),
  frac('robust.featureUntargeted', (m) => m.robust.featureUntargeted.value),
  frac('robust.featureTargeted', (m) => m.robust.featureTargeted.value),
  frac('robust.feature', (m) => m.robust.feature.value),
  frac('robust.pgd', (m) => m.robust.pgd.value),
  frac('robust.worst', (m) => m.robust.worst.value),
  frac('energy.v', (m) => m.energy.v),
  frac('energy.u', (m) => m.energy.u),
  frac('energy.rest', (m) => m.energy.rest),
]);

/** The tolerances of a comparison, by field: `lambda` (ST and AT) or `st.lambda` / `at.lambda` (one of them). */
export interface DiffTolerances {
  default: number;
  fields: Readonly<Record<string, number>>;
}

/** The default tolerances: {@link DEFAULT_DIFF_TOLERANCE} everywhere. */
export const DEFAULT_DIFF_TOLERANCES: DiffTolerances = Object.freeze({ default: DEFAULT_DIFF_TOLERANCE, fields: Object.freeze({}) });

/** The tolerance of `field` of training `which`: `which.field`, else `field`, else the default. */
export function toleranceFor(t: DiffTolerances, which: 'st' | 'at', field: string): number {
  return t.fields[`${which}.${field}`] ?? t.fields[field] ?? t.default;
}
