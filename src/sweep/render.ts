/**
 * The sweep report: `report.md` (one table, cells × claims) and a self-contained `report.html` (the
 * report page of src/report/page.ts) with an inline-SVG heatmap per claim (colour = rate; cell text = holds/fails/inconclusive/stalled and
 * the lower bound; cells outside A0–A8 drawn dashed and labelled). No external URL, no script.
 */
import { escapeHtml, htmlPage } from '../report/page.js';
import { formatDuration, formatNumber } from '../util/format.js';
import type { SweepCell, SweepFile } from './schema.js';

const esc = escapeHtml;
/** A rate or bound: '—' where no seed ran (the file stores NaN as "NaN"). */
const num = (x: number | 'NaN') => (x === 'NaN' ? '—' : formatNumber(x));
const showValue = (v: number | string | boolean) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Red (0) → yellow (0.5) → green (1); grey without seeds. */
export function rateColour(rate: number | 'NaN'): string {
  if (rate === 'NaN') return '#d9d9d9';
  const stops: [number, number, number][] = [
    [215, 48, 39],
    [254, 224, 139],
    [26, 152, 80],
  ];
  const t = Math.max(0, Math.min(1, rate)) * 2;
  const i = Math.min(1, Math.floor(t));
  const f = t - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  const c = a.map((x, k) => Math.round(x + (b[k]! - x) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function counts(c: SweepCell['claims'][number]): string {
  return `${c.holds}/${c.fails}/${c.inconclusive}/${c.stalled}`;
}

function axisLabel(file: SweepFile, cell: SweepCell): string {
  return file.plan.axes.map((a) => `${a.key}=${showValue(cell.values[a.key]!)}`).join(', ');
}

/** What one heatmap shows in a cell: colour from the rate, two text lines and a tooltip. */
interface HeatCell {
  rate: number | 'NaN';
  text: string;
  bound: string;
  tooltip: string;
}

/** One heatmap: axis 1 across, axis 2 (if any) down. */
function heatmap(file: SweepFile, title: string, legend: string, pick: (cell: SweepCell) => HeatCell): string {
  const [ax, ay] = file.plan.axes;
  const cols = ax!.values;
  const rows = ay ? ay.values : [undefined];
  const w = 96;
  const h = 44;
  const left = ay ? 90 : 20;
  const top = 40;
  const width = left + cols.length * w + 10;
  const height = top + rows.length * h + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`${title} rate per cell`)}" font-family="sans-serif">`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<text x="${left + 8 * title.length + 16}" y="16" font-size="11">${esc(legend)}</text>`,
  ];
  cols.forEach((v, i) =>
    parts.push(
      `<text x="${left + i * w + w / 2}" y="${top - 6}" font-size="11" text-anchor="middle">${esc(`${ax!.key}=${showValue(v)}`)}</text>`,
    ),
  );
  rows.forEach((v, j) => {
    if (v !== undefined)
      parts.push(
        `<text x="${left - 6}" y="${top + j * h + h / 2 + 4}" font-size="11" text-anchor="end">${esc(`${ay!.key}=${showValue(v)}`)}</text>`,
      );
  });
  for (const cell of file.cells) {
    const i = cols.findIndex((v) => v === cell.values[ax!.key]);
    const j = ay ? rows.findIndex((v) => v === cell.values[ay.key]) : 0;
    const c = pick(cell);
    const x = left + i * w;
    const y = top + j * h;
    const outside = cell.outside.length > 0;
    parts.push(
      `<g><title>${esc(`${axisLabel(file, cell)}: ${c.tooltip}${outside ? `; outside ${cell.outside.join(', ')}` : ''}`)}</title>`,
      `<rect x="${x + 1}" y="${y + 1}" width="${w - 2}" height="${h - 2}" fill="${rateColour(c.rate)}" stroke="${outside ? '#333' : '#fff'}" stroke-width="${outside ? 1.5 : 1}"${outside ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${x + w / 2}" y="${y + 18}" font-size="12" text-anchor="middle">${esc(c.text)}</text>`,
      `<text x="${x + w / 2}" y="${y + 33}" font-size="10" text-anchor="middle">${esc(`${c.bound}${outside ? ` · ∉ ${cell.outside.join(',')}` : ''}`)}</text></g>`,
    );
  }
  parts.push(`<text x="${left}" y="${height - 8}" font-size="10">dashed = outside the assumptions (runs, not asserted)</text>`, '</svg>');
  return parts.join('\n');
}

/** The heatmap of one claim: colour = rate, text = holds/fails/inconclusive/stalled and the lower bound. */
export function heatmapSvg(file: SweepFile, claimId: string): string {
  return heatmap(file, claimId, 'rate = holds / seeds · text: holds/fails/inconclusive/stalled, ≥ 95 % lower bound', (cell) => {
    const c = cell.claims.find((x) => x.id === claimId)!;
    return {
      rate: c.rate,
      text: counts(c),
      bound: `≥ ${num(c.lowerBound)}`,
      tooltip: `${claimId} ${c.holds}/${c.total} hold, ${c.fails} fail, ${c.inconclusive} inconclusive, ${c.stalled} stalled; lower bound ${num(c.lowerBound)}`,
    };
  });
}

