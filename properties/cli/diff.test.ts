/**
 * Guarantees of `provably diff` and `provably replay` (docs/cli.md). diff: identical files pass
 * (exit 0); a changed verdict, a run missing, or a measurement out of tolerance is flagged and
 * printed (exit 1); per-field and default tolerances apply as documented; unreadable or malformed
 * files and bad tolerances are bad input (exit 2). The comparison itself is a property: any result
 * file equals itself (NaN included), and scaling one measurement is flagged exactly when the change
 * exceeds its tolerance. replay: rerunning a recorded run reproduces its verdicts and measurements
 * (exit 0), and a recording whose verdict differs from the rerun is flagged (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../src/result/compare.js';
import { parseTolerance } from '../../src/cli/compare/tolerance.js';
import { MEASUREMENT_FIELDS } from '../../src/result/diffTolerance.js';
import { buildResultFile, parseResultFile, serializeResultFile, type ResultFile } from '../../src/result/resultFile.js';
import { runResultArbitrary } from '../arbitraries/runResult.js';
import { aggregateOf, runInputFromResult, syntheticManifest } from '../fixtures/syntheticRun.js';
import { lines, runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

let dir: string;
let baseline: string;
let recorded: ResultFile;

/** A copy of the baseline, edited, written next to it. */
function edited(name: string, edit: (rf: ResultFile) => void): string {
  const rf = parseResultFile(readFileSync(baseline, 'utf8'));
  edit(rf);
  const path = join(dir, name);
  writeFileSync(path, serializeResultFile(rf));
  return path;
}

beforeAll(async () => {
  dir = tempDir();
  const r = await runInProcess(['verify', writeScenario(dir, tinyScenario()), '--out', join(dir, 'base')]);
  expect(r.code, r.stderr).toBe(0);
  baseline = join(dir, 'base', 'result.json');
  recorded = parseResultFile(readFileSync(baseline, 'utf8'));
});

