/**
 * Runs a sweep (the grid's (cell, seed) items, or one shard of them) into its folder: every
 * finished run is journaled at once (src/sweep/store.ts), runs already present are skipped
 * (`--resume`), and sweep.json, report.md and report.html are written from whatever is present at
 * the end, also after an interruption (then marked interrupted).
 */
import { join } from 'node:path';
import type { BackendInfo } from '../backend/select.js';
import type { RunResult } from '../experiment/types.js';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { shardItems, type Shard } from '../parallel/shard.js';
import type { SeededRegime } from '../regime/types.js';
import { runPlan } from '../pipeline/run.js';
import { buildResultFile } from '../result/resultFile.js';
import { toolInfo } from '../result/toolInfo.js';
import { descentHeatmapSvg, heatmapSvg, renderSweepHtml, renderSweepMarkdown } from './render.js';
import type { SweepFile, SweepManifest } from './schema.js';
import { cellLabel, SweepError, type Cell, type SweepPlan } from './spec.js';
import { presentRuns, readRunFile, runFileName, writeRunFile } from './store.js';
import { serializeSweepFile, summarise, type GridRun } from './summarise.js';

/** The files of a sweep folder besides runs/. */
export const SWEEP_FILES = {
  plan: 'plan.json',
  json: 'sweep.json',
  markdown: 'report.md',
  html: 'report.html',
  heatmaps: 'heatmaps',
} as const;

/** One (cell, seed) item of the grid. */
export interface GridItem {
  cell: Cell;
  seed: number;
}

/** Every item of the grid in order: cell-major, seeds ascending. */
export function gridItems(plan: SweepPlan, grid: readonly Cell[]): GridItem[] {
  return grid.flatMap((cell) => Array.from({ length: plan.seeds.count }, (_, s) => ({ cell, seed: plan.seeds.first + s })));
}

