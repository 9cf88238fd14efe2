/**
 * The calibrated rate of a claim, from the committed calibration files (docs/calibration/*.json,
 * written by `npm run calibrate -- --out …`). A rate is found only for the same scenario name, the
 * same evaluated regime (its fingerprint, src/regime/hash.ts) and the same backend: a rate measured
 * on another regime or backend is not this one's, and is never shown as if it were.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CalibratedRate } from '../claims/types.js';
import { regimeHash } from '../regime/hash.js';
import type { Regime } from '../regime/types.js';

/** Where the committed calibration files live. */
export const CALIBRATION_DIR: string = fileURLToPath(new URL('../../docs/calibration/', import.meta.url));

interface FileRegime {
  scenario: string | null;
  regimeHash: string;
  seeds: number[];
  counts: Record<string, { holds: number; fails: number; inconclusive: number; stalled: number }>;
  runs: { backend: string }[];
}

interface Entry extends FileRegime {
  source: string;
}

let cache: { dir: string; entries: Entry[] } | null = null;

function seedRange(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const lo = Math.min(...seeds);
  const hi = Math.max(...seeds);
  return hi - lo + 1 === seeds.length ? (lo === hi ? String(lo) : `${lo}–${hi}`) : seeds.join(', ');
}

/** Every scenario regime of every calibration file in `dir`; unreadable or foreign files are skipped. */
function load(dir: string): Entry[] {
  if (cache?.dir === dir) return cache.entries;
  const entries: Entry[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    try {
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { format?: string; regimes?: FileRegime[] };
      if (file.format !== 'provably-calibration' || !Array.isArray(file.regimes)) continue;
      for (const r of file.regimes) if (r.scenario) entries.push({ ...r, source: `docs/calibration/${name}` });
    } catch {
      // Not a calibration file we can read: it calibrates nothing.
    }
  }
  cache = { dir, entries };
  return entries;
}

/**
 * Claim id → calibrated rate of scenario `name` with regime `regime` on `backend`, from the most
 * seeds when several files match; an empty object when none does ("not calibrated").
 */
export function calibratedRates(
  name: string,
  regime: Regime,
  backend: string,
  dir: string = CALIBRATION_DIR,
): Record<string, CalibratedRate> {
  const hash = regimeHash(regime);
  const matches = load(dir).filter(
    (e) => e.scenario === name && e.regimeHash === hash && e.runs.length > 0 && e.runs.every((r) => r.backend === backend),
  );
  const best = matches.sort((a, b) => b.seeds.length - a.seeds.length)[0];
  if (!best) return {};
  const out: Record<string, CalibratedRate> = {};
  for (const [id, c] of Object.entries(best.counts)) {
    out[id] = {
      holds: c.holds,
      fails: c.fails,
      inconclusive: c.inconclusive,
      stalled: c.stalled,
      total: best.seeds.length,
      backend,
      seeds: seedRange(best.seeds),
      source: best.source,
    };
  }
  return out;
}
