/**
 * Joining shard outputs (`provably merge`). Shards of one invocation must agree on the backend, its
 * version and threads per run, on what they ran (the sweep plan, or the verify total), and together
 * hold every item exactly once; anything else is a usage error (exit 2) naming the folder and the
 * fix. The merged result equals the unsharded run's: runs in the unsharded order, aggregates
 * recomputed by the same code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibratedRates } from '../../calibration/lookup.js';
import { DEFAULT_PROFILE, FULL_PROFILE, type ExpectationProfile } from '../../claims/expectations.js';
import type { Manifest } from '../../experiment/types.js';
import { interleave, ShardError } from '../../parallel/shard.js';
import { parseResultFile, readResultFile, serializeResultFile, type ResultFile } from '../../result/resultFile.js';
import { sweepFileSchema, type SweepFile } from '../../sweep/schema.js';
import { firstLine, type IssueCode } from '../../util/issue.js';
import { UsageError } from '../errors.js';
import { aggregateRuns, withCalibration } from '../../result/aggregate.js';

interface Sharded {
  dir: string;
  backend: string;
  backendVersion: string;
  threads: number;
  shard: { index: number; count: number; total: number } | undefined;
}

/** Refuses the shard folders (the `<dirs>` argument): `input` is the folder or value at fault. */
function refuse(input: unknown, summary: string, rule: string, fix: string, code: IssueCode = 'relation'): never {
  throw new UsageError({ code, path: '<dirs>', input, summary, rule, fix });
}

/** Checks that `parts` are the N shards of one invocation, each once; returns them by index. */
export function checkShards<T extends Sharded>(parts: readonly T[]): T[] {
  for (const p of parts) {
    if (p.shard === undefined) refuse(p.dir, `${p.dir} is not a shard (its manifest has no shard)`, 'merge joins the outputs of --shard I/N runs', 'give the folders of the shards of one invocation');
  }
  const first = parts[0]!;
  for (const p of parts) {
    if (p.backend !== first.backend || p.backendVersion !== first.backendVersion || p.threads !== first.threads) {
      refuse(
        p.dir,
        `${p.dir} ran on ${p.backend} ${p.backendVersion} with ${p.threads} threads per run, ${first.dir} on ${first.backend} ${first.backendVersion} with ${first.threads}`,
        "a run's numbers depend on the backend, its version and threads per run, so shards must share them",
        'rerun the odd shard with the same --backend and --threads on the same backend version',
      );
    }
    if (p.shard!.count !== first.shard!.count || p.shard!.total !== first.shard!.total) {
      refuse(p.dir, `${p.dir} is shard ${p.shard!.index}/${p.shard!.count} of ${p.shard!.total} items, ${first.dir} is ${first.shard!.index}/${first.shard!.count} of ${first.shard!.total}`, 'shards of one invocation share N and the items', 'merge the shards of one invocation only');
    }
  }
  const n = first.shard!.count;
  const byIndex = new Map<number, T>();
  for (const p of parts) {
    const other = byIndex.get(p.shard!.index);
    if (other) refuse(p.dir, `${p.dir} and ${other.dir} are both shard ${p.shard!.index}/${n}: duplicate items`, 'each shard once', 'drop one of them');
    byIndex.set(p.shard!.index, p);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) refuse(parts.map((p) => p.dir), `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${n}`).join(', ')} missing: their items are not in any folder given`, `merge needs all ${n} shards`, `run the missing shard${missing.length === 1 ? '' : 's'} (--shard I/${n}) and add the folder${missing.length === 1 ? '' : 's'}`);
  return Array.from({ length: n }, (_, i) => byIndex.get(i + 1)!);
}

function interleaved<T>(lists: readonly (readonly T[])[], total: number): T[] {
  try {
    return interleave(lists, total);
  } catch (e) {
    if (e instanceof ShardError) throw new UsageError(e.issues);
    throw e;
  }
}

/** The profile whose constants the aggregate rows carry. */
function profileOf(rf: ResultFile): ExpectationProfile {
  const row = rf.aggregate[0];
  if (row === undefined) return DEFAULT_PROFILE;
  return [DEFAULT_PROFILE, FULL_PROFILE].find((p) => p.minSeeds === row.minSeeds && p.requiredBound === row.requiredBound) ?? DEFAULT_PROFILE;
}

/** Merges `verify --shard` outputs into one result.json. @throws UsageError */
export async function mergeVerifyShards(dirs: readonly string[]): Promise<ResultFile> {
  const files = await Promise.all(dirs.map(async (dir) => ({ dir, rf: await readResultFile(join(dir, 'result.json')) })));
  const parts = checkShards(files.map(({ dir, rf }) => ({ dir, rf, backend: rf.manifest.backend, backendVersion: rf.manifest.backendVersion, threads: rf.manifest.threads, shard: rf.manifest.shard })));
  const total = parts[0]!.shard!.total;
  const runs = interleaved(parts.map((p) => p.rf.runs), total);
  const seen = new Set<string>();
  for (const r of runs) {
    const key = `${r.scenario}#${r.seed}`;
    if (seen.has(key)) refuse(dirs, `${r.scenario} seed ${r.seed} appears in two shards: duplicate items`, 'each (scenario, seed) once', 'merge the shards of one invocation only');
    seen.add(key);
  }
  const first = parts[0]!.rf;
  // Exactly verify's aggregate: the same counts (stalled from R1–R4, I1's table) and calibration note.
  const aggregate = withCalibration(
    aggregateRuns(runs.map((r) => ({ scenario: r.scenario, expect: r.expect, verdicts: r.verdicts, preconditions: r.preconditions, injection: r.injection })), profileOf(first)),
    (name) => runs.find((r) => r.scenario === name)?.regime.evaluated,
    (name, regime) => calibratedRates(name, regime, first.manifest.backend),
  );
  const { shard: _shard, ...base } = first.manifest;
  const manifest: Manifest = {
    ...base,
    started: parts.map((p) => p.rf.manifest.started).sort()[0]!,
    wallSeconds: Math.max(...parts.map((p) => p.rf.manifest.wallSeconds)),
    timings: interleaved(parts.map((p) => p.rf.manifest.timings ?? []), total),
  };
  const rf: ResultFile = { schemaVersion: first.schemaVersion, tool: first.tool, manifest, runs, aggregate };
  // What a reader will see: validated exactly as readResultFile does.
  return parseResultFile(serializeResultFile(rf), '<merged result.json>');
}

