/**
 * The scenario format (docs/scenario-keys.md) in two stages, both reporting every issue, never just the
 * first:
 *
 * 1. {@link rawScenarioSchema} (zod) fixes the SHAPE of the file: known keys only (`.strict()`),
 *    each regime key a number or an expression string (enums and `randomStart` their own types).
 *    {@link issuesFromZod} turns zod's issues into {@link RegimeIssue}s with this project's messages.
 * 2. {@link validateRegimeValues} checks the EVALUATED regime: integers, ranges, relations between
 *    keys, and size caps, so that absurd sizes are refused here and never reach an allocation. (The
 *    resource guard that estimates memory and time lives elsewhere; these caps are only the outer
 *    fence.)
 *
 * The rules are data ({@link KEY_SPECS}, {@link SIZE_LIMITS}), so messages, arbitraries and tests
 * read the same numbers.
 */
import { z } from 'zod';
import { closest } from './_internals/suggest.js';
import { REQUIRED_REGIME_KEYS } from './defaults.js';
import { showNumber, showValue } from '../util/issue.js';
import { makeIssue, type RegimeIssue } from './errors.js';
import { REGIME_KEYS, type Expectation, type Regime } from './types.js';

/** Claim ids a scenario may set expectations for (docs/claims.md). */
export const CLAIM_IDS = ['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3', 'AT-4'] as const;
/** A claim id. */
export type ClaimId = (typeof CLAIM_IDS)[number];
/** The expectations of docs/claims.md#statistical-rule. */
export const EXPECTATIONS = ['holds', 'fails', 'report'] as const satisfies readonly Expectation[];
/** Keys of a scenario that are not regime keys. */
export const SCENARIO_META_KEYS = ['name', 'description', 'expect', 'seed'] as const;

/** A scenario name becomes part of a report folder name, so it must be a safe file-name slug. */
export const SCENARIO_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Largest seed: the random streams are seeded with 32-bit integers. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Caps that keep absurd sizes from reaching allocation. Each is far above what a CPU run can use,
 * so a legitimate regime never meets one; the resource guard gives the real, tighter estimate.
 */
export const SIZE_LIMITS = Object.freeze({
  k: 100,
  d: 4096,
  P: 1024,
  m: 1024,
  T: 1_000_000,
  nTrain: 1_000_000,
  nTest: 1_000_000,
  K: 1000,
  evalSteps: 1000,
  logEvery: 1_000_000,
  /** Above this the smoothed ReLU's `z^q` underflows for any `z < rho`; the shape stops making sense. */
  q: 16,
  /** Continuous scales (coefficients, radii, rates): finite is not enough, `1e300^q` is not. */
  scale: 1e6,
  /** Data tensor entries, `(nTrain + nTest)·P·d` (X; ξ doubles it). */
  dataElements: 2e8,
  /** Weight entries, `k·m·d`. */
  weightElements: 1e7,
});

