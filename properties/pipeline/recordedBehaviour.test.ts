/**
 * The behaviour is unchanged by refactors: fixed runs on WASM (one thread) give bit-identical
 * `runs[]` and `aggregate[]` to the ones recorded before (properties/fixtures/recorded/). A real
 * change of behaviour re-records them with `npm run record:behaviour` in the same commit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../cli.helpers.js';
import { RECORDED_CASES, behaviourOf } from '../helpers/recordedBehaviour.js';

describe('recorded behaviour', () => {
  for (const c of RECORDED_CASES) {
    it(`${c.name}: result.json runs and aggregate equal the recording`, async () => {
      const out = await spawnCli(c.argv, { timeoutMs: 240_000 });
      expect([0, 1], out.stderr).toContain(out.code);
      const recorded = JSON.parse(readFileSync(c.fixture, 'utf8'));
      expect(behaviourOf(JSON.parse(out.stdout))).toEqual(recorded);
    }, 300_000);
  }
});
