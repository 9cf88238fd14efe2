/**
 * Sandboxed evaluation of the mathjs expressions a scenario may hold (`"eps": "sigmaN * sqrt(d)"`).
 *
 * Scenario files come from users and CI, so an expression is untrusted input. mathjs's own security
 * guidance is followed (a private instance whose `import`, `createUnit`, `evaluate`, `parse`, … are
 * disabled), but the real guard is stronger: mathjs is used only to PARSE, and the node tree is then
 * walked against an allow-list and interpreted here, over plain numbers. Nothing in an expression can
 * reach mathjs's evaluator, units, matrices, objects, property access or assignment, so the known
 * mathjs exploits (`cos.constructor(...)`, `import(...)`, `f(x) = ...`) have nothing to grab. The
 * same walk makes scenario keys shadow mathjs built-ins by construction: a symbol is looked up in the
 * scenario first, then in {@link ALLOWED_CONSTANTS}, and never anywhere else, so `e`, `m`, `d`, `T`,
 * `P` are the scenario's values and never Euler's number, a unit or a matrix.
 */
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { showNumber, showValue } from '../util/issue.js';
import { makeIssue, type RegimeIssue } from './errors.js';
import { ScenarioError } from './errors.js';
import { closest } from './_internals/suggest.js';

/** Longest expression accepted, in characters. Real scenario expressions are a few dozen. */
export const MAX_EXPRESSION_LENGTH = 200;
/** Most parse-tree nodes accepted in one expression: a cheap bound on evaluation work. */
export const MAX_EXPRESSION_NODES = 100;

/** Constants an expression may name when no scenario key has the same name. */
export const ALLOWED_CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  pi: Math.PI,
  e: Math.E,
});

/** Operators an expression may use, by mathjs function name → the symbol users write. */
const ALLOWED_OPERATORS: Readonly<Record<string, string>> = Object.freeze({
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  unaryMinus: '-',
  unaryPlus: '+',
});

// A private mathjs instance. Its number functions implement the allow-listed functions, so their
// semantics are mathjs's own (e.g. `ceil` forgives 3.0000000000000004, `round` rounds half away from
// zero). Dangerous functions are disabled per mathjs's security guidance: defence in depth, since this
// module never calls mathjs's evaluator anyway.
//
// The single-file bundle is loaded instead of the package's ESM entry: the same mathjs release, but
// one file instead of hundreds. It is still the costliest import of the CLI (~0.2 s), so it is loaded
// on the first expression, not with this module: `provably verify --help` and argument errors never
// pay for it.
type MathInstance = ReturnType<typeof import('mathjs').create>;
let mathInstance: { math: MathInstance; parse: MathInstance['parse'] } | undefined;
function mathjsInstance(): { math: MathInstance; parse: MathInstance['parse'] } {
  if (mathInstance) return mathInstance;
  const mathjs = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
  const instance = mathjs.create(mathjs.all, { number: 'number' });
  // Taken before `parse` is disabled on the instance below: parsing is all this module asks of mathjs.
  const parse = instance.parse;
  const disabled = (name: string) => () => {
    throw new Error(`provably: mathjs function ${name} is disabled in scenario expressions`);
  };
  instance.import(
    Object.fromEntries(
      [
        'import',
        'createUnit',
        'reviver',
        'evaluate',
        'parse',
        'compile',
        'simplify',
        'derivative',
        'resolve',
        'rationalize',
        'unit',
        'matrix',
        'sparse',
        'chain',
      ].map((n) => [n, disabled(n)]),
    ),
    { override: true },
  );
  mathInstance = { math: instance, parse };
  return mathInstance;
}
type NumFn = (...args: number[]) => unknown;
/** mathjs's number function `name`, looked up when first called. */
const fn =
  (name: string): NumFn =>
  (...args) =>
    (mathjsInstance().math as unknown as Record<string, NumFn>)[name]!(...args);

