/**
 * The schema of `sweep.json`, written once in zod: it validates what `merge` and `--resume` read,
 * and the published JSON Schema `schemas/sweep.schema.json` is generated from it
 * (`npm run schema`; a test fails when the committed file is stale).
 */
import { z } from 'zod';

const registry = z.registry<{ id?: string; title?: string; description?: string }>();
function doc<T extends z.ZodType>(schema: T, description: string): T {
  registry.add(schema, { description });
  return schema;
}

/** Current `schemaVersion` of sweep.json. */
export const SWEEP_SCHEMA_VERSION = 2;

const Count = z.int().min(0);
const Fraction = z.union([z.number().min(0).max(1), z.literal('NaN')]);
const AxisValue = z.union([z.number(), z.string(), z.boolean()]);

const ClaimCell = z.strictObject({
  id: z.string().min(1),
  holds: Count,
  fails: Count,
  inconclusive: doc(Count.clone(), 'Seeds whose verdict was neither holds nor fails (inconclusive, diverged, interrupted).'),
  stalled: doc(Count.clone(), 'Seeds where R1–R3 held and R4 failed (AT did not move).'),
  total: doc(Count.clone(), 'Seeds of the cell run so far (the denominator, inconclusive included).'),
  rate: doc(Fraction.clone(), 'holds / total; "NaN" with no seeds.'),
  lowerBound: doc(Fraction.clone(), 'One-sided 95 % Clopper–Pearson lower bound of the rate.'),
});

const DescentCount = z.strictObject({
  smooth: Count,
  total: Count,
  rate: doc(Fraction.clone(), 'smooth / total; "NaN" with no seeds.'),
  lowerBound: doc(Fraction.clone(), 'One-sided 95 % Clopper–Pearson lower bound of the rate.'),
});

const DescentCell = z.strictObject({
  smooth: doc(
    Count.clone(),
    'Seeds whose ST loss trace descended smoothly (src/train/descent.ts): every logged value finite, no rise above 1 % of the initial loss between log points, a final loss below the initial one.',
  ),
  total: Count,
  rate: doc(Fraction.clone(), 'smooth / total; "NaN" with no seeds.'),
  lowerBound: doc(Fraction.clone(), 'One-sided 95 % Clopper–Pearson lower bound of the rate.'),
  adversarial: doc(
    DescentCount,
    'The same count on the AT adversarial loss, for information only: that loss is not a fixed objective and can rise at any step size.',
  ),
});

const CellSchema = z.strictObject({
  index: Count,
  values: doc(z.record(z.string(), AxisValue), 'The axis values of the cell.'),
  regime: doc(
    z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    'Every regime key of the cell, evaluated (derived keys included).',
  ),
  outside: doc(z.array(z.string()), 'The assumptions (A0–A8) the cell breaks; empty inside them. Such cells run and are marked.'),
  claims: z.array(ClaimCell),
  descent: doc(
    DescentCell,
    'The step-size criterion, which reads only the ST loss trace (never a verdict): how many seeds trained as smooth gradient descent.',
  ),
});

const RunSummary = z.strictObject({
  cell: Count,
  seed: z.int().min(0),
  status: z.enum(['complete', 'interrupted']),
  verdicts: z.array(
    z.strictObject({
      id: z.string(),
      status: z.enum(['holds', 'fails', 'inconclusive', 'diverged', 'interrupted']),
      margin: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]),
    }),
  ),
  stalled: z.boolean(),
  smoothDescent: doc(z.boolean(), 'The ST loss trace descended smoothly (the step-size criterion).'),
  adversarialSmoothDescent: doc(z.boolean(), 'The AT adversarial loss trace descended smoothly (information only).'),
  file: doc(z.string(), 'The run file under runs/ (its full record: regime, measurements, traces).'),
});

const PlanSchema = z.strictObject({
  scenario: z.strictObject({ name: z.string(), source: z.string(), given: z.record(z.string(), z.unknown()) }),
  axes: z
    .array(z.strictObject({ key: z.string(), values: z.array(AxisValue) }))
    .min(1)
    .max(2),
  sets: z.record(z.string(), z.string()),
  seeds: z.strictObject({ first: z.int().min(0), count: z.int().min(1) }),
});

const ManifestSchema = z.strictObject({
  backend: z.enum(['tensorflow', 'wasm', 'cpu']),
  backendVersion: z.string(),
  backendReason: z.string().optional(),
  precision: z.enum(['float32', 'float64']),
  threads: doc(z.int().min(1), 'Threads per run.'),
  jobs: z.int().min(1),
  node: z.string(),
  cpu: z.string(),
  started: z.string(),
  wallSeconds: z.number().min(0),
  interrupted: z.boolean(),
  shard: z.strictObject({ index: z.int().min(1), count: z.int().min(1), total: Count }).optional(),
});

/** zod schema of sweep.json. */
export const sweepFileSchema = z
  .strictObject({
    schemaVersion: z.literal(SWEEP_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.string(), version: z.string(), commit: z.string() }),
    manifest: ManifestSchema,
    plan: doc(PlanSchema, 'What defines the runs: the base scenario, the axes, the --set expressions and the seeds.'),
    cells: z.array(CellSchema),
    runs: doc(z.array(RunSummary), 'Every run present, in grid order (cell, then seed).'),
  })
  .register(registry, {
    title: 'provably sweep.json',
    description: 'Claim rates over a grid of one or two regime keys, each cell over N seeds.',
  });

/** sweep.json as read. */
export type SweepFile = z.output<typeof sweepFileSchema>;
export type SweepCell = SweepFile['cells'][number];
export type SweepRun = SweepFile['runs'][number];
export type SweepManifest = SweepFile['manifest'];

/** The published JSON Schema (draft 2020-12) of sweep.json. */
export function sweepJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(sweepFileSchema, { target: 'draft-2020-12', io: 'input', metadata: registry }) as Record<string, unknown>;
}
