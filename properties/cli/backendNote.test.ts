/**
 * The backend note: when `auto` falls back (here: the native addon cannot be imported, as on a
 * machine where provisioning failed), the command says so once, as one `note:` line on stderr,
 * never on stdout, and the manifest records the same in `backendReason`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAIN, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

/** An ESM hook file that makes `@tensorflow/tfjs-node` unresolvable, and its registration. */
function blockNative(dir: string): string {
  const hooks = join(dir, 'block-native.mjs');
  writeFileSync(
    hooks,
    `export async function resolve(specifier, context, next) {
  if (specifier === '@tensorflow/tfjs-node') throw Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' (blocked by the test)"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return pathToFileURL(register).href;
}

describe('the backend note', () => {
  it('a fallback prints one note line on stderr, none on stdout, and is recorded in the manifest', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const scenario = writeScenario(dir, tinyScenario({ expect: {} }));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const env = { ...process.env, NO_COLOR: '1', PROVABLY_BACKEND: '' };
    const child = spawn(
      process.execPath,
      ['--import', tsx, '--import', blockNative(dir), MAIN, 'verify', scenario, '--json', '--out', join(dir, 'rep')],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? -1));
    });
    expect(code, stderr).toBe(0);
    const notes = stderr.split('\n').filter((l) => l.startsWith('note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^note: running on wasm: native .*tfjs-node.* \(fix: .+\)\.$/);
    expect(stdout).not.toContain('note:');
    const result = JSON.parse(stdout) as { manifest: { backend: string; backendReason: string } };
    expect(result.manifest.backend).toBe('wasm');
    expect(result.manifest.backendReason).toMatch(/^auto .*; native .*tfjs-node/);
    expect(JSON.parse(readFileSync(join(dir, 'rep', 'result.json'), 'utf8')).manifest.backendReason).toBe(result.manifest.backendReason);
  });
});
