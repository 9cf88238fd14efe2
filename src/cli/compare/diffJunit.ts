/**
 * `diff --junit`: per scenario of the baseline, one test case per claim over all its seeds (it fails
 * when a verdict or the aggregate's met/not met changed, with the result's margin and the command
 * that replays the seed), and one case `measurements` for run status, regime and measurements out of
 * tolerance.
 */
import { formatMargin } from '../../util/format.js';
import type { JunitCase, JunitSuite, ReplayRenderer } from '../../report/junit.js';
import type { ResultFile } from '../../result/resultFile.js';
import { describeDifference, type Comparison, type Difference } from '../../result/compare.js';

const claimOf = (d: Difference): string | null => (d.kind === 'verdict' || d.kind === 'aggregate' ? d.claim : null);

/** The JUnit suites of a comparison of `result` against `baseline`. */
export function diffJunitSuites(
  baseline: ResultFile,
  result: ResultFile,
  comparison: Comparison,
  hostname: string,
  replay: ReplayRenderer = (c) => c,
): JunitSuite[] {
  const scenarios = [...new Set(baseline.runs.map((r) => r.scenario))];
  return scenarios.map((scenario) => {
    const baseRuns = baseline.runs.filter((r) => r.scenario === scenario);
    const claims = [...new Set(baseRuns.flatMap((r) => r.verdicts.map((v) => v.id)))];
    const mine = comparison.differences.filter((d) => d.scenario === scenario);
    const caseOf = (name: string, diffs: readonly Difference[]): JunitCase => {
      const base = { classname: `provably.diff.${scenario}`, name, time: 0 };
      if (diffs.length === 0) return { ...base, outcome: { kind: 'passed' } };
      const lines = diffs.map((d) => {
        if (d.kind !== 'verdict') return describeDifference(d);
        const run = result.runs.find((r) => r.scenario === scenario && r.seed === d.seed);
        const v = run?.verdicts.find((x) => x.id === d.claim);
        const margin = v === undefined || Number.isNaN(v.margin) ? 'no margin' : `margin ${formatMargin(v.margin)}`;
        return `${describeDifference(d)} (${margin})${run ? `; replay: ${replay(run.replay)}` : ''}`;
      });
      return { ...base, outcome: { kind: 'failure', type: 'Regression', message: lines.join(' | '), body: lines.join('\n') } };
    };
    const cases = claims.map((c) =>
      caseOf(
        c,
        mine.filter((d) => claimOf(d) === c),
      ),
    );
    cases.push(
      caseOf(
        'measurements',
        mine.filter((d) => claimOf(d) === null),
      ),
    );
    return {
      name: scenario,
      timestamp: result.manifest.started,
      hostname,
      time: 0,
      cases,
      properties: {
        baselineBackend: baseline.manifest.backend,
        resultBackend: result.manifest.backend,
        seeds: baseRuns.map((r) => r.seed).join(','),
      },
    };
  });
}
