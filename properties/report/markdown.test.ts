/**
 * report.md. Guarantees checked here: every verdict (default and overridden) appears with its
 * status, conditions, values and thresholds; the replay command appears in a code block; backend and
 * precision label the numbers; the aggregate appears exactly when some claim has several seeds; an
 * interrupted run is flagged; and no text a run can carry (pipes, newlines, HTML, backticks in
 * details, condition names or scenario names) can break a table row. Numbers have 3 significant
 * digits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInterval, formatMargin, formatNumber, formatPercent } from '../../src/util/format.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildResultFile } from '../../src/result/resultFile.js';
import { proportion } from '../../src/stats/wilson.js';
import { runResultArbitrary } from '../arbitraries/runResult.js';
import { aggregateOf, runInputFromResult, syntheticManifest, syntheticResultFile } from '../fixtures/syntheticRun.js';

/** Every markdown table of a document: rows of cells, split on unescaped pipes. */
function tables(md: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      (current ??= []).push(cells);
    } else if (current) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

function expectWellFormedTables(md: string): void {
  for (const table of tables(md)) {
    const width = table[0]!.length;
    expect(
      table[1]!.every((c) => /^:?-{3}:?$/.test(c)),
      `alignment row ${table[1]!.join('|')}`,
    ).toBe(true);
    for (const row of table) expect(row.length, `row ${row.join(' | ')}`).toBe(width);
  }
}

describe('number formatting (src/util/format.ts, the one convention of every human-facing output)', () => {
  it('uses 4 significant digits, safe integers in full, exponents outside [1e-3, 1e6), ASCII minus, NaN and ∞ spelt out', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(600)).toBe('600');
    expect(formatNumber(12345)).toBe('12345');
    expect(formatNumber(0.000123456)).toBe('1.235e-4');
    expect(formatNumber(1234567.5)).toBe('1.235e+6');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-∞');
    expect(formatNumber(-0.25)).toBe('-0.25');
    expect(formatMargin(0.25)).toBe('+0.25');
    expect(formatMargin(-0.96)).toBe('-0.96');
    expect(formatMargin(0)).toBe('0');
    expect(formatPercent(0.96123)).toBe('96.12 %');
    expect(formatInterval(proportion(190, 200))).toBe('0.95 [0.9104, 0.9726]');
  });

  it('prints a non-integer to at most 4 significant digits, within rounding of its value', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x) && x !== 0),
        (x) => {
          const y = Number(formatNumber(x));
          expect(y).toBe(Number(y.toPrecision(4)));
          expect(Math.abs(y - x)).toBeLessThanOrEqual(0.0005 * Math.abs(x));
        },
      ),
    );
  });
});

describe('renderMarkdown', () => {
  it('shows every verdict, condition, threshold and the replay command of a single run', () => {
    const rf = syntheticResultFile({ seeds: [4] });
    const md = renderMarkdown(rf);
    const run = rf.runs[0]!;
    expect(md).toContain('```sh\nprovably verify paper-small --seed 4 --backend wasm --threads 2\n```');
    expect(md).toContain('backend **wasm 4.22.0** in **float32** precision');
    for (const v of run.verdicts) {
      expect(md).toMatch(new RegExp(`\\| \\*\\*\`${v.id}\`\\*\\* \\| [^|]+\\*\\*${v.status}\\*\\*`));
      for (const c of v.conditions) {
        expect(md).toContain(
          `| ${c.name} | ${formatNumber(c.value)} | ${c.op === '>=' ? '≥' : '≤'} ${formatNumber(c.threshold)} | ${formatMargin(c.margin)} |`,
        );
      }
    }
    for (const a of [...run.assumptions, ...run.preconditions, run.injection!]) expect(md).toContain(`**\`${a.id}\`**`);
    expect(md).toContain(formatInterval(run.measurements.at.robust.feature));
    // One seed: the verdict table already says everything; no aggregate section.
    expect(md).not.toContain('## Expectations over seeds');
    expect(md).not.toContain('[!WARNING]');
    expectWellFormedTables(md);
  });

  it('puts overridden verdicts beside the defaults and names the overrides', () => {
    const rf = syntheticResultFile({ seeds: [0], overrides: { 'ST-1': { ratio: 100 } } });
    const md = renderMarkdown(rf);
    expect(md).toContain('| Status (overrides) | Threshold (overrides) | Margin (overrides) |');
    expect(md).toContain('`ST-1.ratio = 100`');
    const spec = rf.runs[0]!.verdicts.find((v) => v.id === 'ST-1')!;
    const st1 = rf.runs[0]!.overriddenVerdicts!.find((v) => v.id === 'ST-1')!;
    // Same row: the spec's threshold (3·Λ̂), then the overridden one (100·Λ̂) in bold because it differs.
    expect(st1.conditions[0]!.threshold).toBeCloseTo((100 / 3) * spec.conditions[0]!.threshold, 10);
    expect(md).toContain(`| ≥ ${formatNumber(spec.conditions[0]!.threshold)} | ${formatMargin(spec.conditions[0]!.margin)} | `);
    expect(md).toContain(`**≥ ${formatNumber(st1.conditions[0]!.threshold)}**`);
    expect(md).toContain(`- **ST-1** with overrides (${st1.status}):`);
    expectWellFormedTables(md);
  });

  it('shows the aggregate and a verdict matrix over several seeds, and flags an interrupted run', () => {
    const rf = syntheticResultFile({ seeds: [0, 1, 2], interrupted: true });
    const md = renderMarkdown(rf);
    expect(md).toContain('## Expectations over seeds (wasm 4.22.0 · float32)');
    for (const row of rf.aggregate) {
      expect(md).toContain(`| \`${row.scenario}\` | **\`${row.id}\`** | ${row.expect} | ${row.matched}/${row.total}`);
      expect(md).toContain(`| ${formatNumber(row.lowerBound)} |`);
    }
    expect(md).toContain('## Verdicts by run');
    expect(md).toContain('> [!WARNING]');
    expect(md.match(/\*\*Interrupted\.\*\*/g)).toHaveLength(3);
    for (const run of rf.runs) expect(md).toContain(`provably verify paper-small --seed ${run.seed} --backend wasm`);
    expectWellFormedTables(md);
  });

  it('keeps every table intact whatever text a run carries', () => {
    const nasty = fc.constantFrom('a | b', 'line\nbreak', '<b>bold</b>', 'back`tick', 'pipe\\|escaped', '| leading', 'x ||| y');
    fc.assert(
      fc.property(
        fc.array(runResultArbitrary(), { minLength: 1, maxLength: 2 }),
        nasty,
        nasty,
        nasty,
        (results, name, detail, scenario) => {
          const inputs = results.map((r) => {
            const input = runInputFromResult(r, { scenario });
            input.verdicts = input.verdicts.map((v) => ({ ...v, detail, conditions: v.conditions.map((c) => ({ ...c, name })) }));
            input.assumptions = input.assumptions.map((a) => ({ ...a, detail }));
            return input;
          });
          const rf = buildResultFile({ manifest: syntheticManifest(), runs: inputs, aggregate: aggregateOf(inputs) });
          const md = renderMarkdown(rf);
          expectWellFormedTables(md);
          // Raw HTML from a run may appear only inside fenced code blocks (the replay command), where it is literal.
          expect(md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')).not.toContain('<b>');
        },
      ),
      { numRuns: 30 },
    );
  });
});
