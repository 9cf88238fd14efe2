/**
 * Scenario validation (src/regime/schema.ts, load.ts, errors.ts). Guarantees: every rule of
 * docs/scenario-keys.md (types, integers, ranges, relations, size caps, unknown and missing keys, expect ids,
 * name and seed) rejects a violating scenario with a ScenarioError whose issue names the field, shows
 * the value and states the rule and the fix, on one line; every issue of a scenario is reported, not
 * just the first; one bad value does not cascade into derived errors; and, as a property over a few
 * hundred generated broken scenarios (random JSON, wrong types, NaN/Infinity, negative, zero, huge
 * and non-integer values, broken relations, cyclic, unparsable and injection expressions), every one
 * is rejected with a ScenarioError, never accepted and never with a raw exception or a stack trace.
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { malformedScenario } from '../arbitraries/malformedScenario.js';
import { isScenarioError, ScenarioError, type RegimeIssue } from '../../src/regime/errors.js';
import { showValue } from '../../src/util/issue.js';
import { checkScenario, parseScenario, regimeFromPartial } from '../../src/regime/load.js';
import { SIZE_LIMITS } from '../../src/regime/schema.js';

/** paper-small (docs/model.md#reference-regime), as a raw scenario object. */
const PAPER_SMALL = Object.freeze({
  name: 'paper-small',
  description: 'test copy',
  expect: { 'ST-1': 'holds' },
  seed: 0,
  k: 3,
  d: 64,
  P: 48,
  sR: 1,
  sNR: 40,
  alphaMin: 1.0,
  alphaMax: 1.0,
  betaMin: 0.4,
  betaMax: 0.4,
  sigmaN: 0.056,
  eps: 0.45,
  q: 3,
  rho: 0.1,
  m: 5,
  sigma0: 0.01,
  eta: 0.1,
  T: 600,
  nTrain: 100,
  nTest: 200,
  K: 1,
  stepSize: 'eps',
});

/** The issues a scenario raises; fails the test if it is accepted or throws anything else. */
function issuesOf(raw: unknown): readonly RegimeIssue[] {
  try {
    parseScenario(raw, 'scenarios/x.json');
  } catch (e) {
    expect(isScenarioError(e), `not a ScenarioError: ${String(e)}`).toBe(true);
    return (e as ScenarioError).issues;
  }
  throw new Error(`accepted: ${JSON.stringify(raw)}`);
}

/** Asserts one issue for `field` with `code` whose message shows each fragment. */
function expectIssue(raw: unknown, field: string, code: RegimeIssue['code'], ...fragments: string[]): RegimeIssue {
  const issues = issuesOf(raw);
  const hit = issues.find((i) => i.path === field && i.code === code);
  expect(hit, `no ${code} issue on ${field}; got: ${issues.map((i) => `${i.code}@${i.path}`).join(', ')}`).toBeDefined();
  const message = hit!.message;
  expect(message).toContain(field === '' ? 'scenario' : field.split('.').pop()!);
  expect(message).toMatch(/\(rule: .+\)\. Fix: .+/);
  expect(message).not.toMatch(/[\r\n]/);
  for (const f of fragments) expect(message).toContain(f);
  return hit!;
}

describe('the reference scenario is valid', () => {
  test('paper-small as an object parses, with defaults filled', () => {
    const s = parseScenario(PAPER_SMALL);
    expect(s.regime.stepSize).toBe(0.45);
    expect(s.regime.logEvery).toBe(10);
    expect(s.regime.evalStepSize).toBeCloseTo(0.1125, 15);
    expect(s.regime.batchSize).toBeNull();
    expect(s.expect['ST-1']).toBe('holds');
    expect(s.expect['AT-4']).toBe('report'); // missing ids default to "report" (docs/claims.md#statistical-rule)
    expect(s.given).toEqual(
      Object.fromEntries(Object.entries(PAPER_SMALL).filter(([k]) => !['name', 'description', 'expect', 'seed'].includes(k))),
    );
  });
  test('description is optional: a user scenario without one loads, and a given one is kept', () => {
    const { description: _d, ...noDescription } = PAPER_SMALL;
    expect(parseScenario(noDescription).description).toBeUndefined();
    expect(parseScenario(PAPER_SMALL).description).toBe('test copy');
    expectIssue({ ...PAPER_SMALL, description: 7 }, 'description', 'invalid_type', 'description = 7');
  });
});

