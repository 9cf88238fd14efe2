/**
 * `provably verify [scenario…] [--seed S] [--seeds N] [--backend B] [--out DIR] [--json]
 * [--profile default|full] [--force]` (docs/cli.md).
 *
 * Everything is validated before any training (scenarios, flags, output folder, backend, memory
 * and time), so bad input exits 2 having written nothing. Then each scenario runs for seeds
 * S … S+N−1 through the pipeline (src/pipeline/run.ts): each run is judged (A1–A8, R1–R2, I1, every
 * claim), the expectations are aggregated per scenario and claim with the profile's rule; this
 * command prints and writes the report folder atomically.
 * Exit 0 when every expectation is met, 1 when one is not, 130 when interrupted (the partial report
 * is then marked interrupted).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { calibratedRates } from '../../calibration/lookup.js';
import { DEFAULT_PROFILE, type ExpectationProfile } from '../../claims/expectations.js';
import { MAX_SEED } from '../../regime/schema.js';
import type { SeededRegime } from '../../regime/types.js';
import { serializeResultFile, type ResultFile } from '../../result/resultFile.js';
import type { CliCommand } from '../command.js';
import type { CliContext } from '../context.js';
import { badFlag } from '../errors.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { parseBackend, parseJobs, parsePath, parseProfile, parseSeed, parseSeedCount, parseShardFlag, parseThreads } from '../options.js';
import { shardItems } from '../../parallel/shard.js';
import { parallelPlan, shardOf } from '../_internals/parallel.js';
import { aggregateLines, runMatrixLines } from '../render/aggregate.js';
import { backendLine, runReportLines } from '../render/runReport.js';
import { PLAIN, stdoutStyle, type Style } from '../render/style.js';
import { checkResources, formatSeconds } from '../resourceGuard.js';
import { expectationCounts } from '../../result/aggregate.js';
import { planFlops, startBackend } from '../_internals/backend.js';
import { printer, type Printer } from '../_internals/output.js';
import { overallTracker } from '../progress.js';
import { checkOutDir, defaultReportDir } from '../_internals/reportFolder.js';
import { checkJunitPath, githubAnnotation, inGithubActions, junitHostname, replayRenderer, writeJunit } from '../_internals/ciOutput.js';
import { marginText, verifyFindings, verifyJunitSuites, worstMiss } from '../../report/junit.js';
import { loadScenarios, scenarioRef, type LoadedScenario } from '../../pipeline/scenarios.js';
import { formatDuration } from '../../util/format.js';

/** The scenario `provably verify` runs when none is named. */
export const DEFAULT_SCENARIO = 'paper-small';

/** Up to this many runs, each gets its full verdict table; beyond, one line per run. */
const FULL_TABLES_UP_TO = 3;

/** Parsed options of verify. */
interface VerifyOptions {
  seed?: number;
  seeds?: number;
  backend?: string;
  out?: string;
  json?: boolean;
  profile?: ExpectationProfile;
  force?: boolean;
  jobs?: number;
  threads?: number;
  shard?: string;
  junit?: string;
}

/** One scenario × seed to run. */
interface PlannedRun {
  loaded: LoadedScenario;
  regime: SeededRegime;
}

/**
 * `--seeds N` with 1 < N < the profile's minimum cannot meet an expectation over seeds, so it is
 * refused before any training when some scenario asserts one (an expectation other than "report").
 * N is the total number of seeds, before any sharding.
 *
 * @throws UsageError naming the flag, the rule and the fix
 */
export function refuseTooFewSeeds(scenarios: readonly LoadedScenario[], count: number, profile: ExpectationProfile): void {
  if (!(count > 1 && count < profile.minSeeds)) return;
  const asserting = scenarios.find((l) => Object.values(l.scenario.expect).some((e) => e !== 'report'));
  if (!asserting) return;
  const asserted = Object.entries(asserting.scenario.expect)
    .filter(([, e]) => e !== 'report')
    .map(([id, e]) => `${id} ${e}`);
  throw badFlag(
    '--seeds',
    count,
    `cannot meet an expectation of scenario ${asserting.scenario.name} (${asserted.join(', ')}) under profile ${profile.name}`,
    `over several seeds an expectation needs ≥ ${profile.minSeeds} seeds (profile ${profile.name}); 1 seed is judged by the single-seed rule`,
    `pass --seeds ${profile.minSeeds} or more, or --seeds 1`,
  );
}

