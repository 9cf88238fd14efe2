#!/usr/bin/env node
// Launcher: registers tsx's loader in this process and runs the TypeScript CLI, so users need no
// build step. One process (not a child), so Ctrl-C and SIGTERM reach the CLI's own handlers.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
