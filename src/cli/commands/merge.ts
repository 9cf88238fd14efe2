/**
 * `provably merge <dir…> --out DIR`: joins the outputs of `sweep --shard I/N` or `verify --shard I/N`
 * into one result, equal to the unsharded run's (runs and aggregates identical). Exit 2 when the
 * shards differ in backend, backend version or threads per run, or an item is missing or
 * duplicated; for verify shards the expectation rule then decides 0 or 1; for sweeps 0.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { calibratedRates } from '../../calibration/lookup.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { parsePath } from '../options.js';
import { expectationCounts } from '../../result/aggregate.js';
import { mergeVerifyShards } from '../../pipeline/merge.js';
import { checkOutDir } from '../_internals/reportFolder.js';

interface MergeOptions {
  out?: string;
}

export const command: CliCommand = {
  name: 'merge',
  summary: 'join the shards of a sweep or a verify into one result',
  configure(cmd: Command) {
    cmd
      .argument('<dir...>', 'the output folders of the shards (sweep or verify --shard I/N)')
      .requiredOption('--out <DIR>', 'the merged folder', parsePath)
      .addHelpText(
        'after',
        `
Exit codes: 0 merged (verify: every expectation met) · 1 verify: an expectation not met ·
2 shards that differ in backend, backend version or threads, or an item missing or duplicated.

Example:
  provably merge shards/1 shards/2 shards/3 --out merged`,
      );
  },
  async run(args, options, ctx) {
    const dirs = (args[0] as string[]).map((d) => resolve(ctx.cwd, d));
    const out = resolve(ctx.cwd, (options as MergeOptions).out!);
    checkOutDir(out);
    const kinds = dirs.map((d) => (existsSync(join(d, 'sweep.json')) ? 'sweep' : existsSync(join(d, 'result.json')) ? 'verify' : 'none'));
    const bad = dirs.findIndex((_, i) => kinds[i] === 'none');
    if (bad >= 0)
      throw new UsageError({
        code: 'file',
        path: '<dirs>',
        input: dirs[bad],
        summary: `${dirs[bad]} holds neither sweep.json nor result.json`,
        rule: 'merge joins the output folders of sweep or verify shards',
        fix: 'give the folders the shards wrote (their --out)',
      });
    if (new Set(kinds).size > 1)
      throw new UsageError({
        code: 'relation',
        path: '<dirs>',
        input: dirs,
        summary: 'the folders mix sweep and verify outputs',
        rule: 'one kind of shard per merge',
        fix: 'merge sweep shards and verify shards separately',
      });
    const say = (line = '') => ctx.io.stdout.write(`${line}\n`);

    if (kinds[0] === 'verify') {
      const rf = await mergeVerifyShards(dirs, calibratedRates);
      const { writeReport } = await import('../../report/writeReport.js');
      const paths = await writeReport(out, rf);
      const { notMet, met } = expectationCounts(rf.aggregate);
      say(
        `Merged ${dirs.length} verify shards: ${rf.runs.length} runs on ${rf.manifest.backend} ${rf.manifest.backendVersion}, ${rf.manifest.threads} thread${rf.manifest.threads === 1 ? '' : 's'} per run.`,
      );
      if (notMet.length > 0) {
        say(
          `${notMet.length} of ${notMet.length + met} expectations NOT MET: ${notMet.map((r) => `${r.scenario} ${r.id} (expected ${r.expect}, ${r.matched}/${r.total} matched)`).join(', ')} (exit 1).`,
        );
        say(`Report: ${paths.dir}/`);
        return EXIT.NOT_MET;
      }
      say(`All ${met} expectation${met === 1 ? '' : 's'} met (exit 0).`);
      say(`Report: ${paths.dir}/`);
      return EXIT.OK;
    }

    const { mergeSweepShards } = await import('../../sweep/merge.js');
    const merged = await mergeSweepShards(dirs, out);
    say(
      `Merged ${dirs.length} sweep shards: ${merged.runs.length} runs over ${merged.cells.length} cells. Sweep: ${out}/ (sweep.json, report.md, report.html, runs/)`,
    );
    return EXIT.OK;
  },
};
