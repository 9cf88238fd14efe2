/**
 * `npm run bench`: steps/s, GFLOP/s, % of the FP32 peak and of the measured sgemm ceiling, and peak
 * memory of our training steps on every backend present (native = tfjs-node with 1 and 2 TensorFlow
 * intra-op threads, wasm with 1 and 2 threads, cpu on the small shapes), side by side with NumPy and
 * PyTorch peers run in the same rounds on the same data, plus `provably verify paper-small` whole
 * process on native and on wasm. Writes bench/results/<date>-<host>.json (atomic) and
 * bench/results/latest.md.
 *
 * Peers run in the bench's own virtualenv (bench/peers/setup-venv.sh, created on first use under
 * ~/.cache/provably/bench-venv; PROVABLY_BENCH_VENV overrides), never a project dependency.
 *
 * Options: --rounds N (default 3) · --shapes small,medium,large,paper-small · --no-peers · --no-wall
 *   --no-ceiling · --impls native-1,wasm-1,...  (only these of ours)
 *   --crossover [--rounds N] [--budget-ms MS]  only the native-vs-wasm crossover (bench/crossover.ts):
 *                           writes src/backend/crossover.json
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
import { SHAPES, flopF, writeShapeData, type BenchShape } from './shapes.js';
import { cpuPeak } from './cpuPeak.js';
import { runCrossover } from './crossover.js';
import { relativeError } from '../src/util/arrays.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dataRoot = join(here, '.data');
const resultsDir = join(here, 'results');

interface Timing {
  median: number;
  min: number;
  max: number;
  reps: number;
}
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
    ceiling: !a.includes('--no-ceiling'),
    crossover: a.includes('--crossover'),
    budgetMs: Number(get('--budget-ms') ?? 1500),
    impls: get('--impls') ? new Set((get('--impls') as string).split(',')) : null,
    notes: a.flatMap((v, i) => (v === '--note' && a[i + 1] ? [a[i + 1]] : [])),
  };
}

function run(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile(cmd, argv, { env, timeout: timeoutMs, maxBuffer: 64 * 2 ** 20, cwd: root }, (err, stdout, stderr) => {
      resolve({ stdout: String(stdout), stderr: String(stderr), code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
  });
}

function lastJson(stdout: string): Record<string, unknown> | null {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  if (!lines.length) return null;
  try {
    return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The CLI start-ups timed in the wall section: help and an argument error (exit 2). */
const HELP_COMMANDS: readonly string[][] = [['--help'], ['verify', '--help'], ['search', '--help'], ['verify', '--seeds', 'x']];

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

function cpuInfo() {
  const text = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return cpuPeak(text, os.cpus().length, os.cpus()[0]?.speed ?? 0);
}

