/**
 * The definition of a sweep, from `--axis KEY=V1,V2,…` (one or two), `--set KEY=EXPR` (repeatable)
 * and the base scenario, and its grid of cells. Everything is checked before any training: an unknown
 * key (with a did-you-mean), a value that breaks scenario validation, an empty axis, a key given
 * twice. Each problem is a {@link SweepError} naming the axis or `--set`, the rule and the fix.
 */
import { closest } from '../regime/_internals/suggest.js';
import { IssueError, makeIssue, summaryOf, type IssueInit } from '../util/issue.js';
import { checkAssumptions } from '../regime/assumptions.js';
import { checkScenario } from '../regime/load.js';
import { REGIME_KEYS, type Regime, type Scenario } from '../regime/types.js';

/** A value an axis takes: a JSON literal (number, string, boolean) or a bare string. */
export type AxisValue = number | string | boolean;

/** One axis of the grid. */
export interface Axis {
  key: keyof Regime;
  values: AxisValue[];
}

/** Everything that defines a sweep's runs (what `--resume` and `merge` compare). */
export interface SweepPlan {
  scenario: { name: string; source: string; given: Record<string, unknown> };
  axes: Axis[];
  /** Derived or fixed keys: key → mathjs expression over the others. */
  sets: Record<string, string>;
  seeds: { first: number; count: number };
}

/** One cell of the grid: the axis values, the evaluated regime and the assumptions it breaks. */
export interface Cell {
  index: number;
  values: Record<string, AxisValue>;
  regime: Regime;
  /** Ids of the assumptions (A0–A8) that do not hold; empty inside them. */
  outside: string[];
}

/** A bad axis or `--set`: the flag as typed, what is wrong, the rule and the fix. */
export class SweepError extends IssueError {
  constructor(init: IssueInit) {
    super([makeIssue(init)], '', { name: 'SweepError' });
  }
}

const KEYS: readonly string[] = REGIME_KEYS;

function checkKey(key: string, flag: string, text: string): keyof Regime {
  if (KEYS.includes(key)) return key as keyof Regime;
  const guess = closest(key, KEYS);
  throw new SweepError({
    code: 'unknown_key',
    path: flag,
    input: text,
    summary: `${flag} ${JSON.stringify(text)}: ${JSON.stringify(key)} is not a regime key`,
    rule: 'KEY is one of the scenario keys (docs/scenario-keys.md)',
    fix: guess ? `did you mean ${guess}?` : `use one of ${KEYS.join(', ')}`,
  });
}

/** One value as typed: JSON when it parses (1e-3, "x", true), else the bare text (orthogonal, eps/2). */
export function parseAxisValue(text: string): AxisValue {
  const t = text.trim();
  try {
    const v: unknown = JSON.parse(t);
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  } catch {
    // not JSON: a bare word or an expression
  }
  return t;
}

/** Parses `KEY=V1,V2,…`. @throws SweepError */
export function parseAxis(text: string): Axis {
  const at = text.indexOf('=');
  if (at <= 0)
    throw new SweepError({
      code: 'parse',
      path: '--axis',
      input: text,
      summary: `--axis ${JSON.stringify(text)} has no KEY=`,
      rule: '--axis KEY=V1,V2,…',
      fix: "write e.g. --axis 'eta=0.1,0.03,0.01'",
    });
  const key = checkKey(text.slice(0, at).trim(), '--axis', text);
  const raw = text
    .slice(at + 1)
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (raw.length === 0)
    throw new SweepError({
      code: 'parse',
      path: '--axis',
      input: text,
      summary: `--axis ${JSON.stringify(text)} has no values: the grid is empty`,
      rule: 'every axis takes at least one value',
      fix: `list values after ${key}=, e.g. --axis '${key}=1,2'`,
    });
  const values = raw.map(parseAxisValue);
  const seen = new Set<string>();
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k))
      throw new SweepError({
        code: 'relation',
        path: '--axis',
        input: text,
        summary: `--axis ${JSON.stringify(text)} lists ${k} twice`,
        rule: 'each value of an axis once',
        fix: `remove the repeated ${k}`,
      });
    seen.add(k);
  }
  return { key, values };
}

/** Parses `KEY=EXPR`. @throws SweepError */
export function parseSet(text: string): [keyof Regime, string] {
  const at = text.indexOf('=');
  if (at <= 0 || text.slice(at + 1).trim() === '')
    throw new SweepError({
      code: 'parse',
      path: '--set',
      input: text,
      summary: `--set ${JSON.stringify(text)} is not KEY=EXPR`,
      rule: '--set KEY=EXPR, an expression over the other keys',
      fix: "write e.g. --set 'T=60/eta'",
    });
  return [checkKey(text.slice(0, at).trim(), '--set', text), text.slice(at + 1).trim()];
}

