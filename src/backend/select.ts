import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from './types.js';
import { installWasmThreadsShim, withLogicalCoresForThreads } from './wasmThreads.js';

/** What backend is running: every result carries this. */
export interface BackendInfo {
  name: BackendName;
  version: string;
  precision: 'float32';
  threads: number;
  /** Lines to show the user (fallbacks taken, with reasons). */
  notes: string[];
}

export type BackendPreference = BackendName | 'auto';

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
let active: BackendInfo | null = null;

/** Parses a user-given backend name; throws a message that names the value and the choices. */
export function parseBackendPreference(value: string | undefined, field = '--backend'): BackendPreference {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  const aliases: Record<string, BackendName> = { node: 'tensorflow', tensorflow: 'tensorflow', native: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
  const name = aliases[value];
  if (!name) throw new Error(`${field} = "${value}" is not a backend (rule: one of auto, node, wasm, cpu). Fix: pass one of those.`);
  return name;
}

async function tryNative(): Promise<string | null> {
  try {
    // Optional dependency: absent on machines that cannot download libtensorflow. Any import error
    // (module not found, missing native addon) means "not available".
    await import('@tensorflow/tfjs-node' as string);
  } catch (e) {
    // Not installed is the normal case on machines without internet: say so in a few words.
    const notInstalled = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    return `native backend (@tensorflow/tfjs-node) not available: ${notInstalled ? 'not installed (its install needs to download libtensorflow)' : firstLine(e)}`;
  }
  return (await tf.setBackend('tensorflow')) ? null : 'native backend failed to initialise';
}

async function tryWasm(threads: number, notes: string[]): Promise<string | null> {
  try {
    if (threads > 1) {
      try {
        installWasmThreadsShim();
      } catch (e) {
        notes.push(`WASM threads unavailable (${firstLine(e)}); using 1 thread.`);
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
    return `WASM backend failed to initialise: ${firstLine(e)}`;
  }
}

/**
 * WASM threads: `opts.wasmThreads`, else `PROVABLY_WASM_THREADS`, else {@link DEFAULT_WASM_THREADS}.
 * More than one thread uses the shim of `wasmThreads.ts` (tfjs 4.22.0 turns threads off in Node).
 */
export function wantedWasmThreads(explicit?: number): number {
  const raw = explicit ?? (process.env.PROVABLY_WASM_THREADS ? Number(process.env.PROVABLY_WASM_THREADS) : DEFAULT_WASM_THREADS);
  if (!Number.isInteger(raw) || raw < 1 || raw > 8) {
    throw new Error(`WASM threads = "${raw}" is not allowed (rule: an integer from 1 to 8). Fix: set PROVABLY_WASM_THREADS to 1 or 2.`);
  }
  return raw;
}

/** Default WASM thread count (see bench/results/latest.md for the measurement behind it). */
export const DEFAULT_WASM_THREADS = 1;

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 200);
}

/**
 * Selects and initialises the backend: `tensorflow` (tfjs-node) → `wasm` → `cpu`, or the one forced
 * by `preference` / `PROVABLY_BACKEND`. A forced backend that fails is an error, never a silent swap.
 * Idempotent: a second call with the same preference returns the active backend.
 */
export async function initBackend(preference: BackendPreference = parseBackendPreference(process.env.PROVABLY_BACKEND, 'PROVABLY_BACKEND'), opts: { wasmThreads?: number } = {}): Promise<BackendInfo> {
  if (active && (preference === 'auto' || preference === active.name)) return active;
  const notes: string[] = [];
  const candidates = preference === 'auto' ? ORDER : [preference];
  for (const name of candidates) {
    const failure = name === 'tensorflow' ? await tryNative() : name === 'wasm' ? await tryWasm(wantedWasmThreads(opts.wasmThreads), notes) : (await tf.setBackend('cpu')) ? null : 'CPU backend failed';
    if (failure === null) {
      await tf.ready();
      active = {
        name,
        version: tf.version.tfjs,
        precision: 'float32',
        threads: name === 'wasm' ? getThreadsCount() : 1,
        notes,
      };
      return active;
    }
    if (preference !== 'auto') throw new Error(`backend "${name}" was requested but ${failure}. Fix: pick another with --backend / PROVABLY_BACKEND (auto, wasm, cpu).`);
    notes.push(`${failure}; falling back to the next backend.`);
  }
  throw new Error('no TensorFlow.js backend could be initialised');
}

