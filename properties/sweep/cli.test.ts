/**
 * Guarantees of `provably sweep`: bad axes exit 2 before any training with one line naming the axis
 * and the fix; a sweep killed mid-grid (a real process, SIGKILL) and resumed gives the same
 * sweep.json cells[] and runs[], and the same run files, as an uninterrupted sweep; its outputs
 * validate against the published schema, which is what the code generates; the HTML report is
 * self-contained with one SVG heatmap per claim.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { sweepFileSchema, sweepJsonSchema } from '../../src/sweep/schema.js';
import { SWEEP_SCHEMA_PATH } from '../../src/sweep/emitSchema.js';
import { lines, runInProcess, spawnCli, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';
import { CLAIM_IDS } from '../../src/regime/schema.js';

const readSweep = (dir: string) => sweepFileSchema.parse(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')));
const runsOf = (dir: string) =>
  Object.fromEntries(
    readdirSync(join(dir, 'runs'))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => [n, JSON.parse(readFileSync(join(dir, 'runs', n), 'utf8')).runs]),
  );

describe('provably sweep: bad axes exit 2 before any training', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown key, with a did-you-mean',
      ['--axis', 'etaa=0.1,0.2'],
      /--axis "etaa=0\.1,0\.2": "etaa" is not a regime key .*Fix: did you mean eta\?/,
    ],
    [
      'a value that fails validation',
      ['--axis', 'd=16,3'],
      /--axis d=3: in the cell d=3, .*\(rule: .+\)\. Fix: .*drop that value from the axis/,
    ],
    ['an empty axis', ['--axis', 'd='], /--axis "d=" has no values: the grid is empty/],
    ['no axis', [], /no --axis given: the grid is empty/],
    ['three axes', ['--axis', 'd=16', '--axis', 'm=3', '--axis', 'T=10'], /3 axes given/],
    ['a --set of an axis key', ['--axis', 'T=10,20', '--set', 'T=2*eta'], /sets T, which is an axis/],
    ['a derived key that breaks a rule', ['--axis', 'eta=0.1,-1', '--set', 'T=8/eta'], /in the cell eta=-1, .*rule:/],
    [
      'an estimate over 2 h',
      ['--axis', 'T=1000000', '--seeds', '200', '--jobs', '1'],
      /sweep estimated at .* ÷ \(1 shard × 1 job\).*the costliest cell is T=1000000.*Fix: .*--force/,
    ],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario());
    const out = join(dir, 'out');
    const r = await runInProcess(['sweep', scenario, ...argv, '--out', out, '--backend', 'wasm']);
    expect(r.code, r.stderr).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe('provably sweep --dry-run: the README example plans as documented', () => {
  it('eta × d with T and m derived by --set: 6 cells with the derived values, nothing trained or written', async () => {
    const argv = [
      'sweep',
      'paper-small',
      '--axis',
      'eta=0.1,0.03,0.01',
      '--axis',
      'd=64,128',
      '--set',
      'T=60/eta',
      '--set',
      'm=floor(log(d)^2)',
      '--seeds',
      '8',
    ];
    // The README documents exactly this command.
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s*\n\s*/g, ' ')).toContain(
      "provably sweep paper-small --axis 'eta=0.1,0.03,0.01' --axis 'd=64,128' --set 'T=60/eta' --set 'm=floor(log(d)^2)' --seeds 8",
    );
    const dir = tempDir();
    const r = await runInProcess([...argv, '--out', join(dir, 'never'), '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const cells = lines(r.stdout).filter((l) => l.startsWith('  eta='));
    expect(cells).toHaveLength(6);
    // T = 60/eta and m = floor(ln(d)²): d = 64 → 17, d = 128 → 23.
    expect(cells.find((l) => l.startsWith('  eta=0.03, d=128:'))).toMatch(/T=2000 m=23 .* per run · inside A0–A8/);
    expect(cells.find((l) => l.startsWith('  eta=0.01, d=64:'))).toMatch(/T=6000 m=17 /);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('provably sweep: killed and resumed equals uninterrupted', () => {
  it('SIGKILL mid-grid, --resume, then cells[], runs[] and the run files equal an uninterrupted sweep', async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario());
    const argv = [
      'sweep',
      scenario,
      '--axis',
      'eta=0.1,0.05',
      '--set',
      'T=8/eta',
      '--seeds',
      '3',
      '--jobs',
      '1',
      '--threads',
      '1',
      '--backend',
      'wasm',
    ];
    const killed = join(dir, 'killed');
    let sent = false;
    const first = await spawnCli([...argv, '--out', killed], {
      onStdout: (chunk, child) => {
        if (!sent && /^\[2\/6\]/m.test(chunk)) {
          sent = true;
          child.kill('SIGKILL');
        }
      },
    });
    expect(sent).toBe(true);
    expect(first.signal).toBe('SIGKILL');
    const journaled = readdirSync(join(killed, 'runs')).filter((n) => n.endsWith('.json'));
    expect(journaled.length).toBeGreaterThanOrEqual(2);
    expect(journaled.length).toBeLessThan(6);
    expect(existsSync(join(killed, 'sweep.json'))).toBe(false);

    const resumed = await runInProcess([...argv, '--resume', killed]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${journaled.length} runs already present, ${6 - journaled.length} run now`));
    const whole = join(dir, 'whole');
    const straight = await runInProcess([...argv, '--out', whole]);
    expect(straight.code, straight.stderr).toBe(0);

    const [a, b] = [readSweep(killed), readSweep(whole)];
    expect(JSON.stringify(a.cells)).toBe(JSON.stringify(b.cells));
    expect(JSON.stringify(a.runs)).toBe(JSON.stringify(b.runs));
    expect(a.runs).toHaveLength(6);
    expect(JSON.stringify(runsOf(killed))).toBe(JSON.stringify(runsOf(whole)));
    expect(a.manifest.interrupted).toBe(false);

    // Counts add up, and the rate and bound follow from them.
    for (const cell of a.cells)
      for (const c of cell.claims) {
        expect(c.holds + c.fails + c.inconclusive).toBe(c.total);
        expect(c.total).toBe(3);
        expect(c.rate).toBeCloseTo(c.holds / 3, 12);
      }
    // Published schema: generated from the code, and sweep.json validates against it.
    expect(JSON.parse(readFileSync(SWEEP_SCHEMA_PATH, 'utf8'))).toEqual(sweepJsonSchema());
    const validate = new Ajv2020({ strict: false }).compile(sweepJsonSchema());
    expect(validate(JSON.parse(readFileSync(join(whole, 'sweep.json'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    // The report: self-contained, one heatmap per claim and one of the step-size criterion, each also as a file.
    const html = readFileSync(join(whole, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(8);
    expect(readdirSync(join(whole, 'heatmaps')).sort()).toEqual([...CLAIM_IDS.map((id) => `${id}.svg`), 'smooth-descent.svg'].sort());
    for (const cell of a.cells) expect(cell.descent.total).toBe(3);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(readFileSync(join(whole, 'report.md'), 'utf8')).toMatch(/\| eta=0\.1 ∉ A3,A8 \| \d+\/\d+\/\d+\/\d+ · /);
    // A second sweep into the same folder without --resume is refused.
    const again = await runInProcess([...argv, '--out', whole]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a sweep .*Fix: pass --resume/);
  });
});
