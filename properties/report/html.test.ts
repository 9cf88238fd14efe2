/**
 * report.html, its plots, and the report folder. Guarantees checked here: the page is one
 * self-contained file (no URL other than the SVG/XLink namespaces, no script, no external
 * resource); it is well-formed (every element closed and nested, every id unique, so a browser
 * builds the intended tree; with python3 it also parses as XML); it carries four inline SVG plots
 * per run plus a seed-spread plot over several runs; it shows every verdict, the replay command,
 * backend and precision, and an interrupted banner exactly for interrupted runs; text from a run is
 * escaped; the plot data is the run's data; and writeReport writes the three files atomically, with
 * the sections and files a caller adds.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { accuracyTraceSpec, featureTraceSpec, prefixSvgIds, robustnessSpec, runPlotSpecs } from '../../src/report/plots.js';
import { buildResultFile, readResultFile } from '../../src/result/resultFile.js';
import { writeReport } from '../../src/report/writeReport.js';
import { runInputFromResult, syntheticManifest, syntheticResultFile, syntheticRunResult } from '../fixtures/syntheticRun.js';

const HAS_PYTHON = spawnSync('python3', ['-c', 'import xml.etree.ElementTree'], { stdio: 'ignore' }).status === 0;

/** Every http(s) URL in the text that is not an XML namespace of the W3C. */
function externalUrls(html: string): string[] {
  return [...html.matchAll(/https?:\/\/[^\s"'<>)]*/gi)]
    .map((m) => m[0])
    .filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(u));
}

/**
 * Checks that the markup is well-formed: every `<` opens a tag, comment or doctype; every element
 * is closed in order (or self-closed); `&` only starts an entity. Returns the problems found.
 */
function wellFormednessProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+(?:\s*=\s*"[^"]*")?)*)\s*(\/?)>/y;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const text = html.slice(i, lt === -1 ? html.length : lt);
    for (const m of text.matchAll(/&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)/g)) problems.push(`bare & at ${i + m.index}`);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt);
      if (end === -1) return [...problems, 'unterminated comment'];
      i = end + 3;
      continue;
    }
    if (html.startsWith('<!DOCTYPE', lt)) {
      i = html.indexOf('>', lt) + 1;
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(html);
    if (m === null) {
      problems.push(`malformed tag at ${lt}: ${html.slice(lt, lt + 40)}`);
      i = lt + 1;
      continue;
    }
    const [whole, closing, name, , selfClosing] = m;
    const lower = name!.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== lower) problems.push(`</${lower}> closes <${open}> at ${lt}`);
    } else if (!selfClosing) {
      stack.push(lower);
      if (lower === 'style' || lower === 'script') {
        // Raw text until the closing tag.
        const end = html.indexOf(`</${lower}>`, lt);
        i = end;
        continue;
      }
    }
    i = lt + whole!.length;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

function expectSelfContainedAndWellFormed(html: string): void {
  expect(externalUrls(html)).toEqual([]);
  expect(html).not.toMatch(/<(script|link|iframe|img|object|embed|image)[\s>]|@import|<[^>]*\s(src|srcset|action)=/i);
  expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]).filter((u) => !u!.startsWith('#'))).toEqual([]);
  expect(wellFormednessProblems(html)).toEqual([]);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.length).toBe(new Set(ids).size);
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
}

describe('the well-formedness check itself', () => {
  it('finds misnested and unclosed elements, stray < and bare &', () => {
    expect(wellFormednessProblems('<div><span></div></span>')).not.toEqual([]);
    expect(wellFormednessProblems('<p>open')).toEqual(['unclosed: p']);
    expect(wellFormednessProblems('<p>a < b</p>').length).toBeGreaterThan(0);
    expect(wellFormednessProblems('<p>a & b</p>')).toEqual(['bare & at 5']);
    expect(wellFormednessProblems('<p class="x">a &amp; b<br /></p>')).toEqual([]);
  });
});

