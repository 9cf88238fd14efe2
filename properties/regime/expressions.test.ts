/**
 * The expression sandbox (src/regime/expressions.ts). Guarantees: known mathjs exploits and every
 * construct outside the allow-list (imports, unit creation, nested evaluate/parse, function
 * definitions, assignments, property access, objects, matrices, conditionals, percentages, very long
 * or very large expressions) are refused with an `expression` issue naming the field, and leave the
 * process untouched; scenario keys shadow mathjs built-ins (a key named `e`, `m`, `d`, `T`, `P`, `K`,
 * `pi` is the scenario's value, never a constant or unit); evaluation follows dependencies whatever
 * the key order, and reports cycles with their path and unknown names with the known keys; results
 * are finite numbers; and, as a property, a scenario written with expressions evaluates to exactly
 * the same regime as its numeric form.
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { anyRegime, scenarioObjectOf } from '../../src/regime/arbitraries.js';
import { INJECTION_EXPRESSIONS } from '../arbitraries/malformedScenario.js';
import { isScenarioError, type RegimeIssue } from '../../src/regime/errors.js';
import {
  ALLOWED_CONSTANTS,
  checkExpression,
  evaluateAll,
  evaluateExpression,
  MAX_EXPRESSION_LENGTH,
  MAX_EXPRESSION_NODES,
} from '../../src/regime/expressions.js';
import { checkScenario, parseScenario } from '../../src/regime/load.js';
import { KEY_SPECS } from '../../src/regime/schema.js';
import { REGIME_KEYS, type Regime } from '../../src/regime/types.js';

const PAPER_SMALL = {
  name: 'paper-small',
  description: 'test copy',
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
  m: 5,
};

const issuesFor = (patch: Record<string, unknown>): RegimeIssue[] => {
  const r = checkScenario({ ...PAPER_SMALL, ...patch }, 'x.json');
  expect(r.scenario, `accepted ${JSON.stringify(patch)}`).toBeUndefined();
  return r.issues;
};

describe('the sandbox refuses known exploits and everything outside the allow-list', () => {
  const fromBrief = [
    'import({}, {override: true})',
    "createUnit('x')",
    'evaluate("1")',
    'f(x) = x',
    '[].constructor',
    'cos.constructor("return process")()',
    'parse("1")',
    'simplify("x")',
    'derivative("x^2","x")',
    'x = 1',
    'x'.repeat(MAX_EXPRESSION_LENGTH + 1),
  ];
  const more = ['50%', 'd + 10%', '5 % 2', 'd > 3', 'd ? 1 : 2', 'd.*d', "d'", 'not d', 'd and d', '1 to 2', '"64"'];
  for (const text of [...fromBrief, ...INJECTION_EXPRESSIONS, ...more]) {
    test(`refuses ${JSON.stringify(text.length > 50 ? `${text.slice(0, 47)}...` : text)}`, () => {
      const issues = issuesFor({ eps: text });
      const onEps = issues.filter((i) => i.path === 'eps');
      expect(onEps.length).toBe(1);
      // "5 cm" parses as 5·cm: refused because cm names nothing, never read as a unit.
      expect(['expression', 'unknown_name']).toContain(onEps[0]!.code);
      expect(onEps[0]!.message).toMatch(/^eps = ".*\(rule: .+\)\. Fix: .+$/);
      expect(() => evaluateExpression(text, { d: 64, x: 1 })).toThrow(/ScenarioError|eps|expression/);
    });
  }
  test('nothing leaked: the process and the sandbox are intact afterwards', () => {
    for (const text of INJECTION_EXPRESSIONS) checkScenario({ ...PAPER_SMALL, eps: text });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('x');
    expect(evaluateExpression('sqrt(d) * 2', { d: 16 })).toBe(8);
    expect(typeof process.exit).toBe('function');
  });
  test('the length bound is inclusive at the limit, and the node bound caps short but large expressions', () => {
    const atLimit = `(d)${' '.repeat(MAX_EXPRESSION_LENGTH - 3)}`;
    expect(atLimit.length).toBe(MAX_EXPRESSION_LENGTH);
    expect(evaluateExpression(atLimit, { d: 7 })).toBe(7);
    expect(checkExpression('eps', `${atLimit} `).ok).toBe(false);
    const large = `${'1+'.repeat(60)}1`; // 121 characters, 121 parse nodes
    expect(large.length).toBeLessThan(MAX_EXPRESSION_LENGTH);
    const r = checkExpression('eps', large);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.message).toContain(`more than ${MAX_EXPRESSION_NODES} parse nodes`);
    expect(checkExpression('eps', `${'1+'.repeat(40)}1`).ok).toBe(true); // 81 nodes: fine
  });
  test('non-real and non-finite results are refused, naming the field', () => {
    for (const text of ['1/0', '-1/0', '0/0', 'log(0)', 'sqrt(-1)', 'exp(1000)', '10^400', '(-8)^(1/3)', 'NaN', 'Infinity']) {
      const issue = issuesFor({ eps: text }).find((i) => i.path === 'eps');
      expect(issue?.code, text).toBe('expression');
    }
  });
  test('function arity is checked', () => {
    for (const text of ['sqrt()', 'sqrt(1, 2)', 'pow(2)', 'log()', 'min()']) expect(checkExpression('eps', text).ok, text).toBe(false);
  });
});

describe('mathjs semantics of the allowed functions', () => {
  test('each allowed function and constant', () => {
    const scope = { d: 64, T: 600 };
    const cases: [string, number][] = [
      ['ceil(log(d))', 5],
      ['ceil(T/60)', 10],
      ['sqrt(d)', 8],
      ['log(8, 2)', 3],
      ['log2(d)', 6],
      ['log10(1000)', 3],
      ['exp(0)', 1],
      ['floor(2.7)', 2],
      ['round(2.5)', 3],
      ['round(-2.5)', -3],
      ['min(3, 1, 2)', 1],
      ['max(3, 1, 2)', 3],
      ['abs(-2)', 2],
      ['pow(2, 10)', 1024],
      ['2^3^2', 512],
      ['-d + +d', 0],
      ['2d', 128],
      ['2 (d)', 128],
      ['pi', Math.PI],
      ['e', Math.E],
      ['ceil(0.1 * 3 * 10)', 3],
    ];
    for (const [text, want] of cases) expect(evaluateExpression(text, scope), text).toBe(want);
  });
});

describe('scenario keys shadow mathjs built-ins', () => {
  // Constants, units and functions of mathjs that are also plausible key names.
  const builtIns = ['e', 'm', 'd', 'T', 'P', 'K', 'pi', 'i', 'E', 'PI', 'tau', 'phi', 'g', 's', 'h', 'cm', 'kg', 'N', 'deg', 'inch'];
  fcTest.prop([fc.constantFrom(...builtIns), fc.double({ min: -1e6, max: 1e6, noNaN: true })], { numRuns: 100 })(
    'a key named like a built-in resolves to the scenario value',
    (name, value) => {
      const { values, issues } = evaluateAll({ [name]: value, out: `${name} * 1` });
      expect(issues).toEqual([]);
      expect(values.out).toBe(value * 1 === 0 ? 0 : value * 1);
    },
  );
  test('in a scenario file: m, d, T, P, K are the scenario values', () => {
    const s = parseScenario({
      ...PAPER_SMALL,
      T: 'P * 10',
      logEvery: 'ceil(T / m)',
      sigma0: 'd / 6400',
      K: 1,
      evalSteps: 'K * 20',
      nTest: 'm * 40',
    });
    expect([s.regime.T, s.regime.logEvery, s.regime.sigma0, s.regime.evalSteps, s.regime.nTest]).toEqual([480, 96, 0.01, 20, 200]);
  });
  test('without a key of that name, only the allowed constants resolve', () => {
    expect(evaluateExpression('e')).toBe(ALLOWED_CONSTANTS.e);
    for (const name of ['m', 'cm', 'i', 'E', 'tau']) expect(() => evaluateExpression(`${name} * 1`), name).toThrow(/unknown name/);
  });
});

describe('dependency order, cycles and unknown names', () => {
  test('the order of keys does not matter', () => {
    const a = evaluateAll({ stepSize: 'eps', eps: 'sigmaN * sqrt(d)', d: 64, sigmaN: 0.056 });
    const b = evaluateAll({ d: 64, sigmaN: 0.056, eps: 'sigmaN * sqrt(d)', stepSize: 'eps' });
    expect(a.issues).toEqual([]);
    expect(a.values).toEqual(b.values);
    expect(Object.keys(a.values)).toEqual(['stepSize', 'eps', 'd', 'sigmaN']); // entry order, deterministic
  });
  test('a two-key cycle is reported once, with its path', () => {
    const issues = issuesFor({ eps: 'stepSize', stepSize: 'eps' });
    const cycles = issues.filter((i) => i.code === 'cycle');
    expect(cycles.length).toBe(1);
    expect(cycles[0]!.message).toContain('eps → stepSize → eps');
    if (cycles[0]!.code === 'cycle') expect(cycles[0]!.cycle).toEqual(['eps', 'stepSize', 'eps']);
    // evalStepSize defaults to eps/4: blocked by the cycle, silently.
    expect(issues.length).toBe(1);
  });
  test('self-reference and longer cycles', () => {
    expect(issuesFor({ eps: 'eps + 1' }).map((i) => i.message)[0]).toContain('eps → eps');
    const long = evaluateAll({ a: 'b', b: 'c', c: 'a', x: 2, y: 'x * 3' });
    expect(long.values).toEqual({ x: 2, y: 6 });
    expect(long.issues.map((i) => i.message)).toEqual([expect.stringContaining('a → b → c → a')]);
  });
  test('an unknown name lists the known keys', () => {
    const issue = issuesFor({ eps: 'sigma * sqrt(d)' }).find((i) => i.path === 'eps')!;
    expect(issue.code).toBe('unknown_name');
    expect(issue.message).toContain('unknown name sigma');
    expect(issue.message).toContain('sigmaN');
    if (issue.code === 'unknown_name') {
      expect(issue.name).toBe('sigma');
      expect(issue.known).toEqual(expect.arrayContaining(['k', 'd', 'P', 'sigmaN', 'eps', 'stepSize', 'pi', 'e']));
      expect(issue.known).not.toContain('noise');
    }
  });
  test('a non-numeric key in an expression says why', () => {
    const issue = issuesFor({ eps: 'noise * 2' }).find((i) => i.path === 'eps')!;
    expect(issue.message).toContain('noise');
    expect(issue.message).toContain('not a number');
    expect(issuesFor({ batchSize: null, T: 'batchSize' }).find((i) => i.path === 'T')!.message).toContain('null');
  });
});

/** One way of writing `v` as an expression that evaluates to exactly `v`. */
function rewrite(v: number, how: number, isInt: boolean): string {
  const lit = String(v);
  switch (how % (isInt ? 8 : 5)) {
    case 0:
      return lit;
    case 1:
      return `(${lit})`;
    case 2:
      return `${lit} * 1`;
    case 3:
      return `max(${lit}, 0)`;
    case 4:
      return `abs(${lit})`;
    case 5:
      return `ceil(${lit})`;
    case 6:
      return `floor(${lit}) + 0`;
    default:
      return `round(${lit})`;
  }
}