describe('each rule names the field, the value and the rule', () => {
  const with_ = (patch: Record<string, unknown>) => ({ ...PAPER_SMALL, ...patch });
  const without = (key: string) => Object.fromEntries(Object.entries(PAPER_SMALL).filter(([k]) => k !== key));

  test('sR + sNR ≤ P (the example message of the brief, exactly)', () => {
    const issue = expectIssue(with_({ sR: 10 }), 'P', 'relation');
    expect(issue.message).toBe('sR + sNR = 50 exceeds P = 48 (rule: sR + sNR ≤ P). Fix: lower sR or sNR, or raise P.');
    expect(issue.related).toEqual(['P', 'sR', 'sNR']);
    expect(String(new ScenarioError([issue], 'scenarios/x.json'))).toBe(
      'ScenarioError: scenarios/x.json: sR + sNR = 50 exceeds P = 48 (rule: sR + sNR ≤ P). Fix: lower sR or sNR, or raise P.',
    );
  });
  test('2k ≤ d', () => void expectIssue(with_({ d: 5 }), 'd', 'relation', '2k = 6', 'd = 5', '2k ≤ d'));
  test('alphaMin ≤ alphaMax', () => void expectIssue(with_({ alphaMin: 2 }), 'alphaMax', 'relation', 'alphaMin = 2', 'alphaMax = 1'));
  test('betaMin ≤ betaMax', () => void expectIssue(with_({ betaMax: 0.3 }), 'betaMax', 'relation', 'betaMin = 0.4', 'betaMax = 0.3'));
  test('batchSize ≤ nTrain', () => void expectIssue(with_({ batchSize: 101 }), 'batchSize', 'relation', 'batchSize = 101', 'nTrain = 100'));
  test('integers', () => {
    expectIssue(with_({ k: 2.5 }), 'k', 'out_of_range', 'k = 2.5', 'not an integer', 'integer ≥ 2');
    expectIssue(with_({ m: 'd/7' }), 'm', 'out_of_range', '"d/7"', '9.14286', 'not an integer');
  });
  test('a float artefact of an integer expression is taken as the integer', () => {
    expect(parseScenario(with_({ T: '0.1 * 3 * 2000' })).regime.T).toBe(600); // 600.0000000000001
  });
  test('minimums', () => {
    expectIssue(with_({ k: 1 }), 'k', 'out_of_range', 'k = 1', 'minimum 2');
    expectIssue(with_({ sR: -1 }), 'sR', 'out_of_range', 'sR = -1', 'minimum 0');
    expectIssue(with_({ nTrain: 0 }), 'nTrain', 'out_of_range', 'nTrain = 0');
    expectIssue(with_({ sigma0: 0 }), 'sigma0', 'out_of_range', 'sigma0 = 0', 'not above the minimum 0', '> 0');
    expectIssue(with_({ eta: -0.1 }), 'eta', 'out_of_range', 'eta = -0.1');
    expectIssue(with_({ q: 1.5 }), 'q', 'out_of_range', 'q = 1.5', '≥ 2');
    expectIssue(with_({ T: 0 }), 'T', 'out_of_range', 'T = 0');
    expectIssue(with_({ eps: -0.1 }), 'eps', 'out_of_range', 'eps = -0.1', '≥ 0');
    expectIssue(with_({ evalSteps: -1 }), 'evalSteps', 'out_of_range', 'evalSteps = -1');
    expectIssue(with_({ batchSize: 0 }), 'batchSize', 'out_of_range', 'batchSize = 0');
    expectIssue(with_({ sigmaN: -0.01 }), 'sigmaN', 'out_of_range', 'sigmaN = -0.01');
  });
  test('zero noise and zero radius are valid values (only assumptions may object)', () => {
    const s = parseScenario(with_({ sigmaN: 0, eps: 0, evalSteps: 0 }));
    expect([s.regime.sigmaN, s.regime.eps, s.regime.stepSize]).toEqual([0, 0, 0]);
  });
  test('size caps, per key and on products', () => {
    expectIssue(with_({ d: 100_000 }), 'd', 'out_of_range', 'd = 100000', `cap ${SIZE_LIMITS.d}`);
    expectIssue(with_({ k: 1e9 }), 'k', 'out_of_range', 'k = 1000000000');
    expectIssue(with_({ T: 1e12 }), 'T', 'out_of_range', 'T = 1000000000000');
    const data = expectIssue(with_({ nTrain: 500_000, d: 4096 }), 'nTrain', 'relation', '(nTrain + nTest)·P·d', '(500000 + 200)·48·4096');
    expect(data.related).toEqual(['nTrain', 'nTest', 'P', 'd']);
    expectIssue(with_({ m: 1000, d: 4096 }), 'm', 'relation', 'k·m·d = 3·1000·4096');
  });
  test('non-finite numbers (in-process: JSON cannot carry them)', () => {
    expectIssue(with_({ eps: NaN }), 'eps', 'invalid_type', 'eps = NaN', 'not a finite number');
    expectIssue(with_({ d: Infinity }), 'd', 'invalid_type', 'd = Infinity');
    expectIssue(with_({ seed: -Infinity }), 'seed', 'invalid_type', 'seed = -Infinity');
  });
  test('wrong JSON types and enum values', () => {
    expectIssue(with_({ k: true }), 'k', 'invalid_type', 'k = true', 'an integer or an expression string');
    expectIssue(with_({ noise: 'gaussian' }), 'noise', 'invalid_type', '"gaussian"', '"orthogonal", "isotropic"');
    expectIssue(with_({ norm: 'l1' }), 'norm', 'invalid_type', '"l1"', '"patch-l2", "l2", "linf"');
    expectIssue(with_({ randomStart: 'false' }), 'randomStart', 'invalid_type', '"false"', 'true or false');
    expectIssue(with_({ batchSize: true }), 'batchSize', 'invalid_type', 'null');
    expectIssue(with_({ name: 42 }), 'name', 'invalid_type', 'name = 42');
  });
  test('missing and unknown keys, with a spelling suggestion', () => {
    expectIssue(without('sigmaN'), 'sigmaN', 'missing_key', 'sigmaN is missing');
    expectIssue(without('name'), 'name', 'missing_key');
    expectIssue(with_({ epsilon: 0.4 }), 'epsilon', 'unknown_key', '"epsilon"');
    expectIssue(with_({ sigmaNN: 0.4 }), 'sigmaNN', 'unknown_key', 'did you mean sigmaN?');
  });
  test('did-you-mean goes by meaning first (a synonym table), then by spelling', () => {
    const synonyms: [string, string][] = [
      ['lr', 'eta'],
      ['learning_rate', 'eta'],
      ['LR', 'eta'],
      ['epochs', 'T'],
      ['steps', 'T'],
      ['width', 'm'],
      ['epsilon', 'eps'],
      ['num_classes', 'k'],
      ['batch_size', 'batchSize'],
      ['noise_std', 'sigmaN'],
      ['init_std', 'sigma0'],
    ];
    for (const [word, key] of synonyms)
      expectIssue(with_({ [word]: 1 }), word, 'unknown_key', `did you mean ${key}?`, `rename "${word}" to ${key}`);
    // Spelling still catches typos the table does not list.
    expectIssue(with_({ alphaMim: 1 }), 'alphaMim', 'unknown_key', 'did you mean alphaMin?');
    // A synonym is offered only where its key is a candidate: claim ids inside expect are not keys.
    expect(issuesOf(with_({ expect: { lr: 'holds' } }))[0]!.message).not.toContain('eta');
  });
  test('expect: claim ids and values', () => {
    expectIssue(with_({ expect: { 'ST-9': 'holds' } }), 'expect.ST-9', 'unknown_key', '"ST-9"', 'ST-1, ST-2');
    expectIssue(with_({ expect: { 'AT-1': 'maybe' } }), 'expect.AT-1', 'invalid_type', '"maybe"', '"holds", "fails" or "report"');
    expectIssue(with_({ expect: ['ST-1'] }), 'expect', 'invalid_type');
  });
  test('name is a file-name slug and seed a 32-bit non-negative integer', () => {
    expectIssue(with_({ name: '../../etc' }), 'name', 'out_of_range', '"../../etc"', 'slug');
    expectIssue(with_({ seed: 1.5 }), 'seed', 'out_of_range', 'seed = 1.5');
    expectIssue(with_({ seed: -1 }), 'seed', 'out_of_range');
    expectIssue(with_({ seed: 2 ** 32 }), 'seed', 'out_of_range');
    expect(parseScenario(with_({ seed: 2 ** 32 - 1 })).seed).toBe(2 ** 32 - 1);
  });
  test('a non-object is a parse issue on the whole scenario', () => {
    for (const v of [null, [], 'paper-small', 3, true]) expectIssue(v, '', 'parse', 'not a JSON object');
  });
});