describe('renderHtml', () => {
  it('a single run: self-contained, well-formed, four inline SVG plots, every verdict and the replay command', async () => {
    const rf = syntheticResultFile({ seeds: [4] });
    const html = await renderHtml(rf);
    expectSelfContainedAndWellFormed(html);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(4);
    const run = rf.runs[0]!;
    expect(html).toContain(`<code>${escapeHtml(run.replay)}</code>`);
    for (const v of run.verdicts) expect(html).toContain(`<td><strong><code>${v.id}</code></strong></td>`);
    expect(html).toContain('<strong>wasm 4.22.0</strong> in <strong>float32</strong> precision');
    expect(html).not.toContain('class="banner"');
    expect(html).not.toContain('id="aggregate"');
  });

  it('several runs with overrides and an interruption: aggregate, verdict matrix, seed-spread plot, banners', async () => {
    const rf = syntheticResultFile({ seeds: [0, 1], interrupted: true, overrides: { 'AT-3': { minFeatureRobustGain: 0.1 } } });
    const html = await renderHtml(rf);
    expectSelfContainedAndWellFormed(html);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(2 * 4 + 1);
    expect(html).toContain('id="aggregate"');
    expect(html).toContain('<caption>Verdicts by run</caption>');
    expect(html.match(/class="banner" role="alert"/g)).toHaveLength(2);
    expect(html).toContain('Status (overrides)');
    expect(html).toContain(escapeHtml('AT-3.minFeatureRobustGain = 0.1'));
  });

  it.skipIf(!HAS_PYTHON)('parses as XML with python3 (a strict parser)', async () => {
    const html = await renderHtml(syntheticResultFile({ seeds: [0, 1] }));
    const r = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; ET.fromstring(sys.stdin.read()); print("ok")'], {
      input: html,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });

  it('escapes text that comes from a run', async () => {
    const input = runInputFromResult(syntheticRunResult(), { scenario: '<script>alert("x")</script>' });
    input.verdicts = input.verdicts.map((v) => ({ ...v, detail: 'a < b & "c" <img src=x>' }));
    const html = await renderHtml(buildResultFile({ manifest: syntheticManifest(), runs: [input], aggregate: [] }));
    expectSelfContainedAndWellFormed(html);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('a &lt; b &amp; &quot;c&quot; &lt;img src=x&gt;');
  });
});

describe('plots', () => {
  it('plot data is the run data: every logged step of both trainings, non-finite values as gaps', () => {
    const rf = syntheticResultFile({ seeds: [0], divergeAt: true });
    const run = rf.runs[0]!;
    const values = (
      featureTraceSpec(run, rf.manifest).spec as {
        data: { values: { step: number; training: string; series: string; value: number | null }[] };
      }
    ).data.values;
    expect(values).toHaveLength(2 * (run.traces.st.length + run.traces.at.length));
    const lambdaAt = values.filter((v) => v.training === 'AT' && v.series.startsWith('Λ'));
    expect(lambdaAt.map((v) => v.step)).toEqual(run.traces.at.map((r) => r.step));
    // The diverged last AT row has Λ = NaN: drawn as a gap (null), never as a number.
    expect(lambdaAt[lambdaAt.length - 1]!.value).toBeNull();
    const acc = (accuracyTraceSpec(run, rf.manifest).spec as { data: { values: { value: number | null }[] } }).data.values;
    expect(acc.every((v) => v.value === null || (v.value >= 0 && v.value <= 1))).toBe(true);
    const bars = (
      robustnessSpec(run, rf.manifest).spec as {
        data: { values: { metric: string; training: string; value: number; lower: number; upper: number }[] };
      }
    ).data.values;
    const pgdAt = bars.find((b) => b.metric === 'PGD' && b.training === 'AT')!;
    expect(pgdAt).toMatchObject({
      value: run.measurements.at.robust.pgd.value,
      lower: run.measurements.at.robust.pgd.lower,
      upper: run.measurements.at.robust.pgd.upper,
    });
    expect(runPlotSpecs(run, rf.manifest).map((p) => p.id)).toEqual(['features', 'accuracy', 'robustness', 'energy']);
  });

  it('Λ/Γ panels: independent symlog y scales per panel, Λ(0), Γ(0) and the claim thresholds as rule marks', () => {
    const rf = syntheticResultFile({ seeds: [0] });
    const run = rf.runs[0]!;
    const spec = featureTraceSpec(run, rf.manifest).spec as unknown as {
      resolve: { scale: { y: string } };
      concat: {
        title: { text: string };
        layer: {
          mark: { type: string };
          data?: { values: { value: number; label: string }[] };
          encoding: { y: { scale?: { type: string; constant: number } } };
        }[];
      }[];
    };
    expect(spec.resolve.scale.y).toBe('independent');
    expect(spec.concat.map((p) => p.title.text.slice(0, 4))).toEqual(['Λ · ', 'Λ · ', 'Γ · ', 'Γ · ']);
    for (const p of spec.concat) {
      // Symlog, not log: Λ(0) and Γ can be ≤ 0.
      expect(p.layer[0]!.encoding.y.scale).toMatchObject({ type: 'symlog' });
      expect(p.layer[0]!.encoding.y.scale!.constant).toBeGreaterThan(0);
      expect(p.layer[1]!.mark.type).toBe('rule');
    }
    const rules = spec.concat.map((p) => p.layer[1]!.data!.values);
    const hatSt = Math.max(run.measurements.st.lambda, run.init.lambda);
    expect(rules[0]).toEqual([{ value: run.init.lambda, label: 'Λ(0)' }]);
    expect(rules[1]).toEqual([
      { value: run.init.lambda, label: 'Λ(0)' },
      { value: 2 * hatSt, label: 'AT-1: 2·Λ̂_ST' },
      { value: 5 * Math.max(run.init.lambda, run.regime.evaluated.sigma0), label: 'AT-1: 5·max(Λ(0), σ0)' },
    ]);
    expect(rules[2]).toEqual([
      { value: run.init.gamma, label: 'Γ(0)' },
      { value: 3 * hatSt, label: 'ST-1: 3·Λ̂_ST' },
    ]);
    expect(rules[3]).toEqual([
      { value: run.init.gamma, label: 'Γ(0)' },
      { value: 0.5 * run.measurements.st.gamma, label: 'AT-2: 0.5·Γ_ST' },
    ]);
  });

  it('train and test accuracy differ by colour and by dash', () => {
    const rf = syntheticResultFile({ seeds: [0] });
    const enc = (
      accuracyTraceSpec(rf.runs[0]!, rf.manifest).spec as unknown as {
        spec: { encoding: Record<string, { field: string; scale: { range: unknown[] } }> };
      }
    ).spec.encoding;
    expect(enc.color!.field).toBe('series');
    expect(enc.strokeDash!.field).toBe('series');
    expect(new Set(enc.color!.scale.range.map(String)).size).toBe(2);
    expect(new Set(enc.strokeDash!.scale.range.map(String)).size).toBe(2);
  });

  it('prefixSvgIds keeps two SVGs with the same ids apart, references included', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g><g id="clip10"/></svg>';
    const a = prefixSvgIds(svg, 'a');
    expect(a).toBe(
      '<svg><defs><clipPath id="a-clip1"><rect/></clipPath></defs><g clip-path="url(#a-clip1)"><use href="#a-clip1"/></g><g id="a-clip10"/></svg>',
    );
    expect(prefixSvgIds(svg, 'b')).not.toBe(a);
  });
});

