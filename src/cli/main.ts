/**
 * The `provably` executable (`npx provably …`, `npm run verify`): wires {@link runCli} to the real
 * process (argv, streams, signals) and exits with its code (docs/cli.md).
 */
import { processContext } from './context.js';
import { installCrashHandlers, installSignalHandlers } from './_internals/processGuards.js';
import { runCli } from './program.js';

installCrashHandlers(process.stderr, process.env.PROVABLY_DEBUG === '1');
// A reader that went away (`provably verify --help | head`) is not an error of ours: stop writing
// to it, finish the command and exit with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
const controller = new AbortController();
installSignalHandlers(controller, process.stderr);

const code = await runCli(process.argv.slice(2), processContext(controller.signal));
// Let piped output (a large --json result) drain before exiting; WASM worker threads, if any,
// would otherwise keep the process alive.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);
