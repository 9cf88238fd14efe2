/**
 * report.html: one self-contained file a researcher can mail to a colleague or attach to a CI run.
 * Inline CSS, inline SVG plots, no script, no external URL of any kind (no CDN, no web font, no
 * remote image, no link), so it renders identically offline and years later. The markup is also
 * well-formed XML (void elements self-closed, only XML entities), which the tests exploit to parse it.
 */
import type { ResultFile, RunRecord } from '../result/resultFile.js';
import { runWallSeconds } from '../result/resultFile.js';
import { formatDuration } from '../util/format.js';
import type { Tone } from './styles.js';
import { outcomeOf } from './_internals/summary.js';
import type { ReportOptions } from './section.js';
import type { Cell, Table } from './_internals/tables.js';
import {
  aggregateTable,
  assumptionTable,
  backendLabel,
  hasMultiSeedAggregate,
  keyNumbersTable,
  manifestPairs,
  preconditionTable,
  verdictMatrixTable,
  verdictTable,
} from './_internals/tables.js';
import { renderPlots, runPlotSpecs, seedSpreadSpec } from './plots.js';
import type { Plot } from './plots.js';

/** Escapes text for HTML element content and attribute values (XML-safe entities only). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = escapeHtml;

/** Plain glyphs for pills: emoji render inconsistently across platforms and fonts. */
const TONE_GLYPH: Record<Tone, string> = { good: '✓', bad: '✗', warn: '!', muted: '–', info: 'i' };

function cellHtml(cell: Cell): string {
  if (cell.text === '' && cell.symbol === undefined) return '';
  let body = e(cell.text);
  if (cell.code) body = `<code>${body}</code>`;
  if (cell.strong) body = `<strong>${body}</strong>`;
  if (cell.symbol !== undefined && cell.tone !== undefined) {
    body = `<span class="pill tone-${cell.tone}"><span class="glyph" aria-hidden="true">${TONE_GLYPH[cell.tone]}</span>${body}</span>`;
  } else if (cell.tone !== undefined) {
    body = `<span class="tone-${cell.tone}">${body}</span>`;
  }
  if (cell.note) body += ` <span class="note">${e(cell.note)}</span>`;
  return body;
}

