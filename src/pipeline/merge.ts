/**
 * Joining shard outputs (`provably merge`). Shards of one invocation must agree on the backend, its
 * version and threads per run, on what they ran (the verify total here; the sweep plan in
 * src/sweep/merge.ts), and together hold every item exactly once; anything else is a ShardError
 * (exit 2) naming the folder and the fix. The merged result equals the unsharded run's: runs in the
 * unsharded order, aggregates recomputed by the same code.
 */
import { join } from 'node:path';
import { DEFAULT_PROFILE, FULL_PROFILE, type ExpectationProfile } from '../claims/expectations.js';
import type { Manifest } from '../experiment/types.js';
import { interleave, ShardError } from '../parallel/shard.js';
import { aggregateRuns, withCalibration, type CalibrationLookup } from '../result/aggregate.js';
import { parseResultFile, readResultFile, serializeResultFile, type ResultFile } from '../result/resultFile.js';
import type { IssueCode } from '../util/issue.js';

interface Sharded {
  dir: string;
  backend: string;
  backendVersion: string;
  threads: number;
  shard: { index: number; count: number; total: number } | undefined;
}

/** Refuses the shard folders (the `<dirs>` argument): `input` is the folder or value at fault. */
export function refuseShards(input: unknown, summary: string, rule: string, fix: string, code: IssueCode = 'relation'): never {
  throw new ShardError({ code, path: '<dirs>', input, summary, rule, fix });
}

/** Checks that `parts` are the N shards of one invocation, each once; returns them by index. @throws ShardError */
export function checkShards<T extends Sharded>(parts: readonly T[]): T[] {
  for (const p of parts) {
    if (p.shard === undefined)
      refuseShards(
        p.dir,
        `${p.dir} is not a shard (its manifest has no shard)`,
        'merge joins the outputs of --shard I/N runs',
        'give the folders of the shards of one invocation',
      );
  }
  const first = parts[0]!;
  for (const p of parts) {
    if (p.backend !== first.backend || p.backendVersion !== first.backendVersion || p.threads !== first.threads) {
      refuseShards(
        p.dir,
        `${p.dir} ran on ${p.backend} ${p.backendVersion} with ${p.threads} threads per run, ${first.dir} on ${first.backend} ${first.backendVersion} with ${first.threads}`,
        "a run's numbers depend on the backend, its version and threads per run, so shards must share them",
        'rerun the odd shard with the same --backend and --threads on the same backend version',
      );
    }
    if (p.shard!.count !== first.shard!.count || p.shard!.total !== first.shard!.total) {
      refuseShards(
        p.dir,
        `${p.dir} is shard ${p.shard!.index}/${p.shard!.count} of ${p.shard!.total} items, ${first.dir} is ${first.shard!.index}/${first.shard!.count} of ${first.shard!.total}`,
        'shards of one invocation share N and the items',
        'merge the shards of one invocation only',
      );
    }
  }
  const n = first.shard!.count;
  const byIndex = new Map<number, T>();
  for (const p of parts) {
    const other = byIndex.get(p.shard!.index);
    if (other)
      refuseShards(
        p.dir,
        `${p.dir} and ${other.dir} are both shard ${p.shard!.index}/${n}: duplicate items`,
        'each shard once',
        'drop one of them',
      );
    byIndex.set(p.shard!.index, p);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    refuseShards(
      parts.map((p) => p.dir),
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${n}`).join(', ')} missing: their items are not in any folder given`,
      `merge needs all ${n} shards`,
      `run the missing shard${missing.length === 1 ? '' : 's'} (--shard I/${n}) and add the folder${missing.length === 1 ? '' : 's'}`,
    );
  return Array.from({ length: n }, (_, i) => byIndex.get(i + 1)!);
}

/** The profile whose constants the aggregate rows carry. */
function profileOf(rf: ResultFile): ExpectationProfile {
  const row = rf.aggregate[0];
  if (row === undefined) return DEFAULT_PROFILE;
  return (
    [DEFAULT_PROFILE, FULL_PROFILE].find((p) => p.minSeeds === row.minSeeds && p.requiredBound === row.requiredBound) ?? DEFAULT_PROFILE
  );
}

/**
 * Merges `verify --shard` outputs into one result.json; `calibration` adds the committed rates
 * beside the aggregate rows, as verify does. @throws ShardError, ResultFileError
 */
export async function mergeVerifyShards(dirs: readonly string[], calibration: CalibrationLookup): Promise<ResultFile> {
  const files = await Promise.all(dirs.map(async (dir) => ({ dir, rf: await readResultFile(join(dir, 'result.json')) })));
  const parts = checkShards(
    files.map(({ dir, rf }) => ({
      dir,
      rf,
      backend: rf.manifest.backend,
      backendVersion: rf.manifest.backendVersion,
      threads: rf.manifest.threads,
      shard: rf.manifest.shard,
    })),
  );
  const total = parts[0]!.shard!.total;
  const runs = interleave(
    parts.map((p) => p.rf.runs),
    total,
  );
  const seen = new Set<string>();
  for (const r of runs) {
    const key = `${r.scenario}#${r.seed}`;
    if (seen.has(key))
      refuseShards(
        dirs,
        `${r.scenario} seed ${r.seed} appears in two shards: duplicate items`,
        'each (scenario, seed) once',
        'merge the shards of one invocation only',
      );
    seen.add(key);
  }
  const first = parts[0]!.rf;
  // Exactly verify's aggregate: the same counts (stalled from R1–R4, I1's table) and calibration note.
  const aggregate = withCalibration(
    aggregateRuns(
      runs.map((r) => ({
        scenario: r.scenario,
        expect: r.expect,
        verdicts: r.verdicts,
        preconditions: r.preconditions,
        injection: r.injection,
      })),
      profileOf(first),
    ),
    (name) => runs.find((r) => r.scenario === name)?.regime.evaluated,
    first.manifest.backend,
    calibration,
  );
  const { shard: _shard, ...base } = first.manifest;
  const manifest: Manifest = {
    ...base,
    started: parts.map((p) => p.rf.manifest.started).sort()[0]!,
    wallSeconds: Math.max(...parts.map((p) => p.rf.manifest.wallSeconds)),
    timings: interleave(
      parts.map((p) => p.rf.manifest.timings ?? []),
      total,
    ),
  };
  const rf: ResultFile = { schemaVersion: first.schemaVersion, tool: first.tool, manifest, runs, aggregate };
  // What a reader will see: validated exactly as readResultFile does.
  return parseResultFile(serializeResultFile(rf), '<merged result.json>');
}
