/**
 * Helpers of the CLI properties: tiny scenario files, the CLI run in-process with captured output,
 * and the real CLI spawned as a child process. Not a test file itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliContext, OutputStream } from '../src/cli/context.js';
import { runCli } from '../src/cli/program.js';

/** The CLI entry point. */
export const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/**
 * A tiny scenario (k=2, d=16, P=16, nTrain=nTest=20, T=80): one run takes well under a second.
 * With seed 1 standard training fits the training set (R1 holds), ST-1 and ST-2 hold with a wide
 * margin and AT-4 fails, so expectations on those are decided, not inconclusive.
 */
export function tinyScenario(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    description: 'a tiny regime for CLI tests',
    expect: { 'ST-1': 'holds', 'ST-2': 'holds', 'AT-4': 'fails' },
    seed: 1,
    k: 2,
    d: 16,
    P: 16,
    sR: 1,
    sNR: 14,
    alphaMin: 0.8,
    alphaMax: 0.8,
    betaMin: 0.5,
    betaMax: 0.5,
    sigmaN: 0.05,
    nTrain: 20,
    nTest: 20,
    m: 3,
    T: 80,
    logEvery: 10,
    eps: 0.5,
    evalSteps: 3,
    ...over,
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'provably-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a scenario object (or raw text) as `<dir>/<file>` and returns its path. */
export function writeScenario(dir: string, scenario: unknown, file = 'scenario.json'): string {
  const path = join(dir, file);
  writeFileSync(path, typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2));
  return path;
}

/** A captured output stream. */
export interface Captured extends OutputStream {
  text(): string;
}

/** An output stream that records what is written; `onWrite` sees each chunk. */
export function capture(isTTY = false, onWrite?: (chunk: string) => void): Captured {
  let buffer = '';
  return {
    isTTY,
    columns: 120,
    write(chunk: string) {
      buffer += chunk;
      onWrite?.(chunk);
      return true;
    },
    text: () => buffer,
  };
}

/** Outcome of a CLI invocation. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runInProcess}. */
export interface InProcessOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Make stderr look like a terminal (progress bars). */
  ttyStderr?: boolean;
  /** Called with each stderr chunk and the run's abort controller. */
  onStderr?: (chunk: string, controller: AbortController) => void;
  /** Called with each stdout chunk and the run's abort controller. */
  onStdout?: (chunk: string, controller: AbortController) => void;
}

/** Runs `provably <argv>` in this process with captured output. */
export async function runInProcess(argv: readonly string[], options: InProcessOptions = {}): Promise<CliOutcome> {
  const controller = new AbortController();
  const stdout = capture(false, (chunk) => options.onStdout?.(chunk, controller));
  const stderr = capture(options.ttyStderr ?? false, (chunk) => options.onStderr?.(chunk, controller));
  const ctx: CliContext = {
    io: { stdout, stderr },
    signal: controller.signal,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: () => new Date(),
  };
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Options of {@link spawnCli}. */
export interface SpawnOptions {
  cwd?: string;
  /** Called with each stdout chunk and the child (to send it a signal). */
  onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void;
  timeoutMs?: number;
}

/**
 * Spawns the real CLI (`node --import tsx src/cli/main.ts …`) as one process, so that a signal sent
 * to it reaches the CLI itself. stdin is closed, stdout and stderr are pipes (not terminals).
 */
export function spawnCli(argv: readonly string[], options: SpawnOptions = {}): Promise<CliOutcome & { signal: NodeJS.Signals | null }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, MAIN, ...argv], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', PROVABLY_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(chunk, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
}

/** Lines of a text, without the empty last one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
}
