/**
 * Entry point of one worker process of the pool (src/parallel/pool.ts): starts the backend named by
 * `PROVABLY_BACKEND` with `PROVABLY_WASM_THREADS` / `TF_NUM_INTRAOP_THREADS` threads (set by the pool
 * at fork, before anything loads), then trains one run at a time on request and sends back its
 * {@link RunResult}. Judging is left to the parent, so every command judges with the same code.
 *
 * Interruption: an `abort` message, SIGINT (Ctrl-C reaches the whole process group) or SIGTERM stop
 * the current run between steps; its result comes back marked interrupted. The worker exits when
 * the parent disconnects (the parent ended or was killed), so no orphan keeps training.
 */
import { initBackend, parseBackendPreference } from '../backend/select.js';
import { runExperiment } from '../experiment/runExperiment.js';
import { firstLine } from '../util/issue.js';
import type { FromWorker, ToWorker } from './protocol.js';

function send(message: FromWorker): void {
  process.send?.(message);
}

const controller = new AbortController();
const abort = () => controller.abort(new Error('aborted'));
process.on('SIGINT', abort);
process.on('SIGTERM', abort);
process.on('disconnect', () => process.exit(0));

try {
  const info = await initBackend(parseBackendPreference(process.env.PROVABLY_BACKEND, 'PROVABLY_BACKEND'));
  const { notes: _notes, ...backend } = info;
  send({ type: 'ready', backend });
} catch (e) {
  send({ type: 'fatal', message: firstLine(e) });
  process.exit(1);
}

// One run at a time: the pool never sends a second run before the first one's answer.
process.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    abort();
    return;
  }
  // Once aborted, every later run starts already stopped (and comes back marked interrupted).
  send({ type: 'started', id: message.id });
  runExperiment(message.regime, { signal: controller.signal })
    .then((result) => send({ type: 'result', id: message.id, result }))
    .catch((e: unknown) => send({ type: 'error', id: message.id, message: firstLine(e) }));
});
