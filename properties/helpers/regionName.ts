/**
 * A short, truthful name for a region of regimes, built from its ranges, so a property's title says
 * what it covers and changes when the ranges do: "k = 3, d = 32–34, sR = 1, m = 12, eta = 0.027–0.03, orthogonal noise".
 */
import type { InAssumptionOptions, Range } from '../../src/regime/arbitraries.js';

const span = (r: Range | undefined): string | null => (r === undefined ? null : r[0] === r[1] ? `${r[0]}` : `${r[0]}–${r[1]}`);

export function regionName(o: InAssumptionOptions): string {
  const parts: string[] = [];
  for (const key of ['k', 'd', 'P', 'sR', 'm', 'eta', 'T'] as const) {
    const s = span(o[key]);
    if (s !== null) parts.push(`${key} = ${s}`);
  }
  if (o.noise) parts.push(`${o.noise.join(' or ')} noise`);
  return parts.join(', ');
}
