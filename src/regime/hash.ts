/**
 * A short, stable fingerprint of an evaluated regime: the SHA-256 of its regime keys (in the fixed
 * order of REGIME_KEYS, seed excluded) as JSON, first 16 hex digits. Calibration records it, and a
 * report shows a calibrated rate beside a claim only when the run's regime has the same fingerprint,
 * so an edited scenario never borrows the rate of the regime it used to be.
 */
import { createHash } from 'node:crypto';
import { REGIME_KEYS, type Regime } from './types.js';

export function regimeHash(regime: Regime): string {
  const values = REGIME_KEYS.map((k) => [k, regime[k]]);
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16);
}
