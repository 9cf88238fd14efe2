/**
 * Guarantees of the CLI's small parts: option parsers accept exactly their documented values;
 * every parse error and every escaped error becomes one line (the stack only on request) with the
 * right exit code; the progress bar draws only on a terminal; terminal tables align by what a
 * terminal shows; a command missing from the build says so and exits 2.
 */
import { join } from 'node:path';
import { CommanderError, InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { issueError } from '../../src/util/issue.js';
import { parseProfile, parseSeed, parseSeedCount } from '../../src/cli/options.js';
import { formatParseError, invokedCommandName } from '../../src/cli/program.js';
import { bar, overallTracker, runProgress, type ProgressEvent } from '../../src/cli/progress.js';
import { searchProgressLine, searchSecondsLeft } from '../../src/cli/commands/search.js';
import { COLOR, PLAIN } from '../../src/cli/render/style.js';
import { textTable, visibleWidth } from '../../src/cli/render/textTable.js';
import { describeError } from '../../src/cli/_internals/describeError.js';
import { parseTolerance } from '../../src/cli/compare/tolerance.js';
import { DEFAULT_DIFF_TOLERANCE, toleranceFor } from '../../src/result/diffTolerance.js';
import { ScenarioError, makeIssue } from '../../src/regime/errors.js';
import { MAX_SEED } from '../../src/regime/schema.js';
import { capture, runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

function rejects(parse: (s: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as Error).message).toMatch(/^\(rule: .+\)\. Fix: .+/);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('option parsers', () => {
  it('--seed accepts every integer 0 … 2³²−1 in decimal and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SEED }), (n) => {
        expect(parseSeed(String(n))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/^\s*\d+\s*$/.test(s));
        rejects(parseSeed, s);
      }),
    );
    for (const s of ['-1', '1.5', '1e3', '0x10', '4294967296', '', 'NaN', 'Infinity']) rejects(parseSeed, s);
  });

  it('--seeds accepts 1 … 10000; --profile only default and full', () => {
    expect(parseSeedCount('1')).toBe(1);
    expect(parseSeedCount('30')).toBe(30);
    for (const s of ['0', '10001', '2.5', 'many']) rejects(parseSeedCount, s);
    expect(parseProfile('default').minSeeds).toBe(8);
    expect(parseProfile('full').minSeeds).toBe(30);
    expect(rejects(parseProfile, 'fast')).toContain('--profile default or --profile full');
  });

  it('--tolerance: VALUE sets the default, [st.|at.]FIELD=VALUE one field, repeated flags accumulate', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, b) => {
        const t = parseTolerance(`at.lambda=${b}`, parseTolerance(String(a), undefined));
        expect(t.default).toBe(a);
        expect(toleranceFor(t, 'at', 'lambda')).toBe(b);
        expect(toleranceFor(t, 'st', 'lambda')).toBe(a);
      }),
    );
    expect(toleranceFor(parseTolerance('gamma=0.1', undefined), 'st', 'lambda')).toBe(DEFAULT_DIFF_TOLERANCE);
    for (const s of ['-1', 'x', 'lambda=', 'lambda=-0.1', 'Lambda=1', 'st.nope=1', 'NaN', 'Infinity'])
      rejects((v) => parseTolerance(v, undefined), s);
  });
});

