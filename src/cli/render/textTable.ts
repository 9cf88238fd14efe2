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
  options: { indent?: string; header?: (s: string) => string } = {},
): string[] {
  const indent = options.indent ?? '  ';
  const widths = columns.map((col, i) => Math.max(visibleWidth(col.label), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    (indent + columns.map((col, i) => pad(cells[i] ?? '', widths[i]!, col.align ?? 'left')).join('  ')).replace(/\s+$/, '');
  const head = line(columns.map((c) => c.label));
  return [options.header ? options.header(head) : head, ...rows.map(line)];
}
