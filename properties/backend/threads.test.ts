/**
 * Guarantees: the WASM threads shim (src/backend/wasmThreads.ts, written for tfjs 4.22.0) starts a
 * 2-thread backend in Node, the backend reports the thread count it really runs with, and the real
 * training steps and a plain matrix product give the same results with 2 threads as with 1, to
 * float32 rounding (XNNPACK splits the work differently, so bitwise equality is not expected); a
 * process using 2 threads ends by itself when its work is done.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SHIM_TFJS_VERSION } from '../../src/backend/wasmThreads.js';
import { relativeError } from '../helpers/engine.js';

interface ChildOut {
  error?: string;
  backend: string;
  threads: number;
  notes: string[];
  st: number[];
  stCheck: number[];
  at: number[];
  atCheck: number[];
  matmul: number[];
}

const child = fileURLToPath(new URL('../backend/threads.child.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(threads: number, mode = 'exit'): Promise<ChildOut> {
  return new Promise((resolve, reject) => {
    execFile(tsx, [child, String(threads), mode], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const out = JSON.parse(line) as ChildOut;
        if (out.error) reject(new Error(`child with ${threads} thread(s): ${out.error}`));
        else resolve(out);
      } catch {
        reject(new Error(`child with ${threads} thread(s) printed no result${err ? `: ${err.message.split('\n')[0]}` : ''}`));
      }
    });
  });
}

describe('WASM threads shim', () => {
  it('is pinned to the installed tfjs version', () => {
    expect(tf.version.tfjs).toBe(SHIM_TFJS_VERSION);
  });

  it('runs 2 threads, reports them, and matches 1 thread to float32 rounding', async () => {
    const [one, two] = await Promise.all([run(1), run(2)]);
    expect(one.backend).toBe('wasm');
    expect(one.threads).toBe(1);
    expect(two.backend).toBe('wasm');
    expect(two.threads).toBe(2);
    expect(two.notes.filter((s) => /thread/i.test(s))).toEqual([]);
    expect(relativeError(two.matmul, one.matmul)).toBeLessThan(1e-6);
    expect(relativeError(two.st, one.st)).toBeLessThan(1e-6);
    expect(relativeError(two.at, one.at)).toBeLessThan(1e-5);
    expect(relativeError(two.stCheck, one.stCheck)).toBeLessThan(1e-6);
    expect(relativeError(two.atCheck, one.atCheck)).toBeLessThan(1e-5);
  });

  it('lets a 2-thread process exit by itself', async () => {
    // execFile's timeout kills a process that hangs at exit; the result line is then still there,
    // but err is set, so check both.
    const started = Date.now();
    const out = await new Promise<{ err: Error | null; stdout: string }>((resolve) =>
      execFile(tsx, [child, '2', 'natural'], { timeout: 90_000 }, (err, stdout) => resolve({ err, stdout: String(stdout) })),
    );
    expect(out.stdout).toContain('"done":true');
    expect(out.err, `exited after ${Date.now() - started} ms`).toBeNull();
  });
});
