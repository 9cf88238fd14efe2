/**
 * Guarantees of `provably verify`, run in-process on tiny scenarios (docs/cli.md): exit 0 when
 * every expectation is met and 1 when one is not; `--json` puts exactly result.json on stdout; the
 * report folder holds a valid result.json equal to it; several seeds are aggregated with the
 * profile's rule, whose constants are printed; an interruption stops training, writes the report
 * marked interrupted and exits 130; and every bad input (generated malformed scenarios, bad flags,
 * regimes too large for the machine) exits 2 with lines naming the field, the rule and the fix,
 * before any training and without creating the report folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { malformedScenario } from '../arbitraries/malformedScenario.js';
import { parseResultFile, readResultFile } from '../../src/result/resultFile.js';
import { defaultReportDir, timestamp } from '../../src/cli/_internals/reportFolder.js';
import { lines, runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

/** Asserts a bad-input outcome: exit 2, nothing on stdout, each stderr line prefixed, no stack trace. */
function expectBadInput(outcome: { code: number; stdout: string; stderr: string }, command = 'verify'): string[] {
  expect(outcome.code, outcome.stderr).toBe(2);
  expect(outcome.stdout).toBe('');
  const errLines = lines(outcome.stderr);
  expect(errLines.length).toBeGreaterThan(0);
  for (const line of errLines) {
    expect(line.startsWith(`provably ${command}: `), line).toBe(true);
    expect(line).not.toMatch(/^\s+at /);
    expect(line).toMatch(/Fix: /);
  }
  return errLines;
}

