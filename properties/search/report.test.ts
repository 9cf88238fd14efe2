/**
 * The search report (src/search/report/*), on fake searches with synthetic run results. Guarantees:
 * the folder holds result.json (readable by `readResultFile`), report.md, report.html (self-contained,
 * with the margin trajectory) and counterexample.json, a scenario that the validator `provably
 * verify` uses accepts as it is and that holds the counterexample's regime and seed; a failure
 * outside A1–A8 is flagged expected with the violated assumptions named, one inside is flagged a
 * genuine counterexample candidate; without a failure the report presents the closest call; an
 * interrupted search's report says so and carries the interrupted run.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/experiment/types.js';
import { checkAssumptions } from '../../src/regime/assumptions.js';
import { parseScenario } from '../../src/regime/load.js';
import { REGIME_KEYS, type SeededRegime } from '../../src/regime/types.js';
import { readResultFile } from '../../src/result/resultFile.js';
import { counterexampleRun, runSearch, type SearchOutcome } from '../../src/search/engine.js';
import { writeSearchReport } from '../../src/search/report/write.js';
import { allSpace, inSpace } from '../../src/search/space.js';
import { createState } from '../../src/search/state.js';
import type { ExperimentRunner, SpaceName, TrialOutcome } from '../../src/search/types.js';
import { syntheticRunResult } from '../fixtures/syntheticRun.js';

/** Every http(s) URL that is not a W3C XML namespace (report.html must be self-contained). */
const externalUrls = (html: string) =>
  [...html.matchAll(/https?:\/\/[^\s"'<>)]*/gi)]
    .map((m) => m[0])
    .filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(u));

/** A fake runner: `verdict` decides, the result is a synthetic run carrying the real regime. */
function fakeRunner(
  verdict: (r: SeededRegime) => Omit<TrialOutcome<RunResult>, 'result'>,
  interruptAt?: { call: number; controller: AbortController },
): ExperimentRunner<RunResult> {
  let calls = 0;
  return async (regime) => {
    const result: RunResult = { ...syntheticRunResult({ seed: regime.seed % 1000, T: 60, logEvery: 10 }), regime };
    if (interruptAt && ++calls === interruptAt.call) {
      interruptAt.controller.abort();
      return { status: 'interrupted', margin: NaN, result: { ...result, interrupted: true } };
    }
    return { ...verdict(regime), result };
  };
}

async function search(
  space: SpaceName,
  verdict: (r: SeededRegime) => Omit<TrialOutcome<RunResult>, 'result'>,
  runs: number,
  interruptAt?: number,
) {
  const controller = new AbortController();
  const state = createState({
    claim: 'ST-1',
    space,
    seed: 11,
    budget: { runs, seconds: 1e9 },
    backend: 'wasm',
    randomPerRound: 8,
    climbStarts: 2,
    now: '2026-01-01T00:00:00.000Z',
  });
  const outcome: SearchOutcome<RunResult> = await runSearch(state, {
    runner: fakeRunner(verdict, interruptAt ? { call: interruptAt, controller } : undefined),
    space: space === 'in' ? inSpace() : allSpace(),
    signal: controller.signal,
    now: () => 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'provably-search-report-'));
  const paths = await writeSearchReport({ ...outcome, dir, cwd: tmpdir() });
  return { outcome, dir, paths, md: readFileSync(paths.markdown, 'utf8'), html: readFileSync(paths.html, 'utf8') };
}

const denseRobust = (r: SeededRegime) =>
  r.sR > r.sNR
    ? { status: 'fails' as const, margin: -1, detail: 'robust learned' }
    : { status: 'holds' as const, margin: 0.5, detail: 'fine' };

describe('search report', () => {
  test('a failure outside the assumptions: expected, with the violated ones named, and a counterexample.json verify accepts', async () => {
    const { outcome, dir, paths, md, html } = await search('all', denseRobust, 2000);
    const cx = outcome.state.runs[counterexampleRun(outcome.state)!]!;
    const violated = checkAssumptions(cx.regime)
      .filter((a) => !a.holds)
      .map((a) => a.id);
    expect(violated).toContain('A1');

    const file = JSON.parse(readFileSync(join(dir, 'counterexample.json'), 'utf8')) as Record<string, unknown>;
    const scenario = parseScenario(file, 'counterexample.json');
    for (const k of REGIME_KEYS) expect(scenario.regime[k], k).toEqual(cx.regime[k]);
    expect(scenario.seed).toBe(cx.regime.seed);
    expect(scenario.expect['ST-1']).toBe('fails');
    expect(existsSync(join(dir, 'counterexample-original.json'))).toBe(true);

    const flag = `Expected (outside the assumptions: ${violated.join(', ')})`;
    expect(md).toContain(flag);
    expect(md).toContain('On 8 other seeds: 8 fail, 0 hold.');
    expect(md).toContain('shrunk to a minimal case');
    expect(paths.replay).toMatch(/^provably verify \S*counterexample\.json --seed \d+ --backend wasm$/);
    expect(md).toContain(paths.replay!);
    expect(html).toContain(flag);
    expect(html).toContain('<section id="search">');
    expect(html).toMatch(/<figure class="plot" id="search-trajectory"><div class="svg"><svg/);
    expect(externalUrls(html)).toEqual([]);

    const rf = await readResultFile(paths.json);
    expect(rf.runs.map((r) => r.scenario)).toEqual(['search-ST-1-counterexample', 'search-ST-1-original']);
    expect(rf.runs[0]!.replay).toBe(paths.replay);
    expect(rf.runs[0]!.regime.evaluated.seed).toBe(cx.regime.seed);
  });

  test('a failure inside the assumptions that fails on only some fresh seeds is unconfirmed, with its counts', async () => {
    // Fails for long training, and then only on odd seeds: about half the 8 fresh seeds hold.
    const { md, html } = await search(
      'in',
      (r) => (r.T >= 150 && r.seed % 2 === 1 ? { status: 'fails', margin: -0.3 } : { status: 'holds', margin: 0.4 }),
      500,
    );
    expect(md).not.toContain('Genuine counterexample candidate');
    expect(md).toContain("Unconfirmed: the regime satisfies A0–A8 and ST-1 failed on the search's seed");
    const [, f, h] = /On 8 other seeds: (\d) fails?, (\d) holds?\./.exec(md)!;
    expect(Number(f) + Number(h)).toBe(8);
    expect(Number(f)).toBeLessThan(7);
    expect(md).toContain('It satisfies every assumption A0–A8');
    expect(html).toContain('Unconfirmed');
  });

  test('a failure inside the assumptions that fails again on ≥ 7 of 8 fresh seeds is a genuine counterexample candidate', async () => {
    const { md, html } = await search(
      'in',
      (r) => (r.T >= 150 ? { status: 'fails', margin: -0.3 } : { status: 'holds', margin: 0.4 }),
      500,
    );
    expect(md).toContain('Genuine counterexample candidate: the regime satisfies A0–A8, yet ST-1 fails. On 8 other seeds: 8 fail');
    expect(html).toContain('Genuine counterexample candidate');
  });

  test('inconclusive confirmations never confirm: seeds gated by R1–R4 do not count as failures', async () => {
    // Fails on odd seeds, inconclusive (a gated run) on even ones: never 7 conclusive failures of 8.
    const { md } = await search(
      'in',
      (r) =>
        r.T >= 150
          ? r.seed % 2 === 1
            ? { status: 'fails', margin: -0.3 }
            : { status: 'inconclusive', margin: -0.3 }
          : { status: 'holds', margin: 0.4 },
      500,
    );
    expect(md).not.toContain('Genuine counterexample candidate');
    const [, f, i] = /Unconfirmed: .*On 8 other seeds: (\d) fails?, 0 holds?, (\d) inconclusive/.exec(md)!;
    expect(Number(f) + Number(i)).toBe(8);
    expect(Number(i)).toBeGreaterThan(1);
  });

  test('without a failure the report presents the closest call, and closest.json replays it', async () => {
    const { outcome, dir, md } = await search('in', denseRobust, 25);
    expect(counterexampleRun(outcome.state)).toBeNull();
    expect(md).toContain('No counterexample to ST-1 in 25 experiments');
    expect(md).toContain('budget of 25 runs spent');
    expect(md).toContain('--runs 50');
    expect(existsSync(join(dir, 'counterexample.json'))).toBe(false);
    parseScenario(JSON.parse(readFileSync(join(dir, 'closest.json'), 'utf8')), 'closest.json');
  });

  test('an interrupted search writes a partial report marked interrupted, with the stopped run', async () => {
    const { paths, md } = await search('all', denseRobust, 2000, 5);
    expect(md).toContain('interrupted');
    expect(paths.resume).toMatch(/^provably search ST-1 --resume \S+$/);
    const rf = await readResultFile(paths.json);
    expect(rf.runs.some((r) => r.status === 'interrupted')).toBe(true);
  });
});
