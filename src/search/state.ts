/**
 * `search-state.json`: a search's whole state on disk, written atomically after every experiment so
 * that `--resume DIR` continues exactly where it stopped (same seed, done work skipped) and an
 * interruption loses at most the experiment that was running.
 *
 * JSON has no NaN or ±Infinity (a margin can be −Infinity, a diverged run has NaN losses), so such
 * numbers (and −0) are written as `{"$number": "NaN"}` and decoded on reading: unambiguous anywhere
 * in the file, including inside the stored full results, whose shape the engine does not know.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../io/atomicWrite.js';
import { checkScenario } from '../regime/load.js';
import { scenarioObjectOf } from '../regime/arbitraries.js';
import { MAX_SEED } from '../regime/schema.js';
import { REGIME_KEYS, type SeededRegime } from '../regime/types.js';
import { firstLine, IssueError, makeIssue, summaryOf, type Issue, type IssueInit } from '../util/issue.js';
import { issuesFromZod } from '../util/zodIssues.js';
import { emptyClimb } from './climb.js';
import { GENUINE_MIN_CONFIRMATIONS } from './genuine.js';
import type { Budget, SearchState, SpaceName } from './types.js';

/** File name of the state inside a search folder. */
export const STATE_FILE = 'search-state.json';

/** What a new search is made of. */
export interface NewSearch {
  claim: string;
  space: SpaceName;
  seed: number;
  budget: Budget;
  backend: string;
  randomPerRound: number;
  climbStarts: number;
  /** @defaultValue 4 */
  confirmSeeds?: number;
  /** ISO time. */
  now: string;
}

/** A search that has run nothing yet. */
export function createState(s: NewSearch): SearchState {
  return {
    format: 'provably-search-state',
    version: 1,
    claim: s.claim,
    space: s.space,
    seed: s.seed,
    budget: { ...s.budget },
    backend: s.backend,
    randomPerRound: s.randomPerRound,
    climbStarts: s.climbStarts,
    confirmSeeds: s.confirmSeeds ?? GENUINE_MIN_CONFIRMATIONS,
    phase: 'random',
    stop: null,
    elapsedSeconds: 0,
    sessions: 0,
    created: s.now,
    updated: s.now,
    runs: [],
    random: { next: 0, roundEnd: s.randomPerRound },
    climb: emptyClimb(),
    counterexample: null,
    results: {},
  };
}

/** Numbers JSON cannot hold exactly, by their tag. */
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = Object.freeze({ NaN, Infinity, '-Infinity': -Infinity, '-0': -0 });

/**
 * JSON.stringify replacer: NaN, ±Infinity and −0 (which JSON turns into null, null and 0) become
 * `{"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}`, so a resumed search sees the same numbers.
 */
export function encodeNonFinite(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (Object.is(value, -0)) return { $number: '-0' };
  return Number.isFinite(value) ? value : { $number: String(value) };
}

/** JSON.parse reviver undoing {@link encodeNonFinite}. */
export function decodeNonFinite(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const tag = (value as { $number?: unknown }).$number;
    if (keys.length === 1 && typeof tag === 'string' && Object.hasOwn(SPECIAL_NUMBERS, tag)) return SPECIAL_NUMBERS[tag];
  }
  return value;
}

/** The text of a state file. */
export function serializeState(state: SearchState): string {
  return `${JSON.stringify(state, encodeNonFinite, 2)}\n`;
}

const num = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });
const count = z.number().int().min(0);
const regimeValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const seededRegime = z.object({
  ...Object.fromEntries(REGIME_KEYS.map((k) => [k, regimeValue])),
  seed: z.number().int().min(0).max(MAX_SEED),
});
const score = z.object({ tier: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]), value: num });
const status = z.enum(['holds', 'fails', 'inconclusive', 'diverged', 'interrupted', 'error']);
const move = z.object({ dim: z.string(), dir: z.union([z.literal(1), z.literal(-1)]), scale: z.number().positive() });
const stateSchema = z.object({
  format: z.literal('provably-search-state'),
  version: z.literal(1),
  claim: z.string().min(1),
  space: z.enum(['in', 'all']),
  seed: z.number().int().min(0).max(MAX_SEED),
  budget: z.object({ runs: count, seconds: z.number().min(0) }),
  backend: z.string(),
  randomPerRound: z.number().int().min(1),
  climbStarts: z.number().int().min(1),
  confirmSeeds: z.number().int().min(0),
  phase: z.enum(['random', 'climb', 'shrink', 'confirm', 'done']),
  stop: z.enum(['shrunk', 'runs', 'seconds', 'interrupted']).nullable(),
  elapsedSeconds: z.number().min(0),
  sessions: count,
  created: z.string(),
  updated: z.string(),
  runs: z.array(
    z.object({
      index: count,
      phase: z.enum(['random', 'climb', 'shrink', 'confirm']),
      regime: seededRegime,
      status,
      margin: num,
      score,
      seconds: z.number().min(0),
      violated: z.array(z.string()),
      origin: z.string(),
      detail: z.string(),
      diagnostics: z.string().optional(),
    }),
  ),
  random: z.object({ next: count, roundEnd: count }),
  climb: z.object({
    round: count,
    starts: z.array(count),
    queue: z.array(count),
    point: count.nullable(),
    pending: z.array(move),
    momentum: move.nullable(),
  }),
  counterexample: z
    .object({
      original: count,
      threshold: num,
      shrink: z.object({
        current: count,
        step: count,
        candidate: count,
        pass: count,
        improvedThisPass: z.boolean(),
        tried: count,
        accepted: count,
      }),
      minimal: z.boolean(),
      confirmed: count,
    })
    .nullable(),
  results: z.record(z.string(), z.unknown()),
});