/** A table as HTML (horizontally scrollable when wide). */
export function htmlTable(table: Table, caption?: string, className = ''): string {
  const head = table.columns.map((col) => `<th${col.numeric ? ' class="num"' : ''} scope="col">${e(col.label)}</th>`).join('');
  const body = table.rows
    .map((row, i) => {
      const cls = table.groupStart?.[i] && i > 0 ? ' class="group"' : '';
      const cells = row.map((cell, j) => `<td${table.columns[j]?.numeric ? ' class="num"' : ''}>${cellHtml(cell)}</td>`).join('');
      return `<tr${cls}>${cells}</tr>`;
    })
    .join('\n');
  const cap = caption ? `<caption>${e(caption)}</caption>` : '';
  return `<div class="table-wrap"><table class="data ${className}">${cap}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

function figure(plot: Plot): string {
  return `<figure class="plot" id="${e(plot.id)}"><div class="svg">${plot.svg}</div><figcaption><strong>${e(plot.title)}.</strong> ${e(plot.caption)}</figcaption></figure>`;
}

const CSS = `
:root { --ink: #1f2933; --muted: #66707a; --line: #d8dde3; --soft: #f4f6f8; --accent: #2f5d8a;
  --good: #1e7b4f; --good-bg: #e3f4ea; --bad: #b3261e; --bad-bg: #fbe6e4; --warn: #8a5a00; --warn-bg: #fdf1d6;
  --info: #2f5d8a; --info-bg: #e4edf6; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 18px; margin-bottom: 8px; }
.brand { font: 600 12px/1 var(--mono); letter-spacing: .08em; text-transform: uppercase; color: var(--accent); }
h1 { font-size: 26px; line-height: 1.25; margin: 6px 0 4px; }
h2 { font-size: 20px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 26px 0 8px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
p { margin: 8px 0; }
.lede { color: var(--muted); margin: 0 0 14px; }
code, .mono { font-family: var(--mono); font-size: .92em; }
.outcome { display: flex; gap: 10px; align-items: baseline; border-radius: 8px; padding: 12px 16px; font-weight: 600; margin: 14px 0; border: 1px solid transparent; }
.outcome .detail { font-weight: 400; }
.outcome-met { background: var(--good-bg); color: var(--good); border-color: #b9e2c8; }
.outcome-not-met { background: var(--bad-bg); color: var(--bad); border-color: #f1bdb8; }
.outcome-interrupted { background: var(--warn-bg); color: var(--warn); border-color: #f0d9a0; }
.outcome-nothing-asserted { background: var(--info-bg); color: var(--info); border-color: #c3d5e8; }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 6px 18px; margin: 12px 0 0; }
dl.meta div { min-width: 0; }
dl.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
dl.meta dd { margin: 0; font-size: 14px; overflow-wrap: anywhere; }
.label-note { font-size: 13px; color: var(--muted); }
.label-note strong { color: var(--ink); }
nav.toc { font-size: 13px; margin: 12px 0 0; color: var(--muted); }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 12px; }
section { margin-top: 30px; }
section.run { border-top: 1px solid var(--line); padding-top: 24px; }
.run-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px; }
.run-head .sub { color: var(--muted); font-size: 13px; }
.banner { border-left: 4px solid var(--warn); background: var(--warn-bg); color: var(--warn); padding: 10px 14px; border-radius: 0 6px 6px 0; margin: 10px 0; }
.banner strong { color: #6b4500; }
.replay { display: flex; align-items: stretch; margin: 12px 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.replay span { background: var(--soft); color: var(--muted); padding: 8px 12px; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; border-right: 1px solid var(--line); display: flex; align-items: center; }
.replay code { padding: 8px 12px; overflow-x: auto; white-space: pre; flex: 1; }
.table-wrap { overflow-x: auto; margin: 6px 0 8px; }
table.data { border-collapse: collapse; font-size: 13.5px; min-width: 60%; }
table.data caption { text-align: left; color: var(--muted); font-size: 12.5px; padding: 0 0 6px; caption-side: top; }
table.data th { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted); border-bottom: 2px solid var(--line); padding: 6px 10px; white-space: nowrap; }
table.data td { padding: 5px 10px; border-bottom: 1px solid #edf0f3; vertical-align: top; }
table.data tbody tr:nth-child(even) td { background: #fafbfc; }
table.data tr.group td { border-top: 2px solid var(--line); }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.assumptions td:last-child { color: var(--muted); font-size: 12.5px; min-width: 320px; }
.note { color: var(--muted); font-size: 11.5px; }
.pill { display: inline-flex; align-items: center; gap: 4px; border-radius: 999px; padding: 1px 9px 1px 7px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill .glyph { font-size: 11px; }
.pill.tone-good { background: var(--good-bg); color: var(--good); }
.pill.tone-bad { background: var(--bad-bg); color: var(--bad); }
.pill.tone-warn { background: var(--warn-bg); color: var(--warn); }
.pill.tone-muted { background: var(--soft); color: var(--muted); }
.pill.tone-info { background: var(--info-bg); color: var(--info); }
span.tone-good { color: var(--good); }
span.tone-bad { color: var(--bad); }
span.tone-warn { color: var(--warn); }
span.tone-muted { color: var(--muted); }
span.tone-info { color: var(--info); }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 18px; margin-top: 8px; }
figure.plot { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px; background: #fff; }
figure.plot[id$="features"] { grid-column: 1 / -1; }
figure.plot .svg svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.plot figcaption { font-size: 12.5px; color: var(--muted); margin-top: 6px; }
details { margin: 8px 0; }
details summary { cursor: pointer; color: var(--accent); font-size: 13px; }
details ul { font-size: 13px; color: var(--ink); padding-left: 20px; }
details li { margin: 4px 0; }
details.run-details > summary { font-size: 16px; font-weight: 600; color: var(--ink); padding: 6px 0; }
.explain { font-size: 12.5px; color: var(--muted); max-width: 900px; }
footer { margin-top: 40px; padding-top: 14px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media print { main { max-width: none; padding: 0; } figure.plot, table.data { break-inside: avoid; } details { display: block; } }
`;

function overridesNote(run: RunRecord): string {
  if (!run.overrides) return '';
  const parts = Object.entries(run.overrides).flatMap(([id, fields]) => Object.entries(fields).map(([k, v]) => `<code>${e(`${id}.${k} = ${v}`)}</code>`));
  return `<p class="explain">Threshold overrides in effect for the “(overrides)” columns: ${parts.join(', ')}. The other columns use the default thresholds (docs/claims.md).</p>`;
}

function runSection(run: RunRecord, index: number, total: number, rf: ResultFile, plots: Plot[]): string {
  const manifest = rf.manifest;
  const interrupted = run.status === 'interrupted';
  const heading =
    `<div class="run-head"><h2>${total > 1 ? `Run ${index + 1} of ${total}: ` : 'Run: '}<code>${e(run.scenario)}</code>, seed ${run.seed}</h2>` +
    (interrupted ? '<span class="pill tone-warn"><span class="glyph" aria-hidden="true">!</span>interrupted</span>' : '') +
    `<span class="sub">${e(backendLabel(manifest))} · ${manifest.threads} thread${manifest.threads === 1 ? '' : 's'} · ${e(formatDuration(runWallSeconds(rf, run)))}</span></div>`;
  const banner = interrupted
    ? `<div class="banner" role="alert"><strong>Interrupted.</strong> Training stopped after ${run.measurements.st.steps} ST and ${run.measurements.at.steps} AT steps of ${run.regime.evaluated.T}. Measurements cover what was trained; no verdict of this run is evidence for or against the paper.</div>`
    : '';
  const details = [
    ...run.verdicts.map((v) => `<li><strong>${e(v.id)}</strong> (${e(v.status)}): ${e(v.detail)}</li>`),
    ...(run.overriddenVerdicts ?? []).map((v) => `<li><strong>${e(v.id)}</strong> with overrides (${e(v.status)}): ${e(v.detail)}</li>`),
  ].join('\n');
  return [
    `<section class="run" id="run-${index + 1}">`,
    heading,
    banner,
    `<div class="replay"><span>Replay</span><code>${e(run.replay)}</code></div>`,
    '<h3>Verdicts</h3>',
    htmlTable(verdictTable(run), `Claims of docs/claims.md · ${backendLabel(manifest)} · margin = relative room to the threshold (positive holds)`),
    overridesNote(run),
    `<details><summary>Verdict details</summary><ul>\n${details}\n</ul></details>`,
    // Many runs: verdicts stay visible, the rest folds so the page remains scannable.
    total > 3 ? '<details class="run-details"><summary>Plots, key numbers and assumptions</summary>' : '',
    '<h3>Plots</h3>',
    `<div class="plots">\n${plots.map(figure).join('\n')}\n</div>`,
    '<h3>Key numbers, ST vs AT</h3>',
    htmlTable(keyNumbersTable(run), `Final measurements · ${backendLabel(manifest)} · accuracies with 95 % Wilson intervals (correct/total)`),
    '<p class="explain">Robust accuracies count a test sample as correct only if the clean point and every attack form are classified correctly, so robust ≤ clean. Energy shares are fractions of Σ‖δ_p‖² of the PGD perturbations.</p>',
    '<h3>Assumptions</h3>',
    htmlTable(assumptionTable(run), 'A1–A8 of docs/model.md#assumptions (pure functions of the regime)', 'assumptions'),
    htmlTable(preconditionTable(run), 'Run preconditions R1, R2 and the injection heuristic I1', 'assumptions'),
    '<p class="explain">If R1 fails every claim is inconclusive (an under-trained network is no evidence); if R2 fails they are marked diverged. I1 is a rough heuristic reported beside AT-4, never a verdict.</p>',
    total > 3 ? '</details>' : '',
    '</section>',
  ].join('\n');
}

/**
 * report.html for a result file: header (backend, precision, versions, seeds, outcome), the added
 * sections (`options.sections`), the aggregate over seeds with a per-run verdict matrix when there
 * are several runs, then per run the replay command, verdict table, four plots, key numbers and
 * assumption tables. Plots are rendered with vega-lite to inline SVG, so this is async.
 */
export async function renderHtml(rf: ResultFile, options: ReportOptions = {}): Promise<string> {
  const outcome = outcomeOf(rf);
  const scenarios = [...new Set(rf.runs.map((r) => r.scenario))];
  const title = `provably report: ${scenarios.join(', ') || 'no runs'}`;
  const runPlots: Plot[][] = [];
  for (const [i, run] of rf.runs.entries()) runPlots.push(await renderPlots(runPlotSpecs(run, rf.manifest), `run${i + 1}`));
  const spread = rf.runs.length > 1 ? await renderPlots([seedSpreadSpec(rf)], 'all') : [];

  const meta = manifestPairs(rf)
    .map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${k === 'Tool' || k === 'Backend' ? `<span class="mono">${e(v)}</span>` : e(v)}</dd></div>`)
    .join('');
  const failures = outcome.failures.length > 0 ? ` <span class="detail">Not met: ${outcome.failures.map((f) => `<code>${e(f)}</code>`).join(', ')}.</span>` : '';
  const toc = rf.runs.length > 1
    ? `<nav class="toc">Jump to: <a href="#aggregate">across seeds</a>${rf.runs.map((r, i) => `<a href="#run-${i + 1}">${e(r.scenario)} · seed ${r.seed}</a>`).join('')}</nav>`
    : '';

  let aggregate = '';
  const multiSeed = hasMultiSeedAggregate(rf.aggregate);
  if (multiSeed || rf.runs.length > 1) {
    const first = multiSeed ? rf.aggregate[0] : undefined;
    aggregate = [
      '<section id="aggregate">',
      '<h2>Across seeds</h2>',
      multiSeed ? htmlTable(aggregateTable(rf.aggregate, rf.manifest.backend), `Expectations per scenario × claim · ${backendLabel(rf.manifest)}`) : '',
      first
        ? `<p class="explain">Met over several seeds when the one-sided 95 % Clopper–Pearson lower bound of the rate of matching seeds is ≥ the required bound (${first.requiredBound}) with ≥ ${first.minSeeds} seeds; on a single seed, when the status equals the expectation (docs/claims.md#statistical-rule). “report” rows count the seeds where the claim holds and assert nothing.</p>`
        : '',
      rf.runs.length > 1 ? htmlTable(verdictMatrixTable(rf), 'Verdicts by run') : '',
      spread.length > 0 ? `<div class="plots">${spread.map(figure).join('\n')}</div>` : '',
      '</section>',
    ].join('\n');
  }

  return htmlPage({
    title,
    header: [
      `<h1>${e(title)}</h1>`,
      '<p class="lede">The theorems of Li &amp; Li, <em>Adversarial Training Can Provably Improve Robustness</em> (arXiv:2410.08503), checked on a trained two-layer smoothed-ReLU CNN: standard training (ST) vs adversarial training (AT) from the same initialisation on the same data.</p>',
      `<div class="outcome outcome-${outcome.kind}" role="status"><span>${e(outcome.headline)}</span>${failures}</div>`,
      `<dl class="meta">${meta}</dl>`,
      `<p class="label-note">Every number in this report was computed on backend <strong>${e(`${rf.manifest.backend} ${rf.manifest.backendVersion}`)}</strong> in <strong>${e(rf.manifest.precision)}</strong> precision.</p>`,
      toc,
    ],
    body: [
      ...(options.sections ?? []).map((section) => section.html),
      aggregate,
      ...rf.runs.map((run, i) => runSection(run, i, rf.runs.length, rf, runPlots[i]!)),
      rf.runs.length === 0 ? '<p>No runs recorded.</p>' : '',
    ],
    footer: `Generated by ${e(rf.tool.name)} ${e(rf.tool.version)} (commit <span class="mono">${e(rf.tool.commit)}</span>) · result.json schema version ${rf.schemaVersion} · the same data is in result.json and report.md beside this file.`,
  });
}

/** The parts of a report page, as HTML. */
export interface HtmlPage {
  /** The page title (plain text). */
  title: string;
  /** Inside the page header, after the brand: the title heading, summary lines. */
  header: readonly string[];
  /** The sections below the header, in order. */
  body: readonly string[];
  /** Inside the footer (HTML). @defaultValue no footer */
  footer?: string;
}

/**
 * A self-contained report page: the one stylesheet of provably's reports, the brand and `header`,
 * then `body` and the footer. The run report and the sweep report are both such pages.
 */
export function htmlPage(page: HtmlPage): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    '<meta name="generator" content="provably" />',
    `<title>${e(page.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header class="top">',
    '<div class="brand">provably</div>',
    ...page.header,
    '</header>',
    ...page.body,
    ...(page.footer === undefined ? [] : [`<footer>${page.footer}</footer>`]),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
