/**
 * Re-records the fixtures of the recorded-behaviour check (`npm run record:behaviour`). Run it only
 * in a commit that changes behaviour on purpose, and say so in the CHANGELOG.
 */
import { writeFileSync } from 'node:fs';
import { spawnCli } from '../cli.helpers.js';
import { RECORDED_CASES, behaviourOf } from './recordedBehaviour.js';

for (const c of RECORDED_CASES) {
  const out = await spawnCli(c.argv, { timeoutMs: 600_000 });
  if (out.code !== 0 && out.code !== 1) throw new Error(`${c.name}: exit ${out.code}\n${out.stderr}`);
  writeFileSync(c.fixture, JSON.stringify(behaviourOf(JSON.parse(out.stdout)), null, 1) + '\n');
  process.stdout.write(`recorded ${c.name} → ${c.fixture}\n`);
}
