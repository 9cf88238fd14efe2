/**
 * Joining `sweep --shard I/N` outputs (`provably merge`): the shards must share the plan and the
 * setting, each must be complete and hold the items round-robin dealing gives it; the merged folder
 * then holds every run file, plan.json, and sweep.json and the reports summarised from all the
 * runs, equal to the unsharded sweep's. Anything else is a ShardError (exit 2) naming the folder
 * and the fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { interleave, shardItems } from '../parallel/shard.js';
import { checkShards, refuseShards } from '../pipeline/merge.js';
import { firstLine } from '../util/issue.js';
import { gridItems, serializePlan, SWEEP_FILES, writeSweepOutputs } from './run.js';
import { sweepFileSchema, type SweepFile } from './schema.js';
import { buildGrid, type SweepPlan } from './spec.js';
import { readRunFile, runFileName } from './store.js';
import { summarise, type GridRun } from './summarise.js';

/** Reads a sweep folder's sweep.json. @throws ShardError */
export function readSweepFile(dir: string): SweepFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
  } catch (e) {
    refuseShards(
      dir,
      `${dir}/sweep.json cannot be read (${firstLine(e)})`,
      'merge reads the sweep.json of each shard',
      'let each shard finish (it writes sweep.json), or resume it',
      'file',
    );
  }
  const parsed = sweepFileSchema.safeParse(json);
  if (!parsed.success)
    refuseShards(
      dir,
      `${dir}/sweep.json is not a valid sweep.json (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
      'sweep.json follows schemas/sweep.schema.json',
      'rerun that shard',
      'parse',
    );
  return parsed.data;
}

/** Checks sweep shards: same plan, same setting, every shard once and complete. @throws ShardError */
export function checkSweepShards(dirs: readonly string[]): { dir: string; file: SweepFile }[] {
  const files = dirs.map((dir) => ({ dir, file: readSweepFile(dir) }));
  const parts = checkShards(
    files.map(({ dir, file }) => ({
      dir,
      file,
      backend: file.manifest.backend,
      backendVersion: file.manifest.backendVersion,
      threads: file.manifest.threads,
      shard: file.manifest.shard,
    })),
  );
  const plan = JSON.stringify(parts[0]!.file.plan);
  for (const p of parts) {
    if (JSON.stringify(p.file.plan) !== plan)
      refuseShards(
        p.dir,
        `${p.dir} ran another sweep than ${parts[0]!.dir} (the scenario, axes, --set or seeds differ)`,
        'shards of one sweep share its plan',
        'merge the shards of one sweep command only',
      );
    if (p.file.manifest.interrupted)
      refuseShards(
        p.dir,
        `${p.dir} (shard ${p.shard!.index}/${p.shard!.count}) was interrupted: some of its items are missing`,
        'every shard runs to its end before merging',
        `resume it with --resume ${p.dir}`,
      );
  }
  interleave(
    parts.map((p) => p.file.runs),
    parts[0]!.shard!.total,
  );
  return parts.map((p) => ({ dir: p.dir, file: p.file }));
}

/**
 * Merges the sweep shards in `dirs` into the folder `out`: run files, plan.json, sweep.json and
 * the reports. @returns the merged sweep.json @throws ShardError
 */
export async function mergeSweepShards(dirs: readonly string[], out: string): Promise<SweepFile> {
  const parts = checkSweepShards(dirs);
  const plan = parts[0]!.file.plan as unknown as SweepPlan;
  const grid = buildGrid(plan);
  const all = gridItems(plan, grid);
  for (const [k, { dir, file }] of parts.entries()) {
    const expected = shardItems(all.length, { index: k + 1, count: parts.length }).map((i) => `${all[i]!.cell.index}/${all[i]!.seed}`);
    const got = file.runs.map((r) => `${r.cell}/${r.seed}`);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      refuseShards(
        dir,
        `${dir} (shard ${k + 1}/${parts.length}) holds the items ${got.join(' ')}, round-robin dealing gives it ${expected.join(' ')}`,
        'every item of the grid once, in the shard that dealing gives it',
        `rerun shard ${k + 1}/${parts.length} into a fresh folder`,
      );
    }
  }
  const runs: GridRun[] = [];
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
  return merged;
}