describe('all issues at once, without cascades', () => {
  test('every independent problem of one scenario is reported', () => {
    const issues = issuesOf({
      ...PAPER_SMALL,
      name: 'bad name',
      k: 1.5,
      P: 'sR + sNR - 1',
      alphaMin: 2,
      noise: 'gauss',
      epsilon: 1,
      sigma0: 0,
      eta: NaN,
      expect: { 'ST-7': 'holds' },
    });
    const where = issues.map((i) => i.path).sort();
    expect(where).toEqual(['P', 'alphaMax', 'epsilon', 'eta', 'expect.ST-7', 'k', 'name', 'noise', 'sigma0'].sort());
  });
  test('a bad or missing key blocks its dependants silently: one root cause, one issue', () => {
    // d is missing; m and eps default to expressions over d, and must not add "unknown name" noise.
    const { d: _d, ...noD } = PAPER_SMALL;
    const issues = issuesOf({ ...noD, eps: 'sigmaN * sqrt(d)' });
    expect(issues.map((i) => `${i.code}@${i.path}`)).toEqual(['missing_key@d']);
  });
  test("a derived key's error comes after its root cause (d = -5 before m = ceil(log(d)))", () => {
    const { m: _m, eps: _e, ...derivedFromD } = PAPER_SMALL;
    const issues = issuesOf({ ...derivedFromD, d: -5 });
    const order = issues.map((i) => i.path);
    expect(order[0]).toBe('d');
    expect(order).toContain('m');
    expect(issues.find((i) => i.path === 'm')!.message).toContain('log(-5)');
    const message = new ScenarioError(issues, 'x.json').message;
    expect(message.indexOf('d = -5')).toBeLessThan(message.indexOf('log(-5)'));
  });
  test('a bad value does not also fail the relations it takes part in', () => {
    const issues = issuesOf({ ...PAPER_SMALL, sR: -50 });
    expect(issues.map((i) => `${i.code}@${i.path}`)).toEqual(['out_of_range@sR']);
  });
});

