/**
 * What a command may touch besides its arguments: output streams, the interruption signal, the
 * environment and the working folder. Commands never reach for `process` themselves, so tests run
 * them in-process with captured output and their own abort signal.
 */

/** A text sink, such as `process.stdout`. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: progress bars and colours only appear there. */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/** Standard output and standard error. */
export interface CliIo {
  /** Results: verdict tables, `--json` output, report paths. */
  stdout: OutputStream;
  /** Diagnostics: progress bars, notes, error lines. */
  stderr: OutputStream;
}

/** Everything a command runs with. */
export interface CliContext {
  io: CliIo;
  /** Aborted on the first SIGINT/SIGTERM: training stops between steps. */
  signal: AbortSignal;
  /** Environment variables (`NO_COLOR`, `PROVABLY_BACKEND`, …). */
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths are resolved against. */
  cwd: string;
  /** The current time (reports' folder names); injectable for tests. */
  now: () => Date;
}

/** A context for the real process: its streams, environment and folder. */
export function processContext(signal: AbortSignal): CliContext {
  return { io: { stdout: process.stdout, stderr: process.stderr }, signal, env: process.env, cwd: process.cwd(), now: () => new Date() };
}
