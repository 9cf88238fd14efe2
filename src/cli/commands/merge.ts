/**
 * `provably merge <dir…> --out DIR`: joins the outputs of `sweep --shard I/N` or `verify --shard I/N`
 * into one result, equal to the unsharded run's (runs and aggregates identical). Exit 2 when the
 * shards differ in backend, backend version or threads per run, or an item is missing or
 * duplicated; for verify shards the expectation rule then decides 0 or 1; for sweeps 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildGrid, type SweepPlan } from '../../sweep/spec.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { parsePath } from '../options.js';
import { expectationCounts } from '../../result/aggregate.js';
import { checkSweepShards, mergeVerifyShards } from '../_internals/mergeShards.js';
import { checkOutDir } from '../_internals/reportFolder.js';

interface MergeOptions {
  out?: string;
}

export const command: CliCommand = {
  name: 'merge',
  summary: 'join the shards of a sweep or a verify into one result',
  configure(cmd: Command) {
    cmd
      .argument('<dir...>', 'the output folders of the shards (sweep or verify --shard I/N)')
      .requiredOption('--out <DIR>', 'the merged folder', parsePath)
      .addHelpText('after', `
Exit codes: 0 merged (verify: every expectation met) · 1 verify: an expectation not met ·
2 shards that differ in backend, backend version or threads, or an item missing or duplicated.

Example:
  provably merge shards/1 shards/2 shards/3 --out merged`);
  },
  async run(args, options, ctx) {
    const dirs = (args[0] as string[]).map((d) => resolve(ctx.cwd, d));
    const out = resolve(ctx.cwd, (options as MergeOptions).out!);
    checkOutDir(out);
    const kinds = dirs.map((d) => (existsSync(join(d, 'sweep.json')) ? 'sweep' : existsSync(join(d, 'result.json')) ? 'verify' : 'none'));
    const bad = dirs.findIndex((_, i) => kinds[i] === 'none');
    if (bad >= 0) throw new UsageError({ code: 'file', path: '<dirs>', input: dirs[bad], summary: `${dirs[bad]} holds neither sweep.json nor result.json`, rule: 'merge joins the output folders of sweep or verify shards', fix: 'give the folders the shards wrote (their --out)' });
    if (new Set(kinds).size > 1) throw new UsageError({ code: 'relation', path: '<dirs>', input: dirs, summary: 'the folders mix sweep and verify outputs', rule: 'one kind of shard per merge', fix: 'merge sweep shards and verify shards separately' });
    const say = (line = '') => ctx.io.stdout.write(`${line}\n`);

    if (kinds[0] === 'verify') {
      const rf = await mergeVerifyShards(dirs);
      const { writeReport } = await import('../../report/writeReport.js');
      const paths = await writeReport(out, rf);
      const { notMet, met } = expectationCounts(rf.aggregate);
      say(`Merged ${dirs.length} verify shards: ${rf.runs.length} runs on ${rf.manifest.backend} ${rf.manifest.backendVersion}, ${rf.manifest.threads} thread${rf.manifest.threads === 1 ? '' : 's'} per run.`);
      if (notMet.length > 0) {
        say(`${notMet.length} of ${notMet.length + met} expectations NOT MET: ${notMet.map((r) => `${r.scenario} ${r.id} (expected ${r.expect}, ${r.matched}/${r.total} matched)`).join(', ')} (exit 1).`);
        say(`Report: ${paths.dir}/`);
        return EXIT.NOT_MET;
      }
      say(`All ${met} expectation${met === 1 ? '' : 's'} met (exit 0).`);
      say(`Report: ${paths.dir}/`);
      return EXIT.OK;
    }

    const parts = checkSweepShards(dirs);
    const { writeFileAtomic } = await import('../../io/atomicWrite.js');
    const { summarise } = await import('../../sweep/summarise.js');
    const { serializePlan, SWEEP_FILES, writeSweepOutputs } = await import('../../sweep/run.js');
    const { readRunFile, runFileName } = await import('../../sweep/store.js');
    const plan = parts[0]!.file.plan as unknown as SweepPlan;
    const grid = buildGrid(plan);
    const { gridItems } = await import('../../sweep/run.js');
    const { shardItems } = await import('../../parallel/shard.js');
    const all = gridItems(plan, grid);
    for (const [k, { dir, file }] of parts.entries()) {
      const expected = shardItems(all.length, { index: k + 1, count: parts.length }).map((i) => `${all[i]!.cell.index}/${all[i]!.seed}`);
      const got = file.runs.map((r) => `${r.cell}/${r.seed}`);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new UsageError({ code: 'relation', path: '<dirs>', input: dir, summary: `${dir} (shard ${k + 1}/${parts.length}) holds the items ${got.join(' ')}, round-robin dealing gives it ${expected.join(' ')}`, rule: 'every item of the grid once, in the shard that dealing gives it', fix: `rerun shard ${k + 1}/${parts.length} into a fresh folder` });
      }
    }
    const runs = [];
    for (const { dir, file } of parts) {
      for (const r of file.runs) {
        await writeFileAtomic(join(out, runFileName(r.cell, r.seed)), readFileSync(join(dir, runFileName(r.cell, r.seed))));
        runs.push({ cell: r.cell, record: (await readRunFile(dir, r.cell, r.seed)).run });
      }
    }
    await writeFileAtomic(join(out, SWEEP_FILES.plan), serializePlan(plan));
    const first = parts[0]!.file;
    const { shard: _shard, ...base } = first.manifest;
    const manifest = {
      ...base,
      jobs: Math.max(...parts.map((p) => p.file.manifest.jobs)),
      started: parts.map((p) => p.file.manifest.started).sort()[0]!,
      wallSeconds: Math.max(...parts.map((p) => p.file.manifest.wallSeconds)),
      interrupted: false,
    };
    const merged = summarise({ tool: first.tool, manifest, plan, grid, runs });
    await writeSweepOutputs(out, merged);
    say(`Merged ${dirs.length} sweep shards: ${merged.runs.length} runs over ${merged.cells.length} cells. Sweep: ${out}/ (sweep.json, report.md, report.html, runs/)`);
    return EXIT.OK;
  },
};
