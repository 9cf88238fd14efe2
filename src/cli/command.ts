/**
 * The shape of a CLI command. Each command is one file in `src/cli/commands/` exporting
 * `command: CliCommand`, plus one entry in `registry.ts`; the program builds the commander
 * subcommand from it. Adding a command never touches another command's file.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import type { ExitCode } from './exitCodes.js';

/** One subcommand of `provably`. */
export interface CliCommand {
  /** The subcommand's name, as typed (`verify`). */
  readonly name: string;
  /** One line for `provably --help`. */
  readonly summary: string;
  /**
   * Declares the arguments, options and help text on `cmd`, a fresh commander subcommand already
   * named and described. Option parsers throw commander's `InvalidArgumentError` with a message that
   * states the rule and the fix (see `options.ts`).
   */
  configure(cmd: Command): void;
  /**
   * Runs the command. `args` are commander's processed arguments (a variadic one is an array),
   * `options` its parsed options. Bad input throws a `UsageError` or `ScenarioError` (exit 2) before
   * any training; everything else is reported through the returned exit code.
   */
  run(args: readonly unknown[], options: Readonly<Record<string, unknown>>, ctx: CliContext): Promise<ExitCode>;
}
