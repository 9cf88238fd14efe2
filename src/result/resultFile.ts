/**
 * `result.json` (docs/cli.md#report-folder): the machine-readable record of one `provably verify` invocation,
 * what `provably diff` compares in CI and `provably replay` reruns.
 *
 * Everything a report shows is in this file, so report.md and report.html are pure functions of
 * it and can be re-rendered from an old result.json.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { AggregateRow, Verdict } from '../claims/types.js';
import type { Manifest, RunResult } from '../experiment/types.js';
import type { FinalMeasurements, TraceRow } from '../measure/types.js';
import type { AssumptionResult, Expectation, SeededRegime } from '../regime/types.js';
import { REGIME_KEYS } from '../regime/types.js';
import { firstLine, IssueError, makeIssue, type Issue, type IssueInit } from '../util/issue.js';
import { issuesFromZod } from '../util/zodIssues.js';
import { RESULT_SCHEMA_VERSION, resultFileSchema } from './schema.js';
import { toolInfo } from './toolInfo.js';
import type { ToolInfo } from './toolInfo.js';

/** Whether a run trained to the end or was stopped (Ctrl-C, abort signal). */
export type RunStatus = 'complete' | 'interrupted';

/** A regime value as written in a scenario file: a number, a mathjs expression string, a flag. */
export type GivenValue = number | string | boolean | null;

/** Keys of {@link FinalMeasurements} recorded in result.json (schema version 1). */
export const FINAL_KEYS = [
  'lambda',
  'gamma',
  'lambdaMean',
  'gammaMean',
  'lambdaPerClass',
  'gammaPerClass',
  'xi',
  'steps',
  'loss',
  'cleanTestLoss',
  'pgdTestLoss',
  'trainAcc',
  'testAcc',
  'robust',
  'energy',
  'diverged',
] as const satisfies readonly (keyof FinalMeasurements)[];

/** Keys of {@link TraceRow} recorded in result.json (schema version 1). */
export const TRACE_KEYS = [
  'step',
  'lambda',
  'gamma',
  'lambdaMean',
  'gammaMean',
  'lambdaPerClass',
  'gammaPerClass',
  'xi',
  'loss',
  'trainLoss',
  'trainAcc',
  'testAcc',
] as const satisfies readonly (keyof TraceRow)[];

/**
 * Final measurements as recorded. A fixed key list rather than the whole object: a field added to
 * {@link FinalMeasurements} later must not silently change the published format.
 */
export type FinalRecord = Pick<FinalMeasurements, (typeof FINAL_KEYS)[number]>;
/** One trace row as recorded (see {@link FinalRecord} for why a fixed key list). */
export type TraceRecord = Pick<TraceRow, (typeof TRACE_KEYS)[number]>;

/** One scenario × seed in result.json. */
export interface RunRecord {
  /** Scenario name. */
  scenario: string;
  seed: number;
  status: RunStatus;
  regime: {
    /** The regime keys exactly as written in the scenario (numbers or expression strings). */
    given: Record<string, GivenValue>;
    /** Every key evaluated, defaults filled in, with the seed. */
    evaluated: SeededRegime;
  };
  /** Claim id → the scenario's expectation (missing ids mean "report"). */
  expect: Record<string, Expectation>;
  /** A1–A8 (docs/model.md#assumptions). */
  assumptions: AssumptionResult[];
  /** R1, R2 (docs/model.md#assumptions, checked on the result). */
  preconditions: AssumptionResult[];
  /** Injection heuristic I1 at the measured Λ_AT (docs/claims.md), or null when not evaluated. */
  injection: AssumptionResult | null;
  /** Verdicts with the default thresholds. */
  verdicts: Verdict[];
  /**
   * Threshold overrides in effect for {@link RunRecord.overriddenVerdicts}: claim id (or `R1`) →
   * threshold name → value, as in `ThresholdOverrides` (src/claims/types.ts).
   */
  overrides?: Record<string, Record<string, number>>;
  /** Verdicts under the overrides; present only when overrides were used. */
  overriddenVerdicts?: Verdict[];
  /** R1, R2 under the overrides (they gate `overriddenVerdicts`); present only with overrides. */
  overriddenPreconditions?: AssumptionResult[];
  /** Λ(0), Γ(0), Ξ(0) at the shared initialisation. */
  init: RunResult['init'];
  measurements: { st: FinalRecord; at: FinalRecord };
  traces: { st: TraceRecord[]; at: TraceRecord[] };
  /** Command line that reruns this run. */
  replay: string;
}

/** The whole of result.json. */
export interface ResultFile {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: ToolInfo;
  /** The invocation: backend, precision, machine, start and total wall time. */
  manifest: Manifest;
  runs: RunRecord[];
  /** Per scenario × claim over seeds (empty if not computed). */
  aggregate: AggregateRow[];
}

// Compile-time proof that the zod schema decodes to exactly these types: if either side changes
// without the other, type-checking fails here.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesTypes: Equal<z.output<typeof resultFileSchema>, ResultFile> = true;
void schemaMatchesTypes;

