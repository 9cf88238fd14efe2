/**
 * `provably export <scenario> [--seed S] [--trained] --out DIR` (docs/cli.md#export): the data, features,
 * sample structure and initial weights of a run as NumPy `.npy` files (and the trained weights
 * W_st, W_at with `--trained`, which trains). Both paths draw through `prepareRun`, so the same
 * seed gives exactly the data `verify` trains on.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Manifest } from '../../experiment/types.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { parseBackend, parsePath, parseSeed } from '../options.js';
import { checkResources } from '../resourceGuard.js';
import { planFlops, startBackend } from '../_internals/backend.js';
import { checkOutDir } from '../_internals/reportFolder.js';
import { loadScenarios } from '../../pipeline/scenarios.js';

interface ExportOptions {
  seed?: number;
  trained?: boolean;
  out?: string;
  backend?: string;
  force?: boolean;
}

/** `provably export`. */
export const command: CliCommand = {
  name: 'export',
  summary: "write a scenario's data, features and weights as NumPy .npy files",
  configure(cmd: Command) {
    cmd
      .argument('<scenario>', 'a scenario name (from scenarios/) or a path to a scenario file')
      .option('--out <DIR>', 'the export folder (required)', parsePath)
      .option('--seed <S>', "the seed (default: the scenario's seed)", parseSeed)
      .option('--trained', 'also train ST and AT and export W_st and W_at')
      .option('--backend <B>', 'for --trained: auto, fastest, node, wasm or cpu', parseBackend)
      .option('--force', 'for --trained: run even when the time estimate exceeds the limit')
      .addHelpText(
        'after',
        `
Files (NumPy .npy v1, little-endian, C order): X_train, X_test <f4 [n,P,d]; y_train, y_test <i4 [n];
U, V <f4 [k,d]; W0 (and W_st, W_at with --trained) <f4 [k,m,d]; patch_kind_train |u1 [n,P]
(0 noise, 1 robust, 2 non-robust); coef_train <f4 [n,P]; xi_train <f4 [n,P,d]; regime.json;
manifest.json.

Example:
  provably export paper-small --seed 0 --out export/ps0
  python -c "import numpy as np; print(np.load('export/ps0/X_train.npy').shape)"`,
      );
  },
  async run(args, options, ctx) {
    const opts = options as ExportOptions;
    if (opts.out === undefined) {
      throw new UsageError({
        code: 'missing_key',
        path: '--out',
        input: undefined,
        summary: '--out is missing',
        rule: 'export writes a folder and has no default one',
        fix: 'pass --out DIR, e.g. --out export/paper-small',
      });
    }
    const [loaded] = loadScenarios([args[0] as string], ctx.cwd);
    const scenario = loaded!.scenario;
    const regime = { ...scenario.regime, seed: opts.seed ?? scenario.seed };
    const outDir = resolve(ctx.cwd, opts.out);
    checkOutDir(outDir);
    const trained = opts.trained === true;
    const backend = await startBackend(opts.backend, ctx.env, planFlops([regime]), ctx.io.stderr);
    // Without --trained nothing trains: only the memory limit applies.
    checkResources([{ label: scenario.name, regime }], backend.name, { force: !trained || opts.force === true });
    const out = (line: string) => ctx.io.stdout.write(`${line}\n`);

    const { writeExportFolder } = await import('../../export/writeExport.js');
    const started = ctx.now();
    const t0 = performance.now();
    let exported;
    if (trained) {
      const { executeRun } = await import('../_internals/executeRun.js');
      out(`Training ${scenario.name} seed ${regime.seed} (ST and AT, T = ${regime.T}) on ${backend.name}…`);
      const result = await executeRun(regime, ctx, {
        backend: backend.name,
        label: `${scenario.name} #${regime.seed}`,
        progress: true,
        keepArrays: true,
      });
      if (result.interrupted || result.arrays === undefined) {
        out('Interrupted: training stopped before the end; nothing was exported (exit 130).');
        return EXIT.INTERRUPTED;
      }
      const { prepared, Wst, Wat } = result.arrays;
      exported = await writeExportFolder(outDir, {
        train: prepared.train,
        test: prepared.test,
        features: prepared.features,
        W0: prepared.W0,
        Wst,
        Wat,
        regime,
        manifest: result.manifest,
      });
    } else {
      const { prepareRun } = await import('../../experiment/prepare.js');
      const { cpuDescription } = await import('../../experiment/runExperiment.js');
      const prepared = prepareRun(regime);
      const manifest: Manifest = {
        backend: backend.name,
        backendVersion: backend.version,
        precision: backend.precision,
        threads: backend.threads,
        node: process.version,
        cpu: cpuDescription(),
        started: started.toISOString(),
        wallSeconds: (performance.now() - t0) / 1000,
      };
      exported = await writeExportFolder(outDir, {
        train: prepared.train,
        test: prepared.test,
        features: prepared.features,
        W0: prepared.W0,
        regime,
        manifest,
      });
    }
    out(`Exported ${scenario.name} seed ${regime.seed} to ${exported.dir}/`);
    for (const [name, a] of Object.entries(exported.arrays)) out(`  ${`${name}.npy`.padEnd(22)} ${a.dtype} [${a.shape.join(', ')}]`);
    out('  regime.json, manifest.json');
    return EXIT.OK;
  },
};
