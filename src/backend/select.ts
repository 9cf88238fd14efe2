import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../experiment/types.js';

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
    return `native backend (@tensorflow/tfjs-node) not available: ${firstLine(e)}`;
  }
  return (await tf.setBackend('tensorflow')) ? null : 'native backend failed to initialise';
}

async function tryWasm(threads: number | undefined): Promise<string | null> {
  try {
    if (threads !== undefined) setThreadsCount(threads);
    // setBackend returns false (does not throw) when the .wasm binaries cannot be loaded.
    return (await tf.setBackend('wasm')) ? null : 'WASM backend failed to initialise (.wasm files not found)';
  } catch (e) {
    return `WASM backend failed to initialise: ${firstLine(e)}`;
  }
}

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
    const failure = name === 'tensorflow' ? await tryNative() : name === 'wasm' ? await tryWasm(opts.wasmThreads) : (await tf.setBackend('cpu')) ? null : 'CPU backend failed';
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

/** The active backend, or null before {@link initBackend}. */
export function activeBackend(): BackendInfo | null {
  return active;
}
