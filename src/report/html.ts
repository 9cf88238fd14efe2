/**
 * report.html: one self-contained file a researcher can mail to a colleague or attach to a CI run.
 * Inline CSS, inline SVG plots, no script, no external URL of any kind (no CDN, no web font, no
 * remote image, no link), so it renders identically offline and years later. The markup is also
 * well-formed XML (void elements self-closed, only XML entities), which the tests exploit to parse
 * it. The page around the content is src/report/page.ts.
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
import { escapeHtml, htmlPage } from './page.js';
import { renderPlots, runPlotSpecs, seedSpreadSpec } from './plots.js';
import type { Plot } from './plots.js';

/** Also here for the sections other parts of provably add (they escape their text the same way). */
export { escapeHtml };

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

function overridesNote(run: RunRecord): string {
  if (!run.overrides) return '';
  const parts = Object.entries(run.overrides).flatMap(([id, fields]) =>
    Object.entries(fields).map(([k, v]) => `<code>${e(`${id}.${k} = ${v}`)}</code>`),
  );
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
    htmlTable(
      verdictTable(run),
      `Claims of docs/claims.md · ${backendLabel(manifest)} · margin = relative room to the threshold (positive holds)`,
    ),
    overridesNote(run),
    `<details><summary>Verdict details</summary><ul>\n${details}\n</ul></details>`,
    // Many runs: verdicts stay visible, the rest folds so the page remains scannable.
    total > 3 ? '<details class="run-details"><summary>Plots, key numbers and assumptions</summary>' : '',
    '<h3>Plots</h3>',
    `<div class="plots">\n${plots.map(figure).join('\n')}\n</div>`,
    '<h3>Key numbers, ST vs AT</h3>',
    htmlTable(
      keyNumbersTable(run),
      `Final measurements · ${backendLabel(manifest)} · accuracies with 95 % Wilson intervals (correct/total)`,
    ),
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
  const failures =
    outcome.failures.length > 0
      ? ` <span class="detail">Not met: ${outcome.failures.map((f) => `<code>${e(f)}</code>`).join(', ')}.</span>`
      : '';
  const toc =
    rf.runs.length > 1
      ? `<nav class="toc">Jump to: <a href="#aggregate">across seeds</a>${rf.runs.map((r, i) => `<a href="#run-${i + 1}">${e(r.scenario)} · seed ${r.seed}</a>`).join('')}</nav>`
      : '';

  let aggregate = '';
  const multiSeed = hasMultiSeedAggregate(rf.aggregate);
  if (multiSeed || rf.runs.length > 1) {
    const first = multiSeed ? rf.aggregate[0] : undefined;
    aggregate = [
      '<section id="aggregate">',
      '<h2>Across seeds</h2>',
      multiSeed
        ? htmlTable(aggregateTable(rf.aggregate, rf.manifest.backend), `Expectations per scenario × claim · ${backendLabel(rf.manifest)}`)
        : '',
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