/** Scenario × seed, scenarios in the order given, seeds ascending. @throws UsageError past the largest seed */
function plan(scenarios: readonly LoadedScenario[], opts: VerifyOptions): PlannedRun[] {
  const count = opts.seeds ?? 1;
  const runs = scenarios.flatMap((loaded) => {
    const first = opts.seed ?? loaded.scenario.seed;
    if (first + count - 1 > MAX_SEED) {
      throw badFlag(
        '--seeds',
        count,
        `with first seed ${first} goes past the largest seed ${MAX_SEED}`,
        `S + N − 1 ≤ ${MAX_SEED}`,
        'lower --seed or --seeds',
      );
    }
    return Array.from({ length: count }, (_, i) => ({ loaded, regime: { ...loaded.scenario.regime, seed: first + i } }));
  });
  refuseTooFewSeeds(scenarios, count, opts.profile ?? DEFAULT_PROFILE);
  return runs;
}

/** The terminal summary of a result file. */
function summaryLines(rf: ResultFile, profile: ExpectationProfile, s: Style): string[] {
  const lines: string[] = [];
  if (rf.runs.length <= FULL_TABLES_UP_TO) {
    for (const run of rf.runs) lines.push('', ...runReportLines(run, rf.manifest, s, rf.aggregate));
  } else {
    lines.push('', s.bold(`${rf.runs.length} runs`), ...runMatrixLines(rf.runs, s));
  }
  const perScenario = new Map<string, number>();
  for (const run of rf.runs) perScenario.set(run.scenario, (perScenario.get(run.scenario) ?? 0) + 1);
  if ([...perScenario.values()].some((n) => n > 1)) lines.push('', ...aggregateLines(rf.aggregate, profile, s, rf.manifest.backend));
  return lines;
}

/**
 * Per expectation not met: the seed that missed it by the most, and the command that replays it
 * from here (`replay` renders the recorded canonical command).
 */
function replayLines(rf: ResultFile, replay: (canonical: string) => string): string[] {
  return expectationCounts(rf.aggregate).notMet.flatMap((row) => {
    const worst = worstMiss(
      rf.runs.filter((r) => r.scenario === row.scenario),
      row,
    );
    if (!worst) return [];
    return [
      `Replay ${row.scenario} ${row.id} (seed ${worst.r.seed}: ${worst.v?.status ?? 'missing'}, ${marginText(worst.v?.margin)}): ${replay(worst.r.replay)}`,
    ];
  });
}

/** The outcome line and the exit code of a finished verify. */
function outcome(rf: ResultFile, interrupted: boolean, s: Style): { line: string; code: ExitCode } {
  const { notMet, met, reported } = expectationCounts(rf.aggregate);
  const extra =
    reported > 0
      ? `; ${reported} claim${reported === 1 ? ' is' : 's are'} only reported, not asserted, whatever ${reported === 1 ? 'its' : 'their'} status (calibrated rates beside them)`
      : '';
  if (interrupted) {
    const stopped = rf.runs.filter((r) => r.status === 'interrupted').length;
    const line =
      stopped === 0
        ? 'Interrupted after the last run had finished training: the report is complete (exit 130).'
        : `Interrupted: ${stopped} run${stopped === 1 ? '' : 's'} stopped before the end; the report is marked interrupted (exit 130).`;
    return { line: s.warn(line), code: EXIT.INTERRUPTED };
  }
  if (notMet.length > 0) {
    const which = notMet.map((r) => `${r.scenario} ${r.id} (expected ${r.expect}, ${r.matched}/${r.total} matched)`).join(', ');
    return {
      line: s.bad(`${notMet.length} of ${notMet.length + met} expectations NOT MET: ${which}${extra} (exit 1).`),
      code: EXIT.NOT_MET,
    };
  }
  return { line: s.good(`All ${met} expectation${met === 1 ? '' : 's'} met${extra} (exit 0).`), code: EXIT.OK };
}

