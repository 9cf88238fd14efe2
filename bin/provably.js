#!/usr/bin/env node
// Launcher of the compiled CLI (dist/, built by `npm run build`, and by `npm ci` in a clone). One
// process (not a child), so Ctrl-C and SIGTERM reach the CLI's own handlers.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'provably: the compiled CLI (dist/cli/main.js) is missing. Fix: run `npm run build` in the provably folder (`npm ci` builds it too).\n',
  );
  process.exit(2);
}
await import(main.href);
