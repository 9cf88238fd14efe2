/**
 * Which build of provably produced a result: `tool` in result.json (docs/cli.md#report-folder) and in an
 * export's manifest. Without the commit, a recorded verdict cannot be replayed on the same code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

/** Name, version and git commit of the tool. */
export interface ToolInfo {
  /** Package name ("provably"). */
  name: string;
  /** package.json version, or "unknown". */
  version: string;
  /** Full git commit hash of the checkout, or "unknown" outside a git checkout. */
  commit: string;
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

let cached: ToolInfo | undefined;

function readPackage(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { name?: unknown; version?: unknown };
    return {
      name: typeof pkg.name === 'string' ? pkg.name : 'provably',
      version: typeof pkg.version === 'string' ? pkg.version : 'unknown',
    };
  } catch {
    return { name: 'provably', version: 'unknown' };
  }
}

function readCommit(): string {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dirname(fileURLToPath(PACKAGE_JSON)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    }).trim();
    if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out)) return out;
  } catch {
    // Not a git checkout, or git missing: fall through.
  }
  // CI checkouts without .git (e.g. a downloaded artifact) still know the commit.
  const fromCi = process.env.GITHUB_SHA;
  return fromCi && /^[0-9a-f]{40}$/.test(fromCi) ? fromCi : 'unknown';
}

/**
 * The tool's name and version (from package.json) and the git commit (`git rev-parse HEAD`,
 * falling back to `$GITHUB_SHA`, else `"unknown"`). Computed once per process.
 */
export function toolInfo(): ToolInfo {
  cached ??= { ...readPackage(), commit: readCommit() };
  return { ...cached };
}