/**
 * The plan of a sweep over `scenario`. @throws SweepError for more than two axes, a key given
 * twice, or a `--set` of an axis key
 */
export function makePlan(
  scenario: Pick<Scenario, 'name' | 'source' | 'given'>,
  axisTexts: readonly string[],
  setTexts: readonly string[],
  seeds: { first: number; count: number },
): SweepPlan {
  if (axisTexts.length === 0)
    throw new SweepError({
      code: 'missing_key',
      path: '--axis',
      input: undefined,
      summary: 'no --axis given: the grid is empty',
      rule: 'a sweep has one or two axes',
      fix: "add e.g. --axis 'eta=0.1,0.03'",
    });
  if (axisTexts.length > 2)
    throw new SweepError({
      code: 'out_of_range',
      path: '--axis',
      input: axisTexts,
      summary: `${axisTexts.length} axes given (${axisTexts.map((a) => `--axis ${a}`).join(', ')})`,
      rule: 'a sweep has one or two axes',
      fix: 'keep two, and run one sweep per value of the others (or fix them with --set)',
    });
  const axes = axisTexts.map(parseAxis);
  if (axes.length === 2 && axes[0]!.key === axes[1]!.key)
    throw new SweepError({
      code: 'relation',
      path: '--axis',
      input: axisTexts,
      summary: `--axis ${axes[0]!.key} is given twice`,
      rule: 'two axes are two different keys',
      fix: 'merge the values into one --axis',
    });
  const sets: Record<string, string> = {};
  for (const text of setTexts) {
    const [key, expr] = parseSet(text);
    if (axes.some((a) => a.key === key))
      throw new SweepError({
        code: 'relation',
        path: '--set',
        input: text,
        summary: `--set ${JSON.stringify(text)} sets ${key}, which is an axis`,
        rule: 'a key is either an axis or set, not both',
        fix: `drop --set ${key}=… or --axis ${key}=…`,
      });
    if (key in sets)
      throw new SweepError({
        code: 'relation',
        path: '--set',
        input: text,
        summary: `--set ${key} is given twice`,
        rule: 'each key is set once',
        fix: `keep one --set ${key}=…`,
      });
    sets[key] = expr;
  }
  return { scenario: { name: scenario.name, source: scenario.source, given: { ...scenario.given } }, axes, sets, seeds };
}

function describeValues(values: Record<string, AxisValue>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** `d=64, eta=0.1`: the label of a cell. */
export function cellLabel(cell: Pick<Cell, 'values'>): string {
  return describeValues(cell.values);
}

/**
 * Every cell of the plan, axis 1 varying slowest, each validated exactly as a scenario file would
 * be. @throws SweepError naming the axis value (or --set) and the scenario rule it breaks
 */
export function buildGrid(plan: SweepPlan): Cell[] {
  const [a, b] = plan.axes;
  const combos: Record<string, AxisValue>[] = [];
  for (const va of a!.values) {
    if (b === undefined) combos.push({ [a!.key]: va });
    else for (const vb of b.values) combos.push({ [a!.key]: va, [b.key]: vb });
  }
  return combos.map((values, index) => {
    const given: Record<string, unknown> = { ...plan.scenario.given, ...values, ...plan.sets };
    const { scenario, issues } = checkScenario({ name: plan.scenario.name, description: '', ...given }, plan.scenario.source);
    if (!scenario) {
      const issue = issues[0]!;
      const axis = plan.axes.find((x) => issue.path === x.key || issue.related.includes(x.key));
      const set = Object.keys(plan.sets).find((k) => issue.path === k);
      const flag = axis
        ? `--axis ${axis.key}=${describeValues({ x: values[axis.key]! }).slice(2)}`
        : set
          ? `--set ${set}=${plan.sets[set]}`
          : `the cell ${describeValues(values)}`;
      throw new SweepError({
        code: issue.code,
        path: axis ? '--axis' : set ? '--set' : '',
        input: axis ? values[axis.key] : set ? plan.sets[set] : values,
        summary: `${flag}: in the cell ${describeValues(values)}, ${summaryOf(issue)}`,
        rule: issue.rule,
        fix: `${issue.fix}; or drop that value from the axis`,
      });
    }
    const outside = checkAssumptions(scenario.regime)
      .filter((x) => !x.holds)
      .map((x) => x.id);
    return { index, values, regime: scenario.regime, outside };
  });
}
