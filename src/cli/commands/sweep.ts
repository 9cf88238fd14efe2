/**
 * `provably sweep <scenario> --axis KEY=V1,V2,… [--axis KEY2=…] [--set KEY=EXPR …] [--seeds N]
 * [--jobs J] [--threads T] [--shard I/N] [--out DIR] [--resume DIR] [--force]` (docs/cli.md).
 *
 * Claim rates over a grid of one or two regime keys. Everything is checked before any training
 * (keys, values, derived keys, memory, the time estimate ÷ (shards × jobs)); each finished run is
 * journaled under runs/, so Ctrl-C or a crash loses at most the runs in flight and `--resume DIR`
 * continues. Exit 0, or 2 on bad input, or 130 when interrupted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { MAX_SEED } from '../../regime/schema.js';
import { buildGrid, cellLabel, makePlan, SweepError, type Cell } from '../../sweep/spec.js';
import type { CliCommand } from '../command.js';
import { badFlag, UsageError } from '../errors.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { parseBackend, parseJobs, parsePath, parseSeed, parseSeedCount, parseShardFlag, parseThreads } from '../options.js';
import { estimateRun, TIME_LIMIT_SECONDS } from '../../pipeline/resources.js';
import { checkResources, formatSeconds } from '../resourceGuard.js';
import { planFlops, startBackend } from '../_internals/backend.js';
import { parallelPlan, shardOf } from '../_internals/parallel.js';
import { shardItems } from '../../parallel/shard.js';
import { checkOutDir, defaultReportDir } from '../_internals/reportFolder.js';
import { loadScenarios } from '../../pipeline/scenarios.js';
import { replayRenderer } from '../_internals/ciOutput.js';
import { shellQuote } from '../../result/resultFile.js';
import { formatNumber } from '../../util/format.js';

interface SweepOptions {
  axis?: string[];
  set?: string[];
  seed?: number;
  seeds?: number;
  backend?: string;
  jobs?: number;
  threads?: number;
  shard?: string;
  out?: string;
  resume?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** Seeds per cell when `--seeds` is not given: the default profile's minimum. */
export const DEFAULT_SWEEP_SEEDS = 8;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function usage(e: unknown): never {
  if (e instanceof SweepError) throw new UsageError(e.issues);
  throw e;
}

/** Refuses a sweep estimated over the time limit per shard and job, naming the costliest cell. */
function checkTime(
  grid: readonly Cell[],
  seeds: number,
  backend: Parameters<typeof estimateRun>[1],
  shards: number,
  jobs: number,
  force: boolean,
): number {
  const perRun = grid.map((c) => estimateRun(c.regime, backend).seconds);
  const total = perRun.reduce((s, x) => s + x * seeds, 0);
  const wall = total / (shards * jobs);
  if (!force && wall > TIME_LIMIT_SECONDS) {
    const worst = perRun.indexOf(Math.max(...perRun));
    throw new UsageError({
      code: 'unavailable',
      path: '',
      input: wall,
      summary: `sweep estimated at ${formatSeconds(wall)} (${grid.length} cells × ${seeds} seeds, ${formatSeconds(total)} of runs ÷ (${shards} shard${shards === 1 ? '' : 's'} × ${jobs} job${jobs === 1 ? '' : 's'}) on ${backend}); the costliest cell is ${cellLabel(grid[worst]!)} at ${formatSeconds(perRun[worst]!)} per run`,
      rule: `a sweep invocation is estimated at ≤ ${formatSeconds(TIME_LIMIT_SECONDS)} unless --force`,
      fix: `drop the costliest values of that axis or lower --seeds, spread it with --shard I/N or --jobs, or pass --force`,
    });
  }
  return wall;
}

/** The keys an axis or a --set names: what a cell of the grid shows. */
function shownKeys(opts: SweepOptions): string[] {
  const named = [...(opts.axis ?? []), ...(opts.set ?? [])].map((a) => a.slice(0, a.indexOf('=')).trim());
  return [...new Set(named)];
}

