/**
 * Guarantees of sharding and `provably merge`, with the schedulers' variables emulated: shards
 * dealt from SLURM_ARRAY_TASK_ID/MIN/COUNT (a Slurm job array) and from JOB_COMPLETION_INDEX with
 * PROVABLY_SHARD_COUNT (a Kubernetes Indexed Job), merged, equal the unsharded run (sweep: cells[]
 * and runs[] identical; verify: runs[] and aggregate[] identical, same exit code); a missing or
 * duplicated shard, or a Kubernetes index without PROVABLY_SHARD_COUNT, exits 2 with one line; the
 * round-robin dealing partitions the items and interleaving undoes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interleave, resolveShard, shardItems } from '../../src/parallel/shard.js';
import { parseResultFile } from '../../src/result/resultFile.js';
import { lines, runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

const SLURM_1_OF_2 = { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '2' };
const K8S_2_OF_2 = { JOB_COMPLETION_INDEX: '1', PROVABLY_SHARD_COUNT: '2' };
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('round-robin sharding', () => {
  it('the shards partition the items, each in order, and interleave restores the unsharded order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (total, count) => {
        const shards = Array.from({ length: count }, (_, k) => shardItems(total, { index: k + 1, count }));
        expect(shards.flat().sort((a, b) => a - b)).toEqual(shardItems(total, undefined));
        expect(interleave(shards, total)).toEqual(shardItems(total, undefined));
      }),
    );
  });

  it('reads Slurm and Kubernetes indices (1-based), and refuses an index without its count', () => {
    expect(resolveShard(undefined, SLURM_1_OF_2)).toEqual({ index: 1, count: 2 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual({
      index: 3,
      count: 3,
    });
    expect(resolveShard(undefined, K8S_2_OF_2)).toEqual({ index: 2, count: 2 });
    expect(resolveShard('2/4', K8S_2_OF_2)).toEqual({ index: 2, count: 4 });
    expect(resolveShard(undefined, {})).toBeUndefined();
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '0' })).toThrow(/PROVABLY_SHARD_COUNT .*which is then required/);
    expect(() => resolveShard('3/2', {})).toThrow(/--shard = "3\/2" is not a shard/);
  });
});

describe('provably merge', () => {
  it('sweep: Slurm shard 1/2 + Kubernetes shard 2/2, merged, equal the unsharded sweep; a missing shard exits 2', async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario());
    const argv = [
      'sweep',
      scenario,
      '--axis',
      'eta=0.1,0.05',
      '--set',
      'T=8/eta',
      '--seeds',
      '3',
      '--jobs',
      '1',
      '--threads',
      '1',
      '--backend',
      'wasm',
    ];
    const whole = await runInProcess([...argv, '--out', join(dir, 'whole')]);
    expect(whole.code, whole.stderr).toBe(0);
    const s1 = await runInProcess([...argv, '--out', join(dir, 's1')], { env: SLURM_1_OF_2 });
    const s2 = await runInProcess([...argv, '--out', join(dir, 's2')], { env: K8S_2_OF_2 });
    expect([s1.code, s2.code]).toEqual([0, 0]);
    expect(json(join(dir, 's1', 'sweep.json')).runs).toHaveLength(3);
    const merged = await runInProcess(['merge', join(dir, 's2'), join(dir, 's1'), '--out', join(dir, 'merged')]);
    expect(merged.code, merged.stderr).toBe(0);
    const [a, b] = [json(join(dir, 'whole', 'sweep.json')), json(join(dir, 'merged', 'sweep.json'))];
    expect(JSON.stringify(b.cells)).toBe(JSON.stringify(a.cells));
    expect(JSON.stringify(b.runs)).toBe(JSON.stringify(a.runs));
    for (const r of a.runs) expect(json(join(dir, 'merged', r.file)).runs).toEqual(json(join(dir, 'whole', r.file)).runs);

    const missing = await runInProcess(['merge', join(dir, 's1'), '--out', join(dir, 'm2')]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/shard 2\/2 missing/);
    const twice = await runInProcess(['merge', join(dir, 's1'), join(dir, 's1'), '--out', join(dir, 'm3')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/both shard 1\/2: duplicate items/);
  });

  it('verify: shards merged equal the unsharded verify in runs[] and aggregate[] and in the exit code; a shard exits 0', async () => {
    const dir = tempDir();
    // Only reported claims: 3 seeds are fewer than an expectation needs, which verify refuses.
    const scenario = writeScenario(dir, tinyScenario({ expect: {} }));
    const argv = ['verify', scenario, '--seeds', '3', '--jobs', '1', '--threads', '1', '--backend', 'wasm'];
    const whole = await runInProcess([...argv, '--out', join(dir, 'whole')]);
    const s1 = await runInProcess([...argv, '--out', join(dir, 's1')], { env: SLURM_1_OF_2 });
    const s2 = await runInProcess([...argv, '--shard', '2/2', '--out', join(dir, 's2')]);
    expect([s1.code, s2.code]).toEqual([0, 0]);
    const merged = await runInProcess(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged')]);
    expect(merged.code, merged.stdout + merged.stderr).toBe(whole.code);
    const [a, b] = [
      parseResultFile(readFileSync(join(dir, 'whole', 'result.json'), 'utf8')),
      parseResultFile(readFileSync(join(dir, 'merged', 'result.json'), 'utf8')),
    ];
    expect(JSON.stringify(b.runs)).toBe(JSON.stringify(a.runs));
    expect(JSON.stringify(b.aggregate)).toBe(JSON.stringify(a.aggregate));
    expect(b.manifest.shard).toBeUndefined();
    const noCount = await runInProcess([...argv, '--out', join(dir, 'k')], { env: { JOB_COMPLETION_INDEX: '0' } });
    expect(noCount.code).toBe(2);
    expect(noCount.stderr).toMatch(/PROVABLY_SHARD_COUNT/);
  });
});