/** Functions an expression may call, with their accepted argument counts. */
const FUNCTIONS: Readonly<Record<string, { min: number; max: number; impl: NumFn }>> = Object.freeze({
  sqrt: { min: 1, max: 1, impl: fn('sqrt') },
  log: { min: 1, max: 2, impl: fn('log') },
  log2: { min: 1, max: 1, impl: fn('log2') },
  log10: { min: 1, max: 1, impl: fn('log10') },
  exp: { min: 1, max: 1, impl: fn('exp') },
  ceil: { min: 1, max: 1, impl: fn('ceil') },
  floor: { min: 1, max: 1, impl: fn('floor') },
  round: { min: 1, max: 2, impl: fn('round') },
  min: { min: 1, max: 16, impl: fn('min') },
  max: { min: 1, max: 16, impl: fn('max') },
  abs: { min: 1, max: 1, impl: fn('abs') },
  pow: { min: 2, max: 2, impl: fn('pow') },
});

/** Names of the functions an expression may call. */
export const ALLOWED_FUNCTIONS: readonly string[] = Object.freeze(Object.keys(FUNCTIONS));

/** The allow-list in words, used as the `rule` of every expression issue. */
export const EXPRESSION_RULE =
  `an expression may use numbers, regime keys, ${Object.keys(ALLOWED_CONSTANTS).join(', ')}, ` +
  `+ - * / ^, parentheses and ${ALLOWED_FUNCTIONS.join(', ')}; at most ${MAX_EXPRESSION_LENGTH} ` +
  `characters`;

/** Plain-language names of the mathjs constructs that are refused. */
const NODE_WORDS: Readonly<Record<string, string>> = {
  AssignmentNode: 'an assignment',
  FunctionAssignmentNode: 'a function definition',
  AccessorNode: 'property or index access',
  IndexNode: 'an index',
  ArrayNode: 'an array or matrix',
  ObjectNode: 'an object',
  BlockNode: 'several statements',
  ConditionalNode: 'a conditional (?:)',
  RangeNode: 'a range (:)',
  RelationalNode: 'a chained comparison',
};

/** An expression that passed the allow-list: safe to interpret. */
export interface CheckedExpression {
  /** The field it belongs to, for messages. */
  readonly field: string;
  /** The text as written. */
  readonly text: string;
  /** Names it refers to in value position (never function names), in first-use order. */
  readonly names: readonly string[];
  /** The parse tree; only node kinds of the allow-list occur in it. */
  readonly node: MathNode;
}

/** Either a value or the issue that prevented it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issue: RegimeIssue };

function expressionIssue(field: string, text: string, what: string, fix?: string): RegimeIssue {
  return makeIssue({
    code: 'expression',
    path: field,
    input: text,
    summary: `${field} = ${showValue(text)}: ${what}`,
    rule: EXPRESSION_RULE,
    fix: fix ?? `rewrite ${field} with those parts only, or give ${field} a number`,
  });
}

/** Thrown inside the walk, caught at its boundary: one refusal ends the walk. */
class Refusal {
  constructor(readonly what: string) {}
}

/**
 * Parses `text` and checks it against the allow-list (see the module comment). Never throws: a
 * problem is returned as an `expression` issue naming `field`, the text and what was refused.
 */