/** The backend, the parallel plan and the checked time estimate of a sweep: shared by a run and `--dry-run`. */
async function prepareRun(
  grid: readonly Cell[],
  seeds: number,
  opts: SweepOptions,
  shard: ReturnType<typeof shardOf>,
  ctx: Parameters<CliCommand['run']>[2],
  label: (cell: Cell) => string,
  force: boolean,
) {
  const backend = await startBackend(
    opts.backend,
    ctx.env,
    { ...planFlops(grid.map((c) => c.regime)), ...(opts.threads === undefined ? {} : { threads: opts.threads }) },
    ctx.io.stderr,
  );
  const items = grid.length * seeds;
  const mine = shardItems(items, shard).length;
  const parallel = parallelPlan({ jobs: opts.jobs, threads: opts.threads, runs: mine, backend });
  const threads = parallel.jobs === 1 ? backend.threads : parallel.threads;
  checkResources(
    grid.map((c) => ({ label: label(c), regime: c.regime })),
    backend.name,
    { force: true },
  );
  const wall = checkTime(grid, seeds, backend.name, shard?.count ?? 1, parallel.jobs, force);
  return { backend, items, mine, parallel, threads, wall };
}

/** `--dry-run`: the grid as it would run, with estimates; exit 0 without training or writing. */
async function printPlan(
  grid: readonly Cell[],
  seeds: number,
  opts: SweepOptions,
  shard: ReturnType<typeof shardOf>,
  ctx: Parameters<CliCommand['run']>[2],
): Promise<ExitCode> {
  const { backend, items, parallel, wall } = await prepareRun(grid, seeds, opts, shard, ctx, cellLabel, true);
  const keys = shownKeys(opts);
  const out = (line = '') => ctx.io.stdout.write(`${line}\n`);
  out(
    `provably sweep --dry-run · ${backend.name} ${backend.version} · ${grid.length} cells × ${seeds} seeds = ${items} runs · ${parallel.jobs} job${parallel.jobs === 1 ? '' : 's'} · estimated ${formatSeconds(wall)}${wall > TIME_LIMIT_SECONDS ? ' (over the limit: needs --force, --shard or fewer seeds)' : ''}`,
  );
  for (const cell of grid) {
    const r = cell.regime as unknown as Record<string, unknown>;
    const values = keys.map((k) => `${k}=${typeof r[k] === 'number' ? formatNumber(r[k] as number) : String(r[k])}`).join(' ');
    out(
      `  ${cellLabel(cell)}: ${values} · ${formatSeconds(estimateRun(cell.regime, backend.name).seconds)} per run${cell.outside.length ? ` · outside ${cell.outside.join(', ')}` : ' · inside A0–A8'}`,
    );
  }
  out('Nothing was trained or written (--dry-run).');
  return EXIT.OK;
}

/**
 * The canonical command that continues the sweep in `dir`: the plan's arguments (scenario, axes,
 * --set, seeds) as given, so that plan.json matches, and the flags that choose how it runs.
 */
export function resumeCommand(scenario: string, opts: SweepOptions, dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
  const words = ['provably', 'sweep', shellQuote(scenario)];
  for (const a of opts.axis ?? []) words.push('--axis', shellQuote(a));
  for (const x of opts.set ?? []) words.push('--set', shellQuote(x));
  if (opts.seed !== undefined) words.push('--seed', String(opts.seed));
  if (opts.seeds !== undefined) words.push('--seeds', String(opts.seeds));
  if (opts.backend !== undefined) words.push('--backend', shellQuote(opts.backend));
  if (opts.jobs !== undefined) words.push('--jobs', String(opts.jobs));
  if (opts.threads !== undefined) words.push('--threads', String(opts.threads));
  if (opts.shard !== undefined) words.push('--shard', shellQuote(opts.shard));
  if (opts.force) words.push('--force');
  words.push('--resume', shellQuote(shown));
  return words.join(' ');
}

