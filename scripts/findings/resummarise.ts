/**
 * Rewrites a sweep folder's sweep.json, report.md, report.html and heatmaps/ from its plan.json and
 * runs/ with the current code, without running anything: for sweeps stopped on purpose (a cell with
 * fewer seeds than planned is reported with the seeds it has), or written by an earlier version.
 * Also writes loss-traces.json (every run's ST and AT loss trace, as [step, loss] pairs), small
 * enough to commit where runs/ is not, so that flowDeviation.ts can be re-run from it.
 *
 *   npx tsx scripts/findings/resummarise.ts <sweep folder>…
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolInfo } from '../../src/result/toolInfo.js';
import { writeFileAtomic } from '../../src/io/atomicWrite.js';
import { writeSweepOutputs } from '../../src/sweep/run.js';
import { buildGrid, type SweepPlan } from '../../src/sweep/spec.js';
import { presentRuns, readRunFile } from '../../src/sweep/store.js';
import { summarise } from '../../src/sweep/summarise.js';

for (const dir of process.argv.slice(2)) {
  const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as SweepPlan;
  const grid = buildGrid(plan);
  const old = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { manifest: Record<string, unknown> };
  const runs = [];
  for (const { cell, seed } of presentRuns(dir)) runs.push({ cell, record: (await readRunFile(dir, cell, seed)).run });
  const file = summarise({ tool: toolInfo(), manifest: old.manifest as never, plan, grid, runs });
  await writeSweepOutputs(dir, file);
  const traces = runs.map(({ cell, record }) => ({
    cell,
    seed: record.seed,
    eta: (record.regime as { evaluated: { eta: number } }).evaluated.eta,
    T: (record.regime as { evaluated: { T: number } }).evaluated.T,
    st: record.traces.st.map((r) => [r.step, r.loss]),
    at: record.traces.at.map((r) => [r.step, r.loss]),
  }));
  await writeFileAtomic(join(dir, 'loss-traces.json'), `${JSON.stringify({ format: 'provably-loss-traces', version: 1, runs: traces })}\n`);
  process.stdout.write(`${dir}: ${runs.length} runs in ${grid.length} cells re-summarised\n`);
}
