import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { BackendName } from './types.js';
import { quietNativeLogs } from './nativeEnv.js';
import { installWasmThreadsShim, withLogicalCoresForThreads } from './wasmThreads.js';
import { readCrossover } from './crossover.js';
import { firstLine, issueError } from '../util/issue.js';

/** What backend is running: every result carries this. */
export interface BackendInfo {
  name: BackendName;
  /** libtensorflow's version for the native backend; tfjs's for wasm and cpu. */
  version: string;
  precision: 'float32';
  threads: number;
  /** Why this backend runs: how it was asked for and, for a fallback, what failed. One line. */
  reason: string;
  /** Lines to show the user once per command: at most one (the fallback taken, with its reason). */
  notes: string[];
}

export type BackendPreference = BackendName | 'auto' | 'fastest';

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
let active: BackendInfo | null = null;

/** Parses a user-given backend name. @throws IssueError naming the value and the choices */
export function parseBackendPreference(value: string | undefined, field = '--backend'): BackendPreference {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'fastest') return 'fastest';
  const aliases: Record<string, BackendName> = {
    node: 'tensorflow',
    tensorflow: 'tensorflow',
    native: 'tensorflow',
    wasm: 'wasm',
    cpu: 'cpu',
  };
  const name = aliases[value];
  if (!name) {
    throw issueError({
      code: 'invalid_type',
      path: field,
      input: value,
      summary: `${field} = "${value}" is not a backend`,
      rule: 'one of auto, fastest, node, wasm, cpu',
      fix: 'pass one of those',
    });
  }
  return name;
}

/** The fix shown when the native backend does not load. */
export const NATIVE_FIX = 'run `npm run provision` (it says what it tried), or see "Backends" in the README';

let libtensorflowVersion: string | null = null;

async function tryNative(): Promise<string | null> {
  // TensorFlow's C++ start-up log lines go to stderr and would break --json's clean stderr: quiet
  // them before the addon is loaded (the variables are read when libtensorflow initialises).
  quietNativeLogs(process.env);
  try {
    // Optional dependency, provisioned by scripts/provision-native.mjs. Any import error (module
    // not found, missing native addon or libtensorflow) means "not available".
    await import('@tensorflow/tfjs-node' as string);
  } catch (e) {
    // Not installed is the normal case where provisioning found no libtensorflow: say so briefly.
    const notInstalled = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    return `native backend (@tensorflow/tfjs-node) not available: ${notInstalled ? 'not installed' : firstLine(e, 200)}`;
  }
  if (!(await tf.setBackend('tensorflow'))) return 'native backend failed to initialise';
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  libtensorflowVersion = binding?.TF_Version ?? null;
  return null;
}

async function tryCpu(): Promise<string | null> {
  // tfjs-backend-cpu greets Node users on stderr ("install our node backend") at first use; the
  // backend is chosen on purpose here, and --json promises a clean stderr.
  tf.env().set('PROD', true);
  return (await tf.setBackend('cpu')) ? null : 'CPU backend failed to initialise';
}

function tryBackend(name: BackendName, opts: { wasmThreads?: number }, threadNotes: string[]): Promise<string | null> {
  return name === 'tensorflow' ? tryNative() : name === 'wasm' ? tryWasm(wantedWasmThreads(opts.wasmThreads), threadNotes) : tryCpu();
}

function infoOf(name: BackendName, reason: string, notes: string[]): BackendInfo {
  return {
    name,
    version: name === 'tensorflow' ? (libtensorflowVersion ?? 'unknown') : tf.version.tfjs,
    precision: 'float32',
    threads: name === 'wasm' ? getThreadsCount() : name === 'tensorflow' ? nativeThreads() : 1,
    reason,
    notes,
  };
}

/**
 * Makes `name` the active backend even if another one is active: for test harnesses that run the
 * same spec on every backend in one process (properties/helpers/backends.ts). Commands never call
 * it: they run on one backend per process ({@link initBackend}).
 * @throws Error when the backend does not load
 */
export async function switchBackend(name: BackendName, reason = 'test harness: every backend'): Promise<BackendInfo> {
  if (active?.name === name && tf.getBackend() === name) return active;
  const notes: string[] = [];
  const failure = await tryBackend(name, {}, notes);
  if (failure !== null) throw new Error(`backend "${name}" does not load: ${failure}`);
  await tf.ready();
  active = infoOf(name, reason, notes);
  return active;
}