export function checkExpression(field: string, text: string): Checked<CheckedExpression> {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      issue: expressionIssue(
        field,
        text,
        `the expression is ${text.length} characters long, above the limit of ${MAX_EXPRESSION_LENGTH}`,
        `shorten the expression for ${field}, or give a number`,
      ),
    };
  }
  if (text.trim() === '') {
    return { ok: false, issue: expressionIssue(field, text, 'the expression is empty', `give ${field} a number or an expression`) };
  }
  let node: MathNode;
  try {
    node = mathjsInstance().parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, issue: expressionIssue(field, text, `does not parse (${why})`, `correct the syntax of ${field}`) };
  }
  const names: string[] = [];
  let count = 0;
  // The length bound already keeps the tree (and so the recursion) shallow; the node bound caps the
  // interpreter's work, whatever the shape of the tree.
  const visit = (n: MathNode): void => {
    count += 1;
    if (count > MAX_EXPRESSION_NODES) throw new Refusal(`more than ${MAX_EXPRESSION_NODES} parse nodes`);
    const any = n as unknown as {
      type: string;
      value?: unknown;
      name?: string;
      op?: string;
      fn?: unknown;
      args?: MathNode[];
      content?: MathNode;
      isPercentage?: boolean;
    };
    switch (any.type) {
      case 'ConstantNode':
        if (typeof any.value !== 'number') throw new Refusal(`the literal ${showValue(any.value)} is not a number`);
        if (!Number.isFinite(any.value)) throw new Refusal(`the literal ${String(any.value)} is not a finite number`);
        return;
      case 'SymbolNode':
        if (!names.includes(any.name!)) names.push(any.name!);
        return;
      case 'ParenthesisNode':
        visit(any.content!);
        return;
      case 'OperatorNode': {
        const symbol = Object.hasOwn(ALLOWED_OPERATORS, any.fn as string) ? ALLOWED_OPERATORS[any.fn as string] : undefined;
        // mathjs reads `x + 50%` as x + x·50/100, a trap in a config file: percentages are refused.
        if (any.isPercentage) throw new Refusal('the percentage operator % is not allowed');
        if (symbol === undefined || any.op !== symbol) throw new Refusal(`the operator ${any.op} is not allowed`);
        for (const a of any.args ?? []) visit(a);
        return;
      }
      case 'FunctionNode': {
        const callee = any.fn as { type?: string; name?: string };
        if (callee?.type !== 'SymbolNode') throw new Refusal('only named functions may be called');
        const spec = Object.hasOwn(FUNCTIONS, callee.name!) ? FUNCTIONS[callee.name!] : undefined;
        if (!spec) throw new Refusal(`the function ${callee.name} is not allowed`);
        const nArgs = any.args?.length ?? 0;
        if (nArgs < spec.min || nArgs > spec.max) {
          const want = spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
          throw new Refusal(`${callee.name} takes ${want} argument(s), got ${nArgs}`);
        }
        for (const a of any.args ?? []) visit(a);
        return;
      }
      default:
        throw new Refusal(`${NODE_WORDS[any.type] ?? `a ${any.type}`} is not allowed`);
    }
  };
  try {
    visit(node);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, issue: expressionIssue(field, text, e.what) };
    throw e;
  }
  return { ok: true, value: { field, text, names, node } };
}

/**
 * Interprets a checked expression over `scope` (scenario keys first, then {@link ALLOWED_CONSTANTS}).
 * Never throws: a non-real or non-finite result, or a name missing from both, is an issue.
 */
