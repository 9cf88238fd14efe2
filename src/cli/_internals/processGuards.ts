/**
 * Process-level handlers of the CLI entry point: interruption (SIGINT/SIGTERM) and errors that
 * escape every `try` (uncaught exceptions, unhandled rejections).
 *
 * Why prepend: TensorFlow.js' WASM module registers its own `uncaughtException` handler that
 * rethrows, which makes Node print the offending line of its minified source (the whole file).
 * Ours runs first, prints one line and exits, so that handler never runs.
 */
import type { OutputStream } from '../context.js';
import { EXIT } from '../exitCodes.js';
import { describeError } from './describeError.js';

/**
 * On the first SIGINT/SIGTERM, aborts `controller` (training stops between steps and the partial
 * report is written); on the second, exits 130 at once. Every file write is temp-then-rename, so an
 * immediate exit never leaves a half-written file.
 */
export function installSignalHandlers(controller: AbortController, stderr: OutputStream): void {
  let received = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      controller.abort(new Error(`received ${signal}`));
      if (stderr.isTTY) {
        stderr.write(
          `\n${signal}: stopping after the current training step and writing the partial report; press Ctrl-C again to quit at once.\n`,
        );
      }
      return;
    }
    if (stderr.isTTY) stderr.write(`\n${signal} again: quitting now.\n`);
    process.exit(EXIT.INTERRUPTED);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Prints any error that escaped as one line (see `describeError`) and exits with its code. */
export function installCrashHandlers(stderr: OutputStream, debug: boolean): void {
  const crash = (e: unknown) => {
    const report = describeError(e, 'provably', debug);
    for (const line of report.lines) stderr.write(`${line}\n`);
    process.exit(report.code);
  };
  process.prependListener('uncaughtException', crash);
  process.prependListener('unhandledRejection', crash);
}