/** How one regime key is validated. */
export type KeySpec =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; exclusiveMin: boolean; max: number }
  | { kind: 'intOrNull'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' };

const int = (min: number, max: number): KeySpec => ({ kind: 'int', min, max });
const positive: KeySpec = { kind: 'number', min: 0, exclusiveMin: true, max: SIZE_LIMITS.scale };
const nonNegative: KeySpec = { kind: 'number', min: 0, exclusiveMin: false, max: SIZE_LIMITS.scale };

/** The per-key rules of docs/scenario-keys.md (plus size caps). Relations between keys are in {@link validateRegimeValues}. */
export const KEY_SPECS: Readonly<Record<keyof Regime, KeySpec>> = Object.freeze({
  k: int(2, SIZE_LIMITS.k),
  d: int(1, SIZE_LIMITS.d),
  P: int(1, SIZE_LIMITS.P),
  sR: int(0, SIZE_LIMITS.P),
  sNR: int(0, SIZE_LIMITS.P),
  alphaMin: positive,
  alphaMax: positive,
  betaMin: positive,
  betaMax: positive,
  sigmaN: nonNegative,
  noise: { kind: 'enum', values: ['orthogonal', 'isotropic'] },
  featureBasis: { kind: 'enum', values: ['random', 'standard'] },
  nTrain: int(1, SIZE_LIMITS.nTrain),
  nTest: int(1, SIZE_LIMITS.nTest),
  m: int(1, SIZE_LIMITS.m),
  q: { kind: 'number', min: 2, exclusiveMin: false, max: SIZE_LIMITS.q },
  rho: positive,
  sigma0: positive,
  eta: positive,
  T: int(1, SIZE_LIMITS.T),
  batchSize: { kind: 'intOrNull', min: 1, max: SIZE_LIMITS.nTrain },
  logEvery: int(1, SIZE_LIMITS.logEvery),
  norm: { kind: 'enum', values: ['patch-l2', 'l2', 'linf'] },
  eps: nonNegative,
  K: int(1, SIZE_LIMITS.K),
  stepSize: nonNegative,
  randomStart: { kind: 'bool' },
  evalSteps: int(0, SIZE_LIMITS.evalSteps),
  evalStepSize: nonNegative,
});

/** True for keys whose value is a number (possibly given as an expression). */
export function isNumericKey(key: keyof Regime): boolean {
  const kind = KEY_SPECS[key].kind;
  return kind === 'int' || kind === 'number' || kind === 'intOrNull';
}

/** The type of a key's value as users read it, for messages. */
export function describeType(key: keyof Regime): string {
  const spec = KEY_SPECS[key];
  switch (spec.kind) {
    case 'int':
      return 'an integer or an expression string';
    case 'number':
      return 'a number or an expression string';
    case 'intOrNull':
      return 'an integer, an expression string or null';
    case 'enum':
      return `one of ${spec.values.map((v) => `"${v}"`).join(', ')}`;
    case 'bool':
      return 'true or false';
  }
}

/** The range rule of a numeric key in words (`"k is an integer ≥ 2 and ≤ 100"`). */
export function describeRange(key: keyof Regime): string {
  const spec = KEY_SPECS[key];
  if (spec.kind === 'int' || spec.kind === 'intOrNull') {
    return `${key} is ${spec.kind === 'intOrNull' ? 'null or ' : ''}an integer ≥ ${spec.min} and ≤ ${spec.max}`;
  }
  if (spec.kind === 'number') return `${key} is a number ${spec.exclusiveMin ? '>' : '≥'} ${spec.min} and ≤ ${spec.max}`;
  return `${key} is ${describeType(key)}`;
}

const numberOrExpression = z.union([z.number(), z.string()]);

function zodFor(key: keyof Regime): z.ZodType {
  const spec = KEY_SPECS[key];
  switch (spec.kind) {
    case 'int':
    case 'number':
      return numberOrExpression;
    case 'intOrNull':
      return z.union([z.number(), z.string(), z.null()]);
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]);
    case 'bool':
      return z.boolean();
  }
}

const required = new Set<string>(REQUIRED_REGIME_KEYS);

/**
 * The raw scenario file (docs/scenario-keys.md). Shape only: ranges, integers and relations are checked after
 * evaluation, because a value may be an expression. Unknown keys are errors (`.strict()`), at the
 * top level and inside `expect`.
 */
export const rawScenarioSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    expect: z.partialRecord(z.enum(CLAIM_IDS), z.enum(EXPECTATIONS)).optional(),
    seed: z.number().optional(),
    ...Object.fromEntries(REGIME_KEYS.map((key) => [key, required.has(key) ? zodFor(key) : zodFor(key).optional()])),
  })
  .strict();

/** The names a scenario file may hold. */
export const SCENARIO_KEYS: readonly string[] = [...SCENARIO_META_KEYS, ...REGIME_KEYS];

