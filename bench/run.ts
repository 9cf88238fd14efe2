/**
 * `npm run bench`: steps/s, GFLOP/s, % of FP32 peak and peak memory of our training steps on every
 * backend present, side by side with NumPy and PyTorch peers run in the same rounds on the same
 * data, plus the paper-small end-to-end wall time. Writes bench/results/<date>-<host>.json (atomic)
 * and bench/results/latest.md.
 *
 * Options: --rounds N (default 3) · --shapes small,medium,large,paper-small · --no-peers · --no-wall
 *   --skip impl:shape,...  (e.g. torch-2:large, whose oversubscribed direct step takes minutes)
 *   --resume FILE.jsonl    (measurements are appended to bench/.data/measurements-*.jsonl as they
 *                           come; a resumed run skips those already there, --aggregate-only just
 *                           builds the tables from them)
 * Each measurement runs in a fresh process (a tfjs backend is chosen once per process); rounds
 * interleave all implementations, and ratios to a peer are taken within a round, then the median.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHAPES, flopF, writeShapeData, type BenchMeta, type BenchShape } from './shapes.js';
import { relativeError } from '../src/util/arrays.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dataRoot = join(here, '.data');
const resultsDir = join(here, 'results');

interface Timing { median: number; min: number; max: number; reps: number }
interface Measurement {
  impl: string; // e.g. wasm-1, wasm-2, cpu-1, numpy-1, numpy-2, torch-1, torch-2
  shape: string;
  round: number;
  standard?: Timing;
  adversarial?: Timing; // direct attack on δ: the issue's (2K+2)F algorithm
  adversarialRowSpace?: Timing; // δ = C·W (what train() uses for ℓ2 balls from δ = 0)
  peakRssMB?: number;
  wasmHeapMB?: number | null;
  threads?: number;
  version?: string;
  error?: string;
  errors?: string[];
  notes?: string[];
  blas?: unknown;
  blasBuild?: unknown;
}

function args() {
  const a = process.argv.slice(2);
  const get = (k: string) => {
    const i = a.indexOf(k);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return {
    rounds: Number(get('--rounds') ?? 3),
    shapes: (get('--shapes') ?? SHAPES.map((s) => s.name).join(',')).split(','),
    peers: !a.includes('--no-peers'),
    wall: !a.includes('--no-wall'),
    skip: new Set((get('--skip') ?? '').split(',').filter(Boolean)),
    resume: get('--resume'),
    aggregateOnly: a.includes('--aggregate-only'),
    notes: a.flatMap((v, i) => (v === '--note' && a[i + 1] ? [a[i + 1]] : [])),
  };
}

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile(cmd, argv, { env, timeout: timeoutMs, maxBuffer: 64 * 2 ** 20, cwd: root }, (err, stdout, stderr) => {
      resolve({ stdout: String(stdout), stderr: String(stderr), code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
  });
}

function lastJson(stdout: string): Record<string, unknown> | null {
  const lines = stdout.trim().split('\n').filter((l) => l.startsWith('{'));
  if (!lines.length) return null;
  try {
    return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

function cpuInfo() {
  const text = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const mhz = [...text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
  const model = text.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const family = text.match(/^cpu family\s*:\s*(\d+)/m)?.[1];
  const flags = text.match(/^flags\s*:\s*(.+)$/m)?.[1].split(' ') ?? [];
  const cores = os.cpus().length;
  const ghz = (mhz.length ? Math.max(...mhz) : os.cpus()[0]?.speed ?? 0) / 1000;
  return {
    model, family, cores, ghz,
    avx2: flags.includes('avx2'), fma: flags.includes('fma'), avx512f: flags.includes('avx512f'),
    peakGflops: cores * 32 * ghz,
    peakNote: `cores × 32 flop/cycle (AVX2: 2 FMA units × 8 float32 lanes × 2) × ${ghz.toFixed(3)} GHz from /proc/cpuinfo. The ${cores} cores are virtual (hypervisor vCPUs) and may share a physical core. The CPU also reports AVX-512${flags.includes('avx512f') ? '' : ' (no)'}, which native code could use; tfjs-wasm uses 128-bit WASM SIMD, so its own ceiling is lower.`,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function readF32(path: string): Float32Array | null {
  if (!existsSync(path)) return null;
  const b = readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

function relErr(a: ArrayLike<number> | null, b: ArrayLike<number> | null): number | null {
  return !a || !b || a.length !== b.length ? null : relativeError(a, b);
}

async function findPython(module: string, candidates: string[]): Promise<string | null> {
  for (const py of candidates) {
    const r = await run(py, ['-c', `import ${module}`], process.env, 60_000);
    if (r.code === 0) return py;
  }
  return null;
}

async function main() {
  const opt = args();
  const started = new Date();
  let loadBefore = loadavg();
  const cpu = cpuInfo();
  const shapes = SHAPES.filter((s) => opt.shapes.includes(s.name));
  const notes: string[] = [...opt.notes];
  const metas: Record<string, BenchMeta> = {};
  for (const s of shapes) {
    if (opt.aggregateOnly || (opt.resume && existsSync(join(dataRoot, s.name, 'meta.json')))) continue;
    process.stderr.write(`data: ${s.name}\n`);
    metas[s.name] = writeShapeData(s, join(dataRoot, s.name));
  }
  mkdirSync(dataRoot, { recursive: true });
  const journal = opt.resume ?? join(dataRoot, `measurements-${started.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const prior = existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  // The load around the measurements is that of the first run of this journal, not of an aggregation.
  const startRecord = prior.find((r) => r.kind === 'start') as { loadBefore: string; started: string } | undefined;
  if (!startRecord) appendFileSync(journal, JSON.stringify({ kind: 'start', loadBefore, started: started.toISOString() }) + '\n');
  const numpyPy = opt.peers ? await findPython('numpy', ['python3', '/usr/bin/python3']) : null;
  const torchPy = opt.peers ? await findPython('torch', ['/usr/bin/python3', 'python3']) : null;
  if (opt.peers && !numpyPy) notes.push('NumPy peer skipped: no python3 with numpy found.');
  if (opt.peers && !torchPy) notes.push('PyTorch peer skipped: no python3 with torch found (Debian: apt-get install python3-torch; /usr/bin/python3 sees it).');
  const peerEnv = (threads: number, unsetOpenblas: boolean): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
    if (unsetOpenblas) {
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
    }
    return env;
  };

  const measurements: Measurement[] = prior.filter((r) => r.kind === 'step').map((r) => r.m as Measurement);
  const done = (impl: string, shape: string, round: number) => opt.aggregateOnly || opt.skip.has(`${impl}:${shape}`) || measurements.some((m) => m.impl === impl && m.shape === shape && m.round === round);
  const record = (impl: string, shape: string, round: number, out: Record<string, unknown> | null, stderr: string) => {
    const m: Measurement = { impl, shape, round, ...(out ?? { error: `no result; stderr: ${stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}` }) } as Measurement;
    m.impl = impl;
    measurements.push(m);
    appendFileSync(journal, JSON.stringify({ kind: 'step', m }) + '\n');
    const st = m.standard ? (1 / m.standard.median).toFixed(2) : '-';
    const at = m.adversarial ? (1 / m.adversarial.median).toFixed(2) : '-';
    const ar = m.adversarialRowSpace ? (1 / m.adversarialRowSpace.median).toFixed(2) : '-';
    process.stderr.write(`round ${round} ${shape.padEnd(11)} ${impl.padEnd(8)} ST ${st}/s  AT(direct) ${at}/s  AT(row-space) ${ar}/s${m.error ? `  ERROR ${m.error}` : ''}\n`);
  };

  type Wall = { impl: string; round: number; seconds: number | null; innerSeconds?: number; error?: string };
  const walls: Wall[] = prior.filter((r) => r.kind === 'wall').map((r) => r.w as Wall);
  const pushWall = (w: Wall) => {
    walls.push(w);
    appendFileSync(journal, JSON.stringify({ kind: 'wall', w }) + '\n');
  };
  const wallDone = (impl: string, round: number) => opt.aggregateOnly || walls.some((w) => w.impl === impl && w.round === round);
  const cliExists = existsSync(join(root, 'src', 'cli', 'main.ts'));

  for (let round = 1; round <= opt.rounds; round++) {
    for (const s of shapes) {
      const dir = join(dataRoot, s.name);
      const agreement = round === 1;
      const ours: [string, string, number][] = [['wasm-1', 'wasm', 1], ['wasm-2', 'wasm', 2]];
      if (s.name === 'small' || s.name === 'paper-small') ours.push(['cpu-1', 'cpu', 1]);
      for (const [impl, backend, threads] of ours) {
        if (done(impl, s.name, round)) continue;
        const r = await run(tsx, [join(here, 'worker.ts'), dir, join(dir, `out-${impl}`), backend, String(threads)], { ...process.env, BENCH_SKIP_DIRECT: '0' }, 1_800_000);
        record(impl, s.name, round, lastJson(r.stdout), r.stderr);
      }
      for (const threads of [1, 2]) {
        if (numpyPy && !done(`numpy-${threads}`, s.name, round)) {
          const r = await run(numpyPy, [join(here, 'peers', 'numpy_step.py'), dir, join(dir, 'out-numpy'), String(threads), ...(agreement && threads === 1 ? ['--agreement'] : [])], peerEnv(threads, true), 1_800_000);
          record(`numpy-${threads}`, s.name, round, lastJson(r.stdout), r.stderr);
        }
        if (torchPy && !done(`torch-${threads}`, s.name, round)) {
          const r = await run(torchPy, [join(here, 'peers', 'torch_step.py'), dir, join(dir, 'out-torch'), String(threads), ...(agreement && threads === 1 ? ['--agreement'] : [])], peerEnv(threads, false), 1_800_000);
          record(`torch-${threads}`, s.name, round, lastJson(r.stdout), r.stderr);
        }
      }
    }
    if (opt.wall) {
      for (const threads of [1, 2]) {
        if (wallDone(`runExperiment wasm-${threads}`, round)) continue;
        const t0 = performance.now();
        const r = await run(tsx, [join(here, 'paperSmallOnce.ts'), '0'], { ...process.env, PROVABLY_BACKEND: 'wasm', PROVABLY_WASM_THREADS: String(threads) }, 600_000);
        const out = lastJson(r.stdout);
        pushWall({ impl: `runExperiment wasm-${threads}`, round, seconds: out ? (performance.now() - t0) / 1000 : null, innerSeconds: out ? (out.wall as number) : undefined, ...(out ? {} : { error: r.stderr.trim().split('\n').pop() }) });
        process.stderr.write(`round ${round} paper-small runExperiment wasm-${threads}: ${out ? `${((performance.now() - t0) / 1000).toFixed(2)} s wall (in-process ${(out.wall as number).toFixed(2)} s)` : 'ERROR'}\n`);
      }
      if (cliExists && !wallDone('provably verify paper-small --json', round)) {
        const t0 = performance.now();
        const r = await run(tsx, [join(root, 'src', 'cli', 'main.ts'), 'verify', 'paper-small', '--json'], process.env, 900_000);
        const seconds = (performance.now() - t0) / 1000;
        pushWall({ impl: 'provably verify paper-small --json', round, seconds: r.code === 0 || r.stdout.length > 0 ? seconds : null, ...(r.code === 0 ? {} : { error: `exit ${r.code}: ${r.stderr.trim().split('\n').pop()?.slice(0, 200)}` }) });
        process.stderr.write(`round ${round} verify paper-small: ${seconds.toFixed(2)} s (exit ${r.code})\n`);
      }
    }
  }
  if (opt.skip.size) notes.push(`Skipped: ${[...opt.skip].join(', ')}.`);
  if (!cliExists) notes.push('src/cli/main.ts does not exist yet: `provably verify paper-small` not timed; runExperiment timed directly.');

  // Summary per (shape, impl): medians over rounds.
  const kinds = ['standard', 'adversarial', 'adversarialRowSpace'] as const;
  const K = 5;
  const summary: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const s of shapes) {
    const F = flopF(s);
    const km = s.k * s.m;
    const flopOf = { standard: 2 * F, adversarial: (2 * K + 2) * F, adversarialRowSpace: (2 * K + 2) * F };
    const rowSpaceExecuted = 2 * F + 2 * s.n * s.P * km * km * (K + 1) + 4 * km * km * s.d;
    summary[s.name] = {};
    const impls = [...new Set(measurements.filter((m) => m.shape === s.name).map((m) => m.impl))];
    for (const impl of impls) {
      const ms = measurements.filter((m) => m.shape === s.name && m.impl === impl);
      const entry: Record<string, unknown> = {};
      for (const kind of kinds) {
        const secs = ms.map((m) => m[kind]?.median).filter((v): v is number => typeof v === 'number');
        if (!secs.length) continue;
        const sec = median(secs);
        const best = Math.min(...ms.map((m) => m[kind]?.min).filter((v): v is number => typeof v === 'number'));
        entry[kind] = {
          stepsPerSecond: 1 / sec,
          bestStepsPerSecond: 1 / best,
          bestNominalGflops: flopOf[kind] / best / 1e9,
          bestPercentOfPeak: (100 * flopOf[kind]) / best / 1e9 / cpu.peakGflops,
          secondsPerStep: { median: sec, min: Math.min(...secs), max: Math.max(...secs), rounds: secs.length },
          nominalGflops: flopOf[kind] / sec / 1e9,
          nominalPercentOfPeak: (100 * flopOf[kind]) / sec / 1e9 / cpu.peakGflops,
          ...(kind === 'adversarialRowSpace' ? { executedGflops: rowSpaceExecuted / sec / 1e9 } : {}),
        };
      }
      entry.peakRssMB = Math.max(...ms.map((m) => m.peakRssMB ?? 0));
      const heap = ms.map((m) => m.wasmHeapMB).filter((v): v is number => typeof v === 'number');
      if (heap.length) entry.wasmHeapMB = Math.max(...heap);
      const errs = ms.flatMap((m) => [...(m.error ? [m.error] : []), ...(m.errors ?? [])]);
      if (errs.length) entry.errors = [...new Set(errs)];
      summary[s.name][impl] = entry;
    }
  }

  // Pairwise ratios within each round: ours (wasm-1, wasm-2, default) / best-of-threads peer.
  const ratios: Record<string, Record<string, Record<string, number | null>>> = {};
  for (const s of shapes) {
    ratios[s.name] = {};
    for (const ours of ['wasm-1', 'wasm-2', 'cpu-1']) {
      for (const peer of ['numpy', 'torch']) {
        const key = `${ours} vs ${peer}`;
        const perKind: Record<string, number | null> = {};
        const pairs: [string, string, string][] = [
          ['standard', 'standard', 'standard'],
          ['adversarial (direct vs direct)', 'adversarial', 'adversarial'],
          ['adversarial (ours as shipped: row-space, vs peer direct)', 'adversarialRowSpace', 'adversarial'],
          ['adversarial (row-space vs row-space)', 'adversarialRowSpace', 'adversarialRowSpace'],
        ];
        for (const [label, ok, pk] of pairs) {
          const rs: number[] = [];
          for (let round = 1; round <= opt.rounds; round++) {
            const o = measurements.find((m) => m.shape === s.name && m.impl === ours && m.round === round)?.[ok as 'standard'];
            const ps = measurements.filter((m) => m.shape === s.name && m.impl.startsWith(`${peer}-`) && m.round === round).map((m) => m[pk as 'standard']?.median).filter((v): v is number => typeof v === 'number');
            if (o && ps.length) rs.push(Math.min(...ps) / o.median); // >1: we are faster than the peer's best thread count
          }
          perKind[label] = rs.length ? median(rs) : null;
          // Best case: the fastest single step of each side over all rounds (least disturbed by other load).
          const oBest = measurements.filter((m) => m.shape === s.name && m.impl === ours).map((m) => m[ok as 'standard']?.min).filter((v): v is number => typeof v === 'number');
          const pBest = measurements.filter((m) => m.shape === s.name && m.impl.startsWith(`${peer}-`)).map((m) => m[pk as 'standard']?.min).filter((v): v is number => typeof v === 'number');
          perKind[`${label}, best case`] = oBest.length && pBest.length ? Math.min(...pBest) / Math.min(...oBest) : null;
        }
        if (Object.values(perKind).some((v) => v !== null)) ratios[s.name][key] = perKind;
      }
    }
  }

  // Numerical agreement at W0 (first round's outputs), against NumPy float64.
  const agreement: Record<string, Record<string, unknown>> = {};
  for (const s of shapes) {
    const dir = join(dataRoot, s.name);
    const ref = { gW: readF32(join(dir, 'out-numpy-gW-f64.f32')), delta: readF32(join(dir, 'out-numpy-delta-f64.f32')) };
    const lossOf = (impl: string) => measurements.find((m) => m.shape === s.name && m.impl === impl && m.round === 1) as unknown as { loss?: number; loss_f64?: number } | undefined;
    const refLoss = lossOf('numpy-1')?.loss_f64;
    agreement[s.name] = {};
    for (const impl of ['wasm-1', 'wasm-2', 'cpu-1', 'numpy', 'torch']) {
      const prefix = join(dir, `out-${impl}`);
      if (!existsSync(`${prefix}-gW.f32`)) continue;
      const loss = lossOf(impl === 'numpy' || impl === 'torch' ? `${impl}-1` : impl)?.loss;
      agreement[s.name][impl] = {
        lossRelErr: typeof loss === 'number' && typeof refLoss === 'number' ? Math.abs(loss - refLoss) / Math.abs(refLoss) : null,
        gradWRelErr: relErr(readF32(`${prefix}-gW.f32`), ref.gW),
        pgdDeltaRelErr: relErr(readF32(`${prefix}-delta.f32`), ref.delta),
        ...(existsSync(`${prefix}-deltaRowSpace.f32`) ? { pgdDeltaRowSpaceRelErr: relErr(readF32(`${prefix}-deltaRowSpace.f32`), ref.delta) } : {}),
      };
    }
  }

  if (!opt.aggregateOnly) appendFileSync(journal, JSON.stringify({ kind: 'end', loadAfter: loadavg() }) + '\n');
  const endRecord = [...prior].reverse().find((r) => r.kind === 'end') as { loadAfter: string } | undefined;
  const loadAfter = opt.aggregateOnly && endRecord ? endRecord.loadAfter : loadavg();
  if (startRecord) loadBefore = startRecord.loadBefore;
  const shared = Number(loadBefore.split(' ')[0]) > 1 || Number(loadAfter.split(' ')[0]) > 1;
  if (shared) notes.push(`The machine was shared during the run (load average before: ${loadBefore}; after: ${loadAfter}). Absolute numbers are depressed and noisy; the ratios (same round, same data) are the meaningful figures.`);
  const wallSummary: Record<string, unknown> = {};
  for (const impl of [...new Set(walls.map((w) => w.impl))]) {
    const xs = walls.filter((w) => w.impl === impl && w.seconds !== null).map((w) => w.seconds as number);
    const inner = walls.filter((w) => w.impl === impl && typeof w.innerSeconds === 'number').map((w) => w.innerSeconds as number);
    wallSummary[impl] = { medianSeconds: xs.length ? median(xs) : null, min: xs.length ? Math.min(...xs) : null, max: xs.length ? Math.max(...xs) : null, runs: xs.length, ...(inner.length ? { inProcessMedianSeconds: median(inner) } : {}), errors: walls.filter((w) => w.impl === impl && w.error).map((w) => w.error) };
  }

  const result = {
    started: started.toISOString(),
    host: os.hostname(),
    node: process.version,
    tfjs: '4.22.0',
    cpu,
    loadavg: { before: loadBefore, after: loadAfter, shared },
    rounds: opt.rounds,
    journal,
    flopCount: {
      F: '2·n·P·d·k·m (one [n·P, d]-sized matrix product)',
      standard: '2F: forward X·Wᵀ and Dᵀ·X — what the code does (the class sums and softmax are O(n·P·k·m)).',
      adversarialDirect: '(2K+2)F with K = 5: per PGD iteration a forward and an input gradient D·W; then the update step’s forward at X+δ and Dᵀ·(X+δ). This is what adversarialStepDirect and the peers’ direct step execute.',
      adversarialRowSpace: 'Reported against the same nominal (2K+2)F, so its GFLOP/s is an effective rate. It executes 2F + 2·n·P·(k·m)²·(K+1) + 4·(k·m)²·d (X·Wᵀ, Dᵀ·X, one D·M per iteration, Dᵀ·C, W·Wᵀ, (DᵀC)·W); executedGflops uses that count.',
    },
    shapes: Object.fromEntries(shapes.map((s) => [s.name, { ...s, F: flopF(s) }])),
    summary,
    ratios,
    agreement,
    wall: wallSummary,
    measurements,
    walls,
    notes,
  };
  mkdirSync(resultsDir, { recursive: true });
  const date = started.toISOString().slice(0, 10);
  const file = join(resultsDir, `${date}-${os.hostname()}.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(result, null, 2));
  renameSync(tmp, file);
  const md = markdown(result as unknown as Parameters<typeof markdown>[0], shapes);
  const mdTmp = join(resultsDir, `latest.md.tmp-${process.pid}`);
  writeFileSync(mdTmp, md);
  renameSync(mdTmp, join(resultsDir, 'latest.md'));
  process.stdout.write(md + `\nJSON: ${file}\n`);
}

function fmt(v: unknown, digits = 2): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–';
}

function markdown(r: {
  started: string; host: string; node: string; cpu: ReturnType<typeof cpuInfo>; loadavg: { before: string; after: string; shared: boolean }; rounds: number;
  summary: Record<string, Record<string, Record<string, any>>>; ratios: Record<string, Record<string, Record<string, number | null>>>;
  agreement: Record<string, Record<string, Record<string, number | null>>>; wall: Record<string, any>; notes: string[]; flopCount: Record<string, string>;
}, shapes: BenchShape[]): string {
  const L: string[] = [];
  L.push(`# Benchmark: training steps (${r.started.slice(0, 10)}, ${r.host})`, '');
  L.push(`Node ${r.node}, tfjs 4.22.0, ${r.cpu.model} (family ${r.cpu.family}) × ${r.cpu.cores} vCPU at ${r.cpu.ghz.toFixed(3)} GHz. FP32 peak ${r.cpu.peakGflops.toFixed(1)} GFLOP/s: ${r.cpu.peakNote}`, '');
  L.push(`Load average before ${r.loadavg.before}; after ${r.loadavg.after}.${r.loadavg.shared ? ' **The machine was shared with other work during this run**: absolute rates are depressed and noisy; compare the ratios, which pair each measurement with the peer measured in the same round on the same data.' : ''} ${r.rounds} rounds; each cell is the median over rounds of the per-process median step time.`, '');
  L.push('Steps: standard = forward + ∂L/∂W + update (2F). Adversarial = K = 5 patch-ℓ2 PGD iterations + the update; "direct" runs the attack on δ ((2K+2)F, what the peers run), "row-space" is what `train()` ships for ℓ2 balls from δ = 0 (δ = C·W; 2F + small products). GFLOP/s use the nominal count (2F, (2K+2)F) for both, so row-space GFLOP/s are effective rates. F = 2·n·P·d·k·m.', '');
  L.push('| shape | impl | standard steps/s | GFLOP/s | % peak | adv. direct steps/s | GFLOP/s | adv. row-space steps/s | eff. GFLOP/s | peak RSS MB | wasm heap MB |');
  L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of shapes) {
    for (const [impl, e] of Object.entries(r.summary[s.name] ?? {})) {
      L.push(`| ${s.name} | ${impl} | ${fmt(e.standard?.stepsPerSecond)} | ${fmt(e.standard?.nominalGflops, 1)} | ${fmt(e.standard?.nominalPercentOfPeak, 1)} | ${fmt(e.adversarial?.stepsPerSecond)} | ${fmt(e.adversarial?.nominalGflops, 1)} | ${fmt(e.adversarialRowSpace?.stepsPerSecond)} | ${fmt(e.adversarialRowSpace?.nominalGflops, 1)} | ${fmt(e.peakRssMB, 0)} | ${fmt(e.wasmHeapMB, 0)} |`);
    }
  }
  L.push('', 'Best case (fastest single step of each implementation over all repetitions and rounds: the least disturbed by the other load on the machine):', '');
  L.push('| shape | impl | standard steps/s | GFLOP/s | % peak | adv. direct steps/s | adv. row-space steps/s |');
  L.push('|---|---|---:|---:|---:|---:|---:|');
  for (const s of shapes) {
    for (const [impl, e] of Object.entries(r.summary[s.name] ?? {})) {
      L.push(`| ${s.name} | ${impl} | ${fmt(e.standard?.bestStepsPerSecond)} | ${fmt(e.standard?.bestNominalGflops, 1)} | ${fmt(e.standard?.bestPercentOfPeak, 1)} | ${fmt(e.adversarial?.bestStepsPerSecond)} | ${fmt(e.adversarialRowSpace?.bestStepsPerSecond)} |`);
    }
  }
  for (const best of [false, true]) {
    L.push('', best
      ? '## Speed ratio to the peers, best case (fastest step of ours ÷ fastest step of the peer at either thread count)'
      : '## Speed ratio to the peers (peer time ÷ our time, paired within a round, median over rounds; > 1 means we are faster; peer = its best of 1 and 2 threads in that round)', '');
    L.push('| shape | pair | standard | adv. direct vs direct | adv. as shipped (row-space) vs peer direct | adv. row-space vs row-space |');
    L.push('|---|---|---:|---:|---:|---:|');
    for (const s of shapes) {
      for (const [pair, v] of Object.entries(r.ratios[s.name] ?? {})) {
        const vals = Object.entries(v).filter(([k]) => k.endsWith(', best case') === best).map(([, x]) => x);
        L.push(`| ${s.name} | ${pair} | ${fmt(vals[0])} | ${fmt(vals[1])} | ${fmt(vals[2])} | ${fmt(vals[3])} |`);
      }
    }
  }
  L.push('', '## Numerical agreement at W0 (relative error against NumPy float64)', '');
  L.push('| shape | impl | loss | ∂L/∂W | PGD δ (direct, first rows) | PGD δ (row-space) |');
  L.push('|---|---|---:|---:|---:|---:|');
  const e = (v: unknown) => (typeof v === 'number' ? v.toExponential(1) : '–');
  for (const s of shapes) {
    for (const [impl, a] of Object.entries(r.agreement[s.name] ?? {})) L.push(`| ${s.name} | ${impl} | ${e(a.lossRelErr)} | ${e(a.gradWRelErr)} | ${e(a.pgdDeltaRelErr)} | ${e(a.pgdDeltaRowSpaceRelErr)} |`);
  }
  L.push('', '## paper-small end to end (ST and AT, T = 600 each, full evaluation), seed 0', '');
  L.push('| what | median s (process wall, incl. start-up) | min | max | runs | median s inside runExperiment |', '|---|---:|---:|---:|---:|---:|');
  for (const [impl, w] of Object.entries(r.wall)) L.push(`| ${impl} | ${fmt(w.medianSeconds)} | ${fmt(w.min)} | ${fmt(w.max)} | ${w.runs} | ${fmt(w.inProcessMedianSeconds)} |`);
  if (r.notes.length) L.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  L.push('', 'Reproduce: `npm run bench` (options: `-- --rounds 3 --shapes small,medium,large,paper-small`). Peers: `bench/peers/*.py`.');
  return L.join('\n') + '\n';
}

main().catch((e) => {
  console.error('bench error:', e instanceof Error ? e.message.split('\n')[0].slice(0, 500) : String(e).slice(0, 500));
  process.exit(1);
});
