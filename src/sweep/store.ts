/**
 * The journal of a sweep: one file per finished run, `runs/c<cell>-s<seed>.json`, each a complete
 * result.json with that one run (so `provably replay` reruns it). Written temp-then-rename, so after
 * Ctrl-C, SIGKILL or a crash every file present is whole; `--resume` skips them. Interrupted runs
 * are never written: they run again.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { readResultFile, serializeResultFile, type ResultFile, type RunRecord } from '../result/resultFile.js';

/** The folder of run files inside a sweep folder. */
export const RUNS_DIR = 'runs';

/** `runs/c003-s1000.json`, relative to the sweep folder. */
export function runFileName(cell: number, seed: number): string {
  return `${RUNS_DIR}/c${String(cell).padStart(3, '0')}-s${seed}.json`;
}

const RUN_FILE = /^c(\d+)-s(\d+)\.json$/;

/** The (cell, seed) of every run file present in `dir` (temporary files are ignored). */
export function presentRuns(dir: string): { cell: number; seed: number }[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, RUNS_DIR));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = RUN_FILE.exec(n);
    return m ? [{ cell: Number(m[1]), seed: Number(m[2]) }] : [];
  });
}

/** Writes one finished run. */
export async function writeRunFile(dir: string, cell: number, file: ResultFile): Promise<string> {
  const run = file.runs[0]!;
  return writeFileAtomic(join(dir, runFileName(cell, run.seed)), serializeResultFile(file));
}

/** Reads one run file back. @throws ResultFileError */
export async function readRunFile(dir: string, cell: number, seed: number): Promise<{ file: ResultFile; run: RunRecord }> {
  const file = await readResultFile(join(dir, runFileName(cell, seed)));
  return { file, run: file.runs[0]! };
}
