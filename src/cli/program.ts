/**
 * `runCli`: the whole command line as a function of argv and a {@link CliContext}, returning the
 * exit code. `main.ts` wires it to the real process; tests call it in-process.
 */
import { Command, CommanderError } from 'commander';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exitCodes.js';
import { COMMANDS, findCommand } from './registry.js';
import { describeError } from './_internals/describeError.js';
import { toolInfo } from '../result/toolInfo.js';

const EXIT_CODES_HELP = `
Exit codes (docs/cli.md):
  0    every expectation met (diff: no regression)
  1    an expectation not met (diff/replay: a verdict changed; search: a counterexample found)
  2    bad input or usage, before any training; nothing is written
  130  interrupted (Ctrl-C, SIGTERM); the partial report is marked interrupted

Examples:
  provably verify paper-small
  provably verify paper-small --seeds 8 --out reports/ps8
  provably export paper-small --seed 0 --out export/ps0
  provably diff baseline/result.json reports/ps8/result.json`;

/** The command a user asked for: the first non-option argument (after `help`, the one it names). */
export function invokedCommandName(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * One line for a commander parse error (unknown option, missing argument, invalid value), naming the
 * flag and the value, with a fix: commander's suggestion when it has one, else the command's help.
 */
export function formatParseError(err: CommanderError, commandPath: string): string {
  // A bad option argument reads "option '--seeds <N>' argument '0' is invalid. (rule: …). Fix: …":
  // commander's sentence is the issue's summary, so it runs straight into the rule.
  const text = err.message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\. \(rule: /, ' (rule: ')
    .trim();
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(text);
  const body = text.replace(/\s*\(Did you mean .+?\?\)/, '');
  const hasFix = /\bFix:/.test(body);
  const fix = suggestion ? `Fix: did you mean ${suggestion[1]}?` : hasFix ? '' : `Fix: see ${commandPath} --help.`;
  return `${commandPath}: ${body}${/[.?!]$/.test(body) ? '' : '.'}${fix ? ` ${fix}` : ''}`;
}

/** The commander program, with only `loaded` (if any) fully defined; the rest are listed by name. */
function buildProgram(ctx: CliContext, loaded: CliCommand | undefined, onRun: (code: ExitCode) => void): Command {
  const program = new Command('provably');
  program
    .description('The theorems of Li & Li (arXiv:2410.08503) as executable checks on a real TensorFlow.js model.')
    .version(toolInfo().version, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
      // Parse errors are printed by runCli as one line with a fix; commander's own print is dropped.
      outputError: () => undefined,
    })
    .addHelpText('after', EXIT_CODES_HELP);
  for (const entry of COMMANDS) {
    const sub = program.command(entry.name).description(loaded?.name === entry.name ? loaded.summary : entry.summary);
    if (loaded?.name !== entry.name) continue;
    loaded.configure(sub);
    sub.action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      onRun(await loaded.run(self.processedArgs as unknown[], self.opts(), ctx));
    });
  }
  return program;
}

/**
 * Runs `provably <argv…>` and returns the exit code (docs/cli.md). Never throws: every error is
 * printed to `ctx.io.stderr` as one line (see `describeError`).
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const name = invokedCommandName(argv);
  const entry = name === undefined ? undefined : findCommand(name);
  const prefix = entry ? `provably ${entry.name}` : 'provably';
  const fail = (e: unknown): ExitCode => {
    const report = describeError(e, prefix, ctx.env.PROVABLY_DEBUG === '1');
    for (const line of report.lines) ctx.io.stderr.write(`${line}\n`);
    return report.code;
  };
  let loaded: CliCommand | undefined;
  try {
    loaded = entry ? await entry.load() : undefined;
  } catch (e) {
    return fail(e);
  }
  let code: ExitCode | undefined;
  const program = buildProgram(ctx, loaded, (c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.OK; // --help, --version
      if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return EXIT.USAGE;
      ctx.io.stderr.write(`${formatParseError(e, prefix)}\n`);
      return EXIT.USAGE;
    }
    return fail(e);
  }
  return code ?? EXIT.OK;
}
