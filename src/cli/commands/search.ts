/**
 * `provably search <claim> [--space in|all] [--runs N] [--budget-seconds S] [--out DIR]
 * [--resume DIR] [--seed S] [--backend B]` (docs/cli.md): counterexample search.
 *
 * Everything is validated before any training (claim, flags, folder, saved state, backend), so bad
 * input exits 2 having written nothing. Then the search engine (`src/search`) explores regimes at
 * cheap sizes, climbs the claim's margin, and shrinks the first clear failure to a minimal one,
 * saving its state after every experiment. The report folder gets result.json, report.md,
 * report.html, search-state.json and, when the claim failed, counterexample.json, which
 * `provably verify` replays as it is.
 *
 * Exit codes: 0 no counterexample within the budget · 1 a counterexample found · 2 bad input ·
 * 130 interrupted (state saved, partial report written; `--resume DIR` continues).
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CLAIMS, findClaim } from '../../claims/registry.js';
import { MAX_SEED } from '../../regime/schema.js';
import { counterexampleRun } from '../../search/engine.js';
import { createState, readState, SearchStateError, STATE_FILE, writeState } from '../../search/state.js';
import { formatDuration, formatMargin } from '../../util/format.js';
import { makeIssue, summaryOf } from '../../util/issue.js';
import type { SearchProgress, SearchState, SpaceName } from '../../search/types.js';
import type { CliCommand } from '../command.js';
import { replayRenderer } from '../_internals/ciOutput.js';
import { shortDuration } from '../progress.js';
import type { CliContext, OutputStream } from '../context.js';
import { badFlag, UsageError } from '../errors.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { badArgument, parseBackend, parsePath, parseSeed } from '../options.js';
import { stdoutStyle, type Style } from '../render/style.js';
import { startBackend } from '../_internals/backend.js';
import { checkOutDir, defaultReportDir } from '../_internals/reportFolder.js';

/**
 * Default budget. At the cheap sizes an experiment takes 0.1–3 s on 2 busy cores. Measured on this
 * machine under load, `ST-1 --space all` found, shrank and confirmed its counterexample in 50–225
 * experiments and 40–135 s over search seeds 1–8, so both limits leave at least twice that.
 */
export const DEFAULT_BUDGET = Object.freeze({ runs: 500, seconds: 900 });
/** Random regimes per exploration round, before climbing from the best of them. */
export const RANDOM_PER_ROUND = 20;
/** Starting points climbed per round. */
export const CLIMB_STARTS = 3;
/** Largest accepted `--runs` and `--budget-seconds` (a week): beyond, a typo is likelier than intent. */
export const MAX_RUNS = 1_000_000;
export const MAX_SECONDS = 7 * 24 * 3600;

/** Parsed options of search. */
interface SearchOptions {
  space?: SpaceName;
  runs?: number;
  budgetSeconds?: number;
  out?: string;
  resume?: string;
  seed?: number;
  backend?: string;
}

/** `--space in|all`. */
export function parseSpace(value: string): SpaceName {
  if (value === 'in' || value === 'all') return value;
  throw badArgument('"in" (inside the assumptions A0–A8) or "all" (any valid regime)', 'pass --space in or --space all');
}

/** `--runs N`: a whole number of experiments from 1 to {@link MAX_RUNS}. */
export function parseRuns(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_RUNS) {
    throw badArgument(`a whole number of experiments from 1 to ${MAX_RUNS}`, `pass e.g. --runs ${DEFAULT_BUDGET.runs}`);
  }
  return n;
}

/** `--budget-seconds S`: wall-clock seconds, a number > 0 up to {@link MAX_SECONDS}. */
export function parseSeconds(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_SECONDS) {
    throw badArgument(`seconds, a number > 0 and ≤ ${MAX_SECONDS}`, `pass e.g. --budget-seconds ${DEFAULT_BUDGET.seconds}`);
  }
  return n;
}

