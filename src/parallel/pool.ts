/**
 * A pool of J worker processes that train runs (`--jobs J`). One backend per process: TensorFlow.js
 * keeps one global backend, and native TensorFlow's thread pools are sized once per process, so
 * parallel runs need processes, not worker threads.
 *
 * Every worker starts the same backend with the same threads per run; the pool checks that they
 * report the same backend, version and threads, so the runs of one command are comparable. Results
 * come back in the order they finish; callers place them by their own index.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendInfo } from '../backend/select.js';
import type { BackendName, RunResult } from '../experiment/types.js';
import type { SeededRegime } from '../regime/types.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { threadEnv } from './threads.js';

/** Options of {@link createPool}. */
export interface PoolOptions {
  jobs: number;
  threads: number;
  backend: BackendName;
  /** Extra environment of the workers (on top of this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborting it stops every worker's current run between steps and starts no new one. */
  signal?: AbortSignal;
}

/** A running pool. */
export interface RunPool {
  readonly jobs: number;
  /**
   * Trains `regime` on the next free worker. Resolves with its result (marked interrupted when the
   * signal stopped it), or with null when the signal aborted before the run started.
   * @throws Error when the worker failed (the first line of its error)
   */
  run(regime: SeededRegime, onStart?: () => void): Promise<RunResult | null>;
  /** The backend the workers run (known once the first one is ready). */
  backend(): Promise<Omit<BackendInfo, 'notes'>>;
  /** Ends every worker. */
  close(): Promise<void>;
}

/** The worker entry and how to start it: the built `.js`, or the `.ts` source through tsx. */
function workerEntry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(js)) return { file: js, execArgv: [] };
  const ts = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: ts, execArgv: ['--import', tsx] };
}

interface Task {
  id: number;
  regime: SeededRegime;
  onStart?: () => void;
  resolve: (r: RunResult | null) => void;
  reject: (e: Error) => void;
}

interface Slot {
  child: ChildProcess;
  ready: Promise<Omit<BackendInfo, 'notes'>>;
  task: Task | null;
  exited: boolean;
}

function sameBackend(a: Omit<BackendInfo, 'notes'>, b: Omit<BackendInfo, 'notes'>): boolean {
  return a.name === b.name && a.version === b.version && a.threads === b.threads && a.precision === b.precision;
}

/** Starts `jobs` worker processes. */
export function createPool(options: PoolOptions): RunPool {
  const entry = workerEntry();
  const env = { ...process.env, ...options.env, PROVABLY_BACKEND: options.backend, ...threadEnv(options.threads) };
  const queue: Task[] = [];
  let nextId = 0;
  let closed = false;
  let first: Omit<BackendInfo, 'notes'> | undefined;
  let failure: Error | undefined;

  const fail = (e: Error) => {
    failure ??= e;
    for (const t of queue.splice(0)) t.reject(failure);
  };

  const slots: Slot[] = Array.from({ length: options.jobs }, () => {
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const slot: Slot = { child, task: null, exited: false, ready: undefined as never };
    slot.ready = new Promise((resolve, reject) => {
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          if (first !== undefined && !sameBackend(first, message.backend)) {
            reject(
              new Error(
                `worker ${child.pid} started ${message.backend.name} ${message.backend.version} with ${message.backend.threads} threads, another ${first.name} ${first.version} with ${first.threads}`,
              ),
            );
            return;
          }
          first ??= message.backend;
          resolve(message.backend);
          dispatch();
        } else if (message.type === 'fatal') {
          reject(new Error(message.message));
        } else if (message.type === 'started') {
          if (slot.task?.id === message.id) slot.task.onStart?.();
        } else {
          const task = slot.task;
          slot.task = null;
          if (task === null || task.id !== message.id) return;
          if (message.type === 'result') task.resolve(message.result);
          else task.reject(new Error(message.message));
          dispatch();
        }
      });
      child.on('exit', (code, signal) => {
        slot.exited = true;
        const why = new Error(
          `worker process ${child.pid} ended (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}`,
        );
        reject(why);
        if (slot.task !== null) slot.task.reject(why);
        slot.task = null;
        if (!closed && slots.every((s) => s.exited)) fail(why);
      });
    });
    slot.ready.catch((e: Error) => {
      if (!closed) fail(e);
    });
    return slot;
  });

  function dispatch(): void {
    if (options.signal?.aborted) {
      for (const t of queue.splice(0)) t.resolve(null);
      return;
    }
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.task !== null || slot.exited) continue;
      // Only a worker whose backend is up takes work ('ready' calls dispatch again).
      void slot.ready.then(
        () => {
          if (slot.task !== null || slot.exited || queue.length === 0) return;
          if (options.signal?.aborted) {
            for (const t of queue.splice(0)) t.resolve(null);
            return;
          }
          const task = queue.shift()!;
          slot.task = task;
          slot.child.send({ type: 'run', id: task.id, regime: task.regime } satisfies ToWorker);
        },
        () => undefined,
      );
    }
  }

  const onAbort = () => {
    for (const t of queue.splice(0)) t.resolve(null);
    for (const slot of slots) if (!slot.exited && slot.child.connected) slot.child.send({ type: 'abort' } satisfies ToWorker);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    jobs: options.jobs,
    run(regime, onStart) {
      if (failure) return Promise.reject(failure);
      if (options.signal?.aborted) return Promise.resolve(null);
      return new Promise<RunResult | null>((resolve, reject) => {
        queue.push({ id: nextId++, regime, onStart, resolve, reject });
        dispatch();
      });
    },
    backend: () => Promise.any(slots.map((s) => s.ready)).catch(() => Promise.reject(failure ?? new Error('no worker started'))),
    async close() {
      closed = true;
      options.signal?.removeEventListener('abort', onAbort);
      await Promise.all(
        slots.map(
          (slot) =>
            new Promise<void>((resolve) => {
              if (slot.exited) return resolve();
              slot.child.once('exit', () => resolve());
              if (slot.child.connected) slot.child.disconnect();
              else slot.child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
