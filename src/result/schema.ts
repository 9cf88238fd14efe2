/**
 * The schema of `result.json` (docs/cli.md#report-folder), written once in zod.
 *
 * It serves twice: {@link readResultFile} validates with it at run time (zod is already a runtime
 * dependency), and the published JSON Schema `schemas/result.schema.json` is generated from it
 * (`npm run schema`), so the two cannot drift; a test fails when the committed file is stale.
 *
 * JSON has no NaN or ±Infinity, yet a diverged run has NaN losses and a ratio can be infinite.
 * `JSON.stringify` would silently turn them into `null`. Instead such numbers are written as the
 * strings `"NaN"`, `"Infinity"`, `"-Infinity"`, which `Number(…)` in JavaScript and `float(…)` in
 * Python read back exactly. The schema allows those strings only where a number is expected.
 */
import { z } from 'zod';

/** Private registry: ids and descriptions of our schemas stay out of zod's global registry. */
const registry = z.registry<{ id?: string; title?: string; description?: string }>();

function doc<T extends z.ZodType>(schema: T, description: string): T {
  registry.add(schema, { description });
  return schema;
}
function def<T extends z.ZodType>(schema: T, id: string, description: string): T {
  registry.add(schema, { id, description });
  return schema;
}

/** Strings that stand for the non-finite numbers in result.json. */
export const NON_FINITE_STRINGS = ['NaN', 'Infinity', '-Infinity'] as const;

const Num = def(
  z.union([z.number(), z.enum(NON_FINITE_STRINGS).transform((s) => Number(s))]),
  'Num',
  'A number. Non-finite values are written as the strings "NaN", "Infinity" or "-Infinity" (Number(x) / float(x) read them back).',
);
const Fraction = def(
  z.union([z.number().min(0).max(1), z.literal('NaN').transform(() => Number.NaN)]),
  'Fraction',
  'A proportion in [0, 1], or "NaN" when undefined (e.g. no trials).',
);
const Count = z.int().min(0);

const Proportion = def(
  z.strictObject({
    value: Fraction,
    lower: doc(Fraction.clone(), 'Lower end of the 95 % Wilson interval.'),
    upper: doc(Fraction.clone(), 'Upper end of the 95 % Wilson interval.'),
    count: doc(Count.clone(), 'Successes.'),
    n: doc(Count.clone(), 'Trials.'),
  }),
  'Proportion',
  'A proportion with its 95 % Wilson interval.',
);

const featureMeasureShape = {
  lambda: doc(Num.clone(), 'Λ = mean_j max_r ⟨w_{j,r}, u_j⟩ (robust-feature learning).'),
  gamma: doc(Num.clone(), 'Γ = mean_j max_r ⟨w_{j,r}, v_j⟩ (non-robust-feature learning).'),
  lambdaMean: doc(Num.clone(), 'mean_j mean_r ⟨w_{j,r}, u_j⟩.'),
  gammaMean: doc(Num.clone(), 'mean_j mean_r ⟨w_{j,r}, v_j⟩.'),
  lambdaPerClass: z.array(Num),
  gammaPerClass: z.array(Num),
  xi: doc(Num.clone(), 'Ξ = max |⟨w_{j,r}, ξ_{i,p}⟩| over the training set (noise memorisation).'),
};

const TraceRow = def(
  z.strictObject({
    step: doc(Count.clone(), 'Steps completed when the row was measured (0 = initialisation).'),
    ...featureMeasureShape,
    loss: doc(Num.clone(), 'Clean training loss.'),
    trainLoss: doc(Num.clone(), 'Loss on the points the update used (adversarial points for AT).'),
    trainAcc: Fraction,
    testAcc: Fraction,
  }),
  'TraceRow',
  'One logged point of a training trace (every logEvery steps).',
);

const Robust = def(
  z.strictObject({
    featureUntargeted: Proportion,
    featureTargeted: Proportion,
    feature: doc(Proportion.clone(), 'Worst case of the feature-direction forms (docs/model.md#measurements).'),
    pgd: Proportion,
    worst: Proportion,
  }),
  'RobustAccuracies',
  'Robust test accuracies; each counts a sample as correct only if the clean point is correct too.',
);

const Final = def(
  z.strictObject({
    ...featureMeasureShape,
    steps: doc(Count.clone(), 'Steps actually completed.'),
    loss: doc(Num.clone(), 'Clean training loss at the end.'),
    cleanTestLoss: Num,
    pgdTestLoss: Num,
    trainAcc: Proportion,
    testAcc: Proportion,
    robust: Robust,
    energy: doc(
      // Num, not Fraction: shares computed in float32 may exceed 1 by an ulp, which is no error.
      z.strictObject({ v: Num, u: Num, rest: Num }),
      'Fractions (sum 1) of the PGD perturbation energy in span{v}, span{u} and the rest.',
    ),
    diverged: z.strictObject({ step: Count, reason: z.string() }).nullable(),
  }),
  'FinalMeasurements',
  'Final measurements of one trained network.',
);

