/**
 * Child-process entry for cross-process tests: runs one experiment for the regime given as JSON in
 * argv[2] on the backend in PROVABLY_BACKEND, and prints the result (timings removed) as JSON.
 */
import { runExperiment } from '../../src/experiment/runExperiment.js';

try {
  const regime = JSON.parse(process.argv[2]);
  const r = await runExperiment(regime);
  const { started: _s, wallSeconds: _w, ...manifest } = r.manifest;
  process.stdout.write(JSON.stringify({ ...r, manifest }));
} catch (e) {
  process.stderr.write(`childRun: ${(e as Error).message}\n`);
  process.exit(3);
}
