/**
 * Writes a search's report into its folder, beside `search-state.json`: result.json (docs/cli.md#report-folder)
 * with the runs that matter, report.md and report.html opening with the search section, and the
 * regimes found as scenario files that `provably verify` replays (`counterexample.json`), all
 * through `writeReport` (src/report), which renders everything in memory before writing any file.
 */
import { relative, resolve, isAbsolute, join } from 'node:path';
import { initBackend, type BackendPreference } from '../../backend/select.js';
import type { Manifest, RunResult } from '../../experiment/types.js';
import { runManifest } from '../../experiment/runExperiment.js';
import { recordRun } from '../../pipeline/record.js';
import { REGIME_KEYS, type SeededRegime } from '../../regime/types.js';
import { buildResultFile, replayCommand, shellQuote, type GivenValue, type RunRecordInput } from '../../result/resultFile.js';
import { writeReport } from '../../report/writeReport.js';
import { closestRun } from '../engine.js';
import type { SearchState } from '../types.js';
import { htmlSection, markdownSection } from './sections.js';
import { SCENARIO_FILES, scenarioName, scenarioObject, type ScenarioKind } from './scenarioFile.js';
import { summarize, type SearchSummary } from './summary.js';
import { renderTrajectorySvg } from './trajectoryPlot.js';

/** What {@link writeSearchReport} needs. */
export interface SearchReportInput {
  state: SearchState;
  /** Full results by run index (the engine's `results`). */
  results: ReadonlyMap<number, RunResult>;
  /** The experiment an interruption stopped, shown as an interrupted run. */
  partial?: { regime: SeededRegime; result?: RunResult };
  /** The search folder. */
  dir: string;
  /** The folder the commands in the report are relative to. @defaultValue process.cwd() */
  cwd?: string;
}

/** Paths written. */
export interface SearchReportPaths {
  dir: string;
  json: string;
  markdown: string;
  html: string;
  /** Scenario files written, by kind. */
  scenarios: Partial<Record<ScenarioKind, string>>;
  /** The command that replays the counterexample (or the closest call), if any. */
  replay: string | null;
  /** The command that resumes or extends the search. */
  resume: string;
  /** What the report says, as data. */
  summary: SearchSummary;
}

/** A path as a user would type it from `cwd`: relative when inside it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function givenOf(obj: Record<string, unknown>): Record<string, GivenValue> {
  const out: Record<string, GivenValue> = {};
  for (const k of REGIME_KEYS) out[k] = obj[k] as GivenValue;
  return out;
}

/**
 * The command that continues the search in `shownDir`: as it is after an interruption, with the
 * spent limit doubled after a budget stop, and as it is (only rewriting the report) when it is done.
 */
export function resumeCommand(state: SearchState, shownDir: string): string {
  const words = ['provably', 'search', shellQuote(state.claim), '--resume', shellQuote(shownDir)];
  if (state.stop === 'runs') words.push('--runs', String(state.budget.runs * 2));
  if (state.stop === 'seconds') words.push('--budget-seconds', String(state.budget.seconds * 2));
  return words.join(' ');
}

/** The invocation's manifest: from a run's, or from the backend when no run finished. */
async function searchManifest(state: SearchState, results: readonly RunResult[]): Promise<Manifest> {
  const base = results[0]?.manifest ?? runManifest(await initBackend(state.backend as BackendPreference), new Date(), performance.now());
  return { ...base, started: state.created, wallSeconds: state.elapsedSeconds };
}

/** One run of result.json, its claims judged as `provably verify` judges them (src/pipeline). */
function runInput(result: RunResult, scenario: Record<string, unknown>, name: string, source: string | null): RunRecordInput {
  const ref = { name, given: givenOf(scenario), expect: scenario.expect as RunRecordInput['scenario']['expect'], source: source ?? name };
  return recordRun(ref, result, source ? { replay: replayCommand(source, result.regime.seed, result.manifest.backend) } : {});
}

/**
 * Renders and writes the report of `state` into `input.dir`.
 *
 * @returns the paths written and the replay and resume commands
 */
export async function writeSearchReport(input: SearchReportInput): Promise<SearchReportPaths> {
  const { state } = input;
  const cwd = input.cwd ?? process.cwd();
  const dir = resolve(input.dir);
  const shownDir = shownPath(dir, cwd);
  const file = (name: string) => join(shownDir, name);
  const counterexampleFile = file(SCENARIO_FILES.counterexample);
  const summary = summarize(state, `provably verify ${shellQuote(counterexampleFile)} --seeds 8`);
  const resume = resumeCommand(state, shownDir);

  // The regimes to present, as scenario files, with their full results when kept.
  const present: { kind: ScenarioKind; run: number; note: string }[] = [];
  const cx = summary.counterexample;
  if (cx) {
    present.push({ kind: 'counterexample', run: cx.run, note: cx.flagText });
    if (cx.original.run !== cx.run) present.push({ kind: 'original', run: cx.original.run, note: cx.flagText });
  } else {
    const closest = closestRun(state);
    if (closest !== null) present.push({ kind: 'closest', run: closest, note: '' });
  }
  const files: Record<string, string> = {};
  const scenarios: SearchReportPaths['scenarios'] = {};
  const runs: RunRecordInput[] = [];
  const kept: RunResult[] = [];
  for (const p of present) {
    const regime = state.runs[p.run]!.regime;
    const obj = scenarioObject(state.claim, p.kind, regime, p.note);
    const name = SCENARIO_FILES[p.kind];
    files[name] = `${JSON.stringify(obj, null, 2)}\n`;
    scenarios[p.kind] = join(dir, name);
    const result = input.results.get(p.run);
    if (result) {
      runs.push(runInput(result, obj, scenarioName(state.claim, p.kind), file(name)));
      kept.push(result);
    }
  }
  const partial = input.partial?.result;
  if (partial) {
    const name = scenarioName(state.claim, 'closest').replace(/closest$/, 'interrupted');
    runs.push(runInput(partial, { ...givenOf(partial.regime as unknown as Record<string, unknown>), expect: {} }, name, null));
    kept.push(partial);
  }
  const replayKind = cx ? 'counterexample' : 'closest';
  const replaySource = scenarios[replayKind] ? file(SCENARIO_FILES[replayKind]) : null;
  const replay = replaySource
    ? replayCommand(replaySource, state.runs[present[0]!.run]!.regime.seed, kept[0]?.manifest.backend ?? state.backend)
    : null;

  const rf = buildResultFile({ manifest: await searchManifest(state, kept), runs, aggregate: [] });
  const ctx = { replay, resume, origins: state.runs.map((r) => r.origin) };
  const title = `${state.claim} margin by experiment (space ${state.space}, seed ${state.seed})`;
  const section = {
    markdown: markdownSection(summary, ctx),
    html: htmlSection(summary, ctx, await renderTrajectorySvg(summary.trajectory, title)),
  };
  const paths = await writeReport(dir, rf, { sections: [section], files });
  return { ...paths, scenarios, replay, resume, summary };
}