const isRegimeKey = (key: string): key is keyof Regime => (REGIME_KEYS as readonly string[]).includes(key);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' && !Number.isFinite(v)) return `the non-finite number ${v}`;
  return `a ${typeof v}`;
}

/**
 * Translates zod's issues for {@link rawScenarioSchema} into {@link RegimeIssue}s: one per problem,
 * each naming the field, the value, the rule and the fix. `raw` is the object that was parsed (zod
 * does not always keep the input, e.g. for `NaN`).
 */
export function issuesFromZod(error: z.ZodError, raw: unknown): RegimeIssue[] {
  const out: RegimeIssue[] = [];
  for (const zi of error.issues) {
    const path = zi.path;
    const key = path.map(String).join('.');
    if (zi.code === 'unrecognized_keys') {
      const inExpect = path.length === 1 && path[0] === 'expect';
      for (const k of zi.keys) {
        const full = inExpect ? `expect.${k}` : k;
        const known = inExpect ? [...CLAIM_IDS] : SCENARIO_KEYS;
        const guess = closest(k, known);
        out.push(
          makeIssue({
            code: 'unknown_key',
            path: full,
            input: valueAt(raw, [...path, k]),
            summary: `${inExpect ? 'unknown claim id' : 'unknown key'} ${showValue(k)}${guess ? ` (did you mean ${guess}?)` : ''}`,
            rule: inExpect
              ? `expect may only name the claims ${CLAIM_IDS.join(', ')}`
              : 'a scenario may hold only name, description, expect, seed and the regime keys of docs/scenario-keys.md',
            fix: guess ? `rename ${showValue(k)} to ${guess}, or remove it` : `remove ${showValue(k)}`,
          }),
        );
      }
      continue;
    }
    if (path.length === 0) {
      out.push(
        makeIssue({
          code: 'parse',
          path: '',
          input: raw,
          summary: `the scenario is ${kindOf(raw)}, not a JSON object`,
          rule: 'a scenario is one JSON object',
          fix: 'wrap the scenario keys in { … }',
        }),
      );
      continue;
    }
    const input = valueAt(raw, path);
    const top = String(path[0]);
    const present = path.length === 1 && raw !== null && typeof raw === 'object' && Object.hasOwn(raw, top) && input !== undefined;
    let expected: string;
    if (isRegimeKey(top)) expected = describeType(top);
    else if (top === 'name' || top === 'description') expected = 'a string';
    else if (top === 'seed') expected = 'an integer';
    else if (top === 'expect' && path.length === 1) expected = 'an object mapping claim ids to "holds", "fails" or "report"';
    else if (top === 'expect') expected = '"holds", "fails" or "report"';
    else expected = 'a valid value';
    if (!present && path.length === 1) {
      out.push(
        makeIssue({
          code: 'missing_key',
          path: key,
          input: undefined,
          summary: `${key} is missing`,
          rule: `${key} is required (${expected})`,
          fix: `add "${key}": ${top === 'name' ? '"my-scenario"' : top === 'description' ? '"…"' : 'a value'}`,
        }),
      );
      continue;
    }
    const what =
      typeof input === 'number' && !Number.isFinite(input)
        ? 'is not a finite number'
        : zi.code === 'invalid_value'
          ? 'is not an allowed value'
          : `is ${kindOf(input)}`;
    out.push(
      makeIssue({
        code: 'invalid_type',
        path: key,
        input,
        summary: `${key} = ${showValue(input)} ${what}`,
        rule: `${key} is ${expected}`,
        fix: `give ${key} ${expected}`,
      }),
    );
  }
  return out;
}

/** Tolerance within which an integer key's float value is taken as that integer (`3*0.1*10` → 3). */
export const INTEGER_TOLERANCE = 1e-9;

/** Output of {@link validateRegimeValues}. */
export interface RegimeValidation {
  /** Values that passed their own key's rule (integers snapped to exact integers). */
  valid: Partial<Record<keyof Regime, number>>;
  issues: RegimeIssue[];
}

