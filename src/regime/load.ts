/**
 * From a scenario name, a path or an in-process object to a validated, evaluated {@link Scenario}.
 * Every failure is a {@link ScenarioError} listing every issue found (file, JSON, shape,
 * expressions, ranges, relations), never a raw exception: a user fixes a file in one pass, and
 * exit code 2 ("bad input, before any training") can be decided from the error's type alone.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineColumn, scanJson } from './_internals/jsonScan.js';
import { closest } from './_internals/suggest.js';
import { DEFAULT_SEED, REGIME_DEFAULTS, REQUIRED_REGIME_KEYS, type GivenValue } from './defaults.js';
import { showValue } from '../util/issue.js';
import { makeIssue, ScenarioError, type RegimeIssue } from './errors.js';
import { evaluateAll } from './expressions.js';
import {
  CLAIM_IDS,
  describeType,
  issuesFromZod,
  KEY_SPECS,
  rawScenarioSchema,
  validateRegimeValues,
  validateScenarioMeta,
} from './schema.js';
import { REGIME_KEYS, type Expectation, type Regime, type Scenario } from './types.js';

/** The repository's `scenarios/` folder, found relative to this source file (not the cwd). */
export const DEFAULT_SCENARIOS_DIR: string = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Largest scenario file read: a scenario is a few hundred bytes; more is a wrong file. */
export const MAX_SCENARIO_BYTES = 1_000_000;

/** Options of {@link loadScenario}. */
export interface LoadScenarioOptions {
  /** Where bare names are looked up. @defaultValue the repository's `scenarios/` folder */
  scenariosDir?: string;
}

/** A bare name (`paper-small`) rather than a path (`./x.json`, `scenarios/x.json`, `/abs/x`). */
const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function isBareName(s: string): boolean {
  return BARE_NAME.test(s) && !s.toLowerCase().endsWith('.json');
}

