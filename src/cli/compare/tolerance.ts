/**
 * The `--tolerance` flag of `provably diff` / `provably replay`: `VALUE` (the default for every
 * field) or `FIELD=VALUE` (one field), repeatable. What a tolerance means is src/result/diffTolerance.ts.
 */
import { badArgument } from '../options.js';
import { DEFAULT_DIFF_TOLERANCES, MEASUREMENT_FIELDS, type DiffTolerances } from '../../result/diffTolerance.js';

function parseValue(text: string, spec: string): number {
  const value = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw badArgument(
      'a tolerance is a finite number ≥ 0, alone (default for every field) or as FIELD=VALUE',
      `e.g. --tolerance 1e-3 or --tolerance lambda=0.05 (got ${JSON.stringify(spec)})`,
    );
  }
  return value;
}

/**
 * A commander parser for repeated `--tolerance` flags: `VALUE` sets the default, `FIELD=VALUE` one
 * field. FIELD is one of {@link MEASUREMENT_FIELDS}, optionally prefixed by `st.` or `at.`.
 */
export function parseTolerance(spec: string, previous: DiffTolerances | undefined): DiffTolerances {
  const base = previous ?? DEFAULT_DIFF_TOLERANCES;
  const eq = spec.indexOf('=');
  if (eq < 0) return { default: parseValue(spec, spec), fields: base.fields };
  const key = spec.slice(0, eq).trim();
  const field = key.replace(/^(st|at)\./, '');
  if (!MEASUREMENT_FIELDS.some((f) => f.name === field)) {
    throw badArgument(
      `FIELD is one of ${MEASUREMENT_FIELDS.map((f) => f.name).join(', ')}, optionally prefixed st. or at.`,
      `e.g. --tolerance lambda=0.05 (got field ${JSON.stringify(key)})`,
    );
  }
  return { default: base.default, fields: { ...base.fields, [key]: parseValue(spec.slice(eq + 1), spec) } };
}