/** Reads a sweep folder's sweep.json. @throws UsageError */
export function readSweepFile(dir: string): SweepFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
  } catch (e) {
    refuse(dir, `${dir}/sweep.json cannot be read (${firstLine(e)})`, 'merge reads the sweep.json of each shard', 'let each shard finish (it writes sweep.json), or resume it', 'file');
  }
  const parsed = sweepFileSchema.safeParse(json);
  if (!parsed.success) refuse(dir, `${dir}/sweep.json is not a valid sweep.json (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`, 'sweep.json follows schemas/sweep.schema.json', 'rerun that shard', 'parse');
  return parsed.data;
}

/** Checks sweep shards: same plan, same setting, every shard once and complete. @throws UsageError */
export function checkSweepShards(dirs: readonly string[]): { dir: string; file: SweepFile }[] {
  const files = dirs.map((dir) => ({ dir, file: readSweepFile(dir) }));
  const parts = checkShards(files.map(({ dir, file }) => ({ dir, file, backend: file.manifest.backend, backendVersion: file.manifest.backendVersion, threads: file.manifest.threads, shard: file.manifest.shard })));
  const plan = JSON.stringify(parts[0]!.file.plan);
  for (const p of parts) {
    if (JSON.stringify(p.file.plan) !== plan) refuse(p.dir, `${p.dir} ran another sweep than ${parts[0]!.dir} (the scenario, axes, --set or seeds differ)`, 'shards of one sweep share its plan', 'merge the shards of one sweep command only');
    if (p.file.manifest.interrupted) refuse(p.dir, `${p.dir} (shard ${p.shard!.index}/${p.shard!.count}) was interrupted: some of its items are missing`, 'every shard runs to its end before merging', `resume it with --resume ${p.dir}`);
  }
  interleaved(parts.map((p) => p.file.runs), parts[0]!.shard!.total);
  return parts.map((p) => ({ dir: p.dir, file: p.file }));
}
