/**
 * Shipped scenarios and scenario loading (scenarios/*.json, src/regime/load.ts). Guarantees: every
 * file in scenarios/ loads and validates, by bare name and by path; paper-small is exactly the regime
 * of docs/model.md#reference-regime with the expectations of docs/claims.md#statistical-rule and satisfies A1–A7 (its eta = 0.1 is
 * above A8's measured bound 0.03); the drafts dense-robust and pgd-at differ from it only where they say and break exactly the
 * assumption they are about, besides A8; and
 * every way a file can be wrong (absent, a folder, too large, malformed JSON, a duplicated key, not
 * an object) gives a ScenarioError with code `file` or `parse`, prefixed by the file and, for JSON
 * syntax, the line and column.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkAssumptions } from '../../src/regime/assumptions.js';
import { isScenarioError, type ScenarioError } from '../../src/regime/errors.js';
import {
  DEFAULT_SCENARIOS_DIR,
  listScenarios,
  loadScenario,
  MAX_SCENARIO_BYTES,
  parseScenarioText,
  resolveScenarioPath,
} from '../../src/regime/load.js';

const tmp = mkdtempSync(join(tmpdir(), 'provably-regime-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function errorOf(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(isScenarioError(e), String(e)).toBe(true);
    return e as ScenarioError;
  }
  throw new Error('no error');
}

describe('shipped scenarios', () => {
  const names = listScenarios();
  test('the folder holds the expected scenarios, found relative to the source, not the cwd', () => {
    expect(names).toEqual(expect.arrayContaining(['paper-small', 'dense-robust', 'pgd-at']));
    expect(resolveScenarioPath('paper-small')).toBe(join(DEFAULT_SCENARIOS_DIR, 'paper-small.json'));
  });
  for (const name of ['paper-small', 'dense-robust', 'pgd-at']) {
    test(`${name} loads by name and by path, and its name matches its file`, () => {
      const byName = loadScenario(name);
      const byPath = loadScenario(join(DEFAULT_SCENARIOS_DIR, `${name}.json`));
      expect(byName.name).toBe(name);
      expect(byPath.regime).toEqual(byName.regime);
      expect(byName.given.stepSize).toEqual(expect.any(String)); // the expression path is exercised
    });
  }
  test('theory-small is ci-fast with a step inside the measured A8 bound (eta = 0.03) and the same eta·T, inside A0–A8', () => {
    const small = loadScenario('theory-small').regime;
    const fast = loadScenario('ci-fast').regime;
    // logEvery = ceil(T/60) follows T, so both log 60 points.
    expect({ ...small, eta: fast.eta, T: fast.T, logEvery: fast.logEvery }).toEqual(fast);
    expect(small.eta).toBe(0.03);
    expect(small.eta * small.T).toBeCloseTo(fast.eta * fast.T, 9);
    expect(checkAssumptions(small).filter((a) => !a.holds)).toEqual([]);
  });
  test('every file in scenarios/ is valid', () => {
    for (const name of names) expect(() => loadScenario(name), name).not.toThrow();
  });

  test('paper-small is exactly docs/model.md#reference-regime', () => {
    const s = loadScenario('paper-small');
    expect(s.regime).toEqual({
      k: 3,
      d: 64,
      P: 48,
      sR: 1,
      sNR: 40,
      alphaMin: 1,
      alphaMax: 1,
      betaMin: 0.4,
      betaMax: 0.4,
      sigmaN: 0.056,
      noise: 'orthogonal',
      featureBasis: 'random',
      nTrain: 100,
      nTest: 200,
      m: 5,
      q: 3,
      rho: 0.1,
      sigma0: 0.01,
      eta: 0.1,
      T: 600,
      batchSize: null,
      logEvery: 10,
      norm: 'patch-l2',
      eps: 0.45,
      K: 1,
      stepSize: 0.45,
      randomStart: false,
      evalSteps: 20,
      evalStepSize: 0.1125,
    });
    expect(s.given.stepSize).toBe('eps');
    expect(s.expect).toEqual({
      'ST-1': 'holds',
      'ST-2': 'holds',
      'ST-3': 'holds',
      'AT-1': 'report',
      'AT-2': 'report',
      'AT-3': 'report',
      'AT-4': 'fails',
    });
    expect(s.seed).toBe(0);
    // The reference regime as it is: its step is above A8's measured bound, and only A8 fails.
    expect(
      checkAssumptions(s.regime)
        .filter((a) => !a.holds)
        .map((a) => a.id),
    ).toEqual(['A8']);
  });

  test('dense-robust is paper-small with sR = 20, sNR = 5: A1 fails (and A8, as for paper-small), ST-1 and ST-2 expected to fail', () => {
    const base = loadScenario('paper-small').regime;
    const s = loadScenario('dense-robust');
    expect(s.regime).toEqual({ ...base, sR: 20, sNR: 5 });
    expect(s.expect['ST-1']).toBe('fails');
    // ST-2 fails too (the ST network is robust there): measured 30/30 (docs/calibration.md).
    expect(s.expect['ST-2']).toBe('fails');
    expect(
      Object.entries(s.expect)
        .filter(([id]) => id !== 'ST-1' && id !== 'ST-2')
        .every(([, e]) => e === 'report'),
    ).toBe(true);
    expect(
      checkAssumptions(s.regime)
        .filter((a) => !a.holds)
        .map((a) => a.id),
    ).toEqual(['A1', 'A8']);
  });

  test('pgd-at is paper-small with K = 3, stepSize = eps/2: A7 fails (and A8, as for paper-small), everything reported', () => {
    const base = loadScenario('paper-small').regime;
    const s = loadScenario('pgd-at');
    expect(s.given.stepSize).toBe('eps/2');
    expect(s.regime).toEqual({ ...base, K: 3, stepSize: 0.225 });
    expect(Object.values(s.expect).every((e) => e === 'report')).toBe(true);
    expect(
      checkAssumptions(s.regime)
        .filter((a) => !a.holds)
        .map((a) => a.id),
    ).toEqual(['A7', 'A8']);
  });
});

describe('file errors', () => {
  const paper = readFileSync(join(DEFAULT_SCENARIOS_DIR, 'paper-small.json'), 'utf8');
  const write = (name: string, text: string) => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    return p;
  };

  test('an unknown bare name suggests the closest scenario', () => {
    const err = errorOf(() => loadScenario('paper-smal'));
    expect(err.issues[0]!.code).toBe('file');
    expect(err.message).toContain('scenario "paper-smal" not found');
    expect(err.message).toContain('did you mean paper-small?');
    const far = errorOf(() => loadScenario('zzzzzz'));
    expect(far.message).toContain('use one of');
    expect(far.message).toContain('paper-small');
  });
  test('a missing path, a folder, an oversized file', () => {
    expect(errorOf(() => loadScenario(join(tmp, 'none.json'))).issues[0]!.code).toBe('file');
    mkdirSync(join(tmp, 'dir.json'));
    expect(errorOf(() => loadScenario(join(tmp, 'dir.json'))).message).toContain('is a folder');
    const big = write('big.json', `{"name": "big", "description": "${'x'.repeat(MAX_SCENARIO_BYTES)}"}`);
    expect(errorOf(() => loadScenario(big)).message).toContain(`above the limit of ${MAX_SCENARIO_BYTES}`);
  });
  test('a custom scenarios folder', () => {
    write('mine.json', paper.replace('"paper-small"', '"mine"'));
    expect(loadScenario('mine', { scenariosDir: tmp }).name).toBe('mine');
    expect(errorOf(() => loadScenario('paper-small', { scenariosDir: tmp })).issues[0]!.code).toBe('file');
  });
  test('malformed JSON gives the line and column', () => {
    const cases: [string, number, number][] = [
      [paper.replace('"d": 64,', '"d": 64,,'), paper.split('\n').findIndex((l) => l.includes('"d": 64')) + 1, 11],
      ['{\n  "name": "x",\n  "k": 3,\n}\n', 4, 1],
      ['{\n  "eps": NaN\n}', 2, 10],
      ['{ "a": 1 } trailing', 1, 12],
      ['', 1, 1],
      ['{ // comment\n}', 1, 3],
    ];
    for (const [text, line, column] of cases) {
      const err = errorOf(() => loadScenario(write('bad.json', text)));
      expect(err.issues[0]!.code, text).toBe('parse');
      expect(err.message, text).toContain(`line ${line}, column ${column}`);
      expect(err.message.startsWith(`${err.source}: not valid JSON`)).toBe(true);
    }
  });
  test('a key given twice is an error, not silently the last one', () => {
    const err = errorOf(() => parseScenarioText(paper.replace('"eps": 0.45,', '"eps": 0.45,\n  "eps": 0.5,'), 'dup.json'));
    expect(err.issues.map((i) => i.code)).toEqual(['parse']);
    expect(err.message).toContain('key "eps" appears more than once');
  });
  test('JSON that is not one object', () => {
    for (const text of ['[1, 2]', '"paper-small"', 'null', '42']) {
      const err = errorOf(() => parseScenarioText(text, 'x.json'));
      expect(err.issues[0]!.code).toBe('parse');
      expect(err.message).toContain('not a JSON object');
    }
  });
  test('a UTF-8 byte-order mark is tolerated', () => {
    expect(parseScenarioText(`\uFEFF${paper}`, 'bom.json').name).toBe('paper-small');
  });
  test('validation issues of a file are prefixed by its path', () => {
    const p = write('rel.json', paper.replace('"sR": 1,', '"sR": 10,'));
    const err = errorOf(() => loadScenario(p));
    expect(err.message).toMatch(/rel\.json: sR \+ sNR = 50 exceeds P = 48/);
  });
});
