/**
 * Tolerances of `provably diff` / `provably replay`: a default relative tolerance and per-field ones
 * (`--tolerance 1e-3 --tolerance lambda=0.05 --tolerance at.robust.pgd=0.02`).
 *
 * How a field is compared: |baseline − result| ≤ tol · scale, where scale = max(|baseline|,
 * |result|, 1e-12) (relative; the floor keeps two values that are both 0 up to rounding equal),
 * except for accuracies and energy shares, which are fractions of 1 and are compared on that
 * natural scale (scale = 1: a tolerance of 1e-3 is 0.1 percentage point). Two NaN are equal.
 */
import { InvalidArgumentError } from 'commander';
import type { FinalRecord } from '../../report/resultFile.js';

/** Default relative tolerance: float32 runs of the same seed on the same backend agree far better. */
export const DEFAULT_TOLERANCE = 1e-3;

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

/** Tolerances by field: `lambda` (ST and AT) or `st.lambda` / `at.lambda` (one of them). */
export interface Tolerances {
  default: number;
  fields: Readonly<Record<string, number>>;
}

/** The default tolerances: {@link DEFAULT_TOLERANCE} everywhere. */
export const DEFAULT_TOLERANCES: Tolerances = Object.freeze({ default: DEFAULT_TOLERANCE, fields: Object.freeze({}) });

/** The tolerance of `field` of training `which`: `which.field`, else `field`, else the default. */
export function toleranceFor(t: Tolerances, which: 'st' | 'at', field: string): number {
  return t.fields[`${which}.${field}`] ?? t.fields[field] ?? t.default;
}

function parseValue(text: string, spec: string): number {
  const value = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`Rule: a tolerance is a finite number ≥ 0, alone (default for every field) or as FIELD=VALUE. Fix: e.g. --tolerance 1e-3 or --tolerance lambda=0.05 (got ${JSON.stringify(spec)}).`);
  }
  return value;
}

/**
 * A commander parser for repeated `--tolerance` flags: `VALUE` sets the default, `FIELD=VALUE` one
 * field. FIELD is one of {@link MEASUREMENT_FIELDS}, optionally prefixed by `st.` or `at.`.
 */
export function parseTolerance(spec: string, previous: Tolerances | undefined): Tolerances {
  const base = previous ?? DEFAULT_TOLERANCES;
  const eq = spec.indexOf('=');
  if (eq < 0) return { default: parseValue(spec, spec), fields: base.fields };
  const key = spec.slice(0, eq).trim();
  const field = key.replace(/^(st|at)\./, '');
  if (!MEASUREMENT_FIELDS.some((f) => f.name === field)) {
    throw new InvalidArgumentError(
      `Rule: FIELD is one of ${MEASUREMENT_FIELDS.map((f) => f.name).join(', ')}, optionally prefixed st. or at. Fix: e.g. --tolerance lambda=0.05 (got field ${JSON.stringify(key)}).`,
    );
  }
  return { default: base.default, fields: { ...base.fields, [key]: parseValue(spec.slice(eq + 1), spec) } };
}