/** The environment of one of our measurements: TensorFlow's log lines off, its thread pools set. */
export function nativeEnv(threads: number): NodeJS.ProcessEnv {
  // TF_ENABLE_ONEDNN_OPTS: the product's default (0: TensorFlow's own Eigen kernels), unless set.
  return {
    ...process.env,
    TF_CPP_MIN_LOG_LEVEL: '3',
    TF_ENABLE_ONEDNN_OPTS: process.env.TF_ENABLE_ONEDNN_OPTS ?? '0',
    TF_NUM_INTRAOP_THREADS: String(threads),
    TF_NUM_INTEROP_THREADS: '1',
    OMP_NUM_THREADS: String(threads),
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

const venvDir = process.env.PROVABLY_BENCH_VENV ?? join(os.homedir(), '.cache', 'provably', 'bench-venv');

/** The peers' python: the bench's own virtualenv, created on first use by bench/peers/setup-venv.sh. */
async function peerPython(notes: string[]): Promise<string | null> {
  const py = join(venvDir, 'bin', 'python');
  if (!existsSync(py)) {
    process.stderr.write(`peers: creating the bench virtualenv ${venvDir} (bench/peers/setup-venv.sh)\n`);
    const r = await run('bash', [join(here, 'peers', 'setup-venv.sh'), venvDir], process.env, 1_200_000);
    if (r.code !== 0) notes.push(`Peers skipped: bench/peers/setup-venv.sh failed (${r.stderr.trim().split('\n').pop()?.slice(0, 200)}).`);
  }
  return (await findPython('numpy, threadpoolctl, torch', [py])) ?? null;
}

/** The peers' environment: BLAS threads set, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (they
 *  pin an older kernel for old OpenBLAS builds and slow a current NumPy); the kernel that runs is
 *  recorded by threadpoolctl in each peer's output. Only this command's environment changes. */
function peerEnv(threads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

interface Ceiling {
  impl: string;
  threads: number;
  round: number;
  gflops: number | null;
  blas?: unknown;
  error?: string;
}

/** Whether tfjs-node loads here, and the libtensorflow version its binding reports. */
async function nativeProbe(): Promise<{ failure: string | null; libtensorflow: string | null }> {
  const code =
    "const tf = await import('@tensorflow/tfjs'); await import('@tensorflow/tfjs-node'); await tf.setBackend('tensorflow'); if (tf.getBackend() !== 'tensorflow') process.exit(3); console.log(JSON.stringify({ v: tf.backend().binding.TF_Version }));";
  const r = await run(process.execPath, ['--input-type=module', '-e', code], nativeEnv(1), 120_000);
  if (r.code !== 0)
    return {
      failure:
        r.stderr
          .trim()
          .split('\n')
          .find((l) => /Error|error/.test(l))
          ?.slice(0, 200) ?? `exit ${r.code}`,
      libtensorflow: null,
    };
  return { failure: null, libtensorflow: (lastJson(r.stdout)?.v as string | undefined) ?? null };
}

export const K_BENCH = 5;

async function main() {
  const opt = args();
  if (opt.crossover) {
    const probe = await nativeProbe();
    if (probe.failure) throw new Error(`--crossover needs the native backend, which does not load here (${probe.failure})`);
    return runCrossover(
      opt.rounds,
      opt.budgetMs,
      `npm run bench -- ${process.argv.slice(2).join(' ')}`,
      probe.libtensorflow,
      cpuInfo().name,
    );
  }
  const started = new Date();
  let loadBefore = loadavg();
  const cpu = cpuInfo();
  // In the order given (so that a partial run has the shapes that matter first).
  const shapes = opt.shapes.map((name) => SHAPES.find((s) => s.name === name)).filter((s): s is BenchShape => s !== undefined);
  const notes: string[] = [...opt.notes];
  for (const s of shapes) {
    if (opt.aggregateOnly || (opt.resume && existsSync(join(dataRoot, s.name, 'meta.json')))) continue;
    process.stderr.write(`data: ${s.name}\n`);
    writeShapeData(s, join(dataRoot, s.name));
  }
  mkdirSync(dataRoot, { recursive: true });
  const journal = opt.resume ?? join(dataRoot, `measurements-${started.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const prior = existsSync(journal)
    ? readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
  // The load around the measurements is that of the first run of this journal, not of an aggregation.
  const startRecord = prior.find((r) => r.kind === 'start') as { loadBefore: string; started: string } | undefined;
  const probe = opt.aggregateOnly ? { failure: null, libtensorflow: null } : await nativeProbe();
  const nativeFailure = probe.failure;
  const haveNative = opt.aggregateOnly
    ? prior.some((r) => r.kind === 'step' && String((r.m as Measurement).impl).startsWith('native'))
    : nativeFailure === null;
  if (!haveNative) notes.push(`Native backend not measured: @tensorflow/tfjs-node does not load (${nativeFailure}).`);
  const libtf = probe.libtensorflow ?? (startRecord as { libtensorflow?: string } | undefined)?.libtensorflow ?? null;
  const py = opt.peers && !opt.aggregateOnly ? await peerPython(notes) : null;
  if (opt.peers && !opt.aggregateOnly && !py)
    notes.push(`Peers skipped: no python with numpy, threadpoolctl and torch in ${venvDir} (run bash bench/peers/setup-venv.sh).`);
  if (!startRecord)
    appendFileSync(journal, JSON.stringify({ kind: 'start', loadBefore, started: started.toISOString(), libtensorflow: libtf }) + '\n');
  const wanted = (impl: string) => opt.impls === null || opt.impls.has(impl);

  const measurements: Measurement[] = prior.filter((r) => r.kind === 'step').map((r) => r.m as Measurement);
  const done = (impl: string, shape: string, round: number) =>
    opt.aggregateOnly ||
    opt.skip.has(`${impl}:${shape}`) ||
    measurements.some((m) => m.impl === impl && m.shape === shape && m.round === round);
  const record = (impl: string, shape: string, round: number, out: Record<string, unknown> | null, stderr: string, threads: number) => {
    const m: Measurement = {
      impl,
      shape,
      round,
      ...(out ?? { error: `no result; stderr: ${stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}` }),
    } as Measurement;
    m.impl = impl;
    m.threads = threads;
    measurements.push(m);
    appendFileSync(journal, JSON.stringify({ kind: 'step', m }) + '\n');
    const st = m.standard ? (1 / m.standard.median).toFixed(2) : '-';
    const at = m.adversarial ? (1 / m.adversarial.median).toFixed(2) : '-';
    const ar = m.adversarialRowSpace ? (1 / m.adversarialRowSpace.median).toFixed(2) : '-';
    process.stderr.write(
      `round ${round} ${shape.padEnd(11)} ${impl.padEnd(9)} ST ${st}/s  AT(direct) ${at}/s  AT(row-space) ${ar}/s${m.error ? `  ERROR ${m.error}` : ''}  load ${loadavg().split(' ')[0]}\n`,
    );
  };

  const ceilings: Ceiling[] = prior.filter((r) => r.kind === 'ceiling').map((r) => r.c as Ceiling);
  type Wall = { impl: string; round: number; seconds: number | null; backend?: string; error?: string; load?: string };
  const walls: Wall[] = prior.filter((r) => r.kind === 'wall').map((r) => r.w as Wall);
  const pushWall = (w: Wall) => {
    walls.push(w);
    appendFileSync(journal, JSON.stringify({ kind: 'wall', w }) + '\n');
  };
  const wallDone = (impl: string, round: number) => opt.aggregateOnly || walls.some((w) => w.impl === impl && w.round === round);

  let cliBuilt = false;
  if (opt.wall && !opt.aggregateOnly) {
    // The start-up timings run the compiled CLI: rebuild it so they measure the working tree.
    const b = await run('npm', ['run', 'build:js'], process.env, 300_000);
    cliBuilt = b.code === 0;
    if (!cliBuilt) notes.push(`CLI start-up not measured: npm run build:js failed (${b.stderr.trim().split('\n').pop()?.slice(0, 200)}).`);
  }
  for (let round = 1; round <= opt.rounds; round++) {
    if (opt.ceiling) {
      for (const threads of [1, 2]) {
        if (
          haveNative &&
          !opt.aggregateOnly &&
          !ceilings.some((c) => c.impl === 'tensorflow-matmul' && c.threads === threads && c.round === round)
        ) {
          const r = await run(tsx, [join(here, 'ceiling.ts')], nativeEnv(threads), 300_000);
          const out = lastJson(r.stdout);
          const c: Ceiling = {
            impl: 'tensorflow-matmul',
            threads,
            round,
            gflops: typeof out?.gflops === 'number' ? out.gflops : null,
            ...(out?.error ? { error: String(out.error) } : {}),
          };
          ceilings.push(c);
          appendFileSync(journal, JSON.stringify({ kind: 'ceiling', c }) + '\n');
          process.stderr.write(`round ${round} ceiling tensorflow-matmul ${threads} thread(s): ${c.gflops?.toFixed(1)} GFLOP/s\n`);
        }
        if (py && !ceilings.some((c) => c.impl === 'numpy-sgemm' && c.threads === threads && c.round === round)) {
          const r = await run(py, [join(here, 'peers', 'sgemm.py'), String(threads)], peerEnv(threads), 300_000);
          const out = lastJson(r.stdout);
          const c: Ceiling = {
            impl: 'numpy-sgemm',
            threads,
            round,
            gflops: typeof out?.gflops === 'number' ? out.gflops : null,
            blas: out?.blas,
          };
          ceilings.push(c);
          appendFileSync(journal, JSON.stringify({ kind: 'ceiling', c }) + '\n');
          process.stderr.write(`round ${round} ceiling numpy-sgemm ${threads} thread(s): ${c.gflops?.toFixed(1)} GFLOP/s\n`);
        }
      }
    }
    if (opt.wall) {
      // Start-up of the installed CLI (bin/provably.js → dist/): `--help` and an argument error must
      // not load TensorFlow.js, mathjs or the report code. Best of 5 per round (each a fresh process).
      for (const argv of cliBuilt ? HELP_COMMANDS : []) {
        const impl = `provably ${argv.join(' ')} (bin, dist)`;
        if (wallDone(impl, round)) continue;
        for (let rep = 0; rep < 5; rep++) {
          const t0 = performance.now();
          const r = await run(process.execPath, [join(root, 'bin', 'provably.js'), ...argv], process.env, 60_000);
          const seconds = (performance.now() - t0) / 1000;
          const expected = argv.includes('--help') ? 0 : 2;
          pushWall({
            impl,
            round,
            seconds: r.code === expected ? seconds : null,
            load: loadavg(),
            ...(r.code === expected ? {} : { error: `exit ${r.code}: ${r.stderr.trim().split('\n').pop()?.slice(0, 200)}` }),
          });
        }
        const best = Math.min(
          ...walls.filter((w) => w.impl === impl && w.round === round && w.seconds !== null).map((w) => w.seconds as number),
        );
        process.stderr.write(`round ${round} ${impl}: best ${best.toFixed(3)} s of 5  load ${loadavg().split(' ')[0]}\n`);
      }
      // `npm run verify` (paper-small, the whole process, start-up included) on native and on wasm,
      // side by side, the order alternating between rounds.
      const backends = haveNative ? (round % 2 ? ['tensorflow', 'wasm'] : ['wasm', 'tensorflow']) : ['wasm'];
      for (const backend of backends) {
        const impl = `verify paper-small, ${backend}`;
        if (wallDone(impl, round)) continue;
        const t0 = performance.now();
        const r = await run(
          tsx,
          [join(root, 'src', 'cli', 'main.ts'), 'verify', 'paper-small', '--json'],
          { ...process.env, PROVABLY_BACKEND: backend, TF_CPP_MIN_LOG_LEVEL: '3' },
          900_000,
        );
        const seconds = (performance.now() - t0) / 1000;
        let ran: string | undefined;
        try {
          const j = JSON.parse(r.stdout) as { manifest?: { backend?: { name?: string } | string } };
          ran = typeof j.manifest?.backend === 'string' ? j.manifest.backend : j.manifest?.backend?.name;
        } catch {
          ran = undefined;
        }
        pushWall({
          impl,
          round,
          seconds: r.stdout.length > 0 ? seconds : null,
          backend: ran,
          load: loadavg(),
          ...(r.code === 0 ? {} : { error: `exit ${r.code}: ${r.stderr.trim().split('\n').pop()?.slice(0, 200)}` }),
        });
        process.stderr.write(
          `round ${round} ${impl}: ${seconds.toFixed(2)} s (exit ${r.code}, ran on ${ran}) load ${loadavg().split(' ')[0]}\n`,
        );
      }
    }
    for (const s of shapes) {
      const dir = join(dataRoot, s.name);
      const agreement = round === 1;
      const ours: [string, string, number][] = [];
      if (haveNative) ours.push(['native-1', 'tensorflow', 1], ['native-2', 'tensorflow', 2]);
      ours.push(['wasm-1', 'wasm', 1], ['wasm-2', 'wasm', 2]);
      if (s.name === 'small' || s.name === 'paper-small') ours.push(['cpu-1', 'cpu', 1]);
      // Alternate the order of ours and the peers between rounds, so that a drift in the machine's
      // load does not always favour the same side.
      const runOurs = async () => {
        for (const [impl, backend, threads] of round % 2 ? ours : [...ours].reverse()) {
          if (!wanted(impl) || done(impl, s.name, round)) continue;
          const env = backend === 'tensorflow' ? nativeEnv(threads) : { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' };
          const r = await run(
            tsx,
            [join(here, 'worker.ts'), dir, join(dir, `out-${impl}`), backend, String(threads)],
            { ...env, BENCH_SKIP_DIRECT: '0' },
            1_800_000,
          );
          record(impl, s.name, round, lastJson(r.stdout), r.stderr, threads);
        }
      };
      const runPeers = async () => {
        if (!py) return;
        for (const threads of [1, 2]) {
          for (const peer of ['numpy', 'torch']) {
            const impl = `${peer}-${threads}`;
            if (done(impl, s.name, round)) continue;
            const r = await run(
              py,
              [
                join(here, 'peers', `${peer}_step.py`),
                dir,
                join(dir, `out-${peer}`),
                String(threads),
                ...(agreement && threads === 1 ? ['--agreement'] : []),
              ],
              peerEnv(threads),
              1_800_000,
            );
            record(impl, s.name, round, lastJson(r.stdout), r.stderr, threads);
          }
        }
      };
      if (round % 2) {
        await runOurs();
        await runPeers();
      } else {
        await runPeers();
        await runOurs();
      }
    }
  }
  if (opt.skip.size) notes.push(`Skipped: ${[...opt.skip].join(', ')}.`);

  // The measured ceiling per thread count: the best of TensorFlow MatMul and NumPy sgemm at 2048³.
  const ceilingAt: Record<number, { gflops: number; impl: string } | null> = {};
  for (const threads of [1, 2]) {
    const cs = ceilings.filter((c) => c.threads === threads && typeof c.gflops === 'number');
    const best = cs.sort((a, b) => (b.gflops as number) - (a.gflops as number))[0];
    ceilingAt[threads] = best ? { gflops: best.gflops as number, impl: best.impl } : null;
  }
  const ceilingSummary = Object.fromEntries(
    ['tensorflow-matmul', 'numpy-sgemm'].flatMap((impl) =>
      [1, 2].map((t) => {
        const gs = ceilings
          .filter((c) => c.impl === impl && c.threads === t && typeof c.gflops === 'number')
          .map((c) => c.gflops as number);
        return [`${impl}-${t}`, gs.length ? { bestGflops: Math.max(...gs), medianGflops: median(gs), runs: gs.length } : null];
      }),
    ),
  );

  // Summary per (shape, impl): medians over rounds, and the best step.
  const kinds = ['standard', 'adversarial', 'adversarialRowSpace'] as const;
  const K = K_BENCH;
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
      const threads = ms[0]?.threads ?? 1;
      const ceiling = ceilingAt[threads]?.gflops ?? ceilingAt[2]?.gflops ?? null;
      const entry: Record<string, unknown> = { threads };
      for (const kind of kinds) {
        const secs = ms.map((m) => m[kind]?.median).filter((v): v is number => typeof v === 'number');
        if (!secs.length) continue;
        const sec = median(secs);
        const best = Math.min(...ms.map((m) => m[kind]?.min).filter((v): v is number => typeof v === 'number'));
        // For the row-space step, % of peak and ceiling use the FLOPs it executes; the nominal (direct) count gives its effective rate.
        const counted = kind === 'adversarialRowSpace' ? rowSpaceExecuted : flopOf[kind];
        entry[kind] = {
          stepsPerSecond: 1 / sec,
          bestStepsPerSecond: 1 / best,
          secondsPerStep: { median: sec, min: Math.min(...secs), max: Math.max(...secs), rounds: secs.length },
          nominalGflops: flopOf[kind] / sec / 1e9,
          bestNominalGflops: flopOf[kind] / best / 1e9,
          executedGflops: counted / sec / 1e9,
          bestExecutedGflops: counted / best / 1e9,
          bestPercentOfPeak: (100 * counted) / best / 1e9 / cpu.peakGflops,
          bestPercentOfCeiling: ceiling ? (100 * counted) / best / 1e9 / ceiling : null,
          percentOfPeak: (100 * counted) / sec / 1e9 / cpu.peakGflops,
          percentOfCeiling: ceiling ? (100 * counted) / sec / 1e9 / ceiling : null,
        };
      }
      entry.peakRssMB = Math.max(...ms.map((m) => m.peakRssMB ?? 0));
      const heap = ms.map((m) => m.wasmHeapMB).filter((v): v is number => typeof v === 'number');
      if (heap.length) entry.wasmHeapMB = Math.max(...heap);
      const blas = ms.find((m) => m.blas)?.blas;
      if (blas) entry.blas = blas;
      if (ms.find((m) => m.version)?.version) entry.version = ms.find((m) => m.version)?.version;
      const errs = ms.flatMap((m) => [...(m.error ? [m.error] : []), ...(m.errors ?? [])]);
      if (errs.length) entry.errors = [...new Set(errs)];
      summary[s.name][impl] = entry;
    }
  }

  // Pairwise ratios: ours / best-of-threads peer. "native" is the faster of native-1 and native-2.
  const group = (name: string): string[] => (name === 'native' ? ['native-1', 'native-2'] : [name]);
  const ratios: Record<string, Record<string, Record<string, number | null>>> = {};
  for (const s of shapes) {
    ratios[s.name] = {};
    for (const ours of ['native', 'native-1', 'native-2', 'wasm-1', 'wasm-2', 'cpu-1']) {
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
            const os_ = measurements
              .filter((m) => m.shape === s.name && group(ours).includes(m.impl) && m.round === round)
              .map((m) => m[ok as 'standard']?.median)
              .filter((v): v is number => typeof v === 'number');
            const ps = measurements
              .filter((m) => m.shape === s.name && m.impl.startsWith(`${peer}-`) && m.round === round)
              .map((m) => m[pk as 'standard']?.median)
              .filter((v): v is number => typeof v === 'number');
            if (os_.length && ps.length) rs.push(Math.min(...ps) / Math.min(...os_)); // >1: we are faster than the peer's best thread count
          }
          perKind[label] = rs.length ? median(rs) : null;
          // Best case: the fastest single step of each side over all rounds (least disturbed by other load).
          const oBest = measurements
            .filter((m) => m.shape === s.name && group(ours).includes(m.impl))
            .map((m) => m[ok as 'standard']?.min)
            .filter((v): v is number => typeof v === 'number');
          const pBest = measurements
            .filter((m) => m.shape === s.name && m.impl.startsWith(`${peer}-`))
            .map((m) => m[pk as 'standard']?.min)
            .filter((v): v is number => typeof v === 'number');
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
    const lossOf = (impl: string) =>
      measurements.find((m) => m.shape === s.name && m.impl === impl && m.round === 1) as unknown as
        { loss?: number; loss_f64?: number } | undefined;
    const refLoss = lossOf('numpy-1')?.loss_f64;
    agreement[s.name] = {};
    for (const impl of ['native-1', 'native-2', 'wasm-1', 'wasm-2', 'cpu-1', 'numpy', 'torch']) {
      const prefix = join(dir, `out-${impl}`);
      if (!existsSync(`${prefix}-gW.f32`)) continue;
      const loss = lossOf(impl === 'numpy' || impl === 'torch' ? `${impl}-1` : impl)?.loss;
      agreement[s.name][impl] = {
        lossRelErr: typeof loss === 'number' && typeof refLoss === 'number' ? Math.abs(loss - refLoss) / Math.abs(refLoss) : null,
        gradWRelErr: relErr(readF32(`${prefix}-gW.f32`), ref.gW),
        pgdDeltaRelErr: relErr(readF32(`${prefix}-delta.f32`), ref.delta),
        ...(existsSync(`${prefix}-deltaRowSpace.f32`)
          ? { pgdDeltaRowSpaceRelErr: relErr(readF32(`${prefix}-deltaRowSpace.f32`), ref.delta) }
          : {}),
      };
    }
  }

  if (!opt.aggregateOnly) appendFileSync(journal, JSON.stringify({ kind: 'end', loadAfter: loadavg() }) + '\n');
  const endRecord = [...prior].reverse().find((r) => r.kind === 'end') as { loadAfter: string } | undefined;
  const loadAfter = opt.aggregateOnly && endRecord ? endRecord.loadAfter : loadavg();
  if (startRecord) loadBefore = startRecord.loadBefore;
  const shared = Number(loadBefore.split(' ')[0]) > 1 || Number(loadAfter.split(' ')[0]) > 1;
  if (shared)
    notes.push(
      `The machine was shared with other engineers' work during the run (load average before: ${loadBefore}; after: ${loadAfter}; each measurement's load is in the journal). Absolute numbers are depressed and noisy; best-of figures are the least disturbed, and the ratios pair measurements of the same round on the same data.`,
    );
  const wallSummary: Record<string, unknown> = {};
  for (const impl of [...new Set(walls.map((w) => w.impl))]) {
    const xs = walls.filter((w) => w.impl === impl && w.seconds !== null).map((w) => w.seconds as number);
    wallSummary[impl] = {
      medianSeconds: xs.length ? median(xs) : null,
      min: xs.length ? Math.min(...xs) : null,
      max: xs.length ? Math.max(...xs) : null,
      runs: xs.length,
      ranOn: [...new Set(walls.filter((w) => w.impl === impl).map((w) => w.backend))],
      errors: walls.filter((w) => w.impl === impl && w.error).map((w) => w.error),
    };
  }

  const result = {
    started: started.toISOString(),
    host: os.hostname(),
    node: process.version,
    tfjs: '4.22.0',
    libtensorflow: libtf,
    nativeEnv: {
      TF_ENABLE_ONEDNN_OPTS: nativeEnv(1).TF_ENABLE_ONEDNN_OPTS,
      TF_NUM_INTRAOP_THREADS: "the impl's thread count",
      TF_NUM_INTEROP_THREADS: '1',
    },
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    cpu,
    ceiling: {
      definition:
        'the best of TensorFlow MatMul (through tfjs-node) and NumPy sgemm, 2048 × 2048 × 2048 float32, at the same thread count, best call over all rounds',
      perThreads: ceilingAt,
      runs: ceilingSummary,
    },
    loadavg: { before: loadBefore, after: loadAfter, shared },
    rounds: opt.rounds,
    journal,
    flopCount: {
      F: '2·n·P·d·k·m (one [n·P, d]-sized matrix product)',
      standard: '2F: forward X·Wᵀ and Dᵀ·X — what the code does (the class sums and softmax are O(n·P·k·m)).',
      adversarialDirect: `(2K+2)F with K = ${K}: per PGD iteration a forward and an input gradient D·W; then the update step’s forward at X+δ and Dᵀ·(X+δ). This is what adversarialStepDirect and the peers’ direct step execute.`,
      adversarialRowSpace:
        'Its nominalGflops use the same (2K+2)F (an effective rate); executedGflops and the % of peak and ceiling use what it executes: 2F + 2·n·P·(k·m)²·(K+1) + 4·(k·m)²·d (X·Wᵀ, Dᵀ·X, one D·M per iteration, Dᵀ·C, W·Wᵀ, (DᵀC)·W).',
    },
    shapes: Object.fromEntries(shapes.map((s) => [s.name, { ...s, F: flopF(s) }])),
    summary,
    ratios,
    agreement,
    wall: wallSummary,
    measurements,
    ceilings,
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

function markdown(
  r: {
    started: string;
    host: string;
    node: string;
    libtensorflow: string | null;
    command: string;
    cpu: ReturnType<typeof cpuInfo>;
    loadavg: { before: string; after: string; shared: boolean };
    rounds: number;
    ceiling: { perThreads: Record<number, { gflops: number; impl: string } | null>; runs: Record<string, { bestGflops: number } | null> };
    summary: Record<string, Record<string, Record<string, any>>>;
    ratios: Record<string, Record<string, Record<string, number | null>>>;
    agreement: Record<string, Record<string, Record<string, number | null>>>;
    wall: Record<string, any>;
    notes: string[];
    flopCount: Record<string, string>;
  },
  shapes: BenchShape[],
): string {
  const L: string[] = [];
  L.push(`# Benchmark: training steps (${r.started.slice(0, 10)}, ${r.host})`, '');
  L.push(
    `Node ${r.node}, tfjs 4.22.0, native = tfjs-node 4.22.0 on libtensorflow ${r.libtensorflow ?? '(version unknown)'}; ${r.cpu.name} (${r.cpu.vendor} family ${r.cpu.family} model ${r.cpu.model}), ${r.cpu.cores} vCPUs. Command: \`${r.command}\`.`,
    '',
  );
  L.push(
    `**FP32 peak** ${r.cpu.peakGflops.toFixed(1)} GFLOP/s = ${r.cpu.formula}. Assumptions:`,
    '',
    ...r.cpu.assumptions.map((a) => `- ${a}`),
    '',
  );
  const c = r.ceiling.runs;
  L.push(
    `**Measured ceiling** (2048³ float32 matrix product, best call): 1 thread ${fmt(r.ceiling.perThreads[1]?.gflops, 1)} GFLOP/s (${r.ceiling.perThreads[1]?.impl ?? '–'}), 2 threads ${fmt(r.ceiling.perThreads[2]?.gflops, 1)} GFLOP/s (${r.ceiling.perThreads[2]?.impl ?? '–'}). TensorFlow MatMul: ${fmt(c['tensorflow-matmul-1']?.bestGflops, 1)} / ${fmt(c['tensorflow-matmul-2']?.bestGflops, 1)}; NumPy sgemm: ${fmt(c['numpy-sgemm-1']?.bestGflops, 1)} / ${fmt(c['numpy-sgemm-2']?.bestGflops, 1)} GFLOP/s (1 / 2 threads). "% ceil" divides by the ceiling at the implementation's own thread count; "% peak" by the peak of all ${r.cpu.cores} cores.`,
    '',
  );
  L.push(
    `Load average before ${r.loadavg.before}; after ${r.loadavg.after}.${r.loadavg.shared ? ' **The machine was shared with other engineers running tests during this run**: absolute rates are depressed and noisy; best-of figures are the least disturbed, and ratios pair measurements of the same round on the same data.' : ''} ${r.rounds} interleaved rounds.`,
    '',
  );
  L.push(
    `Steps: standard = forward + ∂L/∂W + update (2F). Adversarial = K = ${K_BENCH} patch-ℓ2 PGD iterations + the update; "direct" runs the attack on δ ((2K+2)F, what the peers' direct step runs), "row-space" is what \`train()\` ships for ℓ2 balls from δ = 0 (δ = C·W; 2F + small products; the peers run the same row-space algorithm). F = 2·n·P·d·k·m. GFLOP/s and % for row-space count the FLOPs it executes.`,
    '',
  );
  L.push('## Best case (fastest step of each implementation over all repetitions and rounds)', '');
  L.push(
    '| shape | impl | standard steps/s | GFLOP/s | % peak | % ceil | adv. direct steps/s | GFLOP/s | % peak | % ceil | adv. row-space steps/s | GFLOP/s executed | peak RSS MB |',
  );
  L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of shapes) {
    for (const [impl, e] of Object.entries(r.summary[s.name] ?? {})) {
      L.push(
        `| ${s.name} | ${impl} | ${fmt(e.standard?.bestStepsPerSecond)} | ${fmt(e.standard?.bestExecutedGflops, 1)} | ${fmt(e.standard?.bestPercentOfPeak, 1)} | ${fmt(e.standard?.bestPercentOfCeiling, 1)} | ${fmt(e.adversarial?.bestStepsPerSecond)} | ${fmt(e.adversarial?.bestExecutedGflops, 1)} | ${fmt(e.adversarial?.bestPercentOfPeak, 1)} | ${fmt(e.adversarial?.bestPercentOfCeiling, 1)} | ${fmt(e.adversarialRowSpace?.bestStepsPerSecond)} | ${fmt(e.adversarialRowSpace?.bestExecutedGflops, 1)} | ${fmt(e.peakRssMB, 0)} |`,
      );
    }
  }
  L.push('', '## Typical (median over rounds of the per-process median step)', '');
  L.push('| shape | impl | standard steps/s | % peak | % ceil | adv. direct steps/s | % peak | % ceil | adv. row-space steps/s |');
  L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of shapes) {
    for (const [impl, e] of Object.entries(r.summary[s.name] ?? {})) {
      L.push(
        `| ${s.name} | ${impl} | ${fmt(e.standard?.stepsPerSecond)} | ${fmt(e.standard?.percentOfPeak, 1)} | ${fmt(e.standard?.percentOfCeiling, 1)} | ${fmt(e.adversarial?.stepsPerSecond)} | ${fmt(e.adversarial?.percentOfPeak, 1)} | ${fmt(e.adversarial?.percentOfCeiling, 1)} | ${fmt(e.adversarialRowSpace?.stepsPerSecond)} |`,
      );
    }
  }
  for (const best of [true, false]) {
    L.push(
      '',
      best
        ? '## Speed ratio to the peers, best case (fastest step of ours ÷ fastest step of the peer at either thread count; > 1: ours is faster; "native" = the faster of native-1 and native-2)'
        : '## Speed ratio to the peers, typical (peer time ÷ our time, paired within a round, median over rounds; peer = its best of 1 and 2 threads in that round)',
      '',
    );
    L.push(
      '| shape | pair | standard | adv. direct vs direct | adv. row-space vs row-space | adv. as shipped (row-space) vs peer direct |',
    );
    L.push('|---|---|---:|---:|---:|---:|');
    for (const s of shapes) {
      for (const [pair, v] of Object.entries(r.ratios[s.name] ?? {})) {
        const vals = Object.entries(v)
          .filter(([k]) => k.endsWith(', best case') === best)
          .map(([, x]) => x);
        L.push(`| ${s.name} | ${pair} | ${fmt(vals[0])} | ${fmt(vals[1])} | ${fmt(vals[3])} | ${fmt(vals[2])} |`);
      }
    }
  }
  L.push('', '## Numerical agreement at W0 (relative error against NumPy float64)', '');
  L.push('| shape | impl | loss | ∂L/∂W | PGD δ (direct, first rows) | PGD δ (row-space) |');
  L.push('|---|---|---:|---:|---:|---:|');
  const e = (v: unknown) => (typeof v === 'number' ? v.toExponential(1) : '–');
  for (const s of shapes) {
    for (const [impl, a] of Object.entries(r.agreement[s.name] ?? {}))
      L.push(
        `| ${s.name} | ${impl} | ${e(a.lossRelErr)} | ${e(a.gradWRelErr)} | ${e(a.pgdDeltaRelErr)} | ${e(a.pgdDeltaRowSpaceRelErr)} |`,
      );
  }
  L.push(
    '',
    '## Whole processes: `provably verify paper-small --json` by backend (start-up included), and the CLI start-up (`--help`, an argument error)',
    '',
  );
  L.push('| what | median s | min s | max s | runs | ran on |', '|---|---:|---:|---:|---:|---|');
  for (const [impl, w] of Object.entries(r.wall))
    L.push(`| ${impl} | ${fmt(w.medianSeconds)} | ${fmt(w.min)} | ${fmt(w.max)} | ${w.runs} | ${(w.ranOn ?? []).join(', ')} |`);
  if (r.notes.length) L.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  L.push(
    '',
    `Reproduce: \`${r.command}\` (peers: \`bash bench/peers/setup-venv.sh\` once, or let the bench create the virtualenv; \`bench/peers/*.py\`).`,
  );
  return L.join('\n') + '\n';
}

main().catch((e) => {
  console.error('bench error:', e instanceof Error ? e.message.split('\n')[0].slice(0, 500) : String(e).slice(0, 500));
  process.exit(1);
});