export function evaluateChecked(expr: CheckedExpression, scope: ReadonlyMap<string, number>): Checked<number> {
  const { field, text } = expr;
  const ev = (n: MathNode): number => {
    const any = n as unknown as { type: string; value?: number; name?: string; fn?: unknown; args?: MathNode[]; content?: MathNode };
    switch (any.type) {
      case 'ConstantNode':
        return any.value!;
      case 'SymbolNode': {
        const name = any.name!;
        const v = scope.get(name) ?? (Object.hasOwn(ALLOWED_CONSTANTS, name) ? ALLOWED_CONSTANTS[name] : undefined);
        if (v === undefined) throw new Refusal(`the name ${name} has no value`);
        return v;
      }
      case 'ParenthesisNode':
        return ev(any.content!);
      case 'OperatorNode': {
        const xs = any.args!.map(ev);
        switch (any.fn as string) {
          case 'add':
            return xs[0]! + xs[1]!;
          case 'subtract':
            return xs[0]! - xs[1]!;
          case 'multiply':
            return xs[0]! * xs[1]!;
          case 'divide':
            return xs[0]! / xs[1]!;
          case 'unaryMinus':
            return -xs[0]!;
          case 'unaryPlus':
            return xs[0]!;
          case 'pow':
            return real('^', FUNCTIONS.pow!.impl(xs[0]!, xs[1]!));
          default:
            throw new Refusal(`the operator ${String(any.fn)} is not allowed`);
        }
      }
      case 'FunctionNode': {
        const name = (any.fn as { name: string }).name;
        const xs = any.args!.map(ev);
        let out: unknown;
        try {
          out = FUNCTIONS[name]!.impl(...xs);
        } catch (e) {
          throw new Refusal(`${name}(${xs.map(showNumber).join(', ')}) failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        return real(`${name}(${xs.map(showNumber).join(', ')})`, out);
      }
      default:
        // Unreachable for a checked expression; kept so an unchecked tree can never be interpreted.
        throw new Refusal(`a ${any.type} is not allowed`);
    }
  };
  const real = (what: string, out: unknown): number => {
    if (typeof out !== 'number') throw new Refusal(`${what} is not a real number`);
    return out;
  };
  try {
    const value = ev(expr.node);
    if (!Number.isFinite(value)) {
      return {
        ok: false,
        issue: makeIssue({
          code: 'expression',
          path: field,
          input: text,
          summary: `${field} = ${showValue(text)} evaluates to ${value}`,
          rule: 'an expression must evaluate to a finite number',
          fix: `change ${field} or the keys it uses so that it is finite`,
        }),
      };
    }
    // -0 and 0 are the same regime; keep output canonical so equal regimes compare equal.
    return { ok: true, value: value === 0 ? 0 : value };
  } catch (e) {
    if (e instanceof Refusal) {
      return {
        ok: false,
        issue: makeIssue({
          code: 'expression',
          path: field,
          input: text,
          summary: `${field} = ${showValue(text)}: ${e.what}`,
          rule: 'an expression must evaluate to a finite real number',
          fix: `change ${field} or the keys it uses`,
        }),
      };
    }
    throw e;
  }
}

/**
 * Checks and evaluates one expression over `scope`. Throws a {@link ScenarioError} (never a raw
 * mathjs error) if it is refused, names something outside `scope` and the constants, or is not finite.
 */
export function evaluateExpression(text: string, scope: Readonly<Record<string, number>> = {}, field = 'expression'): number {
  const { values, issues } = evaluateAll({ ...scope, [field]: text });
  if (issues.length > 0) throw new ScenarioError(issues, '<expression>');
  return values[field]!;
}

/** Options of {@link evaluateAll}. */
export interface EvaluateAllOptions {
  /**
   * Names that exist but have no numeric value here. A string says why (reported if an expression
   * uses the name); `null` means the problem is already reported elsewhere, so dependants are
   * skipped silently instead of adding a second, derived error.
   */
  unavailable?: Readonly<Record<string, string | null>>;
}

/** Output of {@link evaluateAll}: every value that could be computed, and every issue. */
export interface EvaluateAllResult {
  values: Record<string, number>;
  issues: RegimeIssue[];
}

/**
 * Evaluates every entry: numbers as they are, strings as expressions over the other entries, in
 * dependency order (a topological sort, so the order of keys in a file does not matter). Collects
 * every issue: refused expressions, unknown names (listing the names that are known), cycles (with
 * their path, `eps → stepSize → eps`) and non-finite values. An entry that depends on a failed one is
 * left out of `values` without an issue of its own: the root cause is already reported.
 */
export function evaluateAll(entries: Readonly<Record<string, number | string>>, options: EvaluateAllOptions = {}): EvaluateAllResult {
  const unavailable = options.unavailable ?? {};
  const keys = Object.keys(entries);
  const issues: RegimeIssue[] = [];
  const values = new Map<string, number>();
  const exprs = new Map<string, CheckedExpression>();
  const failed = new Set<string>();
  const has = (name: string) => Object.hasOwn(entries, name);
  const known = [...keys, ...Object.keys(ALLOWED_CONSTANTS).filter((c) => !has(c))];

  for (const key of keys) {
    const raw = entries[key];
    if (typeof raw === 'number') {
      if (Number.isFinite(raw)) values.set(key, raw === 0 ? 0 : raw);
      else {
        failed.add(key);
        issues.push(
          makeIssue({
            code: 'invalid_type',
            path: key,
            input: raw,
            summary: `${key} = ${showValue(raw)} is not a finite number`,
            rule: `${key} is a finite number or an expression`,
            fix: `give ${key} a finite number`,
          }),
        );
      }
      continue;
    }
    const checked = checkExpression(key, String(raw));
    if (!checked.ok) {
      failed.add(key);
      issues.push(checked.issue);
      continue;
    }
    exprs.set(key, checked.value);
    for (const name of checked.value.names) {
      if (has(name) || (!Object.hasOwn(unavailable, name) && Object.hasOwn(ALLOWED_CONSTANTS, name))) continue;
      failed.add(key);
      if (Object.hasOwn(unavailable, name)) {
        const why = unavailable[name];
        if (why !== null && why !== undefined) {
          issues.push(
            makeIssue({
              code: 'expression',
              path: key,
              input: raw,
              related: [key, name],
              summary: `${key} = ${showValue(raw)} uses ${name}, which ${why}`,
              rule: 'an expression may refer only to numeric regime keys',
              fix: `remove ${name} from the expression for ${key}`,
            }),
          );
        }
        continue;
      }
      issues.push(
        makeIssue({
          code: 'unknown_name',
          path: key,
          input: raw,
          name,
          known,
          summary: `${key} = ${showValue(raw)} uses the unknown name ${name}`,
          rule: 'an expression may refer only to regime keys and the constants ' + Object.keys(ALLOWED_CONSTANTS).join(', '),
          fix: `${(() => {
            const guess = closest(name, known);
            return guess ? `did you mean ${guess}? Otherwise ` : '';
          })()}use one of ${known.join(', ')}`,
        }),
      );
    }
  }

  // Depth-first topological sort over the expression entries; a grey node met again closes a cycle.
  const state = new Map<string, 'grey' | 'black'>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, 'grey');
    stack.push(key);
    for (const dep of exprs.get(key)!.names) {
      if (!exprs.has(dep)) continue; // a number, a constant, or already failed at check time
      const s = state.get(dep);
      if (s === 'grey') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const members = [...new Set(cycle)];
        members.forEach((m) => failed.add(m));
        issues.push(
          makeIssue({
            code: 'cycle',
            path: dep,
            input: entries[dep],
            cycle,
            related: members,
            summary: `${dep} = ${showValue(entries[dep])} is part of the cycle ${cycle.join(' → ')}`,
            rule: 'an expression must not depend on itself, directly or through other keys',
            fix: `give ${members.length === 1 ? dep : `one of ${members.join(', ')}`} a number`,
          }),
        );
      } else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(key, 'black');
    order.push(key);
  };
  for (const key of exprs.keys()) if (!state.has(key)) visit(key);

  for (const key of order) {
    if (failed.has(key)) continue;
    const expr = exprs.get(key)!;
    if (expr.names.some((n) => failed.has(n) || (has(n) && !values.has(n)))) {
      failed.add(key); // blocked by a failed dependency: reported there
      continue;
    }
    const out = evaluateChecked(expr, values);
    if (out.ok) values.set(key, out.value);
    else {
      failed.add(key);
      issues.push(out.issue);
    }
  }

  // Return values in the entries' own order: deterministic output whatever the dependency order.
  const result: Record<string, number> = {};
  for (const key of keys) if (values.has(key)) result[key] = values.get(key)!;
  return { values: result, issues };
}
