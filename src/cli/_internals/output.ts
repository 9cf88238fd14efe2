/**
 * Where a command's lines go. Results go to stdout. With `--json`, stdout carries result.json and
 * nothing else, so every other line goes to stderr, and only on a terminal (a pipeline reading
 * stderr gets nothing it did not ask for).
 */
import type { CliContext } from '../context.js';

/** Line writers of one command invocation. */
export interface Printer {
  /** A result line (verdict tables, paths); suppressed in JSON mode. */
  out(line?: string): void;
  /** A progress or information line: stdout normally, stderr-on-a-terminal in JSON mode. */
  info(line: string): void;
}

/** The printer for `ctx`; `json` selects JSON mode. */
export function printer(ctx: CliContext, json: boolean): Printer {
  const { stdout, stderr } = ctx.io;
  return {
    out(line = '') {
      if (!json) stdout.write(`${line}\n`);
    },
    info(line) {
      if (!json) stdout.write(`${line}\n`);
      else if (stderr.isTTY) stderr.write(`${line}\n`);
    },
  };
}
