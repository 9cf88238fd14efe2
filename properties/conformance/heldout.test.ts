/**
 * Guarantees about the held-out bugs (src/conformance/heldout): each behaves differently from the
 * correct float64 port it was made from, on a plain behaviour probe that does not use the
 * conformance checks (an equivalent mutant is not a mutant), and the correct port is
 * indistinguishable from itself on every probe (the probes measure the bug, not noise).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HELD_OUT_MUTANTS, portControl } from '../../src/conformance/heldout/index.js';
import { backendForTests } from '../helpers/engine.js';
import { probeDistances, type ProbeResult } from '../helpers/mutantProbes.js';

beforeAll(async () => {
  await backendForTests();
});

const describeProbe = (r: ProbeResult) => `${r.probe}: ${r.distance.toExponential(2)} (differs above ${r.threshold})`;

describe('held-out bugs', () => {
  it('the correct port is identical to itself on every probe', async () => {
    for (const r of await probeDistances(portControl(), portControl())) expect(r.distance, describeProbe(r)).toBe(0);
  });

  it.each(HELD_OUT_MUTANTS.map((m) => [m.id, m] as const))('%s behaves differently from the correct port', async (_id, mutant) => {
    const results = await probeDistances(mutant.make(), portControl());
    const differing = results.filter((r) => r.distance > r.threshold);
    expect(
      differing.length,
      `${mutant.id} (${mutant.bug}) is equivalent on every probe:\n${results.map(describeProbe).join('\n')}`,
    ).toBeGreaterThan(0);
  });
});