describe('errors become one line and an exit code', () => {
  it('parse errors: one line with the command, the flag and a fix', () => {
    const unknown = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--sed'\n(Did you mean --seed?)");
    expect(formatParseError(unknown, 'provably verify')).toBe("provably verify: unknown option '--sed'. Fix: did you mean --seed?");
    const missing = new CommanderError(1, 'commander.missingArgument', "error: missing required argument 'result'");
    expect(formatParseError(missing, 'provably diff')).toBe(
      "provably diff: missing required argument 'result'. Fix: see provably diff --help.",
    );
  });

  it('usage and scenario errors exit 2; anything else is an internal error in two lines, stack only on request', () => {
    const usage = describeError(
      new UsageError({ code: 'out_of_range', path: '--x', input: 1, summary: '--x = 1 is bad', rule: 'r', fix: 'f' }),
      'provably verify',
    );
    expect(usage).toEqual({ code: 2, lines: ['provably verify: --x = 1 is bad (rule: r). Fix: f.'] });
    const issue = makeIssue({
      code: 'out_of_range',
      path: 'k',
      input: 1,
      summary: 'k = 1 is below 2',
      rule: 'k ≥ 2',
      fix: 'set k to 2 or more',
    });
    expect(describeError(new ScenarioError([issue, issue], 's.json'), 'provably verify').lines).toHaveLength(2);
    const bug = new TypeError('x is not a function\n    at somewhere (file.js:1:1)');
    const plain = describeError(bug, 'provably');
    expect(plain.code).toBe(1);
    expect(plain.lines).toHaveLength(2);
    expect(plain.lines[0]).toBe('provably: internal error: x is not a function');
    expect(plain.lines.join('\n')).not.toMatch(/\n\s+at /);
    expect(describeError(bug, 'provably', true).lines.join('\n')).toMatch(/\n\s+at /);
    const bad = (flag: string) =>
      new UsageError({ code: 'invalid_type', path: flag, input: 'x', summary: `${flag} = "x" is bad`, rule: 'r', fix: 'f' });
    expect(describeError(new AggregateError([bad('--a'), bad('--b')]), 'p')).toEqual({
      code: 2,
      lines: ['p: --a = "x" is bad (rule: r). Fix: f.', 'p: --b = "x" is bad (rule: r). Fix: f.'],
    });
    // Any input error of a lower layer (here the backend selection's) is bad input too, not a bug.
    expect(
      describeError(
        issueError({
          code: 'unavailable',
          path: '--backend',
          input: 'wasm',
          summary: 'backend "wasm" was requested but fails',
          rule: 'r',
          fix: 'f',
        }),
        'p',
      ).code,
    ).toBe(2);
  });

  it('finds the command a user asked for, also after help', () => {
    expect(invokedCommandName(['--json', 'verify', 'x'])).toBe('verify');
    expect(invokedCommandName(['help', 'diff'])).toBe('diff');
    expect(invokedCommandName(['--help'])).toBeUndefined();
  });
});