/** `provably sweep`. */
export const command: CliCommand = {
  name: 'sweep',
  summary: 'claim rates over a grid of one or two regime keys, with heatmaps',
  configure(cmd: Command) {
    cmd
      .argument('<scenario>', 'the base scenario (a name from scenarios/ or a path)')
      .option('--axis <KEY=V1,V2,…>', 'an axis of the grid (one or two); values are JSON literals or bare words', collect)
      .option('--set <KEY=EXPR>', 'set or derive a key by a mathjs expression over the others (repeatable)', collect)
      .option('--seed <S>', "first seed of every cell (default: the scenario's seed)", parseSeed)
      .option('--seeds <N>', `seeds per cell (default: ${DEFAULT_SWEEP_SEEDS})`, parseSeedCount)
      .option('--backend <B>', 'auto, node, wasm or cpu (default: PROVABLY_BACKEND, else auto)', parseBackend)
      .option('--jobs <J>', 'worker processes (default: the number of cores)', parseJobs)
      .option('--threads <T>', 'threads per run (default: cores ÷ jobs; WASM: 1)', parseThreads)
      .option(
        '--shard <I/N>',
        'run only shard I of N of the (cell, seed) items (default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)',
        parseShardFlag,
      )
      .option('--out <DIR>', 'the sweep folder (default: reports/sweep-<scenario>-<YYYYMMDD-HHMMSS>/)', parsePath)
      .option('--resume <DIR>', 'continue the sweep in DIR: runs already in DIR/runs/ are skipped', parsePath)
      .option('--force', 'run even when the time estimate exceeds 2 h')
      .option(
        '--dry-run',
        'print the grid (every cell with its evaluated keys, assumptions and estimated time) and exit; nothing is trained or written',
      )
      .addHelpText(
        'after',
        `
Every cell runs over N seeds. Per cell and claim: holds/fails/inconclusive/stalled, rate = holds/N
and its one-sided 95 % Clopper–Pearson lower bound. Cells outside A0–A8 run and are marked.
Writes sweep.json (schemas/sweep.schema.json), report.md and report.html (a heatmap per claim), and
one result.json per finished run under runs/.

Exit codes: 0 written · 2 bad input (nothing run) · 130 interrupted (resume with --resume DIR).

Example:
  provably sweep paper-small --axis 'eta=0.1,0.03,0.01' --axis 'd=64,128' \\
    --set 'T=60/eta' --set 'm=floor(log(d)^2)' --seeds 8 --out reports/eta-d`,
      );
  },
  async run(args, options, ctx) {
    const opts = options as SweepOptions;
    const [loaded] = loadScenarios([args[0] as string], ctx.cwd);
    const scenario = loaded!.scenario;
    const count = opts.seeds ?? DEFAULT_SWEEP_SEEDS;
    const first = opts.seed ?? scenario.seed;
    if (first + count - 1 > MAX_SEED)
      throw badFlag(
        '--seeds',
        count,
        `with first seed ${first} goes past the largest seed ${MAX_SEED}`,
        `S + N − 1 ≤ ${MAX_SEED}`,
        'lower --seed or --seeds',
      );
    let plan;
    let grid: Cell[];
    try {
      plan = makePlan({ name: scenario.name, source: loaded!.ref, given: scenario.given }, opts.axis ?? [], opts.set ?? [], {
        first,
        count,
      });
      grid = buildGrid(plan);
    } catch (e) {
      usage(e);
    }
    const shard = shardOf(opts.shard, ctx.env);
    if (opts.dryRun === true) return printPlan(grid, count, opts, shard, ctx);
    if (opts.resume !== undefined && opts.out !== undefined && resolve(ctx.cwd, opts.out) !== resolve(ctx.cwd, opts.resume)) {
      throw new UsageError({
        code: 'relation',
        path: '--resume',
        input: opts.resume,
        summary: `--out ${opts.out} and --resume ${opts.resume} name different folders`,
        rule: '--resume DIR writes into DIR',
        fix: 'give only --resume DIR',
      });
    }
    const dir =
      opts.resume !== undefined
        ? resolve(ctx.cwd, opts.resume)
        : opts.out !== undefined
          ? resolve(ctx.cwd, opts.out)
          : defaultReportDir(`sweep-${scenario.name}`, ctx.now(), ctx.cwd);
    checkOutDir(dir, opts.resume !== undefined ? '--resume' : '--out');
    const planFile = join(dir, 'plan.json');
    const { serializePlan } = await import('../../sweep/run.js');
    if (opts.resume !== undefined) {
      if (!existsSync(planFile))
        throw new UsageError({
          code: 'file',
          path: '--resume',
          input: opts.resume,
          summary: `--resume ${opts.resume} has no plan.json`,
          rule: '--resume names the folder of an earlier sweep',
          fix: 'name the folder the sweep wrote, or start it with --out',
        });
      if (readFileSync(planFile, 'utf8') !== serializePlan(plan)) {
        throw new UsageError({
          code: 'relation',
          path: '--resume',
          input: opts.resume,
          summary: `--resume ${opts.resume} holds another sweep (its plan.json differs from these axes, --set, seeds or scenario)`,
          rule: 'a resumed sweep repeats the command that started it',
          fix: `repeat the original command with --resume, or use a new --out folder`,
        });
      }
    } else if (existsSync(planFile)) {
      throw new UsageError({
        code: 'file',
        path: '--out',
        input: opts.out ?? dir,
        summary: `--out ${opts.out ?? dir} already holds a sweep`,
        rule: 'a sweep folder is continued only on purpose',
        fix: `pass --resume ${opts.out ?? dir} to continue it, or choose another --out`,
      });
    }

    const { backend, items, mine, parallel, threads, wall } = await prepareRun(
      grid,
      count,
      opts,
      shard,
      ctx,
      (c) => `${scenario.name} ${cellLabel(c)}`,
      opts.force === true,
    );

    const out = (line = '') => ctx.io.stdout.write(`${line}\n`);
    const outside = grid.filter((c) => c.outside.length > 0);
    out(
      `provably sweep · ${backend.name} ${backend.version} · ${backend.precision} · ${threads} thread${threads === 1 ? '' : 's'} per run · ${parallel.jobs} job${parallel.jobs === 1 ? '' : 's'}` +
        ` · ${grid.length} cells × ${count} seeds = ${items} runs${shard ? `, shard ${shard.index}/${shard.count}: ${mine}` : ''} · estimated ${formatSeconds(wall)}`,
    );
    if (outside.length > 0)
      out(
        `note: ${outside.length} cell${outside.length === 1 ? '' : 's'} outside the assumptions (run and marked): ${outside.map((c) => `${cellLabel(c)} ∉ ${c.outside.join(',')}`).join('; ')}`,
      );

    const { executeRun } = await import('../_internals/executeRun.js');
    const { runSweep } = await import('../../sweep/run.js');
    const { cpuDescription } = await import('../../experiment/runExperiment.js');
    let outcome;
    try {
      outcome = await runSweep({
        dir,
        plan,
        grid,
        shard,
        jobs: parallel.jobs,
        threads,
        backend,
        signal: ctx.signal,
        env: ctx.env,
        source: loaded!.ref,
        node: process.version,
        cpu: cpuDescription(),
        now: ctx.now,
        inProcess: (regime, label) => executeRun(regime, ctx, { backend: backend.name, label, progress: true }),
        onProgress: out,
        // The ETA weighs each remaining run by its estimated time, so slow cells count as such.
        cost: (cell) => estimateRun(cell.regime, backend.name).seconds,
      });
    } catch (e) {
      usage(e);
    }
    out('');
    for (const cell of outcome.file.cells) {
      out(
        `${cellLabel(cell)}${cell.outside.length ? ` ∉ ${cell.outside.join(',')}` : ''}: ${cell.claims.map((c) => `${c.id} ${c.holds}/${c.total}`).join('  ')}`,
      );
    }
    out('');
    out(
      `${outcome.skipped} run${outcome.skipped === 1 ? '' : 's'} already present, ${outcome.ran} run now${outcome.missing ? `, ${outcome.missing} left` : ''}. Sweep: ${dir}/ (sweep.json, report.md, report.html, runs/)`,
    );
    if (outcome.interrupted) {
      out(`Interrupted: resume with ${replayRenderer(ctx.env)(resumeCommand(args[0] as string, opts, dir, ctx.cwd))} (exit 130).`);
      return EXIT.INTERRUPTED;
    }
    return EXIT.OK;
  },
};