/** The scenario fields a run record needs; a `Scenario` (src/regime/types.ts) fits. */
export interface ScenarioRef {
  name: string;
  /** Regime keys as written; recorded as `regime.given`. @defaultValue {} */
  given?: Record<string, unknown>;
  /** @defaultValue {} */
  expect?: Record<string, Expectation>;
  /** Path or name used to load the scenario; used in the replay command. @defaultValue name */
  source?: string;
}

/** Threshold overrides as the claims module takes them; unset fields may be undefined. */
export type OverridesInput = Readonly<Record<string, Readonly<Record<string, number | undefined>> | undefined>>;

/** Everything {@link buildResultFile} needs about one run. */
export interface RunRecordInput {
  scenario: ScenarioRef;
  result: RunResult;
  assumptions: AssumptionResult[];
  preconditions: AssumptionResult[];
  verdicts: Verdict[];
  /** I1 evaluated at Λ_AT. @defaultValue null */
  injection?: AssumptionResult | null;
  /**
   * Threshold overrides (a `ThresholdOverrides` fits). When any is set, `overriddenVerdicts` must be
   * given too, and the other way round.
   */
  overrides?: OverridesInput;
  /** Verdicts at the overridden thresholds (`ClaimEvaluation.overridden`). */
  overriddenVerdicts?: Verdict[];
  /** R1, R2 at the overridden thresholds (`ClaimEvaluation.overriddenPreconditions`). */
  overriddenPreconditions?: AssumptionResult[];
  /** Replay command. @defaultValue `provably verify <source> --seed <seed> --backend <backend>` */
  replay?: string;
}

/** Input of {@link buildResultFile}. */
export interface ResultFileInput {
  /** @defaultValue {@link toolInfo}() */
  tool?: ToolInfo;
  /** The invocation's manifest (total wall time). */
  manifest: Manifest;
  runs: RunRecordInput[];
  aggregate: AggregateRow[];
}

/** The wall seconds of `run` (from `manifest.timings`), or the whole invocation's when not recorded. */
export function runWallSeconds(file: Pick<ResultFile, 'manifest'>, run: Pick<RunRecord, 'scenario' | 'seed'>): number {
  const t = file.manifest.timings?.find((x) => x.scenario === run.scenario && x.seed === run.seed);
  return t?.wallSeconds ?? file.manifest.wallSeconds;
}

/** Quotes an argument for a POSIX shell only when needed, so that common replays stay readable. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The default replay command of a run (docs/cli.md). */
export function replayCommand(source: string, seed: number, backend: string, threads?: number): string {
  const words = ['provably', 'verify', shellQuote(source), '--seed', String(seed), '--backend', shellQuote(backend)];
  if (threads !== undefined) words.push('--threads', String(threads));
  return words.join(' ');
}

function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = obj[key];
  return out;
}

function givenRecord(scenario: string, given: Record<string, unknown>): Record<string, GivenValue> {
  const out: Record<string, GivenValue> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else
      throw new TypeError(
        `buildResultFile: scenario ${scenario}: given.${key} must be a number, string, boolean or null, got ${typeof value}`,
      );
  }
  return out;
}

function evaluatedRegime(regime: SeededRegime): SeededRegime {
  const out = { seed: regime.seed } as Record<string, unknown>;
  for (const key of REGIME_KEYS) out[key] = regime[key];
  return out as unknown as SeededRegime;
}

/** The set leaves of an overrides object; empty when nothing is overridden. */
function definedOverrides(overrides: OverridesInput | undefined): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [id, fields] of Object.entries(overrides ?? {})) {
    for (const [name, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      (out[id] ??= {})[name] = value;
    }
  }
  return out;
}

function runRecord(input: RunRecordInput): RunRecord {
  const { scenario, result } = input;
  const overrides = definedOverrides(input.overrides);
  const overridden = Object.keys(overrides).length > 0;
  if (overridden !== (input.overriddenVerdicts !== undefined)) {
    // One without the other would print verdicts whose thresholds the reader cannot see.
    throw new TypeError(
      `buildResultFile: scenario ${scenario.name}, seed ${result.regime.seed}: ` +
        (overridden ? 'overrides are set but overriddenVerdicts is missing' : 'overriddenVerdicts given without any overrides'),
    );
  }
  const record: RunRecord = {
    scenario: scenario.name,
    seed: result.regime.seed,
    status: result.interrupted ? 'interrupted' : 'complete',
    regime: { given: givenRecord(scenario.name, scenario.given ?? {}), evaluated: evaluatedRegime(result.regime) },
    expect: { ...(scenario.expect ?? {}) },
    assumptions: input.assumptions,
    preconditions: input.preconditions,
    injection: input.injection ?? null,
    verdicts: input.verdicts,
    init: { ...result.init },
    measurements: { st: pick(result.st, FINAL_KEYS), at: pick(result.at, FINAL_KEYS) },
    traces: {
      st: result.traces.st.map((row) => pick(row, TRACE_KEYS)),
      at: result.traces.at.map((row) => pick(row, TRACE_KEYS)),
    },
    replay:
      input.replay ?? replayCommand(scenario.source ?? scenario.name, result.regime.seed, result.manifest.backend, result.manifest.threads),
  };
  if (overridden) {
    record.overrides = overrides;
    record.overriddenVerdicts = input.overriddenVerdicts;
    if (input.overriddenPreconditions !== undefined) record.overriddenPreconditions = input.overriddenPreconditions;
  }
  return record;
}

