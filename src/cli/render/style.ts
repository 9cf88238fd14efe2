/**
 * Terminal colours, only on a terminal and never with NO_COLOR set (https://no-color.org): piped
 * output and CI logs get plain text.
 */
import type { VerdictStatus } from '../../claims/types.js';
import { STATUS_SEVERITY } from '../../claims/verdict.js';
import type { CliContext } from '../context.js';

/** Text decorations; each is the identity when colours are off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  /** Columns of the terminal the text goes to, when known (tables fit it; 80 otherwise). */
  width?: number;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/** Colours on. */
export const COLOR: Style = Object.freeze({ bold: sgr(1, 22), dim: sgr(2, 22), good: sgr(32, 39), bad: sgr(31, 39), warn: sgr(33, 39) });

/** Colours off. */
export const PLAIN: Style = Object.freeze({ bold: id, dim: id, good: id, bad: id, warn: id });

function id(text: string): string {
  return text;
}

/** The style for stdout in this context. */
export function stdoutStyle(ctx: Pick<CliContext, 'io' | 'env'>): Style {
  const noColor = ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '';
  const style = ctx.io.stdout.isTTY && !noColor ? COLOR : PLAIN;
  const width = ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined;
  return width === undefined ? style : { ...style, width };
}

/** A verdict status, coloured by its severity (the one table of src/claims/verdict.ts). */
export function styleStatus(status: VerdictStatus, s: Style): string {
  return s[STATUS_SEVERITY[status]](status);
}

/** Whether an expectation was met: "met", "NOT MET", or "reported" (nothing asserted). */
export function styleMet(met: boolean | null, s: Style): string {
  if (met === null) return s.dim('reported');
  return met ? s.good('met') : s.bad('NOT MET');
}
