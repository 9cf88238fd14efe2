/**
 * Guarantees of the real `provably` process (a handful of spawned runs; the rest of the CLI is
 * tested in-process): bad input exits 2 with one line on stderr, no stack trace and no
 * report folder; `--json` stdout is exactly a valid result.json and the default report folder is
 * `reports/<name>-<timestamp>/` under the working folder when run outside the repository; SIGTERM
 * during training exits 130 with the report marked interrupted; a second SIGINT quits at once and
 * still leaves no half-written file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResultFile, readResultFile } from '../../src/result/resultFile.js';
import { lines, spawnCli, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

describe('the provably process', () => {
  it('bad input: exit 2, one line, no stack trace, nothing written', async () => {
    const cwd = tempDir();
    const scenario = writeScenario(cwd, tinyScenario({ sR: 3, sNR: 14 }));
    const r = await spawnCli(['verify', scenario], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^provably verify: .*scenario\.json: .*sR.*sNR.*P.*\(rule: .+\)\. Fix: .+\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'reports'))).toBe(false);
  });

  it('--json: stdout is exactly a valid result.json, exit 1 for an unmet expectation, and no folder written without --out', async () => {
    const cwd = tempDir();
    const scenario = writeScenario(cwd, tinyScenario({ expect: { 'ST-1': 'fails' } }));
    const r = await spawnCli(['verify', scenario, '--json'], { cwd });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const rf = parseResultFile(r.stdout, '<stdout>');
    expect(rf.runs[0]!.verdicts.find((v) => v.id === 'ST-1')!.status).toBe('holds');
    expect(readdirSync(cwd)).toEqual(['scenario.json']);
  });

  it('SIGTERM during training: exit 130 and the report marked interrupted', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'out');
    const scenario = writeScenario(cwd, tinyScenario({ T: 200_000, logEvery: 1000 }));
    let sent = false;
    const r = await spawnCli(['verify', scenario, '--out', out], {
      cwd,
      onStdout: (chunk, child) => {
        // Training has started once the run's line is out; give it a moment, then stop it.
        if (!sent && chunk.includes('training ST and AT')) {
          sent = true;
          setTimeout(() => child.kill('SIGTERM'), 1500);
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toContain('Interrupted');
    const rf = await readResultFile(join(out, 'result.json'));
    expect(rf.runs[0]!.status).toBe('interrupted');
    expect(rf.runs[0]!.measurements.st.steps).toBeGreaterThan(0);
    expect(rf.runs[0]!.measurements.st.steps).toBeLessThan(200_000);
    expect(rf.runs[0]!.verdicts.every((v) => v.status === 'interrupted')).toBe(true);
  });

  it('a second SIGINT quits at once with 130, leaving either no report or a complete one', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'out');
    const scenario = writeScenario(cwd, tinyScenario({ T: 200_000, logEvery: 1000 }));
    let sent = false;
    const r = await spawnCli(['verify', scenario, '--out', out], {
      cwd,
      onStdout: (chunk, child) => {
        if (!sent && chunk.includes('training ST and AT')) {
          sent = true;
          // Two signals 100 ms apart: the second arrives while the first is still being handled
          // (evaluation and report writing take longer), so it takes the quit-at-once path.
          setTimeout(() => child.kill('SIGINT'), 1000);
          setTimeout(() => child.kill('SIGINT'), 1100);
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).not.toContain('Report:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Atomic writes: the report folder is absent or holds a complete, valid result.json.
    if (existsSync(out)) expect((await readResultFile(join(out, 'result.json'))).runs[0]!.status).toBe('interrupted');
  });
});
