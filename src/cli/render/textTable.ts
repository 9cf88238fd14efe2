/**
 * Plain-text tables for the terminal: columns padded to the widest cell, numbers right-aligned.
 * Widths count what a terminal shows: ANSI colour codes and combining marks (the hat of `Λ̂`) take
 * no column.
 */

/** One column: its header and alignment. */
export interface TextColumn {
  label: string;
  align?: 'left' | 'right';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const COMBINING = /\p{M}/gu;
/** A shrunk column keeps at least this many columns. */
const MIN_SHRUNK = 10;

/** Columns a string occupies on a terminal. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '').replace(COMBINING, '')].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * The table as lines, each prefixed by `indent`, columns separated by two spaces; the header is
 * passed through `header` (e.g. bold). Trailing spaces are trimmed.
 */
export function textTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  options: { indent?: string; header?: (s: string) => string; maxWidth?: number; shrink?: readonly number[] } = {},
): string[] {
  const indent = options.indent ?? '  ';
  const widths = columns.map((col, i) => Math.max(visibleWidth(col.label), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  // Too wide for the terminal: the shrinkable columns give up width (down to MIN_SHRUNK), and
  // their cells are abbreviated with "…". The report files keep the full text.
  const total = () => indent.length + widths.reduce((a, w) => a + w, 0) + 2 * (columns.length - 1);
  for (const i of options.shrink ?? []) {
    const over = total() - (options.maxWidth ?? Infinity);
    if (over <= 0) break;
    widths[i] = Math.max(Math.min(MIN_SHRUNK, widths[i]!), widths[i]! - over);
  }
  const fit = (cell: string, i: number) =>
    visibleWidth(cell) <= widths[i]! ? cell : `${[...cell.replace(ANSI, '')].slice(0, widths[i]! - 1).join('')}…`;
  const line = (cells: readonly string[]) =>
    (indent + columns.map((col, i) => pad(fit(cells[i] ?? '', i), widths[i]!, col.align ?? 'left')).join('  ')).replace(/\s+$/, '');
  const head = line(columns.map((c) => c.label));
  return [options.header ? options.header(head) : head, ...rows.map(line)];
}
