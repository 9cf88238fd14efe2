/**
 * result.json (docs/cli.md#report-folder) and its published schema. Guarantees checked here: whatever a run
 * produced (NaN and ±∞ measures, divergence, interruption, threshold overrides), the builder's
 * output validates against `schemas/result.schema.json` with an independent validator (ajv) and
 * reads back equal, non-finite numbers included; the committed schema is the one the code
 * generates; broken documents are rejected by the schema and by `readResultFile`, whose error names
 * the file and the JSON path of each problem.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThresholdOverrides } from '../../src/claims/types.js';
import { RESULT_SCHEMA_PATH } from '../../src/result/emitSchema.js';
import {
  buildResultFile,
  parseResultFile,
  readResultFile,
  replayCommand,
  ResultFileError,
  serializeResultFile,
  shellQuote,
} from '../../src/result/resultFile.js';
import type { ResultFile } from '../../src/result/resultFile.js';
import { resultJsonSchema } from '../../src/result/schema.js';
import { toolInfo } from '../../src/result/toolInfo.js';
import { runResultArbitrary } from '../arbitraries/runResult.js';
import { aggregateOf, runInputFromResult, syntheticManifest, syntheticResultFile, syntheticRunResult } from '../fixtures/syntheticRun.js';

let committedSchema: Record<string, unknown>;
let validate: ReturnType<Ajv2020['compile']>;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provably-result-'));
  committedSchema = JSON.parse(await readFile(RESULT_SCHEMA_PATH, 'utf8'));
  // Strict mode catches schema mistakes (unknown keywords, bad formats); union types such as
  // ["boolean", "null"] are standard JSON Schema and allowed explicitly.
  validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(committedSchema);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The document exactly as a consumer sees it: the JSON text parsed with plain JSON.parse. */
const asJson = (rf: ResultFile): unknown => JSON.parse(serializeResultFile(rf));

/** −0 becomes 0 in JSON (JSON.stringify(-0) is "0"); the sign of zero carries no meaning here. */
function withoutNegativeZero<T>(value: T): T {
  if (Object.is(value, -0)) return 0 as T;
  if (Array.isArray(value)) return value.map(withoutNegativeZero) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)])) as T;
  }
  return value;
}

function expectValid(doc: unknown): void {
  const ok = validate(doc);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
}

const overridesArb: fc.Arbitrary<ThresholdOverrides | undefined> = fc.option(
  fc.constantFrom<ThresholdOverrides>({ 'ST-1': { ratio: 10 } }, { 'AT-3': { minFeatureRobustGain: 0.1 }, R1: { minStTrainAcc: 0.5 } }),
  { nil: undefined },
);