const Init = def(
  z.strictObject({ lambda: Num, gamma: Num, lambdaMean: Num, gammaMean: Num, xi: Num }),
  'Init',
  'Λ(0), Γ(0), Ξ(0) at the shared initialisation of ST and AT.',
);

const Assumption = def(
  z.strictObject({
    id: z.string().min(1),
    holds: z.boolean(),
    value: Num,
    threshold: Num,
    detail: z.string(),
  }),
  'AssumptionResult',
  'An assumption (A0–A8), run precondition (R1–R4) or the injection heuristic I1.',
);

const Condition = def(
  z.strictObject({
    name: z.string(),
    value: Num,
    op: z.enum(['>=', '<=']),
    threshold: Num,
    holds: z.boolean(),
    margin: doc(Num.clone(), '(value − threshold)/max(|threshold|, 1e-12) for >=; its negative for <=.'),
  }),
  'Condition',
  'One condition of a claim.',
);

const VerdictStatus = z.enum(['holds', 'fails', 'inconclusive', 'diverged', 'interrupted']);
const Expectation = z.enum(['holds', 'fails', 'report']);

const Verdict = def(
  z.strictObject({
    id: z.string().min(1),
    status: VerdictStatus,
    holds: z.boolean().nullable(),
    conditions: z.array(Condition),
    margin: doc(Num.clone(), 'Minimum margin over the conditions (positive = holds with room).'),
    detail: z.string(),
  }),
  'Verdict',
  'A claim verdict (docs/cli.md#report-folder).',
);

const Regime = def(
  z.strictObject({
    k: z.int().min(2),
    d: z.int().min(1),
    P: z.int().min(1),
    sR: Count,
    sNR: Count,
    alphaMin: z.number(),
    alphaMax: z.number(),
    betaMin: z.number(),
    betaMax: z.number(),
    sigmaN: z.number().min(0),
    noise: z.enum(['orthogonal', 'isotropic']),
    featureBasis: z.enum(['random', 'standard']),
    nTrain: z.int().min(1),
    nTest: z.int().min(1),
    m: z.int().min(1),
    q: z.number(),
    rho: z.number(),
    sigma0: z.number(),
    eta: z.number(),
    T: Count,
    batchSize: z.int().min(1).nullable(),
    logEvery: z.int().min(1),
    norm: z.enum(['patch-l2', 'l2', 'linf']),
    eps: z.number().min(0),
    K: Count,
    stepSize: z.number(),
    randomStart: z.boolean(),
    evalSteps: Count,
    evalStepSize: z.number(),
    seed: z.int(),
  }),
  'SeededRegime',
  'Every parameter of the run, evaluated (docs/scenario-keys.md keys), plus the seed.',
);

const BackendManifest = def(
  z.strictObject({
    backend: z.enum(['tensorflow', 'wasm', 'cpu']),
    backendVersion: doc(z.string(), "libtensorflow's version for the native backend (tensorflow), tfjs's for wasm and cpu."),
    backendReason: doc(z.string().optional(), 'Why this backend ran: how it was chosen (auto, fastest, forced) and any fallback taken.'),
    precision: z.enum(['float32', 'float64']),
    threads: z.int().min(1),
    node: z.string(),
    cpu: z.string(),
    started: doc(z.string(), 'ISO 8601 time the run started.'),
    wallSeconds: z.number().min(0),
    timings: doc(
      z.array(z.strictObject({ scenario: z.string(), seed: z.int(), started: z.string(), wallSeconds: z.number().min(0) })).optional(),
      'Wall clock of each run (kept outside runs[], so that runs[] compares byte for byte across --jobs, shards and machines).',
    ),
    jobs: doc(z.int().min(1).optional(), 'Worker processes the runs were trained on (--jobs), when more than one.'),
    shard: doc(
      z.strictObject({ index: z.int().min(1), count: z.int().min(1), total: Count }).optional(),
      'This shard (1-based index of count) of an invocation of total items dealt round-robin.',
    ),
  }),
  'Manifest',
  'What ran: backend, precision, machine. Every number in the file is labelled with this.',
);