/**
 * Checks evaluated numeric values: each key's type and range ({@link KEY_SPECS}), then relations
 * (`2k ≤ d`, `sR + sNR ≤ P`, `alphaMin ≤ alphaMax`, `betaMin ≤ betaMax`, `batchSize ≤ nTrain`) and
 * size estimates. A relation is checked only when all its keys passed their own rules, so one bad
 * value yields one issue, not a cascade. `given` (the values as written) lets messages show the
 * expression a value came from.
 */
export function validateRegimeValues(
  values: Partial<Record<keyof Regime, number>>,
  given: Readonly<Record<string, unknown>> = {},
): RegimeValidation {
  const issues: RegimeIssue[] = [];
  const valid: Partial<Record<keyof Regime, number>> = {};
  const show = (key: keyof Regime, v: number) =>
    typeof given[key] === 'string' ? `${key} = ${showValue(given[key])} = ${showNumber(v)}` : `${key} = ${showValue(v)}`;

  for (const key of REGIME_KEYS) {
    const v = values[key];
    if (v === undefined) continue;
    const spec = KEY_SPECS[key];
    if (spec.kind === 'enum' || spec.kind === 'bool') continue;
    const input = given[key] ?? v;
    const rule = describeRange(key);
    const range = (summary: string, fix: string) => issues.push(makeIssue({ code: 'out_of_range', path: key, input, summary, rule, fix }));
    if (!Number.isFinite(v)) {
      issues.push(
        makeIssue({
          code: 'invalid_type',
          path: key,
          input,
          summary: `${show(key, v)} is not a finite number`,
          rule,
          fix: `give ${key} a finite value`,
        }),
      );
      continue;
    }
    let x = v;
    if (spec.kind === 'int' || spec.kind === 'intOrNull') {
      const r = Math.round(x);
      if (Math.abs(x - r) > INTEGER_TOLERANCE * Math.max(1, Math.abs(x))) {
        range(
          `${show(key, v)} is not an integer`,
          `give ${key} an integer${typeof given[key] === 'string' ? ' (e.g. wrap the expression in round(…))' : ''}`,
        );
        continue;
      }
      x = r === 0 ? 0 : r;
    }
    const below = spec.kind === 'number' && spec.exclusiveMin ? x <= spec.min : x < spec.min;
    if (below) {
      range(
        `${show(key, v)} is ${spec.kind === 'number' && spec.exclusiveMin ? 'not above' : 'below'} the minimum ${spec.min}`,
        `set ${key} ${spec.kind === 'number' && spec.exclusiveMin ? `above ${spec.min}` : `to at least ${spec.min}`}`,
      );
      continue;
    }
    if (x > spec.max) {
      range(
        `${show(key, v)} exceeds the cap ${spec.max} (absurd values are refused before any allocation)`,
        `lower ${key} to at most ${spec.max}`,
      );
      continue;
    }
    valid[key] = x;
  }

  const rel = (path: keyof Regime, related: (keyof Regime)[], summary: string, rule: string, fix: string) =>
    issues.push(makeIssue({ code: 'relation', path, input: given[path] ?? valid[path], related, summary, rule, fix }));
  const { k, d, P, sR, sNR, alphaMin, alphaMax, betaMin, betaMax, batchSize, nTrain, nTest, m } = valid;
  if (k !== undefined && d !== undefined && 2 * k > d) {
    rel(
      'd',
      ['d', 'k'],
      `2k = ${2 * k} exceeds d = ${d}`,
      '2k ≤ d: the 2k feature vectors must be orthonormal in R^d',
      `raise d to at least ${2 * k}, or lower k to at most ${Math.floor(d / 2)}`,
    );
  }
  if (sR !== undefined && sNR !== undefined && P !== undefined && sR + sNR > P) {
    rel('P', ['P', 'sR', 'sNR'], `sR + sNR = ${sR + sNR} exceeds P = ${P}`, 'sR + sNR ≤ P', 'lower sR or sNR, or raise P');
  }
  if (alphaMin !== undefined && alphaMax !== undefined && alphaMin > alphaMax) {
    rel(
      'alphaMax',
      ['alphaMax', 'alphaMin'],
      `alphaMin = ${showNumber(alphaMin)} exceeds alphaMax = ${showNumber(alphaMax)}`,
      'alphaMin ≤ alphaMax',
      'swap them, or set alphaMax to at least alphaMin',
    );
  }
  if (betaMin !== undefined && betaMax !== undefined && betaMin > betaMax) {
    rel(
      'betaMax',
      ['betaMax', 'betaMin'],
      `betaMin = ${showNumber(betaMin)} exceeds betaMax = ${showNumber(betaMax)}`,
      'betaMin ≤ betaMax',
      'swap them, or set betaMax to at least betaMin',
    );
  }
  if (batchSize !== undefined && nTrain !== undefined && batchSize > nTrain) {
    rel(
      'batchSize',
      ['batchSize', 'nTrain'],
      `batchSize = ${batchSize} exceeds nTrain = ${nTrain}`,
      'batchSize is null (full batch) or at most nTrain',
      `lower batchSize to at most ${nTrain}, or set it to null`,
    );
  }
  if (nTrain !== undefined && nTest !== undefined && P !== undefined && d !== undefined) {
    const elements = (nTrain + nTest) * P * d;
    if (elements > SIZE_LIMITS.dataElements) {
      rel(
        'nTrain',
        ['nTrain', 'nTest', 'P', 'd'],
        `(nTrain + nTest)·P·d = (${nTrain} + ${nTest})·${P}·${d} = ${elements.toExponential(3)} data entries exceeds the cap ${SIZE_LIMITS.dataElements.toExponential(0)}`,
        `(nTrain + nTest)·P·d ≤ ${SIZE_LIMITS.dataElements.toExponential(0)}, so that absurd sizes never reach allocation`,
        'lower nTrain, nTest, P or d',
      );
    }
  }
  if (k !== undefined && m !== undefined && d !== undefined) {
    const weights = k * m * d;
    if (weights > SIZE_LIMITS.weightElements) {
      rel(
        'm',
        ['m', 'k', 'd'],
        `k·m·d = ${k}·${m}·${d} = ${weights.toExponential(3)} weights exceeds the cap ${SIZE_LIMITS.weightElements.toExponential(0)}`,
        `k·m·d ≤ ${SIZE_LIMITS.weightElements.toExponential(0)}, so that absurd sizes never reach allocation`,
        'lower m, k or d',
      );
    }
  }
  return { valid, issues };
}