/** The JSON text of plan.json (what `--resume` and `merge` compare). */
export function serializePlan(plan: SweepPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Options of {@link runSweep}. */
export interface SweepRunOptions {
  dir: string;
  plan: SweepPlan;
  grid: readonly Cell[];
  shard?: Shard;
  jobs: number;
  threads: number;
  backend: Pick<BackendInfo, 'name' | 'version' | 'reason' | 'precision'>;
  signal?: AbortSignal;
  env?: Readonly<Record<string, string | undefined>>;
  /** Trains one run in this process (J = 1), e.g. with a progress bar. */
  inProcess: (regime: SeededRegime, label: string) => Promise<RunResult>;
  /** Relative cost of one run of a cell (e.g. the estimated seconds), so the ETA weighs slow cells. @defaultValue 1 */
  cost?: (cell: Cell) => number;
  /** One line per finished run, with the grid's progress and an ETA. */
  onProgress?: (line: string) => void;
  now?: () => Date;
  /** How a replay command names the scenario. */
  source: string;
  node: string;
  cpu: string;
}

/** The outcome of {@link runSweep}. */
export interface SweepOutcome {
  file: SweepFile;
  interrupted: boolean;
  /** Items of this invocation already present (skipped), run now, and left to do. */
  skipped: number;
  ran: number;
  missing: number;
}

function sameSetting(
  a: { backend: string; backendVersion: string; threads: number },
  b: { backend: string; backendVersion: string; threads: number },
): boolean {
  return a.backend === b.backend && a.backendVersion === b.backendVersion && a.threads === b.threads;
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Runs the sweep. @throws SweepError when the runs present were made with another backend or threads */
export async function runSweep(o: SweepRunOptions): Promise<SweepOutcome> {
  const now = o.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const all = gridItems(o.plan, o.grid);
  const mine = shardItems(all.length, o.shard).map((i) => all[i]!);
  const present = new Set(presentRuns(o.dir).map((p) => `${p.cell}/${p.seed}`));
  const setting = { backend: o.backend.name, backendVersion: o.backend.version, threads: o.threads };

  // Runs already journaled: read them first, so a mismatch is refused before any training.
  const done: GridRun[] = [];
  for (const item of mine) {
    if (!present.has(`${item.cell.index}/${item.seed}`)) continue;
    const { file, run } = await readRunFile(o.dir, item.cell.index, item.seed);
    if (!sameSetting(file.manifest, setting)) {
      throw new SweepError({
        code: 'relation',
        path: '--resume',
        input: o.dir,
        summary: `${join(o.dir, runFileName(item.cell.index, item.seed))} was run on ${file.manifest.backend} ${file.manifest.backendVersion} with ${file.manifest.threads} threads, this invocation uses ${setting.backend} ${setting.backendVersion} with ${setting.threads}`,
        rule: "a sweep's runs share one backend, backend version and threads per run",
        fix: `resume with --backend ${file.manifest.backend} --threads ${file.manifest.threads}, or start a new --out folder`,
      });
    }
    done.push({ cell: item.cell.index, record: run });
  }
  const todo = mine.filter((item) => !present.has(`${item.cell.index}/${item.seed}`));
  await writeFileAtomic(join(o.dir, SWEEP_FILES.plan), serializePlan(o.plan));

  let finished = 0;
  let ran = 0;
  const cost = (item: GridItem) => Math.max(1e-9, o.cost?.(item.cell) ?? 1);
  let costLeft = todo.reduce((s, item) => s + cost(item), 0);
  let costDone = 0;
  const planned = todo.map((item) => ({
    scenario: { name: o.plan.scenario.name, given: { ...o.plan.scenario.given, ...item.cell.values, ...o.plan.sets }, source: o.source },
    regime: { ...item.cell.regime, seed: item.seed },
  }));
  await runPlan(planned, {
    jobs: o.jobs,
    threads: o.threads,
    backend: o.backend.name,
    signal: o.signal,
    env: o.env,
    inProcess: (regime, i) => o.inProcess(regime, `${cellLabel(todo[i]!.cell)} #${regime.seed}`),
    onRecord: async (i, record) => {
      const { result } = record;
      finished++;
      const item = todo[i]!;
      if (!result.interrupted) {
        // The replay command is the default: `provably verify <source> --seed … --backend … --threads …`.
        const file = buildResultFile({ manifest: result.manifest, runs: [record], aggregate: [] });
        await writeRunFile(o.dir, item.cell.index, file);
        done.push({ cell: item.cell.index, record: file.runs[0]! });
        ran++;
      }
      const elapsed = (performance.now() - t0) / 1000;
      const left = todo.length - finished;
      costDone += cost(item);
      costLeft -= cost(item);
      const holds = result.interrupted
        ? 'interrupted, not journaled'
        : `${
            done[done.length - 1]!.record.verdicts.filter((v) => v.status === 'holds')
              .map((v) => v.id)
              .join(' ') || 'no claim'
          } hold`;
      o.onProgress?.(
        `[${present.size + finished}/${mine.length}] ${cellLabel(item.cell)} seed ${item.seed}: ${holds} · ${formatDuration(elapsed)} elapsed` +
          (left > 0 ? `, ETA ${formatDuration((elapsed / costDone) * costLeft)}` : ''),
      );
    },
  });
  const interrupted = o.signal?.aborted === true || done.length < mine.length;

  const manifest: SweepManifest = {
    backend: o.backend.name,
    backendVersion: o.backend.version,
    backendReason: o.backend.reason,
    precision: o.backend.precision,
    threads: o.threads,
    jobs: o.jobs,
    node: o.node,
    cpu: o.cpu,
    started: started.toISOString(),
    wallSeconds: (performance.now() - t0) / 1000,
    interrupted,
    ...(o.shard ? { shard: { ...o.shard, total: all.length } } : {}),
  };
  const file = summarise({ tool: toolInfo(), manifest, plan: o.plan, grid: o.grid, runs: done });
  await writeSweepOutputs(o.dir, file);
  return { file, interrupted, skipped: mine.length - todo.length, ran, missing: mine.length - done.length };
}

/**
 * Writes sweep.json, report.md, report.html and one standalone SVG heatmap per claim (plus the
 * smooth-descent one) under heatmaps/, for embedding in documents; each temp-then-rename.
 */
export async function writeSweepOutputs(dir: string, file: SweepFile): Promise<void> {
  await writeFileAtomic(join(dir, SWEEP_FILES.json), serializeSweepFile(file));
  await writeFileAtomic(join(dir, SWEEP_FILES.markdown), renderSweepMarkdown(file));
  await writeFileAtomic(join(dir, SWEEP_FILES.html), renderSweepHtml(file));
  for (const claim of file.cells[0]?.claims ?? [])
    await writeFileAtomic(join(dir, SWEEP_FILES.heatmaps, `${claim.id}.svg`), `${heatmapSvg(file, claim.id)}\n`);
  await writeFileAtomic(join(dir, SWEEP_FILES.heatmaps, 'smooth-descent.svg'), `${descentHeatmapSvg(file)}\n`);
}