describe('writeReport', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'provably-report-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes result.json, report.md and report.html into a new folder, all readable', async () => {
    const rf = syntheticResultFile({ seeds: [1] });
    const paths = await writeReport(join(root, 'r'), rf);
    expect((await readdir(paths.dir)).sort()).toEqual(['report.html', 'report.md', 'result.json']);
    expect(await readResultFile(paths.json)).toEqual(rf);
    expect(await readFile(paths.markdown, 'utf8')).toBe(renderMarkdown(rf));
    expectSelfContainedAndWellFormed(await readFile(paths.html, 'utf8'));
    expect(await readdir(root)).toEqual(['r']);
  });

  it('into an existing --out folder, replaces the report files and keeps the others', async () => {
    const out = join(root, 'out');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'keep me');
    await writeFile(join(out, 'result.json'), 'stale');
    const paths = await writeReport(out, syntheticResultFile({ seeds: [2] }));
    expect((await readdir(out)).sort()).toEqual(['notes.txt', 'report.html', 'report.md', 'result.json']);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('keep me');
    expect((await readResultFile(paths.json)).runs[0]!.seed).toBe(2);
  });

  it('adds sections (above the title in report.md, after the header in report.html) and files, and refuses a file it writes itself', async () => {
    const rf = syntheticResultFile({ seeds: [3] });
    const section = { markdown: '# Added section\n\nAdded text.', html: '<section id="added"><h2>Added section</h2></section>' };
    const paths = await writeReport(join(root, 'r'), rf, { sections: [section], files: { 'extra.json': '{}\n' } });
    expect((await readdir(paths.dir)).sort()).toEqual(['extra.json', 'report.html', 'report.md', 'result.json']);
    expect(await readFile(join(paths.dir, 'extra.json'), 'utf8')).toBe('{}\n');
    expect(await readFile(paths.markdown, 'utf8')).toBe(`${section.markdown}\n${renderMarkdown(rf)}`);
    const html = await readFile(paths.html, 'utf8');
    expectSelfContainedAndWellFormed(html);
    expect(html).toContain(`</header>\n${section.html}\n`);
    // vega numbers its clip paths per process, so two renders differ only in those ids.
    const clipIds = (text: string) => text.replace(/-clip\d+/g, '-clip');
    expect(clipIds(html.replace(`${section.html}\n`, ''))).toBe(clipIds(await renderHtml(rf)));
    await expect(writeReport(join(root, 'clash'), rf, { files: { 'report.md': 'x' } })).rejects.toThrow(/report\.md/);
    expect(await readdir(root)).toEqual(['r']);
  });
});