describe('expression form and numeric form (property)', () => {
  const numericKeys = REGIME_KEYS.filter((k) => ['int', 'number', 'intOrNull'].includes(KEY_SPECS[k].kind));
  fcTest.prop(
    [
      anyRegime(),
      fc.array(fc.nat(), { minLength: numericKeys.length, maxLength: numericKeys.length }),
      fc.array(fc.boolean(), { minLength: numericKeys.length, maxLength: numericKeys.length }),
    ],
    { numRuns: 150 },
  )('a scenario with expressions evaluates to the same regime as its numeric form', (regime, hows, asExpr) => {
    const numeric = parseScenario(scenarioObjectOf(regime));
    expect(numeric.regime).toEqual(regime);
    const obj: Record<string, unknown> = scenarioObjectOf(regime);
    const kept = numericKeys.filter((k, i) => !asExpr[i] || regime[k] === null);
    numericKeys.forEach((key, i) => {
      const v = regime[key] as number | null;
      if (!asExpr[i] || v === null) return;
      // Prefer a reference to a key kept as a number with the very same value: exercises dependencies.
      const twin = kept.find((k) => k !== key && regime[k] === v);
      obj[key] = twin && hows[i]! % 2 === 0 ? twin : rewrite(v, hows[i]!, KEY_SPECS[key].kind !== 'number');
    });
    // Shuffled key order: evaluation must follow dependencies, not the file's order.
    const shuffled = Object.fromEntries(
      Object.entries(obj).sort(([a], [b]) => (hows[a.length % hows.length]! % 2 ? a.localeCompare(b) : b.localeCompare(a))),
    );
    const viaExpr = parseScenario(shuffled);
    expect(viaExpr.regime).toEqual(numeric.regime as Regime);
  });
});

describe('errors from the public single-expression helper', () => {
  test('are ScenarioErrors, never raw mathjs errors', () => {
    for (const text of ['sqrt(', 'import({}, {override: true})', 'zz', '1/0']) {
      try {
        evaluateExpression(text);
        throw new Error(`accepted ${text}`);
      } catch (e) {
        expect(isScenarioError(e), String(e)).toBe(true);
      }
    }
  });
});