async function runVerify(names: readonly string[], opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
  const json = opts.json === true;
  const profile = opts.profile ?? DEFAULT_PROFILE;
  const print: Printer = printer(ctx, json);
  const s = json ? PLAIN : stdoutStyle(ctx);

  // 1. Validate everything before any training.
  const scenarios = loadScenarios(names.length > 0 ? names : [DEFAULT_SCENARIO], ctx.cwd);
  const planned = plan(scenarios, opts);
  const shard = shardOf(opts.shard, ctx.env);
  const runs = shardItems(planned.length, shard).map((i) => planned[i]!);
  // --json alone prints result.json and writes nothing; with --out it also writes the folder.
  const outDir =
    opts.out !== undefined
      ? resolve(ctx.cwd, opts.out)
      : json
        ? undefined
        : defaultReportDir(scenarios[0]!.scenario.name, ctx.now(), ctx.cwd);
  if (outDir !== undefined) checkOutDir(outDir);
  const junitPath = opts.junit === undefined ? undefined : checkJunitPath(opts.junit, ctx.cwd);
  const backend = await startBackend(
    opts.backend,
    ctx.env,
    { ...planFlops(runs.map((r) => r.regime)), ...(opts.threads === undefined ? {} : { threads: opts.threads }) },
    ctx.io.stderr,
  );
  const parallel = parallelPlan({ jobs: opts.jobs, threads: opts.threads, runs: runs.length, backend });
  const threads = parallel.jobs === 1 ? backend.threads : parallel.threads;
  const guard = checkResources(
    runs.map((r) => ({ label: r.loaded.scenario.name, regime: r.regime })),
    backend.name,
    { force: opts.force === true, parallel: parallel.jobs },
  );

  // 2. Run, judge, aggregate.
  const t0 = performance.now();
  const where = parallel.jobs > 1 ? ` · ${parallel.jobs} worker processes` : '';
  const sharded = shard ? ` · shard ${shard.index}/${shard.count} of ${planned.length} runs` : '';
  print.info(
    s.bold('provably verify') +
      ` · ${backendLine({ backend: backend.name, backendVersion: backend.version, precision: backend.precision, threads })}${where}${sharded}` +
      ` · ${runs.length} run${runs.length === 1 ? '' : 's'}, estimated ${formatSeconds(guard.totalSeconds)}` +
      ` · profile ${profile.name} (≥ ${profile.minSeeds} seeds, bound ≥ ${profile.requiredBound})`,
  );
  // Loaded only now: TensorFlow.js and the report renderer take seconds to import.
  const { executeRun } = await import('../_internals/executeRun.js');
  const { writeReport } = await import('../../report/writeReport.js');
  const { runScenarios } = await import('../../pipeline/run.js');
  let finished = 0;
  // One process, several runs: an overall bar (or heartbeat) over all of them, from the estimate.
  const overall =
    parallel.jobs === 1 && runs.length > 1
      ? overallTracker(runs.map((r, i) => ({ seconds: guard.estimates[i]!.seconds, K: r.regime.K })))
      : undefined;
  const rf = await runScenarios(
    runs.map((r) => ({ scenario: scenarioRef(r.loaded), regime: r.regime })),
    {
      backend,
      jobs: parallel.jobs,
      threads,
      signal: ctx.signal,
      env: ctx.env,
      now: ctx.now,
      profile,
      calibration: calibratedRates,
      ...(shard ? { shard: { ...shard, total: planned.length } } : {}),
      onStart: (i) =>
        print.info(
          `${parallel.jobs > 1 ? 'started' : `[${i + 1}/${runs.length}]`} ${runs[i]!.loaded.scenario.name} seed ${runs[i]!.regime.seed}: training ST and AT for T = ${runs[i]!.regime.T} steps…`,
        ),
      inProcess: (regime, i) =>
        executeRun(regime, ctx, {
          backend: backend.name,
          label: `${runs[i]!.loaded.scenario.name} #${regime.seed}`,
          progress: !json,
          ...(overall ? { overall: { tracker: overall, index: i } } : {}),
        }),
      onRecord: (i, { result }) => {
        finished++;
        overall?.runDone(i);
        if (parallel.jobs > 1) {
          const elapsed = (performance.now() - t0) / 1000;
          const eta = finished < runs.length ? `, about ${formatSeconds((elapsed / finished) * (runs.length - finished))} left` : '';
          print.info(
            `[${finished}/${runs.length}] ${runs[i]!.loaded.scenario.name} seed ${result.regime.seed} ${result.interrupted ? 'interrupted' : 'trained'} in ${formatDuration(result.manifest.wallSeconds)}${eta}`,
          );
        }
      },
    },
  );
  const interrupted = ctx.signal.aborted;

  // 3. Record, report.
  const replay = replayRenderer(ctx.env);
  const paths = outDir === undefined ? undefined : await writeReport(outDir, rf);
  if (junitPath !== undefined) await writeJunit(junitPath, 'provably verify', verifyJunitSuites(rf, junitHostname(), replay));

  if (json) ctx.io.stdout.write(serializeResultFile(rf));
  for (const line of summaryLines(rf, profile, s)) print.out(line);
  const result =
    shard && !interrupted
      ? {
          line: `Shard ${shard.index}/${shard.count} written (exit 0); join the shards with ${replay('provably merge <dir…> --out DIR')}, which applies the expectations.`,
          code: EXIT.OK,
        }
      : outcome(rf, interrupted, s);
  print.out('');
  print.info(result.line);
  if (!interrupted && !shard) for (const line of replayLines(rf, replay)) print.info(line);
  if (paths !== undefined) print.info(`Report: ${paths.dir}/ (result.json, report.md, report.html)`);
  if (inGithubActions(ctx.env)) {
    for (const f of verifyFindings(rf, replay)) ctx.io.stderr.write(`${githubAnnotation(f.level, f.title, f.message)}\n`);
  }
  if (junitPath !== undefined) print.info(`JUnit: ${junitPath}`);
  return result.code;
}