describe('progress bar', () => {
  const row = {
    step: 0,
    lambda: 0.0125,
    gamma: 0.5,
    lambdaMean: 0,
    gammaMean: 0,
    lambdaPerClass: [],
    gammaPerClass: [],
    xi: 0,
    loss: 0.693,
    trainLoss: 0.7,
    trainAcc: 0.5,
    testAcc: 0.5,
  };
  const events: ProgressEvent[] = [
    { kind: 'st', step: 0, T: 600, row },
    { kind: 'st', step: 300, T: 600, row },
    { kind: 'st', step: 600, T: 600, row },
    { kind: 'eval', which: 'st' },
    { kind: 'at', step: 600, T: 600, row },
  ];

  it('draws one bar per training with steps, loss, Λ and Γ on a terminal, keeping each finished bar', () => {
    let t = 0;
    const tty = capture(true);
    const p = runProgress(tty, 'paper-small #0', true, () => (t += 1000));
    for (const e of events) p.onProgress(e);
    p.finish();
    const text = tty.text();
    expect(text).toContain(`paper-small #0  ST ${bar(600, 600)} 600/600  2 s, done  loss 0.693  Λ 0.0125  Γ 0.5`);
    // Halfway after 1 s (one tick of the fake clock per event), the other half takes as long.
    expect(text).toContain(`ST ${bar(300, 600)} 300/600  1 s, ETA 1 s  loss`);
    expect(text).toContain('ST evaluating');
    expect(text).toContain(`AT ${bar(600, 600)} 600/600`);
    // The finished ST bar stays (a newline after it); the evaluation line is wiped.
    expect(text.split('\n')).toHaveLength(3);
  });

  it('is silent when disabled on a terminal (--json), and off a terminal quick runs print nothing', () => {
    for (const [stream, enabled] of [
      [capture(false), true],
      [capture(true), false],
    ] as const) {
      const p = runProgress(stream, 'x', enabled);
      for (const e of events) p.onProgress(e);
      p.finish();
      expect(stream.text()).toBe('');
    }
  });

  it('overall: the time left is the up-front estimate until work is measured, then the estimate scaled by the pace', () => {
    let t = 0;
    const o = overallTracker(
      [
        { seconds: 10, K: 1 },
        { seconds: 30, K: 1 },
      ],
      () => t,
    );
    expect(o.etaSeconds()).toBe(40);
    t = 1000;
    expect(o.etaSeconds()).toBe(39);
    // ST done on run 0: a third of its work (an AT step weighs 1 + K = 2 ST steps), 10/3 estimated seconds in 2 s.
    t = 2000;
    o.update(0, { kind: 'st', step: 600, T: 600, row });
    expect(o.etaSeconds()).toBeCloseTo((2 / (10 / 3)) * (40 - 10 / 3), 9);
    o.update(0, { kind: 'eval', which: 'st' });
    expect(o.etaSeconds()).toBeCloseTo((2 / (10 / 3)) * (40 - 10 / 3), 9);
    t = 5000;
    o.runDone(0);
    expect(o.done).toBe(1);
    expect(o.etaSeconds()).toBe(15);
    expect(o.line()).toBe(`all 1/2 runs ${bar(10, 40)}  5 s, ETA 15 s`);
    o.update(1, { kind: 'at', step: 300, T: 600, row });
    expect(o.etaSeconds()).toBeCloseTo((5 / (10 + (30 * (600 + 600)) / 1800)) * (40 - 10 - (30 * (600 + 600)) / 1800), 9);
    o.runDone(1);
    expect(o.line()).toBe(`all 2/2 runs ${bar(40, 40)}  5 s, done`);
  });

  it('overall: on a terminal, drawn under the run bar and wiped when the run ends; off it, in the heartbeat', () => {
    let t = 0;
    const tty = capture(true);
    const tracker = overallTracker(
      [
        { seconds: 4, K: 1 },
        { seconds: 4, K: 1 },
      ],
      () => t,
    );
    const p = runProgress(tty, 'x #1', true, () => (t += 1000), { tracker, index: 0 });
    for (const e of events) p.onProgress(e);
    p.finish();
    const text = tty.text();
    // eslint-disable-next-line no-control-regex -- the escape codes are what is tested
    expect(text).toMatch(/x #1 {2}ST .*\n\x1b\[2Kall 0\/2 runs [█░]{24} {2}\d+ s, ETA \d+ s\x1b\[1A\r/);
    // After the run: the cursor is on a fresh line with nothing drawn below it.
    expect(text.endsWith('\n\x1b[2K')).toBe(true);

    const log = capture(false);
    let u = 0;
    const hb = runProgress(log, 'x #2', true, () => u, { tracker, index: 1 });
    u = 30_000;
    hb.onProgress({ kind: 'st', step: 300, T: 600, row });
    expect(log.text()).toMatch(/^x #2: ST step 300\/600 \(50 %\), .* · run 2 of 2, ETA \d+ s for all\n$/);
  });

  it('verify --seeds 3 in one process on a terminal shows the overall bar; one run does not', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario({ expect: {} }));
    const three = await runInProcess(
      ['verify', scenario, '--seeds', '3', '--jobs', '1', '--backend', 'wasm', '--out', join(dir, 'three')],
      { ttyStderr: true },
    );
    expect(three.code, three.stderr).toBe(0);
    for (const done of [0, 1, 2]) expect(three.stderr).toMatch(new RegExp(`all ${done}/3 runs [█░]{24} {2}\\d+ s, ETA `));
    const one = await runInProcess(['verify', scenario, '--backend', 'wasm', '--out', join(dir, 'one')], { ttyStderr: true });
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/tiny #1 {2}ST /);
    expect(one.stderr).not.toContain('all 0/1 runs');
  });

  it('search: the progress line says the most time left, by the time budget or the run budget at the pace so far', () => {
    const budget = { runs: 500, seconds: 900 };
    expect(searchSecondsLeft({ runs: 0, budget, elapsedSeconds: 0 })).toBe(900);
    // 10 runs in 100 s: 490 more would take 4900 s, past the time budget's 800 s left.
    expect(searchSecondsLeft({ runs: 10, budget, elapsedSeconds: 100 })).toBe(800);
    // 490 runs in 100 s: 10 more take about 2 s.
    expect(searchSecondsLeft({ runs: 490, budget, elapsedSeconds: 100 })).toBeCloseTo(100 / 49, 9);
    expect(searchSecondsLeft({ runs: 500, budget, elapsedSeconds: 950 })).toBe(0);
    expect(searchProgressLine('ST-1', 'all', { phase: 'random', runs: 10, budget, elapsedSeconds: 100, bestMargin: 0.25 })).toBe(
      'ST-1 all · random · 10/500 runs · 100/900 s, ETA ≤ 13 min 20 s · best +0.25',
    );
  });

  it('off a terminal, prints one heartbeat line per 30 s with the step and the time left', () => {
    let t = 0;
    const log = capture(false);
    const p = runProgress(log, 'paper-small #0', true, () => t);
    const at = (ms: number, e: ProgressEvent) => {
      t = ms;
      p.onProgress(e);
    };
    at(0, { kind: 'st', step: 0, T: 600, row });
    at(10_000, { kind: 'st', step: 100, T: 600, row });
    at(29_999, { kind: 'st', step: 290, T: 600, row });
    at(30_000, { kind: 'st', step: 300, T: 600, row });
    at(45_000, { kind: 'st', step: 450, T: 600, row });
    at(61_000, { kind: 'eval', which: 'st' });
    p.finish();
    expect(log.text().split('\n').filter(Boolean)).toEqual([
      'paper-small #0: ST step 300/600 (50 %), ETA 30 s for ST, 30 s so far · loss 0.693  Λ 0.0125  Γ 0.5',
      'paper-small #0: ST evaluating (feature-direction and PGD attacks), 1 min 1 s so far',
    ]);
  });
});

