/**
 * `npm run calibrate -- …`: measures how often each claim holds, over many seeds, for a scenario or
 * for regimes drawn from the calibrated ranges. This is the script behind the rates in the README
 * and docs/calibration.md.
 *
 *   npm run calibrate -- --scenario paper-small --seeds 30
 *   npm run calibrate -- --region in --regimes 10 --seeds 12
 *   npm run calibrate -- --region reversed --regimes 6 --seeds 12
 *   npm run calibrate -- --region in --regimes 4 --seeds 30 --jobs 2   # runs on 2 worker processes
 *   npm run calibrate -- --table docs/calibration/*.json   # the tables, re-derived from the committed seeds
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { runExperiment } from '../experiment/runExperiment.js';
import { inAssumptionRegime, reversedA1Regime } from '../regime/arbitraries.js';
import { loadScenarios } from '../pipeline/scenarios.js';
import type { Regime } from '../regime/types.js';
import { writeJsonAtomic } from '../io/atomicWrite.js';
import { cpus, getPriority, loadavg } from 'node:os';
import { initBackend, parseBackendPreference, type BackendPreference } from '../backend/select.js';
import { planParallel } from '../parallel/threads.js';
import type { StatusCounts } from '../claims/expectations.js';
import { regimeHash } from '../regime/hash.js';
import { CLAIM_IDS } from '../regime/schema.js';
import { toolInfo } from '../result/toolInfo.js';
import { readFile } from 'node:fs/promises';
import { calibrateRegimes, countRecords, poolRates, type CalibrationWorkers, type RegimeRates } from './calibrate.js';
import { CALIBRATED_IN_ASSUMPTION, CALIBRATED_REVERSED_A1 } from './ranges.js';

function fail(message: string): never {
  process.stderr.write(`calibrate: ${message}\n`);
  process.exit(2);
}

/** `--table FILE…`: the markdown table of committed calibration files, re-derived from their seeds. */
async function printTables(files: readonly string[]): Promise<void> {
  const ids = CLAIM_IDS;
  const out = [
    `| regime | backend | seeds | ${ids.join(' | ')} | I1 ff/fh/hf/hh/out |`,
    `|---|---|---|${ids.map(() => '---').join('|')}|---|`,
  ];
  for (const file of files) {
    const data = JSON.parse(await readFile(file, 'utf8')) as { regimes: (RegimeRates & { label: string })[] };
    for (const r of data.regimes) {
      const { counts, i1 } = countRecords(r.runs);
      const n = r.runs.length;
      const seeds = n ? `${r.runs[0]!.seed}–${r.runs[n - 1]!.seed}` : '—';
      const backends = [...new Set(r.runs.map((x) => x.backend))].join(', ');
      out.push(
        `| ${r.label} | ${backends} | ${seeds} | ${ids
          .map((id) => {
            const c = counts[id]!;
            return `${c.holds}/${c.fails}/${c.inconclusive}/${c.stalled} of ${n}`;
          })
          .join(' | ')} | ` + `${i1.predictFailFailed}/${i1.predictFailHeld}/${i1.predictHoldFailed}/${i1.predictHoldHeld}/${i1.leftOut} |`,
      );
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const tableAt = process.argv.indexOf('--table');
  if (tableAt >= 0) return printTables(process.argv.slice(tableAt + 1));
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      region: { type: 'string' },
      regimes: { type: 'string', default: '8' },
      seeds: { type: 'string', default: '30' },
      'seed-start': { type: 'string', default: '1000' },
      'regime-seed': { type: 'string', default: '1' },
      out: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      jobs: { type: 'string', default: '1' },
    },
  });
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min)
      fail(`--${name} = "${v}" must be an integer ≥ ${min}. Fix: e.g. --${name} ${Math.max(min, 8)}`);
    return n;
  };
  const seedCount = int('seeds', values.seeds, 1);
  const seedStart = int('seed-start', values['seed-start'], 0);
  const regimes: { label: string; scenario: string | null; regime: Regime }[] = [];
  // Every scenario checked before any run, as verify does (names from scenarios/, or paths).
  for (const { arg, scenario } of loadScenarios(values.scenario ?? [], process.cwd())) {
    regimes.push({ label: arg, scenario: scenario.name, regime: scenario.regime });
  }
  let backend: BackendPreference;
  try {
    backend = parseBackendPreference(values.backend, '--backend');
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.region !== undefined) {
    const arb =
      values.region === 'in'
        ? inAssumptionRegime(CALIBRATED_IN_ASSUMPTION)
        : values.region === 'reversed'
          ? reversedA1Regime(CALIBRATED_REVERSED_A1)
          : fail(`--region = "${values.region}" is not a region. Fix: --region in or --region reversed`);
    const drawn = fc.sample(arb, { numRuns: int('regimes', values.regimes, 1), seed: int('regime-seed', values['regime-seed'], 0) });
    drawn.forEach((regime, i) => regimes.push({ label: `${values.region}#${i}`, scenario: null, regime }));
  }
  if (regimes.length === 0) fail('nothing to calibrate. Fix: pass --scenario NAME and/or --region in|reversed');
  const jobs = int('jobs', values.jobs, 1);
  // With --jobs > 1 the workers start the backend this process resolved, so a fallback is taken once, here.
  let workers: CalibrationWorkers | undefined;
  if (jobs > 1) {
    const info = await initBackend(backend);
    const parallel = planParallel({ jobs, runs: regimes.length * seedCount, backend: info.name, wasmDefault: 1 });
    workers = { jobs: parallel.jobs, threads: parallel.threads, backend: info.name };
    process.stderr.write(`${parallel.jobs} worker processes on ${info.name} ${info.version}, ${parallel.threads} thread(s) per run\n`);
  }

  const t0 = performance.now();
  const loadStart = loadavg();
  const started = new Date().toISOString();
  const fileOf = (rates: RegimeRates[], complete: boolean) => ({
    format: 'provably-calibration',
    version: 1,
    command: `npm run calibrate -- ${process.argv.slice(2).join(' ')}`,
    complete,
    tool: toolInfo(),
    backends: [...new Set(rates.flatMap((r) => r.runs.map((x) => x.backend)))],
    started,
    wallSeconds: (performance.now() - t0) / 1000,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      loadAverageStart: loadStart,
      loadAverageNow: loadavg(),
      niceness: getPriority(),
    },
    seedStart,
    seedCount,
    regimes: rates.map((r, i) => ({ label: regimes[i]!.label, scenario: regimes[i]!.scenario, regimeHash: regimeHash(r.regime), ...r })),
    pooled: poolRates(rates),
  });
  const out = values.out;
  const rates = await calibrateRegimes(
    regimes.map((r) => r.regime),
    {
      seedStart,
      seedCount,
      run: (regime) => runExperiment(regime, { backend }),
      ...(workers ? { workers } : {}),
      // Written after every run, so a calibration stopped early keeps the seeds it finished ("complete": false).
      onProgress: out ? async (sofar) => void (await writeJsonAtomic(out, fileOf(sofar, false))) : undefined,
      onRun: (done, total, last) =>
        process.stderr.write(
          `\r${done}/${total} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s (last: seed ${last.seed} on ${last.backend})   `,
        ),
    },
  );
  process.stderr.write('\n');
  const ids = CLAIM_IDS;
  const backends = [...new Set(rates.flatMap((r) => r.runs.map((x) => x.backend)))];
  const cell = (c: StatusCounts) => `${c.holds}/${c.fails}/${c.inconclusive}/${c.stalled}`;
  const lines = [
    `| regime | k d P sR sNR m T nTrain | ${ids.join(' | ')} | I1 ff/fh/hf/hh/out | s/run |`,
    `|---|---|${ids.map(() => '---').join('|')}|---|---|`,
  ];
  rates.forEach((r, i) => {
    const g = r.regime;
    const t = r.i1;
    lines.push(
      `| ${regimes[i]!.label} | ${g.k} ${g.d} ${g.P} ${g.sR} ${g.sNR} ${g.m} ${g.T} ${g.nTrain} | ${ids.map((id) => cell(r.counts[id]!)).join(' | ')} | ` +
        `${t.predictFailFailed}/${t.predictFailHeld}/${t.predictHoldFailed}/${t.predictHoldHeld}/${t.leftOut} | ${r.secondsPerRun.toFixed(1)} |`,
    );
  });
  const pooled = poolRates(rates);
  lines.push(
    `| **pooled** | | ${ids
      .map((id) => {
        const p = pooled.find((x) => x.id === id)!;
        return `${cell(p)} (≥ ${p.lowerBound.toFixed(2)})`;
      })
      .join(' | ')} | | |`,
  );
  process.stdout.write(
    `Backend ${backends.join(', ')}; seeds ${seedStart}…${seedStart + seedCount - 1}. Cells: holds/fails/inconclusive/stalled of ${seedCount} seeds ` +
      `(stalled = R1–R3 held and R4 failed; those seeds are also in one of the other counts); (≥ b) = one-sided 95 % ` +
      `Clopper–Pearson lower bound of holds/total. I1: predicted fail & failed / predicted fail & held / predicted hold & failed / ` +
      `predicted hold & held / left out.\n\n${lines.join('\n')}\n`,
  );
  if (out) await writeJsonAtomic(out, fileOf(rates, true));
}

main().catch((e: unknown) => {
  // Several invalid scenarios: every problem of each, one per line.
  const errors = e instanceof AggregateError ? e.errors : [e];
  fail(errors.map((x) => (x instanceof Error ? x.message : String(x))).join('\ncalibrate: '));
});
