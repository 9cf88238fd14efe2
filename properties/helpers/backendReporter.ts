/**
 * Closing note of `npm test`: which backends the every-backend specs (properties/helpers/backends.ts)
 * ran on, and per file the test cases run on each backend. Printed after vitest's own summary.
 */
import { basename } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const MARKER = /\[backend: (tensorflow|wasm|cpu)\]/;
const ORDER = ['tensorflow', 'wasm', 'cpu'] as const;

/** Counts per file and backend: cases run (passed or failed) and skipped. */
export function backendCounts(
  modules: ReadonlyArray<TestModule>,
): Map<string, Map<string, { ran: number; skipped: number; failed: number }>> {
  const files = new Map<string, Map<string, { ran: number; skipped: number; failed: number }>>();
  for (const mod of modules) {
    for (const test of mod.children.allTests()) {
      const m = MARKER.exec(test.fullName);
      if (!m) continue;
      const file = basename(mod.moduleId);
      const perBackend = files.get(file) ?? new Map();
      files.set(file, perBackend);
      const c = perBackend.get(m[1]!) ?? { ran: 0, skipped: 0, failed: 0 };
      perBackend.set(m[1]!, c);
      const state = test.result().state;
      if (state === 'passed') c.ran++;
      else if (state === 'failed') {
        c.ran++;
        c.failed++;
      } else c.skipped++;
    }
  }
  return files;
}

export default class BackendReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const files = backendCounts(modules);
    if (files.size === 0) return;
    const ran = new Set<string>();
    const skipped = new Set<string>();
    const lines: string[] = [];
    for (const [file, perBackend] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const parts = ORDER.filter((b) => perBackend.has(b)).map((b) => {
        const c = perBackend.get(b)!;
        if (c.ran > 0) ran.add(b);
        if (c.ran === 0 && c.skipped > 0) skipped.add(b);
        return `${b} ${c.ran}${c.failed ? ` (${c.failed} failed)` : ''}${c.skipped ? ` (+${c.skipped} skipped)` : ''}`;
      });
      lines.push(`  ${file}: ${parts.join(', ')}`);
    }
    const skippedOnly = [...skipped].filter((b) => !ran.has(b));
    const head =
      `Backends: every-backend specs ran on ${ORDER.filter((b) => ran.has(b)).join(', ') || 'none'}` +
      (skippedOnly.length ? `; skipped on ${skippedOnly.join(', ')} (does not load; PROVABLY_REQUIRE_BACKENDS makes that a failure)` : '') +
      `. Cases per file and backend:`;
    process.stdout.write(`\n${head}\n${lines.join('\n')}\n`);
  }
}