/** The registered claim id, or a UsageError that lists them (and names a near miss). */
function checkClaim(id: string): string {
  if (findClaim(id)) return id;
  const ids = CLAIMS.map((c) => c.id);
  // Claim ids are case-insensitive: `search st-1` means ST-1.
  const same = ids.find((c) => c.toLowerCase() === id.trim().toLowerCase());
  if (same !== undefined) return same;
  const bare = (s: string) => s.replace(/[-_\s]/g, '').toLowerCase();
  const near = ids.find((c) => bare(c) === bare(id));
  throw new UsageError({
    code: 'invalid_type',
    path: '<claim>',
    input: id,
    summary: `<claim> = ${JSON.stringify(id)} is not a claim`,
    rule: `one of ${ids.join(', ')} (docs/claims.md)`,
    fix: near ? `did you mean ${near}?` : `pass one of them, e.g. provably search ST-1 --space all`,
  });
}

/** Loads a saved search and checks the flags against it. @throws UsageError */
async function resumeState(
  claim: string,
  dirFlag: string,
  opts: SearchOptions,
  ctx: CliContext,
): Promise<{ dir: string; state: SearchState }> {
  const dir = resolve(ctx.cwd, dirFlag);
  let state: SearchState;
  try {
    state = await readState(dir);
  } catch (e) {
    if (!(e instanceof SearchStateError)) throw e;
    // One line per problem of the file, each naming the flag, the file, the field, the rule and the fix.
    const at = `--resume = ${JSON.stringify(dirFlag)}: ${e.source}`;
    throw new UsageError(
      e.issues.map((i) =>
        makeIssue({ code: i.code, path: '--resume', input: dirFlag, summary: `${at}: ${summaryOf(i)}`, rule: i.rule, fix: i.fix }),
      ),
    );
  }
  const mismatch = (flag: string, given: unknown, saved: unknown) =>
    badFlag(
      flag,
      given,
      `differs from the saved search's ${JSON.stringify(saved)}`,
      'a resumed search keeps its claim, space, seed, backend and folder',
      `drop ${flag} or pass ${JSON.stringify(saved)}`,
    );
  if (state.claim !== claim) {
    // A positional argument cannot be dropped: the fix is the command with the saved claim.
    throw badFlag(
      '<claim>',
      claim,
      `differs from the saved search's ${JSON.stringify(state.claim)}`,
      'a resumed search keeps its claim, space, seed, backend and folder',
      `pass the saved claim: provably search ${state.claim} --resume ${dirFlag}`,
    );
  }
  if (opts.space !== undefined && opts.space !== state.space) throw mismatch('--space', opts.space, state.space);
  if (opts.seed !== undefined && opts.seed !== state.seed) throw mismatch('--seed', opts.seed, state.seed);
  if (opts.out !== undefined && resolve(ctx.cwd, opts.out) !== dir) throw mismatch('--out', opts.out, dirFlag);
  // --budget-seconds S on resume grants S more seconds on top of those already spent.
  state.budget = {
    runs: opts.runs ?? state.budget.runs,
    seconds: opts.budgetSeconds === undefined ? state.budget.seconds : state.elapsedSeconds + opts.budgetSeconds,
  };
  return { dir, state };
}

/** A new search's folder. @throws UsageError when it holds a search already */
function newSearchDir(claim: string, space: SpaceName, opts: SearchOptions, ctx: CliContext): string {
  const dir = opts.out !== undefined ? resolve(ctx.cwd, opts.out) : defaultReportDir(`search-${claim}-${space}`, ctx.now(), ctx.cwd);
  checkOutDir(dir);
  if (existsSync(join(dir, STATE_FILE))) {
    throw badFlag(
      '--out',
      opts.out,
      `already holds a search (${STATE_FILE})`,
      'a new search needs a folder of its own',
      `continue it with --resume ${opts.out}, or choose another --out`,
    );
  }
  return dir;
}

/**
 * The most time the search has left: the time budget's rest, or the run budget's rest at the pace
 * so far, whichever ends first (a counterexample or the end of shrinking can stop it sooner).
 */
export function searchSecondsLeft(p: Pick<SearchProgress, 'runs' | 'budget' | 'elapsedSeconds'>): number {
  const byTime = Math.max(0, p.budget.seconds - p.elapsedSeconds);
  return p.runs > 0 ? Math.min(byTime, (p.elapsedSeconds / p.runs) * Math.max(0, p.budget.runs - p.runs)) : byTime;
}

