/**
 * Times one paper-small runExperiment (seed from argv[2], default 0) and prints its final Λ, Γ, Ξ as
 * JSON. With a path in argv[3], also writes the ST and AT traces there (for before/after comparisons).
 */
import { writeFileSync } from 'node:fs';
import { runExperiment } from '../src/experiment/runExperiment.js';
import { loadScenario } from '../src/regime/load.js';

async function main() {
  const seed = Number(process.argv[2] ?? 0);
  const sc = loadScenario('paper-small');
  const t0 = performance.now();
  const r = await runExperiment({ ...sc.regime, seed });
  const wall = (performance.now() - t0) / 1000;
  const pick = (f: { lambda: number; gamma: number; xi: number }) => ({ lambda: f.lambda, gamma: f.gamma, xi: f.xi });
  const out = {
    seed,
    wall,
    backend: r.manifest.backend,
    threads: r.manifest.threads,
    st: pick(r.st),
    at: pick(r.at),
    atFeatureRobust: r.at.robust.feature.value,
    stFeatureRobust: r.st.robust.feature.value,
  };
  console.log(JSON.stringify(out));
  if (process.argv[3]) writeFileSync(process.argv[3], JSON.stringify({ ...out, traces: r.traces }));
}
main().catch((e) => {
  console.error('error:', e instanceof Error ? e.message.slice(0, 500) : String(e).slice(0, 500));
  process.exit(1);
});
