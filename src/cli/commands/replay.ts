/**
 * `provably replay <result.json> [--run I]` (docs/cli.md): reruns run I of a result.json with its
 * recorded evaluated regime, seed and backend, prints the verdict table, and says whether the
 * verdicts and the final measurements match the recorded ones. Exit 1 when a verdict changed, 0
 * otherwise (measurement drift beyond tolerance is printed but is not a changed verdict), 2 on a bad
 * file or index, 130 when interrupted.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_PROFILE } from '../../claims/expectations.js';
import { readResultFile } from '../../result/resultFile.js';
import type { CliCommand } from '../command.js';
import { compareRuns, describeDifference } from '../../result/compare.js';
import { DEFAULT_DIFF_TOLERANCES, type DiffTolerances } from '../../result/diffTolerance.js';
import { parseTolerance } from '../compare/tolerance.js';
import { badFlag } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { parseBackend, parsePath, parseRunIndex, parseThreads } from '../options.js';
import { runReportLines } from '../render/runReport.js';
import { stdoutStyle } from '../render/style.js';
import { checkResources } from '../resourceGuard.js';
import { planFlops, startBackend } from '../_internals/backend.js';
import { checkOutDir } from '../_internals/reportFolder.js';

interface ReplayOptions {
  run?: number;
  backend?: string;
  out?: string;
  force?: boolean;
  tolerance?: DiffTolerances;
  threads?: number;
}

/** `provably replay`. */
export const command: CliCommand = {
  name: 'replay',
  summary: 'rerun a run recorded in a result.json and compare',
  configure(cmd: Command) {
    cmd
      .argument('<result.json>', 'a result.json written by provably verify')
      .option('--run <I>', 'which run of the file, 0-based (default: 0)', parseRunIndex)
      .option('--backend <B>', 'replay on this backend instead of the recorded one (auto, fastest, node, wasm, cpu)', parseBackend)
      .option('--out <DIR>', "also write the replay's report folder here", parsePath)
      .option('--tolerance <spec>', 'tolerance for the measurement comparison (as for diff); repeatable', parseTolerance)
      .option('--threads <T>', "threads per run (default: the recorded ones; a run's numbers may depend on them)", parseThreads)
      .option('--force', 'run even when the time estimate exceeds the limit')
      .addHelpText(
        'after',
        `
Exit codes: 0 every verdict reproduced · 1 a verdict changed · 2 bad file or --run · 130 interrupted.

Example:
  provably replay reports/paper-small-20260101-120000/result.json --run 0`,
      );
  },
  async run(args, options, ctx) {
    const opts = options as ReplayOptions;
    const file = resolve(ctx.cwd, args[0] as string);
    const recorded = await readResultFile(file);
    const index = opts.run ?? 0;
    const record = recorded.runs[index];
    if (record === undefined) {
      throw badFlag(
        '--run',
        index,
        `is not a run of ${args[0] as string}, which has ${recorded.runs.length}`,
        `0 ≤ I < ${recorded.runs.length}`,
        recorded.runs.length > 1
          ? `pass --run 0 … ${recorded.runs.length - 1}`
          : recorded.runs.length === 1
            ? 'pass --run 0 or leave it out'
            : 'give a result.json with runs',
      );
    }
    const outDir = opts.out === undefined ? undefined : resolve(ctx.cwd, opts.out);
    if (outDir !== undefined) checkOutDir(outDir);
    const recordedBackend = recorded.manifest.backend;
    const regime = record.regime.evaluated;
    const backend = await startBackend(
      opts.backend ?? recordedBackend,
      ctx.env,
      { ...planFlops([regime]), threads: opts.threads ?? recorded.manifest.threads },
      ctx.io.stderr,
    );
    checkResources([{ label: record.scenario, regime }], backend.name, { force: opts.force === true });
    const s = stdoutStyle(ctx);
    const out = (line = '') => ctx.io.stdout.write(`${line}\n`);
    out(
      `Replaying ${record.scenario} seed ${record.seed} (run ${index} of ${file}) on ${backend.name}${backend.name === recordedBackend ? '' : `, recorded on ${recordedBackend}`}…`,
    );

    const { executeRun } = await import('../_internals/executeRun.js');
    const { writeReport } = await import('../../report/writeReport.js');
    const { runScenarios } = await import('../../pipeline/run.js');
    const rf = await runScenarios(
      [
        {
          scenario: { name: record.scenario, given: record.regime.given, expect: record.expect, source: record.scenario },
          regime,
          replay: record.replay,
        },
      ],
      {
        backend,
        signal: ctx.signal,
        now: ctx.now,
        profile: DEFAULT_PROFILE,
        inProcess: (r) => executeRun(r, ctx, { backend: backend.name, label: `${record.scenario} #${record.seed}`, progress: true }),
      },
    );
    const replayed = rf.runs[0]!;
    for (const line of ['', ...runReportLines(replayed, rf.manifest, s), '']) out(line);

    if (outDir !== undefined) out(`Report: ${(await writeReport(outDir, rf)).dir}/`);
    if (replayed.status === 'interrupted') {
      out(s.warn('Interrupted: the replay stopped before the end, so it is not compared with the recording (exit 130).'));
      return EXIT.INTERRUPTED;
    }
    const { differences, verdicts, measurements } = compareRuns(record, replayed, opts.tolerance ?? DEFAULT_DIFF_TOLERANCES);
    const changedVerdicts = differences.filter((d) => d.kind === 'verdict' || d.kind === 'status');
    for (const d of differences) out(`${d.kind === 'verdict' || d.kind === 'status' ? s.bad('≠') : s.warn('~')} ${describeDifference(d)}`);
    const drift = differences.length - changedVerdicts.length;
    if (changedVerdicts.length > 0) {
      out(s.bad(`Replay differs: ${changedVerdicts.length} verdict${changedVerdicts.length === 1 ? '' : 's'} changed (exit 1).`));
      return EXIT.NOT_MET;
    }
    out(
      s.good(`Replay reproduces all ${verdicts} verdicts`) +
        (drift === 0
          ? s.good(` and all ${measurements} measurements within tolerance (exit 0).`)
          : s.warn(`; ${drift} measurement${drift === 1 ? '' : 's'} out of tolerance (listed above; exit 0).`)),
    );
    return EXIT.OK;
  },
};
