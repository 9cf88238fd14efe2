/**
 * `provably doctor`: every backend, whether it loads, its version (for the native one, the
 * libtensorflow version), its threads, and the fix when it does not load. Exit 1 when a backend
 * named in PROVABLY_REQUIRE_BACKENDS does not load, else 0; 2 for a malformed variable.
 */
import os from 'node:os';
import type { Command } from 'commander';
import type { CliCommand } from '../command.js';
import { asUsageError } from '../errors.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import type { BackendProbe } from '../../backend/select.js';
import type { BackendName } from '../../backend/types.js';
import { stdoutStyle } from '../render/style.js';

export const command: CliCommand = {
  name: 'doctor',
  summary: 'list the backends: which load, their versions and threads, and how to fix one that does not',
  configure(cmd: Command) {
    cmd.option('--json', 'print the findings as JSON on stdout').addHelpText(
      'after',
      `
Backends: tensorflow (native TensorFlow through @tensorflow/tfjs-node; its version is
libtensorflow's), wasm, cpu. \`auto\` picks the first that loads, in that order.

Exit codes: 0 · 1 a backend named in PROVABLY_REQUIRE_BACKENDS (e.g. tensorflow,wasm,cpu) does not
load · 2 that variable is malformed.

Examples:
  provably doctor
  PROVABLY_REQUIRE_BACKENDS=tensorflow,wasm,cpu provably doctor`,
    );
  },
  async run(_args, options, ctx) {
    const { parseRequiredBackends, probeBackends } = await import('../../backend/select.js');
    let required: BackendName[];
    try {
      required = parseRequiredBackends(ctx.env.PROVABLY_REQUIRE_BACKENDS);
    } catch (e) {
      asUsageError(e);
    }
    const probes = await probeBackends();
    const report = doctorReport(probes, required, options.json === true, stdoutStyle(ctx));
    for (const line of report.lines) ctx.io.stdout.write(`${line}\n`);
    return report.code;
  },
};

type Style = ReturnType<typeof stdoutStyle>;

/** The lines and exit code of `provably doctor` for what the probe found. Pure. */
export function doctorReport(
  probes: readonly BackendProbe[],
  required: readonly BackendName[],
  json: boolean,
  s: Pick<Style, 'bold' | 'good' | 'bad'>,
): { lines: string[]; code: ExitCode } {
  const missing = required.filter((name) => !probes.some((p) => p.name === name && p.loads));
  const auto = probes.find((p) => p.loads)?.name ?? null;
  const code = missing.length > 0 ? EXIT.NOT_MET : EXIT.OK;
  const cpu = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`;
  if (json) return { lines: [JSON.stringify({ node: process.version, cpu, backends: probes, auto, required, missing }, null, 2)], code };
  const lines = [`${s.bold('provably doctor')} · node ${process.version} · ${cpu}`];
  for (const p of probes) {
    const name = p.name.padEnd(10);
    if (p.loads) {
      const version = p.name === 'tensorflow' ? `libtensorflow ${p.version}` : `tfjs ${p.version}`;
      const from = p.source ? ` · from ${p.source}` : '';
      lines.push(`  ${name} ${s.good('loads')}           ${version} · ${p.threads} thread${p.threads === 1 ? '' : 's'}${from}`);
    } else {
      lines.push(`  ${name} ${s.bad('does not load')}   ${p.failure}. Fix: ${p.fix}.`);
    }
  }
  lines.push(`auto picks ${auto ?? 'nothing (no backend loads)'}; --backend and PROVABLY_BACKEND force one.`);
  if (required.length > 0) {
    lines.push(
      missing.length > 0
        ? s.bad(`Required by PROVABLY_REQUIRE_BACKENDS but not loading: ${missing.join(', ')} (exit 1).`)
        : s.good(`Every backend required by PROVABLY_REQUIRE_BACKENDS loads: ${required.join(', ')} (exit 0).`),
    );
  }
  return { lines, code };
}
