import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Training-based properties are slow by nature: the default profile took 22.6 min on a fresh 2-core
// machine (README "Tests"); the longest ones set their own timeouts.
const full = process.env.PROVABLY_PROFILE === 'full';

// Coverage is collected under CI=true (and by `npm run coverage`). The per-folder thresholds are the
// measured line coverage minus 2 points, derived by scripts/coverage-thresholds.mjs.
const thresholds: Record<string, { lines: number }> = existsSync('coverage-thresholds.json')
  ? JSON.parse(readFileSync('coverage-thresholds.json', 'utf8'))
  : {};

export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: full ? 3_600_000 : 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    setupFiles: ['properties/setup.ts'],
    // Draws and prints the fast-check seed once for the whole run (every file inherits it).
    globalSetup: ['properties/globalSetup.ts'],
    // The second reporter's closing note says which backends the every-backend specs ran on.
    reporters: ['default', './properties/helpers/backendReporter.ts'],
    coverage: {
      enabled: process.env.CI === 'true',
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // A red run still reports what it covered (vitest's default is to skip the report).
      reportOnFailure: true,
      thresholds,
    },
  },
});
