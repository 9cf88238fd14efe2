/**
 * The commands of `provably`, in help order. A command is loaded only when it is run (or its help
 * is asked for), so `provably diff` never pays for loading TensorFlow.js.
 *
 * Adding a command: write `src/cli/commands/<name>.ts` exporting `command: CliCommand` and add one
 * entry here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from './command.js';
import { EXIT } from './exitCodes.js';

/** A registered command: enough to list it in `provably --help`, and a loader for the rest. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `provably --help` (the loaded command's own `summary` is used once loaded). */
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
}

/** A command module exports `command`. */
interface CommandModule {
  command: CliCommand;
}

/**
 * Loads a command file that a build may not contain yet. When neither `<file>.ts` nor `<file>.js`
 * exists, the command is still listed and says so when run (exit 2: the request cannot be served).
 * A file that exists but fails to load is a real error and propagates.
 */
export async function loadOptionalCommand(name: string, summary: string, file: string): Promise<CliCommand> {
  const base = new URL(file, import.meta.url);
  const candidates = [base, new URL(base.href.replace(/\.js$/, '.ts'))];
  if (!candidates.some((url) => existsSync(fileURLToPath(url)))) return unavailableCommand(name, summary);
  // A computed specifier: the file may be absent at type-checking time.
  const mod = (await import(base.href)) as CommandModule;
  return mod.command;
}

/** A stand-in for a command missing from this build. */
export function unavailableCommand(name: string, summary: string): CliCommand {
  return {
    name,
    summary: `${summary} (not available in this build)`,
    configure(cmd) {
      cmd.allowUnknownOption(true).allowExcessArguments(true).argument('[args...]');
    },
    async run(_args, _options, ctx) {
      ctx.io.stderr.write(`provably ${name}: ${name} is not available in this build.\n`);
      return EXIT.USAGE;
    },
  };
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
    load: () => loadOptionalCommand('search', 'search for a regime where a claim fails, and shrink it', './commands/search.js'),
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
    name: 'diff',
    summary: 'compare two result.json files (verdicts and measurements) for CI',
    load: async () => (await import('./commands/diff.js')).command,
  },
]);

/** The registered command of this name, or undefined. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