describe('errors never carry stack traces', () => {
  test('a ScenarioError prints its message only', () => {
    try {
      regimeFromPartial({ k: 3 });
      throw new Error('accepted');
    } catch (e) {
      expect(isScenarioError(e)).toBe(true);
      const err = e as ScenarioError;
      expect(err.stack).toBe(`ScenarioError: ${err.message}`);
      expect(err.stack).not.toMatch(/\n\s+at /);
      expect(err.source).toBe('<partial>');
      expect(err.issues.map((i) => i.path)).toEqual(['d', 'P', 'sR', 'sNR', 'alphaMin', 'alphaMax', 'betaMin', 'betaMax', 'sigmaN']);
    }
  });
});

describe('malformed scenarios (property)', () => {
  fcTest.prop([malformedScenario()], { numRuns: 400 })(
    'every broken scenario is rejected with a ScenarioError naming the field at fault',
    ({ input, field, flaw }) => {
      let caught: unknown;
      try {
        parseScenario(input, 'gen.json');
      } catch (e) {
        caught = e;
      }
      expect(caught, `accepted (${flaw})`).toBeDefined();
      expect(isScenarioError(caught), `raw exception for ${flaw}: ${String(caught)}`).toBe(true);
      const err = caught as ScenarioError;
      expect(err.stack).not.toMatch(/\n\s+at /);
      expect(err.issues.length).toBeGreaterThan(0);
      for (const issue of err.issues) {
        expect(issue.message).not.toMatch(/[\r\n]/);
        expect(issue.message).toMatch(/\(rule: .+\)\. Fix: .+/);
      }
      const hit = err.issues.find((i) => i.path === field || i.related.includes(field));
      expect(hit, `${flaw}: no issue names ${JSON.stringify(field)}: ${err.message}`).toBeDefined();
      if (field !== '') {
        const name = field.split('.').pop()!;
        // Keys are shown as written when plain, JSON-quoted when they hold odd characters.
        expect(hit!.message.includes(name) || hit!.message.includes(showValue(name))).toBe(true);
      }
      // The non-throwing form agrees.
      expect(checkScenario(input).scenario).toBeUndefined();
    },
  );

  test('the generator covers every kind of flaw', () => {
    const flaws = fc.sample(malformedScenario(), { numRuns: 600, seed: 7 }).map((m) => m.flaw);
    for (const kind of [
      'random JSON',
      'missing',
      'unknown key',
      'NaN',
      'Infinity',
      'not an integer',
      '2k > d',
      'sR + sNR > P',
      'cycle',
      'unknown name',
      'expression',
      'expect',
      'too large',
    ]) {
      expect(
        flaws.some((f) => f.includes(kind)),
        kind,
      ).toBe(true);
    }
  });
});
