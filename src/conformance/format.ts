import { formatVerdict } from '../claims/verdict.js';
import { formatDuration } from '../util/format.js';
import type { ConformanceResult } from './checkTrainer.js';

/**
 * A conformance result as text: a header with the outcome, then one line per verdict (✓ or ✗, the
 * verdict's own line with conditions and margins). For logs and CI output.
 */
export function formatConformance(result: ConformanceResult): string {
  const head =
    `${result.trainer}: ${result.passed ? 'conforms' : `FAILS ${result.failed.length} of ${result.verdicts.length} checks`} ` +
    `(${result.profile} profile, ${result.cases} cases, ${result.claimSeeds.length} claim seeds, ${formatDuration(result.seconds)})`;
  return [head, ...result.verdicts.map((v) => `${v.status === 'holds' ? '✓' : '✗'} ${formatVerdict(v)}`)].join('\n');
}
