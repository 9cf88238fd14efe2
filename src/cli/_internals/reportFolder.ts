/**
 * Where a report goes (docs/cli.md#report-folder): `--out DIR` is the folder itself; without it,
 * `reports/<first-scenario-name>-<YYYYMMDD-HHMMSS>/` under the repository's `reports/` when run
 * inside the repository, else under the working folder's `reports/`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';

/** The repository root (this file is `src/cli/_internals/reportFolder.ts`). */
export const REPO_ROOT: string = fileURLToPath(new URL('../../../', import.meta.url));

/** `YYYYMMDD-HHMMSS` in local time. */
export function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/**
 * A fresh default report folder: `<reports>/<name>-<timestamp>`, with `-2`, `-3`, … appended if a
 * folder of that name exists (two runs in the same second).
 */
export function defaultReportDir(name: string, now: Date, cwd: string, repoRoot: string = REPO_ROOT): string {
  const base = join(inside(resolve(cwd), resolve(repoRoot)) ? resolve(repoRoot) : resolve(cwd), 'reports', `${name}-${timestamp(now)}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/**
 * Checks an output folder before any work: it may exist (its files are replaced atomically) but
 * must be a folder, and no ancestor may be a file.
 *
 * @throws UsageError naming the flag, the path and the fix
 */
export function checkOutDir(dir: string, flag = '--out'): void {
  let path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new UsageError({
      code: 'file',
      path: flag,
      input: dir,
      summary: `${flag} = ${JSON.stringify(dir)} is a file, not a folder`,
      rule: `${flag} names the report folder itself`,
      fix: 'name a new or existing folder',
    });
  }
  for (let parent = dirname(path); parent !== path; path = parent, parent = dirname(parent)) {
    if (existsSync(parent)) {
      if (!statSync(parent).isDirectory()) {
        throw new UsageError({
          code: 'file',
          path: flag,
          input: dir,
          summary: `${flag} = ${JSON.stringify(dir)} lies under ${JSON.stringify(parent)}, which is a file`,
          rule: 'the folder must be creatable',
          fix: 'choose a path whose parents are folders',
        });
      }
      return;
    }
  }
}