/** The heatmap of the step-size criterion: seeds whose ST loss descended smoothly (AT's adversarial loss in brackets). */
export function descentHeatmapSvg(file: SweepFile): string {
  return heatmap(
    file,
    'smooth descent',
    'rate = seeds whose ST loss descends smoothly · text: ST, (AT adversarial), ≥ 95 % lower bound',
    (cell) => {
      const d = cell.descent;
      return {
        rate: d.rate,
        text: `${d.smooth}/${d.total} (AT ${d.adversarial.smooth})`,
        bound: `≥ ${num(d.lowerBound)}`,
        tooltip: `ST loss descended smoothly on ${d.smooth} of ${d.total} seeds (lower bound ${num(d.lowerBound)}); AT adversarial loss on ${d.adversarial.smooth}`,
      };
    },
  );
}

/** A piece of a header line: plain text, code or strong. */
type Span = string | { code: string } | { strong: string };

/** The header lines (scenario, axes, sets, seeds; backend and progress), rendered by {@link spansMarkdown} or {@link spansHtml}. */
function header(file: SweepFile): Span[][] {
  const m = file.manifest;
  const p = file.plan;
  const sets = Object.entries(p.sets);
  return [
    [
      'Scenario ',
      { code: p.scenario.name },
      ' · axes ',
      ...p.axes.flatMap((a, i): Span[] => [...(i > 0 ? [' × '] : []), { code: a.key }, ` = ${a.values.map(showValue).join(', ')}`]),
      ...(sets.length ? [' · set ', ...sets.flatMap(([k, v], i): Span[] => [...(i > 0 ? [', '] : []), { code: `${k} = ${v}` }])] : []),
      ` · seeds ${p.seeds.first}…${p.seeds.first + p.seeds.count - 1}`,
    ],
    [
      'Backend ',
      { strong: `${m.backend} ${m.backendVersion}` },
      `, ${m.precision}, ${m.threads} thread${m.threads === 1 ? '' : 's'} per run, ${m.jobs} job${m.jobs === 1 ? '' : 's'}${m.shard ? `, shard ${m.shard.index}/${m.shard.count}` : ''}; ${file.runs.length} runs present; wall ${formatDuration(m.wallSeconds)}`,
      ...(m.interrupted ? [' · ', { strong: 'interrupted' }, ' (resume with --resume)'] : []),
      '.',
    ],
  ];
}

function spansMarkdown(spans: readonly Span[]): string {
  return spans.map((s) => (typeof s === 'string' ? s : 'code' in s ? `\`${s.code}\`` : `**${s.strong}**`)).join('');
}

function spansHtml(spans: readonly Span[]): string {
  return spans
    .map((s) => (typeof s === 'string' ? esc(s) : 'code' in s ? `<code>${esc(s.code)}</code>` : `<strong>${esc(s.strong)}</strong>`))
    .join('');
}

/** report.md. */
export function renderSweepMarkdown(file: SweepFile): string {
  const ids = file.cells[0]?.claims.map((c) => c.id) ?? [];
  const lines = [
    `# provably sweep: \`${file.plan.scenario.name}\``,
    '',
    ...header(file).map(spansMarkdown),
    '',
    'Each entry: holds/fails/inconclusive/stalled of the seeds, rate = holds / seeds, and (≥ b) the one-sided 95 % Clopper–Pearson lower bound of the rate. ∉ marks a cell outside the assumptions. ' +
      'Smooth descent: seeds whose ST loss trace descends smoothly (no rise above 1 % of the initial loss between log points, final below initial), a step-size criterion that reads no verdict; in brackets the same count on the AT adversarial loss, which is not a fixed objective and is shown for information.',
    '',
    `| cell | ${ids.join(' | ')} | smooth descent |`,
    `|---|${ids.map(() => '---').join('|')}|---|`,
    ...file.cells.map(
      (cell) =>
        `| ${axisLabel(file, cell)}${cell.outside.length ? ` ∉ ${cell.outside.join(',')}` : ''} | ${cell.claims.map((c) => `${counts(c)} · ${num(c.rate)} (≥ ${num(c.lowerBound)})`).join(' | ')} | ` +
        `${cell.descent.smooth}/${cell.descent.total} · ${num(cell.descent.rate)} (≥ ${num(cell.descent.lowerBound)}) (AT ${cell.descent.adversarial.smooth}/${cell.descent.total}) |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** report.html: a self-contained report page (src/report/page.ts), one heatmap per claim and the smooth-descent one. */
export function renderSweepHtml(file: SweepFile): string {
  const ids = file.cells[0]?.claims.map((c) => c.id) ?? [];
  const figure = (id: string, svg: string) => `<figure class="plot" id="heatmap-${esc(id)}"><div class="svg">${svg}</div></figure>`;
  return htmlPage({
    title: `provably sweep: ${file.plan.scenario.name}`,
    header: [
      `<h1>provably sweep: <code>${esc(file.plan.scenario.name)}</code></h1>`,
      ...header(file).map((line) => `<p>${spansHtml(line)}</p>`),
    ],
    body: [
      '<section id="heatmaps">',
      ...ids.map((id) => figure(id, heatmapSvg(file, id))),
      figure('smooth-descent', descentHeatmapSvg(file)),
      '</section>',
    ],
    footer: `Generated by ${esc(file.tool.name)} ${esc(file.tool.version)} (commit <span class="mono">${esc(file.tool.commit)}</span>) · sweep.json schema version ${file.schemaVersion} · the same data is in sweep.json and report.md beside this file.`,
  });
}