/** `provably verify`. */
export const command: CliCommand = {
  name: 'verify',
  summary: 'run scenarios, check every claim against its expectation, write a report',
  configure(cmd: Command) {
    cmd
      .argument('[scenario...]', `scenario names (from scenarios/) or paths to scenario files (default: ${DEFAULT_SCENARIO})`)
      .option('--seed <S>', "first seed (default: the scenario's seed)", parseSeed)
      .option('--seeds <N>', 'number of consecutive seeds S … S+N−1 (default: 1)', parseSeedCount)
      .option(
        '--backend <B>',
        'auto (native where it loads), fastest (by the measured crossover), node, wasm or cpu (default: PROVABLY_BACKEND, else auto)',
        parseBackend,
      )
      .option('--out <DIR>', 'the report folder itself (default: reports/<scenario>-<YYYYMMDD-HHMMSS>/)', parsePath)
      .option('--json', 'print result.json to stdout and nothing else there')
      .option('--profile <name>', 'expectation rule over seeds: default (≥ 8 seeds, bound ≥ 0.5) or full (≥ 30, ≥ 0.8)', parseProfile)
      .option('--junit <FILE>', 'also write JUnit XML: one test case per scenario × claim over all seeds', parsePath)
      .option('--force', 'run even when the time estimate exceeds the limit (never overrides the memory limit)')
      .option('--jobs <J>', 'worker processes training runs at once (default: the number of cores)', parseJobs)
      .option('--threads <T>', 'threads per run, recorded and reused by replay (default: cores ÷ jobs; WASM: 1)', parseThreads)
      .option('--shard <I/N>', 'run only shard I of N (1-based; default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)', parseShardFlag)
      .addHelpText(
        'after',
        `
Runs standard (ST) and adversarial (AT) training from the same initialisation, evaluates the
assumptions A1–A8, the preconditions R1–R2, the injection heuristic I1 and the claims ST-1 … AT-4,
checks them against the scenario's expectations and writes result.json, report.md and report.html.

Exit codes: 0 every expectation met · 1 one not met · 2 bad input (nothing run or written) ·
130 interrupted (Ctrl-C once: stop and write the partial report; twice: quit at once).

Examples:
  provably verify                                   # paper-small, its seed
  provably verify paper-small --seeds 8             # aggregate over seeds 0–7
  provably verify ./my-regime.json --json > result.json`,
      );
  },
  async run(args, options, ctx) {
    return runVerify((args[0] as string[] | undefined) ?? [], options as VerifyOptions, ctx);
  },
};