/** Threads of the native backend: TensorFlow's intra-op pool (TF_NUM_INTRAOP_THREADS, else every core). */
function nativeThreads(): number {
  const fromEnv = Number(process.env.TF_NUM_INTRAOP_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism();
}

async function tryWasm(threads: number, notes: string[]): Promise<string | null> {
  try {
    if (threads > 1) {
      try {
        installWasmThreadsShim();
      } catch (e) {
        notes.push(`WASM threads unavailable (${firstLine(e, 200)}); using 1 thread.`);
        threads = 1;
      }
    }
    if (threads > 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    setThreadsCount(threads);
    // setBackend returns false (does not throw) when the .wasm binaries cannot be loaded.
    let ok = await withLogicalCoresForThreads(threads, () => tf.setBackend('wasm'));
    if (!ok && threads > 1) {
      notes.push(`WASM backend with ${threads} threads failed to start; retrying with 1 thread.`);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      setThreadsCount(1);
      ok = await tf.setBackend('wasm');
    }
    return ok ? null : 'WASM backend failed to initialise (.wasm files not found)';
  } catch (e) {
    return `WASM backend failed to initialise: ${firstLine(e, 200)}`;
  }
}

/**
 * WASM threads: `opts.wasmThreads`, else `PROVABLY_WASM_THREADS`, else {@link DEFAULT_WASM_THREADS}.
 * More than one thread uses the shim of `wasmThreads.ts` (tfjs 4.22.0 turns threads off in Node).
 */
export function wantedWasmThreads(explicit?: number): number {
  const raw = explicit ?? (process.env.PROVABLY_WASM_THREADS ? Number(process.env.PROVABLY_WASM_THREADS) : DEFAULT_WASM_THREADS);
  if (!Number.isInteger(raw) || raw < 1 || raw > 8) {
    throw issueError({
      code: 'out_of_range',
      path: explicit === undefined ? 'PROVABLY_WASM_THREADS' : 'wasmThreads',
      input: raw,
      summary: `WASM threads = "${raw}" is not allowed`,
      rule: 'an integer from 1 to 8',
      fix: 'set PROVABLY_WASM_THREADS to 1 or 2',
    });
  }
  return raw;
}

/** Default WASM thread count (see bench/results/latest.md for the measurement behind it). */
export const DEFAULT_WASM_THREADS = 1;

/** Options of {@link initBackend}. */
export interface InitOptions {
  wasmThreads?: number;
  /**
   * Threads per run (`--threads`): WASM's thread count (unless `wasmThreads` is given) and native
   * TensorFlow's intra-op pool (TF_NUM_INTRAOP_THREADS, read when the addon loads).
   */
  threads?: number;
  /** Who asked for the backend, for the reason line: "--backend", "PROVABLY_BACKEND", … */
  requestedBy?: string;
  /** FLOPs of one training step of the largest planned regime: what `fastest` decides on. */
  flopsPerStep?: number;
}

/**
 * Selects and initialises ONE backend for the process: `tensorflow` (native, tfjs-node) → `wasm` →
 * `cpu` for `auto`; by the measured crossover (src/backend/crossover.json) for `fastest`; or the one
 * forced by `preference` / `PROVABLY_BACKEND`. A forced backend that fails is an error, never a
 * silent swap. Idempotent: a later call that `auto`, `fastest` or the same name would accept
 * returns the active backend.
 */
export async function initBackend(
  preference: BackendPreference = parseBackendPreference(process.env.PROVABLY_BACKEND, 'PROVABLY_BACKEND'),
  opts: InitOptions = {},
): Promise<BackendInfo> {
  if (active && (preference === 'auto' || preference === 'fastest' || preference === active.name)) return active;
  const requestedBy = opts.requestedBy ?? (process.env.PROVABLY_BACKEND ? 'PROVABLY_BACKEND' : 'default');
  let candidates: BackendName[];
  let why: string;
  if (preference === 'auto') {
    candidates = ORDER;
    why = `auto (${requestedBy}): native wherever it loads`;
  } else if (preference === 'fastest') {
    const crossover = readCrossover();
    const flops = opts.flopsPerStep;
    if (flops === undefined || !Number.isFinite(flops))
      throw new Error('backend "fastest" needs the FLOPs per step of the planned runs (internal: pass flopsPerStep).');
    const native = flops >= crossover.flopsPerStepCrossover;
    candidates = native ? ORDER : ['wasm', 'cpu'];
    why = `fastest: a step is ${formatFlops(flops)} FLOPs, ${native ? '≥' : '<'} the measured crossover ${formatFlops(crossover.flopsPerStepCrossover)}`;
  } else {
    candidates = [preference];
    why = `forced by ${requestedBy === 'default' ? 'the caller' : requestedBy}`;
  }
  const failures: string[] = [];
  const threadNotes: string[] = [];
  if (opts.threads !== undefined) {
    process.env.TF_NUM_INTRAOP_THREADS = String(opts.threads);
    process.env.TF_NUM_INTEROP_THREADS = '1';
    opts = { ...opts, wasmThreads: opts.wasmThreads ?? opts.threads };
  }
  for (const name of candidates) {
    const failure = await tryBackend(name, opts, threadNotes);
    if (failure === null) {
      await tf.ready();
      const fellBack = failures.length > 0 ? `; ${failures.join('; ')}` : '';
      // Every note is in the reason too, so the manifest records what the terminal said.
      const reason = `${why}${fellBack}${threadNotes.map((n) => `; ${n.replace(/\.$/, '')}`).join('')}`;
      const noteParts = [
        ...failures.map((f) => `${f} (fix: ${f.startsWith('native') ? NATIVE_FIX : 'see "Backends" in the README'})`),
        ...threadNotes.map((n) => n.replace(/\.$/, '')),
      ];
      active = infoOf(name, reason, noteParts.length > 0 ? [`running on ${name}: ${noteParts.join('; ')}.`] : []);
      return active;
    }
    if (candidates.length === 1) {
      throw issueError({
        code: 'unavailable',
        path: requestedBy === 'default' ? '' : requestedBy,
        input: name,
        summary: `backend "${name}" was requested but ${failure}`,
        rule: 'a forced backend must load; it is never swapped for another',
        fix: `${name === 'tensorflow' ? `${NATIVE_FIX}, or ` : ''}pick another with --backend / PROVABLY_BACKEND (auto, fastest, wasm, cpu)`,
      });
    }
    failures.push(failure);
  }
  throw issueError({
    code: 'unavailable',
    path: requestedBy === 'default' ? '' : requestedBy,
    input: preference,
    summary: `no TensorFlow.js backend could be initialised (${failures.join('; ')})`,
    rule: `one of ${candidates.join(', ')} must load`,
    fix: `${NATIVE_FIX}, or reinstall with \`npm ci\``,
  });
}

function formatFlops(x: number): string {
  return x >= 1e6 ? `${Number((x / 1e6).toPrecision(3))}M` : x >= 1e3 ? `${Number((x / 1e3).toPrecision(3))}k` : String(Math.round(x));
}
/** The active backend, or null before {@link initBackend} / {@link switchBackend}. */
export function activeBackend(): BackendInfo | null {
  return active;
}

/** What {@link probeBackends} found about one backend. */
export interface BackendProbe {
  name: BackendName;
  loads: boolean;
  /** libtensorflow's version for native, tfjs's otherwise; null when it does not load. */
  version: string | null;
  threads: number | null;
  /** Where the native backend's libtensorflow came from (the provisioning record), when known. */
  source: string | null;
  /** Why it does not load, and the fix; null when it loads. */
  failure: string | null;
  fix: string | null;
}

/** The parsed list of PROVABLY_REQUIRE_BACKENDS (comma-separated; node and native mean tensorflow). */
export function parseRequiredBackends(value: string | undefined): BackendName[] {
  if (value === undefined || value.trim() === '') return [];
  const aliases: Record<string, BackendName> = {
    node: 'tensorflow',
    native: 'tensorflow',
    tensorflow: 'tensorflow',
    wasm: 'wasm',
    cpu: 'cpu',
  };
  const names: BackendName[] = [];
  for (const raw of value.split(',')) {
    const v = raw.trim();
    const name = aliases[v];
    if (!name) {
      throw issueError({
        code: 'invalid_type',
        path: 'PROVABLY_REQUIRE_BACKENDS',
        input: value,
        summary: `PROVABLY_REQUIRE_BACKENDS = "${value}" names "${v}", not a backend`,
        rule: 'a comma-separated list of tensorflow, wasm, cpu',
        fix: 'e.g. PROVABLY_REQUIRE_BACKENDS=tensorflow,wasm,cpu.',
      });
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The native provisioning record (scripts/provision-native.mjs writes it into tfjs-node's deps/). */
export function nativeProvenance(): { source?: string; libtensorflow?: string } | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-node/package.json');
    return JSON.parse(readFileSync(join(dirname(pkg), 'deps', 'provably-native.json'), 'utf8')) as { source?: string };
  } catch {
    return null;
  }
}

/**
 * Tries every backend in this process, for `provably doctor`: whether it loads, its version and
 * threads, or why not and the fix. Leaves the last backend that loaded active in tfjs but does not
 * make it the {@link activeBackend} of a command: call it only in a process that trains nothing.
 */
export async function probeBackends(opts: { wasmThreads?: number } = {}): Promise<BackendProbe[]> {
  const out: BackendProbe[] = [];
  for (const name of ORDER) {
    const threadNotes: string[] = [];
    let failure: string | null;
    try {
      failure = await tryBackend(name, opts, threadNotes);
    } catch (e) {
      failure = firstLine(e, 200);
    }
    if (failure === null) await tf.ready();
    const loads = failure === null;
    out.push({
      name,
      loads,
      version: loads ? infoOf(name, '', []).version : null,
      threads: loads ? infoOf(name, '', []).threads : null,
      source: name === 'tensorflow' ? (nativeProvenance()?.source ?? null) : null,
      failure,
      fix: loads
        ? null
        : name === 'tensorflow'
          ? NATIVE_FIX
          : name === 'wasm'
            ? 'reinstall with `npm ci` (the .wasm files of @tensorflow/tfjs-backend-wasm are missing)'
            : 'reinstall with `npm ci`',
    });
  }
  return out;
}
