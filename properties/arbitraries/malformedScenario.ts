/**
 * Test-only fast-check generators of broken scenario files, for the validator's properties: each is
 * built from a valid scenario (drawn by `anyRegime`) by one mutation, so the tagged field is the one
 * at fault. Kept out of src/ because nothing but the tests uses them.
 */
import fc from 'fast-check';
import { anyRegime, scenarioObjectOf } from '../../src/regime/arbitraries.js';
import { REQUIRED_REGIME_KEYS } from '../../src/regime/defaults.js';
import { ALLOWED_CONSTANTS } from '../../src/regime/expressions.js';
import { KEY_SPECS, SCENARIO_KEYS } from '../../src/regime/schema.js';
import { REGIME_KEYS, type Regime } from '../../src/regime/types.js';

/** A broken scenario object, tagged with the field at fault. */
export interface MalformedScenario {
  /** What to feed the validator (not necessarily an object). */
  input: unknown;
  /** The field at fault (`""` = the scenario as a whole, `"expect.ST-9"` inside expect). */
  field: string;
  /** What was broken, for test output. */
  flaw: string;
}

/** Expressions that must be refused, from mathjs's security notes and known exploits. */
export const INJECTION_EXPRESSIONS: readonly string[] = Object.freeze([
  'import({}, {override: true})',
  'import({"sqrt": 1}, {override: true})',
  'createUnit("x")',
  'evaluate("1")',
  'parse("1")',
  'compile("1")',
  'simplify("x")',
  'derivative("x^2", "x")',
  'resolve(x)',
  'reviver("x")',
  'f(x) = x',
  'x = 1',
  'eps = 2',
  '[].constructor',
  '[].map.constructor("return process")()',
  'cos.constructor("return process")()',
  'sqrt.constructor("return this")()',
  'd.constructor',
  'e["constructor"]',
  '{a: 1}.a',
  'typeOf(d)',
  'chain(1).done()',
  'sin(1)',
  'random()',
  '1; 2',
  'd > 3 ? 1 : 2',
  '1:3',
  '5 cm',
  '"1"',
  'true',
  'null',
  'd == 64',
  'd!',
  '5 mod 2',
  `${'1+'.repeat(120)}1`,
  `${'('.repeat(150)}1${')'.repeat(150)}`,
]);

const NUMERIC_KEYS = REGIME_KEYS.filter((k) => ['int', 'number', 'intOrNull'].includes(KEY_SPECS[k].kind));
const ENUM_KEYS = REGIME_KEYS.filter((k) => KEY_SPECS[k].kind === 'enum');
const REQUIRED_SCENARIO_KEYS = ['name', ...REQUIRED_REGIME_KEYS] as const;

/** Values below a key's minimum (or otherwise out of range), per key. */
const OUT_OF_RANGE: Readonly<Partial<Record<keyof Regime, readonly number[]>>> = {
  k: [1, 0, -2, 101, 1e9],
  d: [0, -1, 5000, 1e7],
  P: [0, -5, 1025, 1e6],
  sR: [-1],
  sNR: [-3],
  alphaMin: [0, -0.5, 1e7],
  alphaMax: [0, -1],
  betaMin: [0, -0.1],
  betaMax: [-0.1, 0],
  sigmaN: [-0.01, 2e6],
  nTrain: [0, -1, 1e6 + 1, 1e9],
  nTest: [0, -3, 2e6],
  m: [0, -1, 1025],
  q: [1.5, 0, -3, 17, 100],
  rho: [0, -1],
  sigma0: [0, -0.01],
  eta: [0, -0.1, 1e7],
  T: [0, -600, 1e6 + 1, 1e12],
  batchSize: [0, -1, 2e6],
  logEvery: [0, -1],
  eps: [-0.1, -1e-9, 1e7],
  K: [0, -1, 1001],
  stepSize: [-1],
  evalSteps: [-1, 1001],
  evalStepSize: [-0.5],
};

/** Non-integer values for the integer keys. */
const NOT_INTEGER: Readonly<Partial<Record<keyof Regime, readonly number[]>>> = {
  k: [2.5],
  d: [64.5],
  P: [47.5],
  sR: [0.5],
  sNR: [1.25],
  nTrain: [99.9],
  nTest: [10.01],
  m: [2.2],
  T: [10.5],
  batchSize: [2.5],
  logEvery: [1.5],
  K: [1.5],
  evalSteps: [3.3],
};