/** The rule every issue of a state file breaks, and its fix. */
const STATE_RULE = `--resume names the folder of an earlier provably search (it holds ${STATE_FILE})`;
const STATE_FIX = 'pass that folder, or start a new search without --resume';

/** A state file that cannot be resumed from: names the file and its problems (the first 8). */
export class SearchStateError extends IssueError {
  constructor(source: string, issues: readonly Issue[]) {
    super(issues, source, { name: 'SearchStateError', maxShown: 8 });
  }
}

function stateIssue(init: Omit<IssueInit, 'rule' | 'fix'>): Issue {
  return makeIssue({ ...init, rule: STATE_RULE, fix: STATE_FIX });
}

/** Run indices the state points at; each must exist. */
function referencedRuns(s: SearchState): number[] {
  const refs = [...s.climb.starts, ...s.climb.queue];
  if (s.climb.point !== null) refs.push(s.climb.point);
  if (s.counterexample) refs.push(s.counterexample.original, s.counterexample.shrink.current);
  return refs;
}

/**
 * Parses and validates a state file's text: the shape, the run indices it refers to, and every
 * recorded regime against the scenario validator (a hand-edited regime must not reach training).
 *
 * @throws SearchStateError naming the field at fault
 */
export function parseState(text: string, source: string): SearchState {
  let json: unknown;
  try {
    json = JSON.parse(text, decodeNonFinite);
  } catch (e) {
    throw new SearchStateError(source, [stateIssue({ code: 'parse', path: '', input: undefined, summary: `not JSON (${firstLine(e)})` })]);
  }
  const parsed = stateSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new SearchStateError(source, issuesFromZod(parsed.error, STATE_RULE, STATE_FIX));
  const state = parsed.data as unknown as SearchState;
  const problems: Issue[] = [];
  state.runs.forEach((r, i) => {
    if (r.index !== i)
      problems.push(
        stateIssue({
          code: 'relation',
          path: `runs[${i}].index`,
          input: r.index,
          summary: `runs[${i}].index is ${r.index}, expected ${i}`,
        }),
      );
    const check = checkScenario(scenarioObjectOf(r.regime, 'resumed'), source);
    const bad = check.issues[0];
    if (!check.scenario && bad) {
      // The regime's own issue, at its place in the file: its rule and fix say what to change.
      problems.push(
        makeIssue({
          code: bad.code,
          path: `runs[${i}].regime${bad.path ? `.${bad.path}` : ''}`,
          input: bad.input,
          summary: `runs[${i}].regime: ${summaryOf(bad)}`,
          rule: bad.rule,
          fix: bad.fix,
        }),
      );
    }
  });
  for (const ref of referencedRuns(state)) {
    if (ref >= state.runs.length)
      problems.push(
        stateIssue({
          code: 'relation',
          path: '',
          input: ref,
          summary: `refers to run ${ref}, but only ${state.runs.length} runs are recorded`,
        }),
      );
  }
  if (problems.length > 0) throw new SearchStateError(source, problems);
  return state;
}

/** Reads the state of the search folder `dir`. @throws SearchStateError */
export async function readState(dir: string): Promise<SearchState> {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const summary =
      code === 'ENOENT' ? 'no such file (is this the --out folder of a provably search?)' : `cannot be read (${code ?? firstLine(e)})`;
    throw new SearchStateError(path, [stateIssue({ code: 'file', path: '', input: path, summary })]);
  }
  return parseState(text, path);
}

/** Writes the state into `dir` atomically (temp file, fsync, rename). */
export async function writeState(dir: string, state: SearchState): Promise<string> {
  return writeJsonAtomic(join(dir, STATE_FILE), state, { replacer: encodeNonFinite });
}

/** A regime as it is recorded (keys in docs/scenario-keys.md order, then the seed). */
export function recordedRegime(r: SeededRegime): SeededRegime {
  const out: Record<string, unknown> = {};
  for (const k of REGIME_KEYS) out[k] = r[k];
  out.seed = r.seed;
  return out as unknown as SeededRegime;
}
