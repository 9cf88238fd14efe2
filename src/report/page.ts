/**
 * The page of every HTML report provably writes (report.html of a run, of a search, of a sweep):
 * one stylesheet inlined, no script, no external URL of any kind, well-formed XML. Light on
 * purpose: no plotting library, so a caller that only needs the page loads none.
 */

/** Escapes text for HTML element content and attribute values (XML-safe entities only). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = escapeHtml;

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