/**
 * Broken scenario objects, each tagged with the field at fault: random JSON, non-objects, wrong
 * types, missing and unknown keys, NaN/±Infinity (as JS numbers: JSON cannot carry them), negative,
 * zero, non-integer and huge values, `2k > d`, `sR + sNR > P`, `alphaMin > alphaMax`, oversize
 * products, cyclic, unparsable, unknown-name, non-finite and injection expressions, bad enum values
 * and bad `expect` entries. Each is built from a valid scenario by one mutation, so the tagged field
 * is the one at fault (the validator may report others only as consequences).
 */
export function malformedScenario(): fc.Arbitrary<MalformedScenario> {
  const base = anyRegime().map((r) => scenarioObjectOf(r, 'broken'));
  const withKey = <T>(arb: fc.Arbitrary<T>) => fc.tuple(base, arb);
  const set = (raw: Record<string, unknown>, key: string, value: unknown) => ({ ...raw, [key]: value });
  const numericKey = fc.constantFrom(...NUMERIC_KEYS);
  const requiredOrMeta = (raw: unknown) =>
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? (REQUIRED_SCENARIO_KEYS.find((k) => !Object.hasOwn(raw, k)) ?? '')
      : '';

  const randomJson: fc.Arbitrary<MalformedScenario> = fc
    .oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }),
      fc.constantFrom<unknown>(null, [], '', 0, 'paper-small'),
    )
    .filter((v) => requiredOrMeta(v) !== '' || v === null || typeof v !== 'object' || Array.isArray(v))
    .map((input) => ({ input, field: requiredOrMeta(input), flaw: 'random JSON' }));

  const missing = withKey(fc.constantFrom(...REQUIRED_SCENARIO_KEYS)).map(([raw, key]) => {
    const { [key]: _dropped, ...rest } = raw;
    return { input: rest, field: key, flaw: `missing ${key}` };
  });

  const unknownKey = withKey(
    fc
      .oneof(
        fc.constantFrom('epsilon', 'sigma', 'Eps', 'kk', 'steps', 'batch_size', 'constructor', 'toString', '__proto__', 'e', ''),
        fc.string({ maxLength: 12 }),
      )
      .filter((k) => !SCENARIO_KEYS.includes(k)),
  ).map(([raw, key]) => {
    const input: Record<string, unknown> = { ...raw };
    // defineProperty: an own "__proto__" key, as JSON.parse would make, not a prototype change.
    Object.defineProperty(input, key, { value: 1, enumerable: true, configurable: true, writable: true });
    return { input, field: key, flaw: `unknown key ${JSON.stringify(key)}` };
  });

  const notFinite = withKey(fc.tuple(numericKey, fc.constantFrom(NaN, Infinity, -Infinity))).map(([raw, [key, v]]) => ({
    input: set(raw, key, v),
    field: key,
    flaw: `${key} = ${v}`,
  }));

  const wrongType = withKey(
    fc
      .oneof(
        fc.tuple(numericKey, fc.constantFrom<unknown>(true, false, {}, [], [1], { a: 1 }, null)),
        fc.tuple(fc.constantFrom(...ENUM_KEYS), fc.constantFrom<unknown>(1, true, null, 'bogus', '', ['l2'], 'Patch-L2')),
        fc.tuple(fc.constant('randomStart'), fc.constantFrom<unknown>('true', 1, 0, null, 'false')),
        fc.tuple(fc.constant('name'), fc.constantFrom<unknown>(1, null, true, [], '', 'has space', 'a/b', '../x', 'x'.repeat(65))),
        fc.tuple(fc.constant('description'), fc.constantFrom<unknown>(0, null, {}, [])),
        fc.tuple(fc.constant('expect'), fc.constantFrom<unknown>('holds', [], 1, null)),
        fc.tuple(fc.constant('seed'), fc.constantFrom<unknown>('0', true, null, -1, 1.5, 2 ** 33, NaN, Infinity)),
      )
      .filter(([key, v]) => !(key === 'batchSize' && v === null)),
  ).map(([raw, [key, v]]) => ({ input: set(raw, key, v), field: key, flaw: `${key} = ${JSON.stringify(v)}` }));

  const outOfRange = withKey(
    fc.constantFrom(...(Object.entries(OUT_OF_RANGE) as [string, number[]][]).flatMap(([k, vs]) => vs.map((v) => [k, v] as const))),
  ).map(([raw, [key, v]]) => ({ input: set(raw, key, v), field: key, flaw: `${key} = ${v}` }));

  const notInteger = withKey(
    fc.constantFrom(...(Object.entries(NOT_INTEGER) as [string, number[]][]).flatMap(([k, vs]) => vs.map((v) => [k, v] as const))),
  ).map(([raw, [key, v]]) => ({ input: set(raw, key, v), field: key, flaw: `${key} = ${v} (not an integer)` }));

  const relations = withKey(fc.constantFrom('2k>d', 'sR+sNR>P', 'alpha', 'beta', 'batch', 'data', 'weights', 'exprRange')).map(
    ([raw, which]) => {
      const r = raw as Record<string, number>;
      switch (which) {
        case '2k>d':
          return { input: set(raw, 'd', 2 * r.k! - 1), field: 'd', flaw: '2k > d' };
        case 'sR+sNR>P':
          return { input: set(raw, 'sR', r.P! - r.sNR! + 1), field: 'P', flaw: 'sR + sNR > P' };
        case 'alpha':
          return { input: set(raw, 'alphaMin', r.alphaMax! * 1.5), field: 'alphaMax', flaw: 'alphaMin > alphaMax' };
        case 'beta':
          return { input: set(raw, 'betaMin', r.betaMax! * 2), field: 'betaMax', flaw: 'betaMin > betaMax' };
        case 'batch':
          return { input: set(raw, 'batchSize', r.nTrain! + 1), field: 'batchSize', flaw: 'batchSize > nTrain' };
        case 'data':
          return {
            input: { ...raw, nTrain: 100_000, nTest: 100_000, P: 1024, d: 4096 },
            field: 'nTrain',
            flaw: '(nTrain + nTest)·P·d too large',
          };
        case 'weights':
          return { input: { ...raw, k: 4, m: 1024, d: 4096 }, field: 'm', flaw: 'k·m·d too large' };
        default:
          return { input: set(raw, 'd', 'k - 10'), field: 'd', flaw: 'expression out of range' };
      }
    },
  );

  const cycles = withKey(fc.uniqueArray(numericKey, { minLength: 1, maxLength: 3 })).map(([raw, keys]) => {
    const input: Record<string, unknown> = { ...raw };
    keys.forEach((key, i) => {
      input[key] = `${keys[(i + 1) % keys.length]} * 1`;
    });
    return { input, field: keys[0]!, flaw: `cycle ${keys.join(' → ')} → ${keys[0]}` };
  });

  const unknownName = withKey(
    fc.tuple(
      numericKey,
      fc.constantFrom('sigma', 'epsilon', 'x', 'cm', 'i', 'E', 'PI', 'tau', 'phi', 'name', 'seed', 'noise', 'randomStart'),
    ),
  )
    .filter(([, [, name]]) => !Object.hasOwn(ALLOWED_CONSTANTS, name))
    .map(([raw, [key, name]]) => ({ input: set(raw, key, `${name} * 2`), field: key, flaw: `unknown name ${name}` }));

  const badExpression = withKey(
    fc.tuple(
      numericKey,
      fc.constantFrom(
        'sqrt(',
        '1 +',
        '(d',
        '2 **',
        ')',
        '',
        '   ',
        'd d d )',
        'log()',
        'pow(2)',
        'min()',
        'sqrt(1, 2)',
        '1/0',
        'log(0)',
        '-1/0',
        '0/0',
        'sqrt(-1)',
        '10^400',
        'exp(1000)',
        '(-8)^(1/3)',
        'NaN',
        'Infinity',
        ...INJECTION_EXPRESSIONS,
      ),
    ),
  ).map(([raw, [key, text]]) => ({ input: set(raw, key, text), field: key, flaw: `expression ${JSON.stringify(text.slice(0, 40))}` }));

  const badExpect = withKey(
    fc.constantFrom(
      [{ 'ST-9': 'holds' }, 'expect.ST-9'] as const,
      [{ 'st-1': 'holds' }, 'expect.st-1'] as const,
      [{ 'ST-1': 'maybe' }, 'expect.ST-1'] as const,
      [{ 'AT-4': true }, 'expect.AT-4'] as const,
      [{ 'AT-1': null }, 'expect.AT-1'] as const,
    ),
  ).map(([raw, [expect, field]]) => ({ input: set(raw, 'expect', expect), field, flaw: `expect ${JSON.stringify(expect)}` }));

  return fc.oneof(
    randomJson,
    missing,
    unknownKey,
    notFinite,
    wrongType,
    outOfRange,
    notInteger,
    relations,
    cycles,
    unknownName,
    badExpression,
    badExpect,
  );
}
