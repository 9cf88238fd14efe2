/**
 * `provably diff <baseline.json> <result.json> [--tolerance …]` (docs/cli.md): what a CI pipeline
 * runs against a committed baseline. Exit 1 on a changed verdict, run status, regime or aggregate,
 * a missing run, or a measurement out of tolerance, printing each; 0 otherwise; 2 when a file is
 * unreadable or not a valid result.json.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readResultFile } from '../../result/resultFile.js';
import type { CliCommand } from '../command.js';
import { compareResults, describeDifference } from '../../result/compare.js';
import { DEFAULT_DIFF_TOLERANCE, DEFAULT_DIFF_TOLERANCES, MEASUREMENT_FIELDS, type DiffTolerances } from '../../result/diffTolerance.js';
import { parseTolerance } from '../compare/tolerance.js';
import { EXIT } from '../exitCodes.js';
import { stdoutStyle } from '../render/style.js';
import { formatNumber } from '../../util/format.js';
import { parsePath } from '../options.js';
import { checkJunitPath, githubAnnotation, inGithubActions, junitHostname, replayRenderer, writeJunit } from '../_internals/ciOutput.js';
import { diffJunitSuites } from '../compare/diffJunit.js';

/** `provably diff`. */
export const command: CliCommand = {
  name: 'diff',
  summary: 'compare two result.json files (verdicts and measurements) for CI',
  configure(cmd: Command) {
    cmd
      .argument('<baseline>', 'the baseline result.json (e.g. committed in the repository)')
      .argument('<result>', 'the result.json to check against it')
      .option(
        '--tolerance <spec>',
        `relative tolerance: VALUE for every field (default ${DEFAULT_DIFF_TOLERANCE}) or FIELD=VALUE for one; repeatable`,
        parseTolerance,
      )
      .option('--junit <FILE>', 'also write JUnit XML: one test case per scenario × claim, and one for measurements', parsePath)
      .addHelpText(
        'after',
        `
Runs are matched by scenario and seed. Compared: run status, evaluated regime, every verdict's
status, the aggregate's met/not met, and for ST and AT the final measurements
  ${MEASUREMENT_FIELDS.map((f) => f.name).join(', ')}.
A measurement differs when |baseline − result| > tolerance · max(|baseline|, |result|); accuracies
and energy shares are fractions and use the scale 1 instead. FIELD may be prefixed st. or at.

Exit codes: 0 no difference · 1 a difference (each is printed) · 2 a file unreadable or invalid.

Examples:
  provably diff baseline/result.json reports/latest/result.json
  provably diff a.json b.json --tolerance 1e-2 --tolerance at.lambda=0.1`,
      );
  },
  async run(args, options, ctx) {
    const [baselinePath, resultPath] = args as [string, string];
    const tolerances = (options.tolerance as DiffTolerances | undefined) ?? DEFAULT_DIFF_TOLERANCES;
    const junitPath = options.junit === undefined ? undefined : checkJunitPath(options.junit as string, ctx.cwd);
    const baseline = await readResultFile(resolve(ctx.cwd, baselinePath));
    const result = await readResultFile(resolve(ctx.cwd, resultPath));
    const comparison = compareResults(baseline, result, tolerances);
    if (junitPath !== undefined)
      await writeJunit(junitPath, 'provably diff', diffJunitSuites(baseline, result, comparison, junitHostname(), replayRenderer(ctx.env)));
    const s = stdoutStyle(ctx);
    const out = (line: string) => ctx.io.stdout.write(`${line}\n`);
    for (const note of comparison.notes) out(s.dim(`note: ${note}`));
    for (const d of comparison.differences) out(`${s.bad('≠')} ${describeDifference(d)}`);
    if (inGithubActions(ctx.env)) {
      for (const d of comparison.differences)
        ctx.io.stderr.write(
          `${githubAnnotation('error', `provably diff: ${d.scenario}${'claim' in d ? ` ${d.claim}` : ''}`, describeDifference(d))}\n`,
        );
    }
    const { runs, verdicts, measurements } = comparison.compared;
    const scope = `${runs} run${runs === 1 ? '' : 's'}, ${verdicts} verdicts, ${measurements} measurements (tolerance ${formatNumber(tolerances.default)}${
      Object.keys(tolerances.fields).length > 0
        ? `; ${Object.entries(tolerances.fields)
            .map(([k, v]) => `${k}=${formatNumber(v)}`)
            .join(', ')}`
        : ''
    })`;
    if (comparison.differences.length > 0) {
      out(
        s.bad(
          `${comparison.differences.length} difference${comparison.differences.length === 1 ? '' : 's'} from the baseline in ${scope} (exit 1).`,
        ),
      );
      return EXIT.NOT_MET;
    }
    out(s.good(`No difference from the baseline: ${scope} (exit 0).`));
    return EXIT.OK;
  },
};