/** The search's progress line: phase, runs and seconds against the budget, time left at most, best margin. */
export function searchProgressLine(claim: string, space: SpaceName, p: SearchProgress): string {
  const shrink = p.phase === 'shrink' && p.shrink ? ` ${p.shrink.accepted}/${p.shrink.tried}` : '';
  const last = p.last ? ` · last ${p.last.status} ${formatMargin(p.last.margin)} (${formatDuration(p.last.seconds)})` : '';
  return `${claim} ${space} · ${p.phase}${shrink} · ${p.runs}/${p.budget.runs} runs · ${Math.round(p.elapsedSeconds)}/${p.budget.seconds} s, ETA ≤ ${shortDuration(searchSecondsLeft(p))} · best ${formatMargin(p.bestMargin)}${last}`;
}

/** One progress line on a terminal, rewritten in place; nothing elsewhere. */
function progressWriter(stream: OutputStream, claim: string, space: SpaceName): { update(p: SearchProgress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  let shown = false;
  return {
    update(p) {
      let line = searchProgressLine(claim, space, p);
      const width = stream.columns ?? 120;
      if (line.length > width - 1) line = `${line.slice(0, width - 2)}…`;
      stream.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

/** The lines printed when the search ends. */
function endLines(
  state: SearchState,
  paths: { dir: string; replay: string | null; resume: string },
  flagText: string | null,
  s: Style,
): string[] {
  const cx = counterexampleRun(state);
  const lines: string[] = [];
  if (cx !== null) {
    const run = state.runs[cx]!;
    const minimal = state.counterexample?.minimal ? 'minimal' : 'not yet minimal';
    lines.push(
      s.bad(
        `Counterexample: ${state.claim} fails at margin ${formatMargin(run.margin)} (run ${cx + 1} of ${state.runs.length}, ${minimal}).`,
      ),
    );
    if (flagText) lines.push(flagText);
    if (paths.replay) lines.push(`Replay: ${paths.replay}`);
  } else {
    lines.push(s.good(`No counterexample to ${state.claim} in ${state.runs.length} experiments (${Math.round(state.elapsedSeconds)} s).`));
  }
  if (state.stop === 'interrupted') lines.push(s.warn(`Interrupted: state saved; continue with: ${paths.resume}`));
  else if (state.stop === 'runs' || state.stop === 'seconds') lines.push(`Budget spent; extend with: ${paths.resume}`);
  lines.push(`Report: ${paths.dir}/ (report.md, report.html, result.json, ${STATE_FILE}${cx !== null ? ', counterexample.json' : ''})`);
  return lines;
}

async function runSearchCommand(claimArg: string, opts: SearchOptions, ctx: CliContext): Promise<ExitCode> {
  const s = stdoutStyle(ctx);
  const out = (line = '') => void ctx.io.stdout.write(`${line}\n`);

  // 1. Validate everything before any training.
  const claim = checkClaim(claimArg);
  const resumed = opts.resume !== undefined ? await resumeState(claim, opts.resume, opts, ctx) : undefined;
  const space: SpaceName = resumed?.state.space ?? opts.space ?? 'in';
  const dir = resumed?.dir ?? newSearchDir(claim, space, opts, ctx);
  if (
    resumed &&
    opts.backend !== undefined &&
    resumed.state.backend !== opts.backend &&
    !(opts.backend === 'node' && resumed.state.backend === 'tensorflow')
  ) {
    throw badFlag(
      '--backend',
      opts.backend,
      `differs from the saved search's "${resumed.state.backend}"`,
      'a resumed search keeps its backend (results differ across backends)',
      'drop --backend',
    );
  }
  const backend = await startBackend(resumed?.state.backend ?? opts.backend, ctx.env, {}, ctx.io.stderr);
  const state =
    resumed?.state ??
    createState({
      claim,
      space,
      seed: opts.seed ?? randomInt(0, MAX_SEED),
      budget: { runs: opts.runs ?? DEFAULT_BUDGET.runs, seconds: opts.budgetSeconds ?? DEFAULT_BUDGET.seconds },
      backend: backend.name,
      randomPerRound: RANDOM_PER_ROUND,
      climbStarts: CLIMB_STARTS,
      now: ctx.now().toISOString(),
    });

  // 2. Search. TensorFlow.js and the report renderer are loaded only now.
  const { runSearch } = await import('../../search/engine.js');
  const { experimentRunner } = await import('../../search/runner.js');
  const { writeSearchReport, shownPath } = await import('../../search/report/write.js');
  out(
    `${s.bold('provably search')} ${claim} · space ${state.space} · seed ${state.seed} · ${backend.name} ${backend.version} (${backend.precision})` +
      ` · budget ${state.budget.runs} runs / ${state.budget.seconds} s${resumed ? ` · resuming after ${state.runs.length} runs` : ''}`,
  );
  out(`Folder: ${shownPath(dir, ctx.cwd)}/`);
  await writeState(dir, state);
  const progress = progressWriter(ctx.io.stderr, claim, state.space);
  let outcome;
  try {
    outcome = await runSearch(state, {
      runner: experimentRunner(claim, { backend: backend.name }),
      signal: ctx.signal,
      onProgress: progress.update,
      persist: async (st) => void (await writeState(dir, st)),
    });
  } finally {
    progress.done();
  }

  // 3. Report.
  const replay = replayRenderer(ctx.env);
  const paths = await writeSearchReport({ state: outcome.state, results: outcome.results, partial: outcome.partial, dir, cwd: ctx.cwd });
  for (const line of endLines(
    outcome.state,
    { dir: shownPath(paths.dir, ctx.cwd), replay: paths.replay === null ? null : replay(paths.replay), resume: replay(paths.resume) },
    paths.summary.counterexample?.flagText ?? null,
    s,
  ))
    out(line);
  if (outcome.state.stop === 'interrupted') return EXIT.INTERRUPTED;
  return counterexampleRun(outcome.state) !== null ? EXIT.NOT_MET : EXIT.OK;
}

/** `provably search`. */
export const command: CliCommand = {
  name: 'search',
  summary: 'search for a regime where a claim fails, and shrink it',
  configure(cmd: Command) {
    cmd
      .argument('<claim>', `the claim to break: ${CLAIMS.map((c) => c.id).join(', ')}`)
      .option('--space <space>', 'in: regimes inside the assumptions A0–A8; all: any valid regime (default: in)', parseSpace)
      .option('--runs <N>', `most experiments, over every session (default: ${DEFAULT_BUDGET.runs})`, parseRuns)
      .option('--budget-seconds <S>', `most wall-clock seconds, over every session (default: ${DEFAULT_BUDGET.seconds})`, parseSeconds)
      .option('--out <DIR>', 'the search folder (default: reports/search-<claim>-<space>-<YYYYMMDD-HHMMSS>/)', parsePath)
      .option(
        '--resume <DIR>',
        `continue the search saved in DIR (${STATE_FILE}); --budget-seconds S then adds S seconds to those spent, --runs N sets the total`,
        parsePath,
      )
      .option(
        '--seed <S>',
        'the search seed: regimes, experiment seeds and climbing choices derive from it (default: random, printed)',
        parseSeed,
      )
      .option('--backend <B>', 'auto, node, wasm or cpu (default: PROVABLY_BACKEND, else auto)', parseBackend)
      .addHelpText(
        'after',
        `
Phases: random regimes from the space's fast-check arbitrary (cheap sizes: small k, d, P, nTrain,
nTest, T); then hill-climbing on the claim's margin from the regimes that came closest to failing
(one coordinate at a time, within the space); the clearest failure is then shrunk to a minimal
regime that still fails (outside A0–A8, assumptions are repaired first, so the minimal case
violates only what the failure needs). A failure inside A0–A8 is flagged "genuine counterexample
candidate" only when it fails again, conclusively, on ≥ 7 of ≥ 8 fresh seeds (else "unconfirmed",
with its counts); one outside, "expected (outside the assumptions: …)".

The state is saved after every experiment in DIR/${STATE_FILE}; Ctrl-C stops after the current
training step, writes a partial report and exits 130; --resume DIR continues where it stopped.

Exit codes: 0 no counterexample within the budget · 1 counterexample found · 2 bad input ·
130 interrupted.

Examples:
  provably search ST-1 --space all                     # finds the dense-robust counterexample
  provably search AT-1 --space in --budget-seconds 1800
  provably verify reports/search-ST-1-all-…/counterexample.json   # replay the minimal case`,
      );
  },
  async run(args, options, ctx) {
    return runSearchCommand(String(args[0]), options as SearchOptions, ctx);
  },
};