describe('provably diff', () => {
  it('passes identical files', async () => {
    const r = await runInProcess(['diff', baseline, baseline]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No difference from the baseline: 1 run, 7 verdicts, 38 measurements/);
  });

  it('flags a changed verdict, naming the run, the claim and both statuses', async () => {
    const changed = edited('changed.json', (rf) => {
      rf.runs[0]!.verdicts.find((v) => v.id === 'ST-1')!.status = 'fails';
    });
    const r = await runInProcess(['diff', baseline, changed]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tiny seed 1: ST-1 verdict holds → fails');
    expect(r.stdout).toMatch(/1 difference from the baseline/);
  });

  it('flags a measurement out of tolerance; --tolerance per field or by default lets it pass', async () => {
    const lambda = recorded.runs[0]!.measurements.at.lambda;
    const drifted = edited('drift.json', (rf) => {
      rf.runs[0]!.measurements.at.lambda = lambda * 1.02;
    });
    const strict = await runInProcess(['diff', baseline, drifted]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/tiny seed 1: at\.lambda \S+ → \S+ \(difference 0\.0196\d* > tolerance 0\.001\)/);
    expect((await runInProcess(['diff', baseline, drifted, '--tolerance', 'lambda=0.05'])).code).toBe(0);
    expect((await runInProcess(['diff', baseline, drifted, '--tolerance', 'at.lambda=0.05'])).code).toBe(0);
    expect((await runInProcess(['diff', baseline, drifted, '--tolerance', 'st.lambda=0.05'])).code).toBe(1);
    expect((await runInProcess(['diff', baseline, drifted, '--tolerance', '0.05'])).code).toBe(0);
  });

  it('flags a run missing from the result and notes one only in the result', async () => {
    const other = edited('other-seed.json', (rf) => {
      rf.runs[0]!.seed = 99;
    });
    const r = await runInProcess(['diff', baseline, other]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tiny seed 1: run missing from the result');
    expect(r.stdout).toContain('note: tiny seed 99 is only in the result');
  });

  it('exits 2 on unreadable or malformed files and bad tolerances, one line each', async () => {
    const notJson = writeScenario(dir, '{"schemaVersion": 1,', 'broken.json');
    const notResult = writeScenario(dir, tinyScenario(), 'scenario-not-result.json');
    const wrongType = edited('wrong-type.json', (rf) => {
      (rf.runs[0] as unknown as { seed: string }).seed = 'one';
    });
    const cases: [string[], RegExp][] = [
      [
        ['diff', join(dir, 'absent.json'), baseline],
        /absent\.json: cannot be read \(ENOENT\) \(rule: the path names a readable file\)\. Fix: check the path\./,
      ],
      [['diff', baseline, notJson], /broken\.json: not JSON/],
      [['diff', notResult, baseline], /schemaVersion is missing; is this a provably result\.json\?/],
      [['diff', baseline, wrongType], /wrong-type\.json: runs\[0\]\.seed: /],
      [['diff', baseline, baseline, '--tolerance', 'lambda=abc'], /--tolerance <spec>.*'lambda=abc'.*finite number ≥ 0/],
      [['diff', baseline, baseline, '--tolerance', 'lamda=1'], /FIELD is one of lambda, gamma/],
      [['diff', baseline, baseline, '--tolerance', '-1'], /--tolerance <spec>/],
      [['diff', baseline], /missing required argument 'result'/],
    ];
    for (const [argv, message] of cases) {
      const r = await runInProcess(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr), argv.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^provably diff: .*Fix: /);
    }
  });
});

describe('comparison (property)', () => {
  const resultFileArb = fc.array(runResultArbitrary(), { minLength: 1, maxLength: 2 }).map((results) => {
    const inputs = results.map((r, i) => {
      r.regime = { ...r.regime, seed: i };
      return runInputFromResult(r);
    });
    return buildResultFile({ manifest: syntheticManifest(), runs: inputs, aggregate: aggregateOf(inputs) });
  });

  it('a result file never differs from itself, NaN and infinities included', () => {
    fc.assert(
      fc.property(resultFileArb, (rf) => {
        const copy = parseResultFile(serializeResultFile(rf));
        expect(compareResults(rf, copy).differences).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('scaling one finite measurement is flagged exactly when the change exceeds its tolerance', () => {
    const numeric = MEASUREMENT_FIELDS.filter((f) => !f.fraction && f.name !== 'steps');
    fc.assert(
      fc.property(
        resultFileArb,
        fc.constantFrom(...numeric),
        fc.constantFrom('st' as const, 'at' as const),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.2, noNaN: true }),
        (rf, field, which, change, tol) => {
          const copy = parseResultFile(serializeResultFile(rf));
          const m = copy.runs[0]!.measurements[which] as unknown as Record<string, number>;
          const before = m[field.name]!;
          fc.pre(Number.isFinite(before) && Math.abs(before) >= 1e-6); // well above the 1e-12 scale floor
          m[field.name] = before * (1 + change);
          const after = m[field.name]!;
          const relative = Math.abs(after - before) / Math.max(Math.abs(after), Math.abs(before));
          fc.pre(Math.abs(relative - tol) > 1e-9 * tol); // not on the boundary
          const tolerances = parseTolerance(`${which}.${field.name}=${tol}`, undefined);
          const flagged = compareResults(rf, copy, tolerances).differences.filter((d) => d.kind === 'measurement');
          if (relative > tol) expect(flagged.map((d) => d.kind === 'measurement' && d.field)).toEqual([`${which}.${field.name}`]);
          else expect(flagged).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('provably replay', () => {
  it('reproduces the recorded verdicts and measurements of a run (exit 0)', async () => {
    const r = await runInProcess(['replay', baseline, '--run', '0', '--out', join(dir, 'replayed')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Replaying tiny seed 1 (run 0 of');
    expect(r.stdout).toMatch(/ST-1\s+holds\s+holds\s+met/);
    expect(r.stdout).toContain('Replay reproduces all 7 verdicts and all 38 measurements within tolerance (exit 0).');
    const again = await runInProcess(['diff', baseline, join(dir, 'replayed', 'result.json')]);
    expect(again.code, again.stdout).toBe(0);
  });

  it('flags a recording whose verdict the rerun does not reproduce (exit 1), and refuses a bad --run (exit 2)', async () => {
    const tampered = edited('tampered.json', (rf) => {
      rf.runs[0]!.verdicts.find((v) => v.id === 'AT-4')!.status = 'holds';
    });
    const r = await runInProcess(['replay', tampered]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('tiny seed 1: AT-4 verdict holds → fails');
    expect(r.stdout).toContain('1 verdict changed (exit 1)');
    const bad = await runInProcess(['replay', baseline, '--run', '1']);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)).toEqual([
      `provably replay: --run = 1 is not a run of ${baseline}, which has 1 (rule: 0 ≤ I < 1). Fix: pass --run 0 or leave it out.`,
    ]);
  });
});
