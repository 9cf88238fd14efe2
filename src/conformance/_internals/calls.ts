import { formatNumber } from '../../util/format.js';
import { firstLine, IssueError, makeIssue, type IssueInit } from '../../util/issue.js';
import type { AttackInput, NetworkShape, Trainer, UpdateInput } from '../types.js';

/**
 * Calls into a user's trainer, with its output checked against the interface before any check
 * uses it. A wrong output is an error naming the method, the field, the value and the fix; the
 * checks turn it into a failing verdict, so one broken method never aborts a whole report.
 */
export class TrainerCallError extends IssueError {
  constructor(init: IssueInit) {
    super([makeIssue(init)], '', { name: 'TrainerCallError' });
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${firstLine(e)}` : firstLine(e);
}

function asFloat32(value: unknown, method: string, what: string, layout: string, length: number): Float32Array {
  const isArrayLike = value instanceof Float32Array || value instanceof Float64Array || Array.isArray(value);
  if (!isArrayLike) {
    const got = value === null ? 'null' : typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
    throw new TrainerCallError({
      code: 'invalid_type',
      path: `trainer.${method}`,
      input: value,
      summary: `trainer.${method} returned ${got}`,
      rule: `${what} is a Float32Array ${layout} of length ${length}`,
      fix: `return new Float32Array(${length}) filled in that layout`,
    });
  }
  const arr = value as ArrayLike<number>;
  if (arr.length !== length) {
    throw new TrainerCallError({
      code: 'out_of_range',
      path: `trainer.${method}`,
      input: arr.length,
      summary: `trainer.${method} returned ${arr.length} numbers; expected ${what} ${layout} = ${length}`,
      rule: `${what} has one number per element of ${layout}`,
      fix: 'return one number per element of that layout (row-major)',
    });
  }
  return value instanceof Float32Array ? value : Float32Array.from(arr);
}

const inputLayout = (s: NetworkShape) => `[n, P, d] = [${s.n}, ${s.P}, ${s.d}]`;
const weightLayout = (s: NetworkShape) => `[k, m, d] = [${s.k}, ${s.m}, ${s.d}]`;

/**
 * `trainer.attack(input)`; δ validated as `[n, P, d]`. The input is passed as is: callers build a
 * fresh one per call, so a trainer that writes into its inputs cannot corrupt a case (and the
 * inputs-untouched check can see that it did). @throws TrainerCallError
 */
export async function callAttack(trainer: Trainer, input: AttackInput): Promise<Float32Array> {
  let out: unknown;
  try {
    out = await trainer.attack(input);
  } catch (e) {
    throw new TrainerCallError({
      code: 'threw',
      path: 'trainer.attack',
      input: e,
      summary: `trainer.attack threw on ${describeBudget(input)}: ${describeError(e)}`,
      rule: 'trainer.attack answers every budget of the Trainer interface with δ',
      fix: 'make it return δ for this budget',
    });
  }
  const { n, P, d } = input.shape;
  return asFloat32(out, 'attack', 'δ', inputLayout(input.shape), n * P * d);
}

/** `trainer.update(input)`; W′ validated as `[k, m, d]` (input passed as is, see {@link callAttack}). @throws TrainerCallError */
export async function callUpdate(trainer: Trainer, input: UpdateInput): Promise<Float32Array> {
  let out: unknown;
  try {
    out = await trainer.update(input);
  } catch (e) {
    throw new TrainerCallError({
      code: 'threw',
      path: 'trainer.update',
      input: e,
      summary: `trainer.update threw (delta ${input.delta === null ? 'null' : 'given'}, eta ${input.eta}): ${describeError(e)}`,
      rule: 'trainer.update answers every step of the Trainer interface with W′',
      fix: 'make it return W′ for this step',
    });
  }
  const { k, m, d } = input.shape;
  return asFloat32(out, 'update', 'W′', weightLayout(input.shape), k * m * d);
}

/** "linf eps=0.3 K=3 stepSize=0.15 random start, n=4 P=3 d=12 k=2 m=3": one line for details. */
export function describeBudget(input: Pick<AttackInput, 'budget' | 'shape'>): string {
  const b = input.budget;
  const s = input.shape;
  return `${b.norm} eps=${formatNumber(b.eps)} K=${b.steps} stepSize=${formatNumber(b.stepSize)}${b.randomStart ? ' random start' : ''} (n=${s.n} P=${s.P} d=${s.d} k=${s.k} m=${s.m})`;
}