describe('schemas/result.schema.json', () => {
  it('is the schema the code generates (regenerate with `npm run schema`)', () => {
    expect(committedSchema).toEqual(resultJsonSchema());
  });

  it('accepts builder output for synthetic runs: one seed, several seeds, overrides, interrupted, diverged', () => {
    expectValid(asJson(syntheticResultFile()));
    expectValid(asJson(syntheticResultFile({ seeds: [0, 1, 2], overrides: { 'ST-1': { ratio: 10 } } })));
    expectValid(asJson(syntheticResultFile({ seeds: [3], interrupted: true })));
    expectValid(asJson(syntheticResultFile({ seeds: [5], divergeAt: true })));
  });

  it('accepts builder output for arbitrary run results (NaN, ±∞, divergence, interruption) and reads it back equal', () => {
    fc.assert(
      fc.property(fc.array(runResultArbitrary(), { minLength: 1, maxLength: 3 }), overridesArb, (results, overrides) => {
        const inputs = results.map((r) => runInputFromResult(r, { overrides }));
        const rf = buildResultFile({ tool: toolInfo(), manifest: syntheticManifest('cpu'), runs: inputs, aggregate: aggregateOf(inputs) });
        const text = serializeResultFile(rf);
        expectValid(JSON.parse(text));
        // toEqual treats NaN as equal to NaN and tells ∞ from −∞, so non-finite values must survive.
        expect(parseResultFile(text)).toEqual(withoutNegativeZero(rf));
      }),
      { numRuns: 30 },
    );
  });

  it('writes non-finite numbers as strings a reader can turn back into numbers', () => {
    const result = syntheticRunResult({ seed: 5, divergeAt: true });
    const rf = buildResultFile({ manifest: syntheticManifest(), runs: [runInputFromResult(result)], aggregate: [] });
    const text = serializeResultFile(rf);
    const doc = JSON.parse(text) as { runs: { measurements: { at: { lambda: unknown; diverged: unknown } } }[] };
    expect(doc.runs[0]!.measurements.at.lambda).toBe('NaN');
    expect(Number(doc.runs[0]!.measurements.at.lambda)).toBeNaN();
    expect(doc.runs[0]!.measurements.at.diverged).toEqual({ step: 300, reason: 'non-finite loss' });
    expect(text).not.toMatch(/:\s*null[,\n]\s*"(lambda|gamma|loss)"/);
    expect(Number.isNaN(parseResultFile(text).runs[0]!.measurements.at.lambda)).toBe(true);
  });

  const broken: [string, (doc: any) => void, RegExp][] = [
    ['an unknown verdict status', (d) => (d.runs[0].verdicts[0].status = 'maybe'), /runs\[0\]\.verdicts\[0\]\.status/],
    ['a missing replay command', (d) => delete d.runs[0].replay, /runs\[0\]\.replay/],
    ['an unknown top-level key', (d) => (d.extra = 1), /\(root\): Unrecognized key: "extra"/],
    ['a proportion above 1', (d) => (d.runs[0].measurements.st.testAcc.value = 1.5), /runs\[0\]\.measurements\.st\.testAcc\.value/],
    ['a negative count', (d) => (d.runs[0].measurements.at.robust.pgd.count = -1), /runs\[0\]\.measurements\.at\.robust\.pgd\.count/],
    ['a misspelt non-finite number', (d) => (d.runs[0].measurements.st.lambda = 'nan'), /runs\[0\]\.measurements\.st\.lambda/],
    ['a run status outside the enum', (d) => (d.runs[0].status = 'done'), /runs\[0\]\.status/],
    ['a fractional seed', (d) => (d.runs[0].seed = 1.5), /runs\[0\]\.seed/],
    ['a wrong precision', (d) => (d.manifest.precision = 'float16'), /manifest\.precision/],
    [
      'a condition op outside >= / <=',
      (d) => (d.runs[0].verdicts[0].conditions[0].op = '>'),
      /runs\[0\]\.verdicts\[0\]\.conditions\[0\]\.op/,
    ],
    ['an aggregate without lowerBound', (d) => delete d.aggregate[0].lowerBound, /aggregate\[0\]\.lowerBound/],
  ];

  it.each(broken)('rejects %s (ajv and readResultFile agree)', async (_what, breakIt, path) => {
    const doc = asJson(syntheticResultFile({ seeds: [0, 1] })) as any;
    breakIt(doc);
    expect(validate(doc)).toBe(false);
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(doc));
    const error = await readResultFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultFileError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(path);
  });
});

describe('readResultFile', () => {
  it('reads what serializeResultFile wrote', async () => {
    const rf = syntheticResultFile({ seeds: [0, 1] });
    const file = join(dir, 'result.json');
    await writeFile(file, serializeResultFile(rf));
    expect(await readResultFile(file)).toEqual(rf);
  });

  it('names the file and the problem for unreadable, non-JSON and wrong-version files', async () => {
    await expect(readResultFile(join(dir, 'nope.json'))).rejects.toThrow(
      /nope\.json: cannot be read \(ENOENT\) \(rule: .*\)\. Fix: check the path\./,
    );
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{"schemaVersion": 1,');
    await expect(readResultFile(notJson)).rejects.toThrow(/not\.json: not JSON/);
    const v1 = join(dir, 'v1.json');
    await writeFile(v1, JSON.stringify({ schemaVersion: 1 }));
    await expect(readResultFile(v1)).rejects.toThrow(
      /schemaVersion is 1, this provably reads version 2 \(rule: .*\)\. Fix: give the result\.json of a provably verify run \(schema version 2\)\./,
    );
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ name: 'package' }));
    await expect(readResultFile(other)).rejects.toThrow(/schemaVersion is missing; is this a provably result\.json\?/);
  });

  it('lists every problem as data', () => {
    const doc = asJson(syntheticResultFile()) as any;
    doc.runs[0].status = 'done';
    doc.runs[0].seed = 'zero';
    try {
      parseResultFile(JSON.stringify(doc), 'x.json');
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ResultFileError);
      const paths = (error as ResultFileError).issues.map((i) => i.path).sort();
      expect(paths).toEqual(['runs[0].seed', 'runs[0].status']);
      expect((error as ResultFileError).source).toBe('x.json');
    }
  });
});

