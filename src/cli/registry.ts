/**
 * The commands of `provably`, in help order. A command is loaded only when it is run (or its help
 * is asked for), so `provably diff` never pays for loading TensorFlow.js.
 *
 * Adding a command: write `src/cli/commands/<name>.ts` exporting `command: CliCommand` and add one
 * entry here.
 */
import type { CliCommand } from './command.js';

/** A registered command: enough to list it in `provably --help`, and a loader for the rest. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `provably --help` (the loaded command's own `summary` is used once loaded). */
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
}

/** Every command of `provably`. */
export const COMMANDS: readonly CommandEntry[] = Object.freeze([
  {
    name: 'verify',
    summary: 'run scenarios, check every claim against its expectation, write a report',
    load: async () => (await import('./commands/verify.js')).command,
  },
  {
    name: 'search',
    summary: 'search for a regime where a claim fails, and shrink it',
    load: async () => (await import('./commands/search.js')).command,
  },
  {
    name: 'export',
    summary: "write a scenario's data, features and weights as NumPy .npy files",
    load: async () => (await import('./commands/export.js')).command,
  },
  {
    name: 'replay',
    summary: 'rerun a run recorded in a result.json and compare',
    load: async () => (await import('./commands/replay.js')).command,
  },
  {
    name: 'sweep',
    summary: 'claim rates over a grid of one or two regime keys, with heatmaps',
    load: async () => (await import('./commands/sweep.js')).command,
  },
  {
    name: 'merge',
    summary: 'join the shards of a sweep or a verify into one result',
    load: async () => (await import('./commands/merge.js')).command,
  },
  {
    name: 'diff',
    summary: 'compare two result.json files (verdicts and measurements) for CI',
    load: async () => (await import('./commands/diff.js')).command,
  },
  {
    name: 'doctor',
    summary: 'list the backends: which load, their versions and threads, and how to fix one that does not',
    load: async () => (await import('./commands/doctor.js')).command,
  },
]);

/** The registered command of this name, or undefined. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
