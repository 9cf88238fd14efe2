/**
 * report.md: the result as GitHub-flavoured markdown, written to be pasted into a CI job summary
 * (`cat report.md >> $GITHUB_STEP_SUMMARY`) or a pull-request comment. A pure function of
 * result.json.
 */
import type { ResultFile, RunRecord } from '../result/resultFile.js';
import { runWallSeconds } from '../result/resultFile.js';
import { formatDuration } from '../util/format.js';
import type { ReportOptions } from './section.js';
import { outcomeOf } from './_internals/summary.js';
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

/** Escapes text for a markdown table cell: pipes, newlines and raw HTML would break the row. */
function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/**
 * Text as an inline code span, when that is safe: a backtick would end the span early, a newline
 * would end a table row or heading, and angle brackets are left out of code so that no raw HTML
 * reaches a renderer that might not treat code spans literally. Otherwise plain escaped text.
 */
function inlineCode(text: string): string {
  return /[`\r\n<>]/.test(text) ? escapeCell(text) : `\`${text.replace(/\|/g, '\\|')}\``;
}

function cellText(cell: Cell): string {
  if (cell.text === '' && cell.symbol === undefined) return '';
  let body = cell.code ? inlineCode(cell.text) : escapeCell(cell.text);
  if (cell.strong && body !== '') body = `**${body}**`;
  if (cell.symbol) body = `${cell.symbol} ${body}`;
  if (cell.note) body += ` (${escapeCell(cell.note)})`;
  return body;
}

/** A table as GitHub markdown, numeric columns right-aligned. */
export function markdownTable(table: Table): string {
  const header = `| ${table.columns.map((col) => escapeCell(col.label)).join(' | ')} |`;
  const align = `|${table.columns.map((col) => (col.numeric ? '---:' : ':---')).join('|')}|`;
  const rows = table.rows.map((row) => `| ${row.map(cellText).join(' | ')} |`);
  return [header, align, ...rows].join('\n');
}

/** A fenced code block whose fence cannot be closed by the content. */
function codeBlock(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function overridesLine(run: RunRecord): string | undefined {
  if (!run.overrides) return undefined;
  const parts = Object.entries(run.overrides).flatMap(([id, fields]) => Object.entries(fields).map(([k, v]) => `\`${id}.${k} = ${v}\``));
  return `Threshold overrides in effect for the "(overrides)" columns: ${parts.join(', ')}. The other columns use the default thresholds (docs/claims.md).`;
}

function runSection(run: RunRecord, index: number, total: number, rf: ResultFile): string {
  const manifest = rf.manifest;
  const title = `${total > 1 ? `Run ${index + 1} of ${total}` : 'Run'}: ${inlineCode(run.scenario)}, seed ${run.seed}`;
  const out: string[] = [`## ${title}`, ''];
  if (run.status === 'interrupted') {
    out.push(
      '> [!WARNING]',
      `> **Interrupted.** Training stopped after ${run.measurements.st.steps} ST and ${run.measurements.at.steps} AT steps of ${run.regime.evaluated.T}; measurements cover what was trained and no verdict of this run is evidence.`,
      '',
    );
  }
  out.push(
    `Backend **${backendLabel(manifest)}**, ${manifest.threads} thread${manifest.threads === 1 ? '' : 's'}, wall time ${formatDuration(runWallSeconds(rf, run))}.`,
    '',
    'Replay:',
    '',
    codeBlock(run.replay, 'sh'),
    '',
    '### Verdicts',
    '',
    markdownTable(verdictTable(run)),
    '',
  );
  const overrides = overridesLine(run);
  if (overrides) out.push(overrides, '');
  out.push(
    '<details><summary>Verdict details</summary>',
    '',
    ...run.verdicts.map((v) => `- **${v.id}** (${v.status}): ${escapeCell(v.detail)}`),
    ...(run.overriddenVerdicts ?? []).map((v) => `- **${v.id}** with overrides (${v.status}): ${escapeCell(v.detail)}`),
    '',
    '</details>',
    '',
  );
  // Many runs: keep the page scannable; the verdicts stay visible, the rest folds.
  const fold = total > 3;
  if (fold) out.push('<details><summary>Key numbers, assumptions and preconditions</summary>', '');
  out.push(
    `### Key numbers, ST vs AT (${backendLabel(manifest)})`,
    '',
    markdownTable(keyNumbersTable(run)),
    '',
    'Accuracies: value [95 % Wilson interval] (correct/total). Robust accuracies count a sample only if the clean point is correct too.',
    '',
    '### Assumptions (docs/model.md#assumptions)',
    '',
    markdownTable(assumptionTable(run)),
    '',
    '### Run preconditions and injection heuristic',
    '',
    markdownTable(preconditionTable(run)),
    '',
    'R1 failing makes every claim inconclusive; R2 failing marks them diverged. I1 is a rough heuristic reported beside AT-4, never a verdict.',
    '',
  );
  if (fold) out.push('</details>', '');
  return out.join('\n');
}

const OUTCOME_ALERT: Record<ReturnType<typeof outcomeOf>['kind'], { alert: string; symbol: string }> = {
  met: { alert: 'TIP', symbol: '✅' },
  'not-met': { alert: 'CAUTION', symbol: '❌' },
  interrupted: { alert: 'WARNING', symbol: '⏸️' },
  'nothing-asserted': { alert: 'NOTE', symbol: 'ℹ️' },
};

/**
 * report.md for a result file: the added sections (`options.sections`), then a header with backend,
 * precision, versions and seeds; the aggregate over seeds when there is one; then per run the replay
 * command, the verdict table (with overridden verdicts beside the defaults), key numbers ST vs AT,
 * assumptions, preconditions and I1.
 */
export function renderMarkdown(rf: ResultFile, options: ReportOptions = {}): string {
  const outcome = outcomeOf(rf);
  const alert = OUTCOME_ALERT[outcome.kind];
  const scenarios = [...new Set(rf.runs.map((r) => r.scenario))];
  const out: string[] = [
    ...(options.sections ?? []).map((section) => section.markdown),
    `# provably report: ${scenarios.map(inlineCode).join(', ') || 'no runs'}`,
    '',
    `> [!${alert.alert}]`,
    `> ${alert.symbol} **${outcome.headline}**`,
  ];
  if (outcome.failures.length > 0) out.push(`> Not met: ${outcome.failures.map(inlineCode).join(', ')}.`);
  out.push(
    '',
    `Every number in this report was computed on backend **${rf.manifest.backend} ${rf.manifest.backendVersion}** in **${rf.manifest.precision}** precision.`,
    '',
    '| | |',
    '|:---|:---|',
    ...manifestPairs(rf).map(([k, v]) => `| ${escapeCell(k)} | ${escapeCell(v)} |`),
    '',
  );
  if (rf.runs.length > 1) out.push('## Verdicts by run', '', markdownTable(verdictMatrixTable(rf)), '');
  // With one seed per scenario the aggregate repeats the verdict tables; it is shown from two seeds on.
  if (hasMultiSeedAggregate(rf.aggregate)) {
    const first = rf.aggregate[0]!;
    out.push(
      `## Expectations over seeds (${backendLabel(rf.manifest)})`,
      '',
      markdownTable(aggregateTable(rf.aggregate, rf.manifest.backend)),
      '',
      `An expectation is met over several seeds when the one-sided 95 % Clopper–Pearson lower bound of the rate of matching seeds is ≥ the required bound (${first.requiredBound}) with ≥ ${first.minSeeds} seeds; on one seed, when the status equals it (docs/claims.md#statistical-rule). "report" rows count the seeds where the claim holds.`,
      '',
    );
  }
  rf.runs.forEach((run, i) => out.push(runSection(run, i, rf.runs.length, rf)));
  if (rf.runs.length === 0) out.push('_No runs recorded._', '');
  out.push(
    '---',
    '',
    `_Generated by ${rf.tool.name} ${rf.tool.version} (commit ${rf.tool.commit}), result.json schema version ${rf.schemaVersion}._`,
    '',
  );
  return out.join('\n');
}
