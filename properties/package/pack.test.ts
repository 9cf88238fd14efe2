/**
 * The package as a user gets it: `npm pack` the repository, install the tarball into an empty
 * project in a temp folder (outside the repository, so nothing resolves through our own
 * node_modules), then use it there exactly as the README says: `import('provably')` and
 * `import('provably/conformance')` in plain Node, `provably/conformance/vitest` under vitest, and
 * `npx provably --help` and `npx provably verify` on a scenario of the project, and the library and
 * `--help` on Node 22 and 24 (the npm registry's node package). Installs prefer npm's cache (the repository's own `npm ci` filled it), so
 * the test needs the registry only for a cold cache. Install scripts are skipped: the test is about
 * what the tarball holds and how it resolves, not about provisioning native backends.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const vitestVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;

let tmp = '';
let project = '';
let tarball = '';

/** Runs a command in the scratch project; returns its exit code and both streams. */
function run(cmd: string, args: string[], cwd = project): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'provably-pack-'));
  // `npm pack` runs prepack (the full build: JS and .d.ts) and prints the tarball's name last.
  const out = execFileSync(NPM, ['pack', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  tarball = join(tmp, out.trim().split('\n').pop()!);
  project = join(tmp, 'scratch');
  execFileSync('mkdir', [project]);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const install = run(NPM, [
    'install',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    tarball,
    `vitest@${vitestVersion}`,
  ]);
  if (install.status !== 0) throw new Error(`npm install of the tarball failed (${install.status}):\n${install.stderr}`);
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed tarball, installed into an empty project', () => {
  it('holds compiled JS and .d.ts for every export, the launcher, scenarios and schemas, and no TypeScript source', () => {
    const pkgDir = join(project, 'node_modules', 'provably');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string } | string>;
      bin: Record<string, string>;
    };
    for (const [sub, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(target.default, sub).toMatch(/\.js$/);
      expect(existsSync(join(pkgDir, target.default)), `${sub} → ${target.default}`).toBe(true);
      expect(existsSync(join(pkgDir, target.types)), `${sub} → ${target.types}`).toBe(true);
    }
    expect(existsSync(join(pkgDir, pkg.bin.provably!))).toBe(true);
    expect(readdirSync(join(pkgDir, 'scenarios'))).toContain('paper-small.json');
    expect(existsSync(join(pkgDir, 'schemas', 'result.schema.json'))).toBe(true);
    expect(existsSync(join(pkgDir, 'src'))).toBe(false);
  });

  it('imports provably and provably/conformance in plain Node', () => {
    const script = [
      "const api = await import('provably');",
      "const conf = await import('provably/conformance');",
      "if (typeof api.loadScenario !== 'function') throw new Error('loadScenario missing: ' + Object.keys(api));",
      "if (typeof conf.checkTrainer !== 'function') throw new Error('checkTrainer missing: ' + Object.keys(conf));",
      "const s = api.loadScenario('paper-small');",
      "console.log('ok', s.name, s.regime.d);",
    ].join('\n');
    const r = run('node', ['--input-type=module', '-e', script]);
    expect(r.stderr).not.toMatch(/ERR_/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('ok paper-small 64');
  });

  it('runs provably/conformance/vitest under vitest: one cheap check on the reference trainer passes', () => {
    writeFileSync(
      join(project, 'conformance.test.js'),
      [
        "import { referenceTrainer } from 'provably/conformance';",
        "import { describeTrainer } from 'provably/conformance/vitest';",
        "describeTrainer('reference', referenceTrainer, { only: ['attack.budget'] });",
        '',
      ].join('\n'),
    );
    // The verbose reporter names every test, in CI (CI=true) as on a terminal.
    const r = run('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose', '--root', project, 'conformance.test.js']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/attack\.budget/);
    expect(r.stdout).toMatch(/1 passed/);
  });

  // The Node lines engines declares besides the machine's (20), from the npm registry's node package.
  it.each(['22', '24'])("works on Node %s too (the npm registry's node package): library import and CLI --help", (major) => {
    const script =
      "const api = await import('provably'); await import('provably/conformance'); console.log(process.versions.node.split('.')[0], typeof api.loadScenario);";
    // One npx per version (each costs seconds): the import, then the CLI, under that node.
    const bin = join('node_modules', 'provably', 'bin', 'provably.js');
    const r = run('npx', ['-y', '-p', `node@${major}`, '-c', `node --input-type=module -e "${script}" && node ${bin} --help`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`${major} function`);
    expect(r.stdout).toMatch(/^Usage: provably /m);
  });

  it('npx provably verify trains and judges a scenario file of the project (WASM), with an npx replay line', () => {
    writeFileSync(
      join(project, 'tiny.json'),
      JSON.stringify({
        name: 'tiny',
        expect: { 'AT-4': 'holds' },
        seed: 1,
        k: 2,
        d: 16,
        P: 16,
        sR: 1,
        sNR: 14,
        alphaMin: 0.8,
        alphaMax: 0.8,
        betaMin: 0.5,
        betaMax: 0.5,
        sigmaN: 0.05,
        nTrain: 20,
        nTest: 20,
        m: 3,
        T: 40,
        logEvery: 10,
        eps: 0.5,
        evalSteps: 3,
      }),
    );
    const r = run('npx', ['--no-install', 'provably', 'verify', 'tiny.json', '--backend', 'wasm', '--out', 'rep']);
    // AT-4 fails on this regime: an expectation not met (exit 1), the report written.
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^Replay tiny AT-4 \(seed 1: fails, margin -1\): npx provably verify tiny\.json --seed 1 --backend wasm --threads 1$/m,
    );
    const result = JSON.parse(readFileSync(join(project, 'rep', 'result.json'), 'utf8')) as {
      runs: { replay: string }[];
      manifest: { backend: string };
    };
    expect(result.manifest.backend).toBe('wasm');
    expect(result.runs[0]!.replay).toBe('provably verify tiny.json --seed 1 --backend wasm --threads 1');
  });

  it('npx provably --help prints the usage and exits 0', () => {
    const r = run('npx', ['--no-install', 'provably', '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: provably /m);
    expect(r.stdout).toMatch(/verify/);
  });
});
