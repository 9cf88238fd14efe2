#!/usr/bin/env node
// Derives the coverage thresholds from a measured run: per top-level src/ folder, the measured line
// coverage minus 2 points (floored), written to coverage-thresholds.json, which vitest.config.ts reads.
// Usage: npm run coverage, then `node scripts/coverage-thresholds.mjs` to re-derive after a
// deliberate change in what the suite covers. It reads coverage/coverage-summary.json.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MARGIN = 2;
const summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'));
const root = process.cwd() + path.sep;
const folders = new Map();
for (const [file, s] of Object.entries(summary)) {
  if (file === 'total') continue;
  const rel = file.startsWith(root) ? file.slice(root.length) : file;
  const parts = rel.split(path.sep);
  if (parts[0] !== 'src' || parts.length < 3) continue;
  const f = folders.get(parts[1]) ?? { covered: 0, total: 0 };
  f.covered += s.lines.covered;
  f.total += s.lines.total;
  folders.set(parts[1], f);
}
const out = {};
for (const [name, f] of [...folders].sort()) {
  const measured = f.total === 0 ? 100 : (100 * f.covered) / f.total;
  out[`src/${name}/**`] = { lines: Math.max(0, Math.floor(measured - MARGIN)) };
  console.log(`src/${name}: ${measured.toFixed(1)} % of ${f.total} lines → threshold ${out[`src/${name}/**`].lines} %`);
}
writeFileSync('coverage-thresholds.json.tmp', JSON.stringify(out, null, 2) + '\n');
renameSync('coverage-thresholds.json.tmp', 'coverage-thresholds.json');
