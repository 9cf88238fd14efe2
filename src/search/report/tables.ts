/**
 * The search report's tables as data (the report module's `Table` shape), rendered by both
 * report.md and report.html.
 */
import type { markdownTable } from '../../report/markdown.js';
import type { VerdictStatus } from '../../claims/types.js';
import { REGIME_KEYS } from '../../regime/types.js';
import { STATUS_STYLE } from '../../report/styles.js';
import { formatMargin, formatNumber } from '../../util/format.js';
import type { SearchSummary } from './summary.js';
import { stopText } from './summary.js';

/** The report module's table type. */
export type Table = Parameters<typeof markdownTable>[0];
type Cell = Table['rows'][number][number];
type Tone = NonNullable<Cell['tone']>;

/** A regime value or a number for a table: numbers as src/util/format.ts writes them, anything else as text. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  return v === null ? 'null' : String(v);
}

/** A search status: a verdict status as every report shows it, or a run that errored. */
function statusStyle(status: string): { symbol: string; tone: Tone } {
  return status in STATUS_STYLE ? STATUS_STYLE[status as VerdictStatus] : { symbol: '⚠️', tone: 'warn' };
}

const c = (text: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text, ...extra });

/** Key facts of the search: claim, space, seed, budget, why it stopped, runs. */
export function overviewTable(s: SearchSummary, resume: string): Table {
  const statuses = Object.entries(s.statuses)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const rows: [string, string, boolean?][] = [
    ['Claim', `${s.claim}: ${s.claimTitle}`],
    ['Space', s.space === 'in' ? 'in: regimes inside A0–A8, cheap sizes' : 'all: any valid regime, outside A0–A8 too, cheap sizes'],
    ['Search seed', String(s.seed)],
    ['Budget used', `${s.runs} of ${s.budget.runs} experiments, ${formatValue(Math.round(s.elapsedSeconds))} of ${s.budget.seconds} s`],
    ['Stopped', stopText(s.stop, s)],
    [
      'Experiments',
      `${s.phases.random} random, ${s.phases.climb} climbing, ${s.phases.shrink} shrinking, ${s.phases.confirm} on other seeds${statuses ? ` (${statuses})` : ''}`,
    ],
    ['Resume or extend', resume, true],
  ];
  return {
    columns: [{ label: 'Search' }, { label: '' }],
    rows: rows.map(([k, v, code]) => [c(k, { strong: true }), c(v, { code: code === true })]),
  };
}

/** The counterexample's regime next to the one it was shrunk from; changed keys in bold. */
export function regimeTable(s: SearchSummary): Table {
  const cx = s.counterexample!;
  const keys = [...REGIME_KEYS, 'seed'] as const;
  const changed = new Set(cx.changes.map((ch) => ch.key));
  const rows = keys.map((k) => {
    const bold = changed.has(k);
    return [
      c(k, { code: true, strong: bold }),
      c(formatValue(cx.original.regime[k]), { tone: bold ? 'muted' : undefined }),
      c(formatValue(cx.regime[k]), { strong: bold }),
    ];
  });
  return {
    columns: [
      { label: 'key' },
      { label: `found (run ${cx.original.run + 1})`, numeric: true },
      { label: `minimal (run ${cx.run + 1})`, numeric: true },
    ],
    rows,
  };
}

/** The assumptions the counterexample violates. */
export function violatedTable(s: SearchSummary): Table {
  const cx = s.counterexample!;
  return {
    columns: [{ label: 'assumption' }, { label: 'value', numeric: true }, { label: 'threshold', numeric: true }, { label: 'what' }],
    rows: cx.violated.map((a) => [
      c(a.id, { strong: true, symbol: '❌', tone: 'bad' }),
      c(formatValue(a.value)),
      c(formatValue(a.threshold)),
      c(a.detail),
    ]),
  };
}

/**
 * The milestones of the search: every run that lowered the lowest margin so far, and the
 * counterexample's shrinking path, at most `max` rows (the whole list is in search-state.json).
 */
export function milestoneTable(s: SearchSummary, origins: readonly string[], max = 30): Table {
  const rows: Cell[][] = [];
  let best = Infinity;
  const path = new Set(s.counterexample?.path ?? []);
  for (const p of s.trajectory) {
    const improves = (p.status === 'holds' || p.status === 'fails') && p.margin < best;
    if (improves) best = p.margin;
    if (!improves && !path.has(p.run)) continue;
    const style = statusStyle(p.status);
    rows.push([c(String(p.run + 1)), c(p.phase), c(p.status, style), c(formatMargin(p.margin)), c(origins[p.run] ?? '', { code: false })]);
  }
  const shown =
    rows.length > max
      ? [
          ...rows.slice(0, max / 2),
          [c('…'), c(''), c(''), c(''), c(`${rows.length - max} more in search-state.json`)],
          ...rows.slice(-max / 2),
        ]
      : rows;
  return {
    columns: [
      { label: 'run', numeric: true },
      { label: 'phase' },
      { label: 'verdict' },
      { label: 'margin', numeric: true },
      { label: 'how it was made' },
    ],
    rows: shown,
  };
}