describe('buildResultFile', () => {
  it('records scenario, seed, regime, status, init, measurements, traces and replay of each run, and its wall clock only in the manifest', () => {
    const result = syntheticRunResult({ seed: 7, interrupted: true });
    const input = runInputFromResult(result);
    const rf = buildResultFile({ manifest: syntheticManifest(), runs: [input], aggregate: [] });
    const run = rf.runs[0]!;
    expect(rf.schemaVersion).toBe(2);
    expect(run).toMatchObject({ scenario: 'paper-small', seed: 7, status: 'interrupted', init: result.init });
    // Nothing of the wall clock in runs[]: it would differ between --jobs, shards and machines.
    expect(JSON.stringify(rf.runs)).not.toMatch(/wallSeconds|started/);
    expect(rf.manifest.timings).toEqual([
      { scenario: 'paper-small', seed: 7, started: result.manifest.started, wallSeconds: result.manifest.wallSeconds },
    ]);
    expect(run.regime.evaluated).toEqual(result.regime);
    expect(run.regime.given).toEqual(input.scenario.given);
    expect(run.measurements.st.robust).toEqual(result.st.robust);
    expect(run.traces.at).toEqual(result.traces.at);
    expect(run.verdicts.every((v) => v.status === 'interrupted')).toBe(true);
    expect(run.replay).toBe(`provably verify paper-small --seed 7 --backend wasm --threads ${result.manifest.threads}`);
    expect(run.injection?.id).toBe('I1');
    expect(run.overrides).toBeUndefined();
  });

  it('records threshold overrides only together with the overridden verdicts', () => {
    const result = syntheticRunResult();
    const withOverrides = runInputFromResult(result, { overrides: { 'ST-1': { ratio: 10 } } });
    const rf = buildResultFile({ manifest: syntheticManifest(), runs: [withOverrides], aggregate: [] });
    expect(rf.runs[0]!.overrides).toEqual({ 'ST-1': { ratio: 10 } });
    expect(rf.runs[0]!.overriddenVerdicts).toHaveLength(rf.runs[0]!.verdicts.length);
    const missing = { ...withOverrides, overriddenVerdicts: undefined };
    expect(() => buildResultFile({ manifest: syntheticManifest(), runs: [missing], aggregate: [] })).toThrow(
      /overrides are set but overriddenVerdicts is missing/,
    );
    const stray = { ...runInputFromResult(result), overriddenVerdicts: withOverrides.overriddenVerdicts };
    expect(() => buildResultFile({ manifest: syntheticManifest(), runs: [stray], aggregate: [] })).toThrow(
      /overriddenVerdicts given without any overrides/,
    );
  });

  it('refuses input the schema would reject, naming the field', () => {
    const input = runInputFromResult(syntheticRunResult());
    const bad = { ...input, result: { ...input.result, st: { ...input.result.st, testAcc: { ...input.result.st.testAcc, value: 2 } } } };
    expect(() => buildResultFile({ manifest: syntheticManifest(), runs: [bad], aggregate: [] })).toThrow(
      /runs\[0\]\.measurements\.st\.testAcc\.value/,
    );
    const objectGiven = { ...input, scenario: { ...input.scenario, given: { k: { nested: 1 } } } };
    expect(() => buildResultFile({ manifest: syntheticManifest(), runs: [objectGiven], aggregate: [] })).toThrow(
      /given\.k must be a number, string, boolean or null/,
    );
  });

  it('quotes replay arguments for a POSIX shell only when needed', () => {
    expect(replayCommand('scenarios/my run.json', 3, 'cpu')).toBe("provably verify 'scenarios/my run.json' --seed 3 --backend cpu");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('paper-small')).toBe('paper-small');
  });

  it('fills the tool from package.json and git', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const tool = toolInfo();
    expect(tool.name).toBe(pkg.name);
    expect(tool.version).toBe(pkg.version);
    expect(tool.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });
});
