/**
 * What CI reads besides the exit code: `--junit FILE` (checked before any work, written
 * temp-then-rename after it) and how a recorded replay command is shown where the user is.
 */
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { junitXml, type JunitSuite } from '../../report/junit.js';
import { UsageError } from '../errors.js';

/**
 * Resolves `--junit FILE` against `cwd` and checks it can be written: not a folder, and its parent
 * folder exists. @throws UsageError naming the flag, the path and the fix
 */
export function checkJunitPath(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError({
      code: 'file',
      path: '--junit',
      input: file,
      summary: `--junit = ${JSON.stringify(file)} is a folder`,
      rule: '--junit names the XML file to write',
      fix: `name a file, e.g. --junit ${join(file, 'provably.xml')}`,
    });
  }
  const parent = dirname(path);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new UsageError({
      code: 'file',
      path: '--junit',
      input: file,
      summary: `--junit = ${JSON.stringify(file)}: the folder ${JSON.stringify(parent)} does not exist`,
      rule: "the JUnit file's folder must exist",
      fix: `create it first (mkdir -p ${parent}) or name a file in an existing folder`,
    });
  }
  return path;
}

/** Writes the JUnit document of `suites` to `path` atomically; returns the path. */
export async function writeJunit(path: string, name: string, suites: readonly JunitSuite[]): Promise<string> {
  return writeFileAtomic(path, junitXml(name, suites));
}

/** The host name recorded in JUnit suites. */
export const junitHostname = (): string => hostname() || 'localhost';

/**
 * Whether an executable `provably` is on `PATH`, not counting `node_modules/.bin` folders: npm and
 * npx put those on the PATH of the process they start, but not on the user's shell.
 */
export function provablyOnPath(env: Readonly<Record<string, string | undefined>>): boolean {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '' && !d.split(sep).includes('node_modules'));
  return dirs.some((d) => {
    const p = join(d, 'provably');
    return existsSync(p) && statSync(p).isFile();
  });
}

/**
 * Whether this process was started by an npm script of provably's own package (`npm run verify`,
 * `npm run provably -- …` in a clone): npm sets `npm_package_name` to the package whose script runs,
 * and `npm_command` to `exec` under `npx`, which is not a script.
 */
function inProvablyScript(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.npm_package_name === 'provably' && env.npm_lifecycle_event !== undefined && env.npm_command !== 'exec';
}

/**
 * A recorded `provably …` command as the user can run it from here. The one renderer of every
 * replay and resume line printed by the CLI (terminal, JUnit, annotations); `result.json` keeps the
 * canonical form. Unchanged when `provably` is on the user's PATH; `npm run provably -- …` when the
 * CLI was started by an npm script in provably's own folder (a clone: that runs the working tree's
 * source); otherwise through `npx` (which finds it in a project that installed it, and in a clone).
 */
export function replayRenderer(env: Readonly<Record<string, string | undefined>>): (canonical: string) => string {
  const direct = provablyOnPath(env);
  const script = inProvablyScript(env);
  return (canonical) => {
    if (direct || !canonical.startsWith('provably ')) return canonical;
    return script ? `npm run provably -- ${canonical.slice('provably '.length)}` : `npx ${canonical}`;
  };
}

/** Whether this is a GitHub Actions job (workflow commands on stderr are then read as annotations). */
export const inGithubActions = (env: Readonly<Record<string, string | undefined>>): boolean => env.GITHUB_ACTIONS === 'true';

/** Escapes the message of a GitHub workflow command. */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escapes a property of a GitHub workflow command. */
const ghProperty = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One GitHub workflow annotation line (`::error title=…::message`). */
export function githubAnnotation(level: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${level} title=${ghProperty(title)}::${ghData(message)}`;
}
