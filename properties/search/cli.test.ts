/**
 * `provably search` through the CLI, in-process. Guarantees: bad input (unknown claim, bad flags, a
 * folder that is not a search, a resume that contradicts the saved search) exits 2 with one line
 * naming the flag and the value, before any training and without creating a folder; a real search
 * for ST-1 over `--space all` finds a counterexample within a one-minute budget, shrinks it, flags it
 * by the assumptions it violates and writes a counterexample.json whose replay fails ST-1 again;
 * Ctrl-C stops the search with exit 130, the state saved and a partial report, and `--resume`
 * continues it to its budget.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { evaluateClaims, findClaim } from '../../src/claims/registry.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { checkAssumptions } from '../../src/regime/assumptions.js';
import { parseScenario } from '../../src/regime/load.js';
import { readState } from '../../src/search/state.js';
import { lines, runInProcess, tempDir } from '../cli.helpers.js';

describe('provably search: bad input exits 2 before any training', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown claim', ['search', 'ST-9'], /<claim> = "ST-9" is not a claim .*ST-1, ST-2/],
    ['a claim without its hyphen', ['search', 'st1'], /did you mean ST-1\?/],
    ['an unknown space', ['search', 'ST-1', '--space', 'both'], /--space.*both.*Fix: pass --space in or --space all/],
    ['zero runs', ['search', 'ST-1', '--runs', '0'], /--runs.*0.*whole number of experiments/],
    ['fractional runs', ['search', 'ST-1', '--runs', '1.5'], /--runs.*1\.5/],
    ['negative seconds', ['search', 'ST-1', '--budget-seconds', '-3'], /--budget-seconds.*-3/],
    ['words for seconds', ['search', 'ST-1', '--budget-seconds', 'ten'], /--budget-seconds.*ten/],
    ['a negative seed', ['search', 'ST-1', '--seed', '-1'], /--seed/],
    ['a missing claim', ['search'], /missing required argument 'claim'/],
  ];
  test.each(cases)('%s', async (_what, argv, pattern) => {
    const cwd = tempDir();
    const out = join(cwd, 'out');
    const r = await runInProcess([...argv, '--out', out], { cwd });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  test('--resume of a folder without a search, and of a search with another claim, space or seed', async () => {
    const cwd = tempDir();
    const empty = join(cwd, 'empty');
    mkdirSync(empty);
    let r = await runInProcess(['search', 'ST-1', '--resume', empty], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume = ".*empty".*no such file/);

    // A real (one-experiment) search to resume from.
    const dir = join(cwd, 'one');
    r = await runInProcess(['search', 'ST-1', '--space', 'all', '--runs', '1', '--seed', '5', '--out', dir], { cwd });
    expect([0, 1]).toContain(r.code);
    for (const [argv, pattern] of [
      [
        ['search', 'ST-2', '--resume', dir],
        /<claim> = "ST-2" differs from the saved search's "ST-1".*Fix: pass the saved claim: provably search ST-1 --resume /,
      ],
      [['search', 'ST-1', '--resume', dir, '--space', 'in'], /--space = "in" differs/],
      [['search', 'ST-1', '--resume', dir, '--seed', '6'], /--seed = 6 differs/],
      [['search', 'ST-1', '--out', dir], /--out = .* already holds a search .*--resume/],
    ] as const) {
      const bad = await runInProcess([...argv], { cwd });
      expect(bad.code, argv.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(pattern);
    }
    expect((await readState(dir)).runs).toHaveLength(1);

    // Claim ids are case-insensitive (the error is then about --resume, not the claim); and
    // --budget-seconds on resume adds to the seconds already spent (the run budget is spent, so
    // nothing more runs).
    r = await runInProcess(['search', 'st-1', '--resume', empty], { cwd });
    expect(r.stderr).toMatch(/--resume = ".*empty"/);
    const spent = (await readState(dir)).elapsedSeconds;
    r = await runInProcess(['search', 'st-1', '--resume', dir, '--budget-seconds', '7'], { cwd });
    expect([0, 1], r.stderr).toContain(r.code);
    const resumed = await readState(dir);
    expect(resumed.runs).toHaveLength(1);
    expect(resumed.budget.seconds).toBeGreaterThanOrEqual(spent + 7);
    expect(resumed.budget.seconds).toBeLessThan(resumed.elapsedSeconds + 7 + 1e-9);
  });
});

describe('provably search: real runs', () => {
  test('ST-1 --space all finds, shrinks and flags a counterexample whose replay fails again', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'st1');
    // A run budget, not a time budget: the random round is 20 runs and shrinking starts after it, so
    // with 24 runs the outcome is the same on a fast or a loaded machine (with --budget-seconds 60 a
    // loaded machine ended before shrinking began).
    const r = await runInProcess(['search', 'ST-1', '--space', 'all', '--seed', '1', '--runs', '24', '--out', out], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Counterexample: ST-1 fails at margin -/);

    const state = await readState(out);
    expect(state.counterexample).not.toBeNull();
    const file = JSON.parse(readFileSync(join(out, 'counterexample.json'), 'utf8')) as Record<string, unknown>;
    const scenario = parseScenario(file, 'counterexample.json');
    const violated = checkAssumptions(scenario.regime)
      .filter((a) => !a.holds)
      .map((a) => a.id);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      violated.length > 0 ? `Expected (outside the assumptions: ${violated.join(', ')})` : 'Genuine counterexample candidate',
    );
    expect(r.stdout).toContain(`Replay: npx provably verify ${join('st1', 'counterexample.json')}`);

    // The replay (same backend, same process) fails ST-1 again.
    const result = await runExperiment({ ...scenario.regime, seed: scenario.seed });
    const verdict = evaluateClaims(result, { claims: [findClaim('ST-1')!] }).verdicts[0]!;
    expect(verdict.status).toBe('fails');
  });

  test('Ctrl-C stops with exit 130, the state saved and a partial report; --resume continues to the budget', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'cut');
    let updates = 0;
    const r = await runInProcess(['search', 'ST-1', '--space', 'in', '--seed', '3', '--runs', '6', '--out', out], {
      cwd,
      ttyStderr: true,
      onStderr: (chunk, controller) => {
        if (chunk.includes(' runs · ') && /[1-9]\/6 runs/.test(chunk) && ++updates === 1) controller.abort();
      },
    });
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(r.stdout).toMatch(/Interrupted: state saved; continue with: npx provably search ST-1 --resume /);
    const saved = await readState(out);
    expect(saved.stop).toBe('interrupted');
    expect(saved.runs.length).toBeGreaterThanOrEqual(1);
    expect(saved.runs.length).toBeLessThan(6);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/interrupted/i);

    const again = await runInProcess(['search', 'ST-1', '--resume', out], { cwd });
    expect([0, 1], again.stdout + again.stderr).toContain(again.code);
    const done = await readState(out);
    expect(done.sessions).toBe(2);
    expect(done.runs.slice(0, saved.runs.length)).toEqual(saved.runs);
    if (done.counterexample === null) expect(done.runs).toHaveLength(6);
  });
});