/** The names of the scenarios in a folder (file names without `.json`), sorted; [] if unreadable. */
export function listScenarios(scenariosDir: string = DEFAULT_SCENARIOS_DIR): string[] {
  try {
    return readdirSync(scenariosDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/** The file a name or path refers to: `<scenariosDir>/<name>.json` for a bare name, else the path. */
export function resolveScenarioPath(nameOrPath: string, options: LoadScenarioOptions = {}): string {
  const dir = options.scenariosDir ?? DEFAULT_SCENARIOS_DIR;
  return isBareName(nameOrPath) ? join(dir, `${nameOrPath}.json`) : resolve(nameOrPath);
}

/** A path as shown in messages: relative to the cwd when inside it, so it reads like `scenarios/x.json`. */
function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

function fileError(source: string, nameOrPath: string, summary: string, rule: string, fix: string): ScenarioError {
  return new ScenarioError([makeIssue({ code: 'file', path: '', input: nameOrPath, summary, rule, fix })], source);
}

/**
 * Loads, validates and evaluates a scenario. `nameOrPath` is a bare name (`paper-small` →
 * `scenarios/paper-small.json`) or a path. Throws a {@link ScenarioError} (codes `file`, `parse`, or
 * any validation code) on every failure.
 */
export function loadScenario(nameOrPath: string, options: LoadScenarioOptions = {}): Scenario {
  const dir = options.scenariosDir ?? DEFAULT_SCENARIOS_DIR;
  const bare = isBareName(nameOrPath);
  const path = resolveScenarioPath(nameOrPath, options);
  const source = displayPath(path);
  let text: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      throw fileError(
        source,
        nameOrPath,
        `${source} is a folder, not a scenario file`,
        'a scenario is a JSON file',
        'give the path of a .json file inside it',
      );
    }
    if (st.size > MAX_SCENARIO_BYTES) {
      throw fileError(
        source,
        nameOrPath,
        `${source} is ${st.size} bytes, above the limit of ${MAX_SCENARIO_BYTES}`,
        `a scenario file is at most ${MAX_SCENARIO_BYTES} bytes`,
        'check that this is the scenario file you meant',
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const available = listScenarios(dir);
      const guess = bare ? closest(nameOrPath, available) : undefined;
      throw fileError(
        source,
        nameOrPath,
        bare ? `scenario ${showValue(nameOrPath)} not found (no file ${source})` : `no file ${source}`,
        'a bare name means scenarios/<name>.json; anything else is a path',
        guess
          ? `did you mean ${guess}?`
          : bare
            ? `use one of ${available.length > 0 ? available.join(', ') : '(no scenarios found)'}, or give a path`
            : 'check the path',
      );
    }
    throw fileError(
      source,
      nameOrPath,
      `${source} cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`,
      'a scenario file must be readable',
      'check the file and its permissions',
    );
  }
  return parseScenarioText(text, source);
}

/**
 * Parses the text of a scenario file (JSON) and validates it. Malformed JSON is reported with its
 * line and column; a key that occurs twice is an error too (JSON.parse would silently keep the last).
 */
export function parseScenarioText(text: string, source: string): Scenario {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // tolerate a UTF-8 BOM
  const scan = scanJson(body);
  let obj: unknown;
  try {
    obj = JSON.parse(body);
  } catch (e) {
    const where = scan.error ? lineColumn(body, scan.error.at) : undefined;
    const reason = scan.error?.reason ?? (e instanceof Error ? e.message : String(e));
    throw new ScenarioError(
      [
        makeIssue({
          code: 'parse',
          path: '',
          input: where ? { line: where.line, column: where.column } : undefined,
          summary: `not valid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${reason}`,
          rule: 'a scenario file is one JSON object (JSON has no comments, trailing commas or NaN)',
          fix: where ? `correct the JSON at line ${where.line}, column ${where.column}` : 'correct the JSON syntax',
        }),
      ],
      source,
    );
  }
  const dupIssues = scan.duplicates.map(({ key, at }) => {
    const { line, column } = lineColumn(body, at);
    return makeIssue({
      code: 'parse',
      path: key,
      input: key,
      summary: `key ${showValue(key)} appears more than once (again at line ${line}, column ${column})`,
      rule: 'each key appears once; JSON would silently keep only the last',
      fix: `keep one ${showValue(key)}`,
    });
  });
  const { scenario, issues } = checkScenario(obj, source);
  if (dupIssues.length > 0 || !scenario) throw new ScenarioError([...dupIssues, ...issues], source);
  return scenario;
}

/**
 * Validates and evaluates an in-process scenario object (the parsed JSON of a scenario file).
 * Throws a {@link ScenarioError} with every issue.
 */
export function parseScenario(obj: unknown, source = '<in-memory>'): Scenario {
  const { scenario, issues } = checkScenario(obj, source);
  if (!scenario) throw new ScenarioError(issues, source);
  return scenario;
}

/** Output of {@link checkScenario}: the scenario when there is no issue, else every issue. */
export type ScenarioCheck = { scenario: Scenario; issues: [] } | { scenario: undefined; issues: RegimeIssue[] };

/** Like {@link parseScenario}, but returns the issues instead of throwing (for search and tools). */
export function checkScenario(obj: unknown, source = '<in-memory>'): ScenarioCheck {
  const parsed = rawScenarioSchema.safeParse(obj);
  const issues: RegimeIssue[] = parsed.success ? [] : issuesFromZod(parsed.error, obj);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { scenario: undefined, issues };
  const raw = obj as Record<string, unknown>;
  const badTop = new Set(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  issues.push(
    ...validateScenarioMeta({
      name: badTop.has('name') ? undefined : raw.name,
      seed: badTop.has('seed') ? undefined : raw.seed,
    }),
  );
  const { regime, issues: regimeIssues } = resolveRegime(raw, badTop);
  issues.push(...regimeIssues);
  if (issues.length > 0 || !regime || !parsed.success) return { scenario: undefined, issues };

  const data = parsed.data as { name: string; description?: string; expect?: Partial<Record<string, Expectation>>; seed?: number };
  const expect: Record<string, Expectation> = Object.fromEntries(CLAIM_IDS.map((id) => [id, 'report' as Expectation]));
  for (const id of CLAIM_IDS) {
    const e = data.expect?.[id];
    if (e !== undefined) expect[id] = e;
  }
  const given: Record<string, unknown> = {};
  for (const key of REGIME_KEYS) if (Object.hasOwn(raw, key) && raw[key] !== undefined) given[key] = raw[key];
  return {
    scenario: {
      name: data.name,
      description: data.description,
      expect,
      seed: data.seed ?? DEFAULT_SEED,
      given,
      regime,
      source,
    },
    issues: [],
  };
}

/**
 * Fills defaults, evaluates expressions and validates the regime keys of `raw`. Keys listed in
 * `badKeys` already have an issue (wrong type, missing); they are left out, and anything that depends
 * on them is skipped silently rather than reported a second time.
 */
function resolveRegime(
  raw: Readonly<Record<string, unknown>>,
  badKeys: ReadonlySet<string> = new Set(),
): { regime: Regime | undefined; issues: RegimeIssue[] } {
  const requiredKeys = new Set<string>(REQUIRED_REGIME_KEYS);
  const entries: Record<string, number | string> = {};
  const unavailable: Record<string, string | null> = {};
  const other: Record<string, unknown> = {};
  const shown: Record<string, unknown> = {};
  for (const key of REGIME_KEYS) {
    const present = Object.hasOwn(raw, key) && raw[key] !== undefined;
    if (badKeys.has(key) || (!present && requiredKeys.has(key))) {
      unavailable[key] = null;
      continue;
    }
    const value = present ? raw[key] : REGIME_DEFAULTS[key as keyof typeof REGIME_DEFAULTS];
    shown[key] = value;
    const kind = KEY_SPECS[key].kind;
    if (kind === 'enum' || kind === 'bool') {
      other[key] = value;
      unavailable[key] = `is ${describeType(key)}, not a number`;
    } else if (value === null) {
      other[key] = null;
      unavailable[key] = 'is null (full batch), not a number';
    } else if (typeof value === 'number' || typeof value === 'string') {
      entries[key] = value;
    } else {
      unavailable[key] = null; // unreachable after the shape check; never let a wrong type through
    }
  }
  const evaluated = evaluateAll(entries, { unavailable });
  const { valid, issues } = validateRegimeValues(evaluated.values, shown);
  // Root causes first: an issue on a key written as a plain value comes before one on a key computed
  // by an expression, which may only be its consequence (d = -5, then m = ceil(log(d)): log(-5)).
  const derived = (i: RegimeIssue) => typeof entries[i.path] === 'string';
  const all = [...evaluated.issues, ...issues].sort((a, b) => Number(derived(a)) - Number(derived(b)));
  const complete = REGIME_KEYS.every((key) => Object.hasOwn(valid, key) || Object.hasOwn(other, key));
  if (all.length > 0 || !complete || badKeys.size > 0) return { regime: undefined, issues: all };
  const regime = Object.fromEntries(
    REGIME_KEYS.map((key) => [key, Object.hasOwn(valid, key) ? valid[key] : other[key]]),
  ) as unknown as Regime;
  return { regime, issues: [] };
}

/**
 * A regime from some keys: defaults filled, expressions evaluated, everything validated exactly as
 * for a scenario file. For tests, search and tools. Throws a {@link ScenarioError} on any issue.
 */
export function regimeFromPartial(partial: Readonly<Partial<Record<keyof Regime, GivenValue>>>): Regime {
  const { scenario, issues } = checkScenario({ name: 'partial', description: '', ...partial }, '<partial>');
  if (!scenario) throw new ScenarioError(issues, '<partial>');
  return scenario.regime;
}