/**
 * Builds result.json from runs and the aggregate. The result is checked against the published
 * schema before it is returned, so a file that {@link readResultFile} would reject is never written.
 *
 * @throws ResultFileError naming the offending field if an input does not fit the schema (e.g. a
 *   proportion outside [0, 1]).
 */
export function buildResultFile(input: ResultFileInput): ResultFile {
  // Wall clock lives in the manifest, outside runs[] (see Manifest.timings).
  const timings =
    input.manifest.timings ??
    input.runs.map(({ scenario, result }) => ({
      scenario: scenario.name,
      seed: result.regime.seed,
      started: result.manifest.started,
      wallSeconds: result.manifest.wallSeconds,
    }));
  const file: ResultFile = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: input.tool ?? toolInfo(),
    manifest: { ...input.manifest, timings },
    runs: input.runs.map(runRecord),
    aggregate: input.aggregate,
  };
  // Round-trip through the serialised form: this is exactly what a reader will see.
  parseResultFile(serializeResultFile(file), '<buildResultFile output>');
  return file;
}

/** JSON.stringify replacer writing non-finite numbers as "NaN" / "Infinity" / "-Infinity". */
function encodeNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * The JSON text of result.json (2-space indented, final newline). Non-finite numbers become the
 * strings "NaN", "Infinity", "-Infinity" (see `src/result/schema.ts`).
 */
export function serializeResultFile(file: ResultFile): string {
  return `${JSON.stringify(file, encodeNonFinite, 2)}\n`;
}

/** One problem found in a result.json; its path is a JSON path like `runs[0].verdicts[2].status`. */
export type ResultFileIssue = Issue;

/** What a readable result.json is, and what to give instead. */
const RESULT_RULE = `a provably result.json of schema version ${RESULT_SCHEMA_VERSION} (schemas/result.schema.json)`;
const RESULT_FIX = `give the result.json of a provably verify run (schema version ${RESULT_SCHEMA_VERSION})`;

function resultIssue(init: Omit<IssueInit, 'rule' | 'fix'> & { fix?: string; rule?: string }): Issue {
  return makeIssue({ rule: RESULT_RULE, fix: RESULT_FIX, ...init });
}

/**
 * A result.json that cannot be read: names the file and every problem (the first 8 in the
 * message), as data and as one line each.
 */
export class ResultFileError extends IssueError {
  /**
   * @param source - The file (or a label such as `<stdin>`).
   * @param issues - Every problem found.
   */
  constructor(source: string, issues: readonly Issue[]) {
    super(issues, source, { name: 'ResultFileError', maxShown: 8 });
  }
}

/**
 * Parses and validates the text of a result.json, decoding non-finite numbers.
 *
 * @param text - JSON text.
 * @param source - Where the text came from, for error messages.
 * @throws ResultFileError on invalid JSON, an unsupported schemaVersion or any schema violation.
 */
export function parseResultFile(text: string, source = '<string>'): ResultFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResultFileError(source, [
      resultIssue({ code: 'parse', path: '', input: undefined, summary: `not JSON (${firstLine(error)})` }),
    ]);
  }
  // A version mismatch would otherwise show up as dozens of confusing field errors.
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof json === 'object' && json !== null && version !== RESULT_SCHEMA_VERSION) {
    throw new ResultFileError(source, [
      resultIssue({
        code: version === undefined ? 'missing_key' : 'out_of_range',
        path: 'schemaVersion',
        input: version,
        summary:
          version === undefined
            ? 'schemaVersion is missing; is this a provably result.json?'
            : `schemaVersion is ${JSON.stringify(version)}, this provably reads version ${RESULT_SCHEMA_VERSION}`,
      }),
    ]);
  }
  const parsed = resultFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new ResultFileError(source, issuesFromZod(parsed.error, RESULT_RULE, RESULT_FIX));
  return parsed.data;
}

/** Reads and validates a result.json file (see {@link parseResultFile}). */
export async function readResultFile(path: string): Promise<ResultFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const summary = `cannot be read (${(error as NodeJS.ErrnoException).code ?? firstLine(error)})`;
    throw new ResultFileError(path, [
      resultIssue({ code: 'file', path: '', input: path, summary, rule: 'the path names a readable file', fix: 'check the path' }),
    ]);
  }
  return parseResultFile(text, path);
}