const RunRecord = def(
  z.strictObject({
    scenario: z.string().min(1),
    seed: z.int(),
    status: doc(z.enum(['complete', 'interrupted']), '"interrupted" when training was stopped early; measurements cover what was trained.'),
    regime: z.strictObject({
      given: doc(
        z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
        'Regime keys as written in the scenario (numbers or expression strings).',
      ),
      evaluated: Regime,
    }),
    expect: doc(z.record(z.string(), Expectation), 'Claim id → expectation of the scenario; missing ids mean "report".'),
    assumptions: z.array(Assumption),
    preconditions: doc(z.array(Assumption), 'Run preconditions R1 (ST fits the training set) and R2 (no divergence).'),
    injection: doc(Assumption.nullable(), 'Injection heuristic I1 at the measured Λ_AT, reported beside AT-4.'),
    verdicts: z.array(Verdict),
    overrides: doc(
      z.record(z.string(), z.record(z.string(), z.number())).optional(),
      'Threshold overrides in effect for overriddenVerdicts: claim id (or R1) → threshold name → value.',
    ),
    overriddenVerdicts: doc(z.array(Verdict).optional(), 'Verdicts under the threshold overrides (verdicts keeps the defaults).'),
    overriddenPreconditions: doc(z.array(Assumption).optional(), 'R1–R4 under the threshold overrides (they gate overriddenVerdicts).'),
    init: Init,
    measurements: z.strictObject({ st: Final, at: Final }),
    traces: z.strictObject({ st: z.array(TraceRow), at: z.array(TraceRow) }),
    replay: doc(z.string().min(1), 'A command line that reruns this run.'),
  }),
  'RunRecord',
  'One scenario × seed: ST and AT trained from the same initialisation on the same data.',
);

const Aggregate = def(
  z.strictObject({
    scenario: z.string().min(1),
    id: z.string().min(1),
    expect: Expectation,
    matched: doc(Count.clone(), 'Seeds whose verdict status equals the expectation ("report": seeds where the claim holds).'),
    total: Count,
    lowerBound: doc(Fraction.clone(), 'One-sided 95 % Clopper–Pearson lower bound of matched/total.'),
    requiredBound: doc(Fraction.clone(), 'The bound lowerBound must reach (profile constant).'),
    minSeeds: doc(Count.clone(), 'Minimum number of seeds of the profile.'),
    met: doc(z.boolean().nullable(), 'null for "report" (nothing asserted).'),
    holds: doc(Count.clone(), 'Seeds whose verdict held.'),
    fails: doc(Count.clone(), 'Seeds whose verdict failed.'),
    inconclusive: doc(Count.clone(), 'Seeds whose verdict was neither: inconclusive, diverged or interrupted. All are in total.'),
    stalled: doc(
      Count.clone(),
      'Seeds where R1–R3 held and R4 failed (adversarial training stalled); also counted in holds, fails or inconclusive.',
    ),
    diverged: doc(Count.clone(), 'Of inconclusive: seeds whose run diverged.'),
    interrupted: doc(Count.clone(), 'Of inconclusive: seeds whose run was interrupted.'),
    i1: doc(
      z
        .strictObject({
          predictFailFailed: Count,
          predictFailHeld: Count,
          predictHoldFailed: Count,
          predictHoldHeld: Count,
          leftOut: doc(Count.clone(), 'Seeds left out: AT-4 neither held nor failed, or I1 was not evaluated.'),
        })
        .optional(),
      'AT-4 only: the injection heuristic I1 (predicts AT-4 fails when it holds) against AT-4 over the seeds, as a 2×2 table.',
    ),
    calibration: doc(
      z
        .strictObject({
          holds: Count,
          fails: Count,
          inconclusive: Count,
          stalled: Count,
          total: Count,
          backend: z.string().min(1),
          seeds: z.string().min(1),
          source: z.string().min(1),
        })
        .nullable()
        .optional(),
      'The committed calibration of this scenario regime on this backend (docs/calibration/), or null when there is none.',
    ),
  }),
  'AggregateRow',
  'One scenario × claim over seeds (docs/claims.md#statistical-rule).',
);

const Tool = def(
  z.strictObject({ name: z.string(), version: z.string(), commit: z.string() }),
  'Tool',
  'The build of provably that wrote the file; commit is "unknown" outside a git checkout.',
);

/** Current `schemaVersion` of result.json. Bump deliberately, with a CHANGELOG line. */
export const RESULT_SCHEMA_VERSION = 2;

/** zod schema of the JSON text of result.json; parsing decodes the non-finite number strings. */
export const resultFileSchema = z
  .strictObject({
    schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
    tool: Tool,
    manifest: BackendManifest,
    runs: z.array(RunRecord),
    aggregate: z.array(Aggregate),
  })
  .register(registry, {
    title: 'provably result.json',
    description: 'Verdicts, measurements and traces of one `provably verify` invocation (docs/cli.md#report-folder).',
  });

/**
 * The published JSON Schema (draft 2020-12) of result.json, as committed in
 * `schemas/result.schema.json`.
 */
export function resultJsonSchema(): Record<string, unknown> {
  // io "input": describe what is in the file (the strings), not the decoded numbers.
  return z.toJSONSchema(resultFileSchema, { target: 'draft-2020-12', io: 'input', metadata: registry }) as Record<string, unknown>;
}