/**
 * Checks the non-regime fields once their types are right (the zod stage): `name` is a file-name
 * slug (it becomes part of a report folder's name) and `seed` a 32-bit non-negative integer.
 */
export function validateScenarioMeta(meta: { name?: unknown; seed?: unknown }): RegimeIssue[] {
  const issues: RegimeIssue[] = [];
  if (typeof meta.name === 'string' && !SCENARIO_NAME_PATTERN.test(meta.name)) {
    issues.push(
      makeIssue({
        code: 'out_of_range',
        path: 'name',
        input: meta.name,
        summary: `name = ${showValue(meta.name)} is not a file-name slug`,
        rule: 'name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (it names report folders)',
        fix: 'rename the scenario, e.g. "my-scenario"',
      }),
    );
  }
  const seed = meta.seed;
  if (typeof seed === 'number' && !(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    issues.push(
      makeIssue({
        code: Number.isFinite(seed) ? 'out_of_range' : 'invalid_type',
        path: 'seed',
        input: seed,
        summary: `seed = ${showValue(seed)} is not an integer in [0, ${MAX_SEED}]`,
        rule: `seed is an integer ≥ 0 and ≤ ${MAX_SEED}`,
        fix: 'give seed a non-negative integer, e.g. 0',
      }),
    );
  }
  return issues;
}
