/**
 * The search section that opens report.md and report.html, above the standard report of the runs
 * it ran (the counterexample, the case it was shrunk from, or the closest call).
 */
import { escapeHtml, htmlTable } from '../../report/html.js';
import { markdownTable } from '../../report/markdown.js';
import type { SearchSummary } from './summary.js';
import { formatDuration, formatMargin } from '../../util/format.js';
import { milestoneTable, overviewTable, regimeTable, violatedTable } from './tables.js';

/** Commands and files the section points at. */
export interface SectionContext {
  /** Replays the minimal counterexample (or the closest call). */
  replay: string | null;
  /** Continues or extends the search. */
  resume: string;
  /** How each run was made, by run index (from the state). */
  origins: readonly string[];
}

/** The headline of a search: what it found, in one sentence. */
export function headline(s: SearchSummary): { kind: 'found' | 'none' | 'interrupted'; text: string } {
  const interrupted = s.interrupted ? ' (interrupted; partial)' : '';
  if (s.counterexample) {
    const cx = s.counterexample;
    const shrunk = !cx.shrink.started
      ? 'not shrunk yet'
      : cx.shrink.minimal
        ? 'shrunk to a minimal case'
        : 'shrinking stopped by the budget, so it may not be minimal';
    return {
      kind: s.interrupted ? 'interrupted' : 'found',
      text: `Counterexample found${interrupted}: ${s.claim} fails at margin ${formatMargin(cx.margin)} (${shrunk}).`,
    };
  }
  const closest = s.closest
    ? ` The closest call was run ${s.closest.run + 1} (${s.closest.status}, margin ${formatMargin(s.closest.margin)}).`
    : '';
  return {
    kind: s.interrupted ? 'interrupted' : 'none',
    text: `No counterexample to ${s.claim} in ${s.runs} experiments${interrupted}.${closest}`,
  };
}

const ALERT = { found: ['CAUTION', '❌'], none: ['TIP', '✅'], interrupted: ['WARNING', '⏸️'] } as const;

function fence(text: string): string {
  return ['```sh', text, '```'].join('\n');
}

/** The search section of report.md. */
export function markdownSection(s: SearchSummary, ctx: SectionContext): string {
  const h = headline(s);
  const [alert, symbol] = ALERT[h.kind];
  const out: string[] = [`# provably search: \`${s.claim}\`, space \`${s.space}\``, '', `> [!${alert}]`, `> ${symbol} **${h.text}**`];
  if (s.counterexample) out.push(`> ${s.counterexample.flagText}`);
  out.push('');
  if (ctx.replay) {
    const secs = s.counterexample?.seconds ?? 0;
    out.push(
      s.counterexample ? `Replay the minimal case (one experiment took ${formatDuration(secs)} here):` : 'Replay the closest call:',
      '',
      fence(ctx.replay),
      '',
    );
  }
  out.push(markdownTable(overviewTable(s, ctx.resume)), '');
  if (s.counterexample) {
    const cx = s.counterexample;
    out.push('## The counterexample', '', cx.detail, '');
    if (cx.violated.length > 0) out.push('### Assumptions it violates', '', markdownTable(violatedTable(s)), '');
    else out.push('It satisfies every assumption A0–A8 (docs/model.md#assumptions).', '');
    out.push(
      `### Minimal regime`,
      '',
      cx.shrink.started
        ? `Shrunk from run ${cx.original.run + 1} (margin ${formatMargin(cx.original.margin)}) in ${cx.shrink.tried} tries, ${cx.shrink.accepted} accepted, over ${cx.shrink.passes} pass${cx.shrink.passes === 1 ? '' : 'es'}; changed keys in bold.`
        : 'The search stopped before shrinking began.',
      '',
      markdownTable(regimeTable(s)),
      '',
    );
  } else if (s.closest) {
    out.push('## The closest call', '', `Run ${s.closest.run + 1}: ${s.closest.detail}`, '');
  }
  out.push(
    '## Margin trajectory',
    '',
    "Runs that lowered the lowest margin so far, and the counterexample's shrinking path (margin < 0: the claim fails).",
    '',
    markdownTable(milestoneTable(s, ctx.origins)),
    '',
    '---',
    '',
  );
  return out.join('\n');
}

/** The search section of report.html (inserted after the page header). */
export function htmlSection(s: SearchSummary, ctx: SectionContext, trajectorySvg: string): string {
  const e = escapeHtml;
  const h = headline(s);
  const tone = h.kind === 'found' ? 'not-met' : h.kind === 'none' ? 'met' : 'interrupted';
  const parts: string[] = [
    '<section id="search">',
    `<h2>Search: <code>${e(s.claim)}</code>, space <code>${e(s.space)}</code></h2>`,
    `<div class="outcome outcome-${tone}" role="status"><span>${e(h.text)}</span>${s.counterexample ? ` <span class="detail">${e(s.counterexample.flagText)}</span>` : ''}</div>`,
  ];
  if (ctx.replay) parts.push(`<div class="replay"><span>Replay</span><code>${e(ctx.replay)}</code></div>`);
  parts.push(htmlTable(overviewTable(s, ctx.resume), 'The search'));
  if (s.counterexample) {
    const cx = s.counterexample;
    parts.push('<h3>The counterexample</h3>', `<p>${e(cx.detail)}</p>`);
    parts.push(
      cx.violated.length > 0
        ? htmlTable(violatedTable(s), 'Assumptions it violates (docs/model.md#assumptions)', 'assumptions')
        : '<p>It satisfies every assumption A0–A8 (docs/model.md#assumptions).</p>',
    );
    parts.push(
      htmlTable(
        regimeTable(s),
        cx.shrink.started
          ? `Minimal regime: shrunk from run ${cx.original.run + 1} in ${cx.shrink.tried} tries, ${cx.shrink.accepted} accepted; changed keys in bold`
          : 'Regime (the search stopped before shrinking began)',
      ),
    );
  } else if (s.closest) {
    parts.push('<h3>The closest call</h3>', `<p>Run ${s.closest.run + 1}: ${e(s.closest.detail)}</p>`);
  }
  parts.push(
    '<h3>Margin trajectory</h3>',
    `<figure class="plot" id="search-trajectory"><div class="svg">${trajectorySvg}</div><figcaption><strong>Margin by experiment.</strong> Grey: random regimes; orange: climbing (a pattern search descending the margin); green: shrinking; blue: the minimal case on other seeds. The line is the lowest conclusive margin so far; faded points were gated by R1/R2 and their margin is no evidence.</figcaption></figure>`,
    htmlTable(milestoneTable(s, ctx.origins), 'Runs that lowered the lowest margin, and the shrinking path'),
    '</section>',
  );
  return parts.join('\n');
}
