/**
 * Guarantees of `--jobs` and `--threads`: runs trained on worker processes are the runs trained in
 * this process, byte for byte in runs[] (`--jobs 2 --threads 1` against `--jobs 1 --threads 1`), the
 * aggregate is the same, and the wall clock lives only in the manifest; threads per run are
 * recorded and in the replay command; by default J × T never exceeds the cores.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planParallel } from '../../src/parallel/threads.js';
import { parseResultFile } from '../../src/result/resultFile.js';
import { runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

describe('verify --jobs', () => {
  it('--jobs 2 --threads 1 gives runs[] and aggregate[] identical to --jobs 1 --threads 1', async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario({ expect: {} }));
    const read = (out: string) => parseResultFile(readFileSync(join(out, 'result.json'), 'utf8'));
    const one = await runInProcess([
      'verify',
      scenario,
      '--seeds',
      '4',
      '--jobs',
      '1',
      '--threads',
      '1',
      '--backend',
      'wasm',
      '--out',
      join(dir, 'j1'),
    ]);
    const two = await runInProcess([
      'verify',
      scenario,
      '--seeds',
      '4',
      '--jobs',
      '2',
      '--threads',
      '1',
      '--backend',
      'wasm',
      '--out',
      join(dir, 'j2'),
    ]);
    expect(one.code, one.stderr).toBe(two.code);
    const [a, b] = [read(join(dir, 'j1')), read(join(dir, 'j2'))];
    expect(b.runs.map((r) => r.seed)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(b.runs)).toBe(JSON.stringify(a.runs));
    expect(JSON.stringify(b.aggregate)).toBe(JSON.stringify(a.aggregate));
    expect(b.manifest).toMatchObject({ jobs: 2, threads: 1, backend: 'wasm' });
    expect(a.manifest.jobs).toBeUndefined();
    expect(b.manifest.timings?.map((t) => t.seed)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(b.runs)).not.toMatch(/wallSeconds|"started"/);
    expect(b.runs[0]!.replay).toMatch(/--backend wasm --threads 1$/);
    expect(two.stdout).toMatch(/1 thread · 2 worker processes/);
  });
});

describe('planParallel', () => {
  it('defaults keep J × T within the cores, never start more workers than runs, and honour explicit values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom('wasm' as const, 'tensorflow' as const, 'cpu' as const),
        fc.integer({ min: 1, max: 8 }),
        (cores, jobs, runs, backend, wasmDefault) => {
          const p = planParallel({ jobs, runs, backend, cores, wasmDefault });
          expect(p.jobs).toBeGreaterThanOrEqual(1);
          expect(p.jobs).toBeLessThanOrEqual(Math.max(1, runs));
          if (jobs === undefined) expect(p.jobs).toBeLessThanOrEqual(cores);
          if (p.jobs <= cores) expect(p.jobs * p.threads).toBeLessThanOrEqual(cores);
          expect(p.threads).toBeGreaterThanOrEqual(1);
          if (backend === 'wasm') expect(p.threads).toBeLessThanOrEqual(wasmDefault);
          expect(planParallel({ jobs, threads: 3, runs, backend, cores, wasmDefault }).threads).toBe(3);
        },
      ),
    );
  });
});

describe('verify --jobs, interrupted', () => {
  it('stops every worker between steps, starts no further run, writes the report marked interrupted and exits 130', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const scenario = writeScenario(dir, tinyScenario({ expect: {}, T: 200_000, logEvery: 1000 }));
    let timer: NodeJS.Timeout | undefined;
    const r = await runInProcess(['verify', scenario, '--seeds', '3', '--jobs', '2', '--threads', '1', '--backend', 'wasm', '--out', out], {
      // Once a worker says it started a run, give it a moment of training, then press "Ctrl-C".
      onStdout: (chunk, controller) => {
        if (timer === undefined && /^started tiny seed \d/m.test(chunk)) timer = setTimeout(() => controller.abort(), 2000);
      },
    });
    expect(timer).toBeDefined();
    expect(r.code, r.stdout).toBe(130);
    const rf = parseResultFile(readFileSync(join(out, 'result.json'), 'utf8'));
    // The runs that had started (one per worker that was up by then), in seed order; none after them.
    expect([[1], [2], [1, 2]]).toContainEqual(rf.runs.map((run) => run.seed));
    for (const run of rf.runs) {
      expect(run.status).toBe('interrupted');
      expect(run.measurements.st.steps).toBeLessThan(200_000);
    }
  });
});
