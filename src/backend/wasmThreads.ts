import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { Worker as NodeWorker, type TransferListItem, type WorkerOptions } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

/**
 * Multithreaded WASM in Node.
 *
 * @tensorflow/tfjs-backend-wasm 4.22.0 hard-codes `WASM_HAS_MULTITHREAD_SUPPORT = false` in Node, and
 * its threaded build cannot start there as is: Emscripten creates each pthread worker from a `blob:`
 * URL (the worker script, embedded in the bundle as `wasmWorkerContents`), which Node's
 * `worker_threads.Worker` does not accept, and sends the worker the main script as a `Blob`, which
 * the worker then tries to read with `fs.readFileSync(blobUrl)`.
 *
 * The shim:
 *  1. sets the flag to true, so the backend loads `tfjs-backend-wasm-threaded-simd.wasm`;
 *  2. makes `globalThis.Worker` a subclass of Node's Worker that, for a `blob:` URL, starts the
 *     same embedded worker script (read from the installed bundle) with `eval: true`, plus a few
 *     lines that let it load the main script from text;
 *  3. replaces the `Blob` in the worker's "load" message by its text (read asynchronously), sent
 *     just before.
 *  4. during backend start-up, reports twice the requested thread count as logical cores: the C++
 *     side caps the thread pool at `emscripten_num_logical_cores() / 2` (it assumes two hardware
 *     threads per core), which is 1 on this 2-vCPU machine. See {@link withLogicalCoresForThreads}.
 * It depends on internals of exactly 4.22.0 (the bundle's `wasmWorkerContents` variable and the
 * Emscripten message protocol), so it refuses any other version; `properties/backend/threads.test.ts`
 * checks that 2 threads start and give the same results as 1.
 */
export const SHIM_TFJS_VERSION = '4.22.0';

const require = createRequire(import.meta.url);
let installed = false;
let workerSource: string | null = null;

/** Marker the patched worker recognises in place of a script URL. */
const INLINE_MARKER = 'provably-inline-main-script';

/** Reads `wasmWorkerContents` from the installed Node bundle of tfjs-backend-wasm. */
export function embeddedWorkerSource(): string {
  if (workerSource !== null) return workerSource;
  const bundlePath = require.resolve('@tensorflow/tfjs-backend-wasm');
  const text = readFileSync(bundlePath, 'utf8');
  const match = text.match(/\nvar wasmWorkerContents = ("(?:[^"\\]|\\.)*");\n/);
  if (!match)
    throw new Error(
      `WASM threads shim: no wasmWorkerContents in ${bundlePath} (the shim is written for tfjs-backend-wasm ${SHIM_TFJS_VERSION})`,
    );
  // The bundle escapes newlines again before making its Blob (they sit inside string literals).
  const embedded = (JSON.parse(match[1]) as string).replace(/\n/g, '\\n');
  // Appended after the embedded script (which ends by defining self.onmessage):
  //  - a "provably-src" message carries the main script's text;
  //  - importScripts(INLINE_MARKER) evaluates that text, as importScripts(file) would evaluate the file.
  //  - the main script is a function taken from the bundle, whose module-scope names (rollup's
  //    require$$N and commonjsGlobal) are defined here as globals.
  const patch =
    `;(function(){var src=null;var orig=global.importScripts;` +
    `global.require$$0=require("fs");global.require$$1=require("path");global.require$$3=require("perf_hooks");` +
    `global.require$$4=require("os");global.commonjsGlobal=globalThis;` +
    `global.importScripts=function(f){if(f===${JSON.stringify(INLINE_MARKER)}){(0,eval)(src);return}return orig(f)};` +
    `var handler=self.onmessage;self.onmessage=function(e){if(e&&e.data&&e.data.cmd==="provably-src"){src=e.data.text;return}return handler(e)};})();`;
  workerSource = embedded + patch;
  return workerSource;
}

type EmscriptenLoadMessage = { cmd?: string; urlOrBlob?: unknown };

/** Node's Worker, able to start Emscripten's blob-URL pthread workers of tfjs-backend-wasm. */
class BlobAwareWorker extends NodeWorker {
  private readonly fromBlob: boolean;

  constructor(url: string | URL, options?: WorkerOptions) {
    const blob = String(url).startsWith('blob:');
    super(blob ? embeddedWorkerSource() : url, blob ? { ...options, eval: true } : options);
    this.fromBlob = blob;
    if (blob) this.unref();
  }

  /**
   * Emscripten ref()s a worker while its pthread runs; XNNPACK's pool threads run for the whole
   * life of the backend, so a ref'd worker keeps Node from exiting after the work is done (a
   * finished `runExperiment` then hangs at exit). The main thread waits for these workers
   * synchronously, never through the event loop, so they stay unref'd.
   */
  override ref(): void {
    if (!this.fromBlob) super.ref();
  }

  override postMessage(message: unknown, transferList?: readonly TransferListItem[]): void {
    const msg = message as EmscriptenLoadMessage | null;
    if (this.fromBlob && msg && msg.cmd === 'load' && msg.urlOrBlob instanceof Blob) {
      // Keep the order: the script text first, then the load message that refers to it.
      msg.urlOrBlob.text().then(
        (text) => {
          super.postMessage({ cmd: 'provably-src', text });
          super.postMessage({ ...msg, urlOrBlob: INLINE_MARKER }, transferList);
        },
        (e: unknown) => this.emit('error', e instanceof Error ? e : new Error(String(e))),
      );
      return;
    }
    super.postMessage(message, transferList);
  }
}

/**
 * Installs the shim (idempotent). Must run before `tf.setBackend('wasm')`; pair it with
 * `setThreadsCount(n)`. Throws if the installed tfjs is not the version the shim was written for.
 */
export function installWasmThreadsShim(): void {
  if (installed) return;
  const wasmVersion = (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version;
  if (tf.version.tfjs !== SHIM_TFJS_VERSION || wasmVersion !== SHIM_TFJS_VERSION) {
    throw new Error(
      `WASM threads shim is written for tfjs ${SHIM_TFJS_VERSION}; found tfjs ${tf.version.tfjs}, tfjs-backend-wasm ${wasmVersion}`,
    );
  }
  embeddedWorkerSource(); // fail now, not inside Emscripten, if the bundle changed
  // Emscripten assigns `globalThis.Worker = worker_threads.Worker` when its factory runs; the
  // accessor keeps our subclass in place (the assignment is ignored).
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    enumerable: false,
    get: () => BlobAwareWorker,
    set: () => {},
  });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  installed = true;
}

/**
 * Runs `start` (the backend initialisation) while `os.cpus()` lists at least `2 · threads` entries,
 * then restores it. tfjs-backend-wasm computes its thread cap once, in a static initialiser, from
 * `os.cpus().length / 2`; nothing else reads the patched value in that window.
 */
export async function withLogicalCoresForThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const original = os.cpus;
  const real = original.call(os);
  const wanted = Math.max(real.length, 2 * threads);
  if (wanted === real.length) return start();
  os.cpus = () => Array.from({ length: wanted }, (_, i) => real[i % real.length]);
  try {
    return await start();
  } finally {
    os.cpus = original;
  }
}
