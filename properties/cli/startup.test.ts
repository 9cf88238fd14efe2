/**
 * Start-up cost of the CLI: `--help` of every command and argument errors print without loading
 * TensorFlow.js, mathjs or the plotting libraries (the costliest imports; `provably verify --help`
 * took 1.6–2.3 s on a loaded machine when it loaded them). Checked by which packages the process
 * loads, not by timing it: the time is measured by `npm run bench` (the wall section).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/registry.js';
import { MAIN, tempDir } from '../cli.helpers.js';

/** Packages whose import costs tenths of a second; none of them is needed to parse argv. */
const HEAVY = ['mathjs', '@tensorflow', 'vega', 'vega-lite', 'vega-embed'];

/** Writes a CommonJS preload and an ESM hook that log every module the process loads to `log`. */
function tracer(dir: string): { require: string; import: string; log: string } {
  const log = join(dir, 'loaded.txt');
  const cjs = join(dir, 'trace.cjs');
  writeFileSync(
    cjs,
    `const Module = require('node:module'); const fs = require('node:fs'); const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { fs.appendFileSync(${JSON.stringify(log)}, Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return load.apply(this, arguments);
};\n`,
  );
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return { require: cjs, import: register, log };
}

/** The packages (`node_modules/<name>` or `@scope`) a run of `provably <argv>` loaded, and its exit code. */
async function packagesLoaded(argv: readonly string[]): Promise<{ code: number; packages: Set<string> }> {
  const dir = tempDir('provably-startup-');
  const trace = tracer(dir);
  writeFileSync(trace.log, '');
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(
    process.execPath,
    ['--require', trace.require, '--import', tsx, '--import', pathToFileURL(trace.import).href, MAIN, ...argv],
    {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: 'ignore',
    },
  );
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? -1));
  });
  const packages = new Set<string>();
  for (const line of readFileSync(trace.log, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+)|[^/]+)\//.exec(line);
    if (m) packages.add(m[1]!);
  }
  return { code, packages };
}

describe('CLI start-up', () => {
  const cases: [string[], number][] = [
    [['--help'], 0],
    ...COMMANDS.map((c): [string[], number] => [[c.name, '--help'], 0]),
    [['verify', '--seeds', 'x'], 2],
    [['verify', 'no-such-scenario'], 2],
    [['search', 'XX-9'], 2],
    [['nosuchcommand'], 2],
  ];
  it.each(cases)('provably %j loads none of the heavy packages', { timeout: 120_000 }, async (argv, expectedCode) => {
    const { code, packages } = await packagesLoaded(argv);
    expect(code).toBe(expectedCode);
    // The trace works: commander, which parses argv, is seen.
    expect(packages).toContain('commander');
    expect([...packages].filter((p) => HEAVY.includes(p))).toEqual([]);
  });
});