describe('terminal tables', () => {
  it('align columns by visible width: colour codes and combining marks take no column', () => {
    expect(visibleWidth(COLOR.good('holds'))).toBe(5);
    expect(visibleWidth('Γ_ST ≥ 3·Λ̂_ST')).toBe(13);
    const out = textTable(
      [{ label: 'a' }, { label: 'b', align: 'right' }],
      [
        [COLOR.bad('Λ̂'), '1'],
        ['xyz', '100'],
      ],
    );
    const widths = out.map((l) => visibleWidth(l));
    expect(new Set(widths).size).toBe(1);
  });
});

describe('registered commands', () => {
  it('every registered command has --help (exit 0)', async () => {
    for (const name of ['verify', 'search', 'export', 'replay', 'diff', 'doctor']) {
      const r = await runInProcess([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout).toContain(`Usage: provably ${name}`);
    }
  });
});

describe('tables that fit the terminal', () => {
  it('abbreviate the shrinkable column with … to fit maxWidth, and leave a table that fits untouched', () => {
    const cols = [{ label: 'Claim' }, { label: 'Condition' }, { label: 'Value', align: 'right' as const }];
    const rows = [
      ['AT-3', 'feature-direction robust acc gain (AT − ST) and some more words', '0.33'],
      ['ST-1', COLOR.good('Γ_ST ≥ 3·Λ̂_ST'), '0.657'],
    ];
    const wide = textTable(cols, rows);
    expect(Math.max(...wide.map(visibleWidth))).toBeGreaterThan(60);
    const fitted = textTable(cols, rows, { maxWidth: 40, shrink: [1] });
    expect(Math.max(...fitted.map(visibleWidth))).toBeLessThanOrEqual(40);
    expect(fitted[1]).toMatch(/feature-dir.*…\s+0\.33$/);
    expect(textTable(cols, rows, { maxWidth: 200, shrink: [1] })).toEqual(wide);
  });

  it("verify's verdict table fits an 80-column terminal, and is whole on a wide one or off a terminal", async () => {
    const { syntheticResultFile } = await import('../fixtures/syntheticRun.js');
    const { runReportLines } = await import('../../src/cli/render/runReport.js');
    const rf = syntheticResultFile({ seeds: [0] });
    const plain = runReportLines(rf.runs[0]!, rf.manifest, { ...PLAIN, width: 80 });
    const table = plain.slice(
      plain.findIndex((l) => l.includes('Condition')),
      plain.findIndex((l) => l.includes('I1 (heuristic')),
    );
    expect(table.length).toBeGreaterThan(8);
    expect(Math.max(...table.map(visibleWidth))).toBeLessThanOrEqual(80);
    expect(table.join('\n')).toContain('…');
    for (const s of [{ ...PLAIN, width: 160 }, PLAIN])
      expect(runReportLines(rf.runs[0]!, rf.manifest, s).join('\n')).toContain('feature-direction robust acc gain (AT − ST)');
  });

  it('the per-seed grid and the key-numbers table fit 80 columns, with every claim, seed and status still shown', async () => {
    const { syntheticResultFile } = await import('../fixtures/syntheticRun.js');
    const { runMatrixLines } = await import('../../src/cli/render/aggregate.js');
    const { keyNumberLines } = await import('../../src/cli/render/runReport.js');
    const rf = syntheticResultFile({ seeds: [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008] });
    const grid = runMatrixLines(rf.runs, PLAIN);
    expect(Math.max(...grid.map(visibleWidth))).toBeLessThanOrEqual(80);
    for (const id of rf.runs[0]!.verdicts.map((v) => v.id)) expect(grid[0]).toContain(id);
    for (const run of rf.runs) expect(grid.filter((l) => l.includes(String(run.seed)))).toHaveLength(2);
    const statuses = new Set(rf.runs.flatMap((r) => r.verdicts.map((v) => v.status)));
    const short: Record<string, string> = { holds: 'holds', fails: 'fails', inconclusive: 'inc.', diverged: 'div.', interrupted: 'int.' };
    for (const st of statuses) expect(grid.join('\n')).toContain(short[st]!);
    const keys = keyNumberLines(rf.runs[0]!, PLAIN);
    expect(Math.max(...keys.map(visibleWidth))).toBeLessThanOrEqual(80);
    expect(keys.join('\n')).toContain('span{v}');
  });
});