describe('provably verify: exit codes, table and report', () => {
  it('exits 0 when every expectation is met, prints the verdict table and writes a valid report folder', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const r = await runInProcess(['verify', writeScenario(dir, tinyScenario()), '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Header with backend and precision, the claims with status, expectation and margin, key numbers.
    expect(r.stdout).toMatch(/provably verify · (wasm|cpu|tensorflow) \S+ · float32 · \d+ threads?/);
    for (const id of ['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3', 'AT-4']) expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/ST-1\s+holds\s+holds\s+met\s+\+\d/);
    expect(r.stdout).toMatch(/AT-4\s+fails\s+fails\s+met\s+-/);
    expect(r.stdout).toMatch(/Γ_ST ≥ 3·Λ̂_ST/);
    expect(r.stdout).toMatch(/\n\s+ST\s+\S+\s+\S+/); // key numbers row
    expect(r.stdout).toContain('All 3 expectations met');
    expect(r.stdout).toContain(`Report: ${out}/`);
    const rf = await readResultFile(join(out, 'result.json'));
    expect(rf.runs).toHaveLength(1);
    expect(rf.runs[0]!.seed).toBe(1);
    expect(rf.runs[0]!.status).toBe('complete');
    expect(rf.runs[0]!.injection?.id).toBe('I1');
    expect(rf.runs[0]!.assumptions.map((a) => a.id)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8']);
    expect(rf.aggregate.filter((a) => a.met !== null).map((a) => [a.id, a.met])).toEqual([
      ['ST-1', true],
      ['ST-2', true],
      ['AT-4', true],
    ]);
    expect(rf.runs[0]!.replay).toMatch(/^provably verify \S+scenario\.json --seed 1 --backend \S+ --threads \d+$/);
    expect(existsSync(join(out, 'report.md')) && existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('exits 1 when an expectation is not met (ST-1 expected to fail where it holds)', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const r = await runInProcess(['verify', writeScenario(dir, tinyScenario({ expect: { 'ST-1': 'fails' } })), '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/ST-1\s+holds\s+fails\s+NOT MET/);
    expect(r.stdout).toContain('expectations NOT MET: tiny ST-1');
    const rf = await readResultFile(join(out, 'result.json'));
    expect(rf.aggregate.find((a) => a.id === 'ST-1')?.met).toBe(false);
  });

  it("--json prints exactly result.json on stdout (the report's copy), nothing else anywhere off a terminal", async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const r = await runInProcess(['verify', writeScenario(dir, tinyScenario()), '--json', '--out', out, '--seed', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const parsed = parseResultFile(r.stdout, '<stdout>');
    expect(parsed.runs[0]!.seed).toBe(2);
    expect(r.stdout).toBe(readFileSync(join(out, 'result.json'), 'utf8'));
  });

  it('aggregates several seeds with the profile rule, its constants and the counts (report-only scenario, 2 seeds)', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const r = await runInProcess(['verify', writeScenario(dir, tinyScenario({ expect: {} })), '--seeds', '2', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rf = await readResultFile(join(out, 'result.json'));
    expect(rf.schemaVersion).toBe(2);
    expect(rf.runs.map((run) => run.seed)).toEqual([1, 2]);
    const st1 = rf.aggregate.find((a) => a.id === 'ST-1')!;
    expect(st1.total).toBe(2);
    expect(st1.holds + st1.fails + st1.inconclusive).toBe(2);
    expect(st1.met).toBeNull();
    expect(st1.calibration).toBeNull(); // a temporary scenario has no committed calibration
    const at4 = rf.aggregate.find((a) => a.id === 'AT-4')!;
    const t = at4.i1!;
    expect(t.predictFailFailed + t.predictFailHeld + t.predictHoldFailed + t.predictHoldHeld + t.leftOut).toBe(2);
    expect(r.stdout).toContain('Expectations over seeds');
    expect(r.stdout).toContain('Clopper–Pearson lower bound of the matching rate is ≥ 0.5');
    expect(r.stdout).toMatch(/tiny\s+ST-1\s+report\s+\d\/2\s+\d\/\d\/\d\/\d/);
    expect(r.stdout).toMatch(/tiny AT-4: I1 predicted AT-4 fails: /);
    expect(r.stdout).toMatch(/ST-1 \(report\): not calibrated on /);
  });

  it('--seeds 2…7 with an asserted expectation is refused before training (exit 2): it could never be met', async () => {
    for (const n of ['2', '7']) {
      const dir = tempDir();
      const out = join(dir, 'never');
      const r = await runInProcess([
        'verify',
        writeScenario(dir, tinyScenario({ expect: { 'ST-1': 'holds' } })),
        '--seeds',
        n,
        '--out',
        out,
      ]);
      const errLines = expectBadInput(r);
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(
        new RegExp(
          `--seeds = ${n} cannot meet an expectation of scenario tiny \\(ST-1 holds\\).*≥ 8 seeds.*Fix: pass --seeds 8 or more, or --seeds 1`,
        ),
      );
      expect(existsSync(out)).toBe(false);
    }
    // The full profile's minimum is 30.
    const dir = tempDir();
    const r = await runInProcess([
      'verify',
      writeScenario(dir, tinyScenario()),
      '--seeds',
      '8',
      '--profile',
      'full',
      '--out',
      join(dir, 'never'),
    ]);
    expect(expectBadInput(r)[0]).toMatch(/--seeds = 8 .*profile full.*Fix: pass --seeds 30 or more/);
  });

  it('on interruption stops training, writes the report marked interrupted, runs nothing more and exits 130', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const scenario = writeScenario(dir, tinyScenario({ T: 20_000, logEvery: 50 }));
    let aborted = false;
    const r = await runInProcess(['verify', scenario, '--seeds', '8', '--jobs', '1', '--out', out], {
      ttyStderr: true,
      // The first progress bar of ST: press "Ctrl-C".
      onStderr: (chunk, controller) => {
        if (!aborted && / ST .*\d+\/20000/.test(chunk)) {
          aborted = true;
          controller.abort();
        }
      },
    });
    expect(aborted).toBe(true);
    expect(r.code, r.stdout).toBe(130);
    expect(r.stdout).toContain('Interrupted');
    const rf = await readResultFile(join(out, 'result.json'));
    expect(rf.runs).toHaveLength(1);
    expect(rf.runs[0]!.status).toBe('interrupted');
    expect(rf.runs[0]!.measurements.st.steps).toBeLessThan(20_000);
    expect(rf.runs[0]!.verdicts.every((v) => v.status === 'interrupted')).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Interrupted');
  });
});

describe('provably verify: bad input exits 2 before any training and writes nothing', () => {
  it('generated malformed scenarios: every issue on its own prefixed line with rule and fix', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(malformedScenario(), async ({ input, flaw }) => {
        // NaN/Infinity are not JSON: written as bare tokens, the file is then malformed JSON (also bad input).
        const text =
          JSON.stringify(input, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `@@${v}@@` : v))?.replace(
            /"@@(.+?)@@"/g,
            '$1',
          ) ?? '';
        const out = join(dir, 'never');
        const r = await runInProcess(['verify', writeScenario(dir, text), '--out', out]);
        const errLines = expectBadInput(r);
        for (const line of errLines) expect(line, flaw).toMatch(/\(rule: .+\)\. Fix: .+/);
        expect(existsSync(out)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  const badFlags: [string, string[], RegExp][] = [
    ['--seeds 0', ['--seeds', '0'], /--seeds <N>' argument '0' is invalid \(rule: an integer from 1 to \d+\)\. Fix: pass e\.g\. --seeds 8/],
    ['--seed 1.5', ['--seed', '1.5'], /--seed <S>.*'1\.5'.*\(rule: an integer from 0 to 4294967295\)/],
    ['--seed past 2³²−1', ['--seed', '4294967296'], /--seed <S>.*'4294967296'/],
    ['--seeds beyond the last seed', ['--seed', '4294967295', '--seeds', '2'], /--seeds = 2 .*past the largest seed/],
    ['--profile fast', ['--profile', 'fast'], /--profile <name>.*'fast'.*"default".*"full"/],
    ['--backend gpu', ['--backend', 'gpu'], /--backend = "gpu" is not a backend \(rule: one of auto, fastest, node, wasm, cpu\)/],
    ['an unknown flag', ['--sed', '3'], /unknown option '--sed'.*Fix: did you mean --seed\?/],
    ['a missing value', ['--seeds'], /option '--seeds <N>' argument missing/],
  ];
  for (const [name, flags, message] of badFlags) {
    it(`${name}: one line naming the flag, the value and the fix`, async () => {
      const dir = tempDir();
      const out = join(dir, 'never');
      const r = await runInProcess(['verify', writeScenario(dir, tinyScenario()), '--out', out, ...flags]);
      const errLines = expectBadInput(r);
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('--out naming a file, an unknown scenario and two scenarios of one name are refused', async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario());
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(expectBadInput(await runInProcess(['verify', scenario, '--out', file]))[0]).toMatch(
      /--out = ".*a-file" is a file, not a folder/,
    );
    expect(expectBadInput(await runInProcess(['verify', 'paper-smal', '--out', join(dir, 'x')]))[0]).toMatch(
      /scenario "paper-smal" not found.*did you mean paper-small\?/,
    );
    const twin = writeScenario(dir, tinyScenario(), 'twin.json');
    expect(expectBadInput(await runInProcess(['verify', scenario, twin, '--out', join(dir, 'x')]))[0]).toMatch(/both named "tiny"/);
    const broken = writeScenario(dir, tinyScenario({ sR: 10 }), 'broken.json');
    const several = expectBadInput(await runInProcess(['verify', broken, writeScenario(dir, '{', 'bad.json'), '--out', join(dir, 'x')]));
    expect(several.some((l) => l.includes('broken.json') && l.includes('sR'))).toBe(true);
    expect(several.some((l) => l.includes('bad.json') && l.includes('not valid JSON'))).toBe(true);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('the resource guard refuses a regime too large for memory or too long, with estimate and limit', async () => {
    const dir = tempDir();
    const out = join(dir, 'never');
    // Over the 4 GiB WASM heap: refused on wasm. (On native the limit is the machine's RAM, which
    // the scenario size caps keep out of reach on most machines: properties/cli/guard.test.ts.)
    const huge = writeScenario(dir, tinyScenario({ name: 'huge', nTrain: 150_000, P: 32, d: 40 }));
    const mem = expectBadInput(await runInProcess(['verify', huge, '--out', out, '--force', '--backend', 'wasm']));
    expect(mem).toHaveLength(1);
    expect(mem[0]).toMatch(/scenario huge .* needs an estimated [\d.]+ GiB .*more than the limit of [\d.]+ GiB/);
    const long = writeScenario(dir, tinyScenario({ name: 'long', T: 1_000_000, nTrain: 2000, P: 64, d: 256 }), 'long.json');
    const time = expectBadInput(await runInProcess(['verify', long, '--out', out]));
    expect(time[0]).toMatch(/estimated time .* exceeds the limit of 2 h .*pass --force to run anyway/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('default report folder', () => {
  it('is reports/<name>-<YYYYMMDD-HHMMSS> under the repository inside it, else under the cwd, never reused', () => {
    const repo = tempDir('provably-repo-');
    const elsewhere = tempDir('provably-elsewhere-');
    const now = new Date(2026, 0, 2, 3, 4, 5);
    expect(timestamp(now)).toBe('20260102-030405');
    expect(defaultReportDir('paper-small', now, join(repo, 'src'), repo)).toBe(join(repo, 'reports', 'paper-small-20260102-030405'));
    const outside = defaultReportDir('x', now, elsewhere, repo);
    expect(outside).toBe(join(elsewhere, 'reports', 'x-20260102-030405'));
    mkdirSync(outside, { recursive: true });
    expect(defaultReportDir('x', now, elsewhere, repo)).toBe(`${outside}-2`);
  });
});
