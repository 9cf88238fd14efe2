/**
 * Replay and resume lines: result.json keeps the canonical `provably …` command; every line the CLI
 * prints renders it for where the user is, through one renderer (`replayRenderer`): unchanged with
 * `provably` on PATH, `npm run provably -- …` under an npm script of provably's own folder (a
 * clone), `npx provably …` otherwise. Checked on verify's replay line for an expectation not met,
 * its shard line, and sweep's resume line after Ctrl-C, whose command is run to show it works.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayRenderer } from '../../src/cli/_internals/ciOutput.js';
import { runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

/** The environment npm gives a script of provably's own package.json (`npm run provably -- …`). */
const NPM_SCRIPT_ENV = { PATH: '/nonexistent', npm_package_name: 'provably', npm_lifecycle_event: 'provably', npm_command: 'run-script' };

/** Splits a printed command the way a POSIX shell would for the quoting `shellQuote` produces. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return words;
}

describe('the replay renderer', () => {
  const canonical = "provably verify 'my scenario.json' --seed 3 --backend wasm --threads 1";
  it('leaves the command alone when provably is on PATH (not counting node_modules/.bin)', () => {
    const dir = tempDir();
    const bin = join(dir, 'bin');
    const nm = join(dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(nm, { recursive: true });
    writeFileSync(join(nm, 'provably'), '#!/bin/sh\n');
    expect(replayRenderer({ PATH: nm })(canonical)).toBe(`npx ${canonical}`);
    writeFileSync(join(bin, 'provably'), '#!/bin/sh\n');
    expect(replayRenderer({ ...NPM_SCRIPT_ENV, PATH: [nm, bin].join(delimiter) })(canonical)).toBe(canonical);
  });

  it('says npm run provably -- … under an npm script of provably itself, npx otherwise', () => {
    expect(replayRenderer(NPM_SCRIPT_ENV)(canonical)).toBe(
      "npm run provably -- verify 'my scenario.json' --seed 3 --backend wasm --threads 1",
    );
    expect(replayRenderer({ ...NPM_SCRIPT_ENV, npm_lifecycle_event: 'verify' })(canonical)).toMatch(/^npm run provably -- verify /);
    // npx in the clone (npm exec) and another project's npm script: npx.
    expect(replayRenderer({ ...NPM_SCRIPT_ENV, npm_lifecycle_event: 'npx', npm_command: 'exec' })(canonical)).toBe(`npx ${canonical}`);
    expect(replayRenderer({ ...NPM_SCRIPT_ENV, npm_package_name: 'my-app' })(canonical)).toBe(`npx ${canonical}`);
    expect(replayRenderer({})(canonical)).toBe(`npx ${canonical}`);
    // Anything that is not a provably command is shown as it is.
    expect(replayRenderer({})('npm test')).toBe('npm test');
  });
});

describe('printed replay and resume lines', () => {
  it(
    'verify: an expectation not met prints its worst seed and the replay command for where the user is',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const scenario = writeScenario(dir, tinyScenario({ expect: { 'AT-4': 'holds' } }));
      const stored = join(dir, 'rep');
      const npx = await runInProcess(['verify', scenario, '--backend', 'wasm', '--out', stored], { env: { PATH: '/nonexistent' } });
      expect(npx.code, npx.stderr).toBe(1);
      const canonical = JSON.parse(readFileSync(join(stored, 'result.json'), 'utf8')).runs[0].replay as string;
      expect(canonical).toMatch(/^provably verify /);
      expect(npx.stdout).toContain(`Replay tiny AT-4 (seed 1: fails, margin -1): npx ${canonical}\n`);
      const script = await runInProcess(['verify', scenario, '--backend', 'wasm', '--out', join(dir, 'rep2')], { env: NPM_SCRIPT_ENV });
      expect(script.code).toBe(1);
      expect(script.stdout).toContain(
        `Replay tiny AT-4 (seed 1: fails, margin -1): npm run provably -- ${canonical.slice('provably '.length)}\n`,
      );
      // The printed command replays that run: same scenario, seed and backend.
      const words = shellWords(npx.stdout.match(/: npx (provably verify .*)$/m)![1]!);
      const again = await runInProcess([...words.slice(1), '--json'], { env: { PATH: '/nonexistent' } });
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stdout).runs[0].replay).toBe(canonical);
    },
  );

  it('verify --shard: the merge hint goes through the renderer', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario({ expect: {} }));
    const r = await runInProcess(['verify', scenario, '--seeds', '2', '--shard', '1/2', '--backend', 'wasm', '--out', join(dir, 's1')], {
      env: { PATH: '/nonexistent' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('join the shards with npx provably merge <dir…> --out DIR');
  });

  it('sweep: Ctrl-C prints a resume command that continues the sweep', { timeout: 180_000 }, async () => {
    const cwd = tempDir();
    writeScenario(cwd, tinyScenario(), 'tiny.json');
    const argv = [
      'sweep',
      'tiny.json',
      '--axis',
      'eta=0.1,0.05',
      '--set',
      'T=4/eta',
      '--seeds',
      '2',
      '--jobs',
      '1',
      '--backend',
      'wasm',
      '--out',
      'sw',
    ];
    const cut = await runInProcess(argv, {
      cwd,
      env: { PATH: '/nonexistent' },
      onStdout: (chunk, controller) => {
        if (/^\[1\/4\]/m.test(chunk)) controller.abort();
      },
    });
    expect(cut.code, cut.stdout + cut.stderr).toBe(130);
    const line = /^Interrupted: resume with (.*) \(exit 130\)\.$/m.exec(cut.stdout)?.[1];
    expect(line).toBe('npx provably sweep tiny.json --axis eta=0.1,0.05 --set T=4/eta --seeds 2 --backend wasm --jobs 1 --resume sw');
    const words = shellWords(line!);
    expect(words.slice(0, 2)).toEqual(['npx', 'provably']);
    const resumed = await runInProcess(words.slice(2), { cwd, env: { PATH: '/nonexistent' } });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const [, present, now] = /(\d) runs? already present, (\d) run now\./.exec(resumed.stdout) ?? [];
    expect(Number(present)).toBeGreaterThanOrEqual(1);
    expect(Number(present) + Number(now)).toBe(4);
    expect(JSON.parse(readFileSync(join(cwd, 'sw', 'sweep.json'), 'utf8')).runs).toHaveLength(4);
  });
});
