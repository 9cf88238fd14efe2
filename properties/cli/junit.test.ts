/**
 * `verify --junit FILE` and `diff --junit FILE`. Guarantees: the file validates with xmllint against
 * the Apache Ant JUnit format (properties/fixtures/junit.xsd, and PROVABLY_JUNIT_XSD if set); one test case per scenario ×
 * claim over all seeds; an expectation not met is a failure whose message carries the claim's
 * margin and a replay command that works from here (`npx provably …` when provably is not on PATH);
 * a "report" claim is skipped with its counts; diff fails the case of a changed claim the same way;
 * a --junit path in a missing folder is bad input (exit 2) before any training. The schema itself
 * rejects a malformed document, so validation can fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayRenderer } from '../../src/cli/_internals/ciOutput.js';
import { junitXml, xmlEscape } from '../../src/report/junit.js';
import { parseResultFile, serializeResultFile } from '../../src/result/resultFile.js';
import { runInProcess, tempDir, tinyScenario, writeScenario } from '../cli.helpers.js';

const XSD = join(import.meta.dirname, '..', 'fixtures', 'junit.xsd');
/** The schemas every JUnit file must satisfy: ours, and another copy given by PROVABLY_JUNIT_XSD. */
const SCHEMAS = [XSD, ...(process.env.PROVABLY_JUNIT_XSD ? [process.env.PROVABLY_JUNIT_XSD] : [])];

/** xmllint's verdict on `file` against one JUnit schema. */
function validateWith(schema: string, file: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is not installed (${r.error.message}). Fix: apt-get install -y libxml2-utils`);
  return { ok: r.status === 0, output: `${schema}: ${r.stdout}${r.stderr}` };
}

/** xmllint's verdict on `file` against every schema of {@link SCHEMAS}. */
function validate(file: string): { ok: boolean; output: string } {
  const all = SCHEMAS.map((schema) => validateWith(schema, file));
  return { ok: all.every((v) => v.ok), output: all.map((v) => v.output).join('\n') };
}

/** The attributes of every `<testcase>` and what it holds, by claim name. */
function cases(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<testcase name="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) out.set(m[1]!, m[2] ?? '');
  return out;
}

let dir: string;
let verifyXml: string;
let resultPath: string;

beforeAll(async () => {
  dir = tempDir();
  // On this regime AT-4 and ST-3 fail on seeds 1–8: expecting AT-4 to hold is an expectation not
  // met, expecting ST-3 to fail one met; the rest are reported. 8 seeds: the default profile's minimum.
  const scenario = writeScenario(dir, tinyScenario({ expect: { 'ST-3': 'fails', 'AT-4': 'holds' } }));
  const junit = join(dir, 'verify.xml');
  const r = await runInProcess(['verify', scenario, '--seeds', '8', '--out', join(dir, 'rep'), '--junit', junit], {
    env: { PATH: '/nonexistent' },
  });
  expect(r.code, r.stderr).toBe(1);
  verifyXml = readFileSync(junit, 'utf8');
  resultPath = join(dir, 'rep', 'result.json');
}, 120_000);

describe('verify --junit', () => {
  it('validates against the Jenkins/Ant JUnit schema', () => {
    const v = validate(join(dir, 'verify.xml'));
    expect(v.ok, v.output).toBe(true);
  });

  it('has one test case per claim of the scenario over all 8 seeds, with totals that add up', () => {
    const c = cases(verifyXml);
    expect([...c.keys()]).toEqual(['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3', 'AT-4']);
    expect(verifyXml).toMatch(/<testsuite name="tiny"[^>]* tests="7" failures="1" errors="0" skipped="5"/);
    expect(verifyXml).toMatch(/<property name="seeds" value="1,2,3,4,5,6,7,8"\/>/);
  });

  it('fails the unmet expectation with its margin and an npx replay command (provably not on PATH)', () => {
    const at4 = cases(verifyXml).get('AT-4')!;
    const message = /<failure message="([^"]*)"/.exec(at4)?.[1] ?? '';
    expect(message).toMatch(
      /^AT-4 expected holds: 0\/8 seeds matched \(lower bound 0 vs required 0\.5 with ≥ 8 seeds\); fails 8; seed [1-8]: fails, /,
    );
    expect(message).toMatch(/margin -[0-9.]+/);
    expect(message).toMatch(/replay: npx provably verify \S+ --seed [1-8] --backend \w+/);
    expect(cases(verifyXml).get('ST-3')).not.toMatch(/<failure|<skipped/);
  });

  it('skips a "report" claim with its counts', () => {
    expect(cases(verifyXml).get('AT-1')).toMatch(
      /<skipped message="report \(measured, not asserted\) over 8 seeds: (holds|fails|inconclusive) \d[^"]*">seed 1: \w+, (margin|no margin)/,
    );
    // Every claim's per-seed lines, passed ones included, are in the suite's system-out.
    expect(verifyXml).toMatch(/<system-out>ST-1\nseed 1: holds, margin \+[0-9.]+[^\n]* · replay: npx provably verify /);
  });

  it('refuses a file in a missing folder before any training (exit 2, nothing written)', async () => {
    const scenario = writeScenario(dir, tinyScenario(), 'ok.json');
    const r = await runInProcess(['verify', scenario, '--out', join(dir, 'never'), '--junit', join(dir, 'no', 'such', 'x.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--junit = .* does not exist.*Fix: create it first/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('diff --junit', () => {
  it('fails the changed claim with the margin and replay, passes the rest, and validates', async () => {
    const rf = parseResultFile(readFileSync(resultPath, 'utf8'));
    const st2 = rf.runs[1]!.verdicts.find((v) => v.id === 'ST-2')!;
    st2.status = st2.status === 'holds' ? 'fails' : 'holds';
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, serializeResultFile(rf));
    const junit = join(dir, 'diff.xml');
    const r = await runInProcess(['diff', resultPath, changed, '--junit', junit], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(1);
    const v = validate(junit);
    expect(v.ok, v.output).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    const c = cases(xml);
    expect([...c.keys()]).toEqual(['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3', 'AT-4', 'measurements']);
    expect(c.get('ST-2')).toMatch(
      /<failure message="tiny seed 2: ST-2 verdict \w+ → \w+ \(margin [+-][0-9.e-]+\); replay: npx provably verify/,
    );
    expect(c.get('ST-1')).toBe('');
    expect(c.get('measurements')).toBe('');
  });
});

describe('the JUnit writer and the schema', () => {
  it('escapes markup and drops characters XML cannot carry, and the result still validates', () => {
    expect(xmlEscape('a<b>&"c\'\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    const xml = junitXml('x', [
      {
        name: 's',
        timestamp: '2026-01-01T00:00:00.000Z',
        hostname: 'h',
        time: 1,
        cases: [
          { classname: 'c', name: 'n<&>', time: 0.5, outcome: { kind: 'failure', type: 't', message: 'm "q" <x>\u0007', body: 'b & c' } },
        ],
      },
    ]);
    const file = join(dir, 'escaped.xml');
    writeFileSync(file, xml);
    const v = validate(file);
    expect(v.ok, v.output).toBe(true);
  });

  it('the schema rejects what the Ant format forbids: missing attributes, a per-case system-out, attributes on the root', () => {
    const bad = (name: string, xml: string) => {
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, `<?xml version="1.0"?>${xml}`);
      const v = validateWith(XSD, file);
      expect(v.ok, name).toBe(false);
      return v.output;
    };
    const suite = (body: string, extra = '') =>
      `<testsuites${extra}><testsuite name="s" id="0" package="p" timestamp="2026-01-01T00:00:00" hostname="h" tests="1" failures="0" errors="0" time="0"><properties/>${body}<system-out/><system-err/></testsuite></testsuites>`;
    const good = join(dir, 'good.xml');
    writeFileSync(good, `<?xml version="1.0"?>${suite('<testcase name="n" classname="c" time="0"/>')}`);
    expect(validateWith(XSD, good).ok).toBe(true);
    expect(bad('no-classname', suite('<testcase name="n" time="0"/>'))).toMatch(
      /Element 'testcase': The attribute 'classname' is required/,
    );
    expect(
      bad(
        'no-counts',
        '<testsuites><testsuite name="s" id="0" package="p" timestamp="2026-01-01T00:00:00" hostname="h" time="0"><properties/><system-out/><system-err/></testsuite></testsuites>',
      ),
    ).toMatch(/Element 'testsuite': The attribute 'tests' is required/);
    expect(bad('case-output', suite('<testcase name="n" classname="c" time="0"><system-out>x</system-out></testcase>'))).toMatch(
      /Element 'system-out': This element is not expected/,
    );
    expect(bad('root-attributes', suite('<testcase name="n" classname="c" time="0"/>', ' tests="1"'))).toMatch(
      /attribute 'tests': The attribute 'tests' is not allowed/,
    );
    expect(bad('no-properties', suite('<testcase name="n" classname="c" time="0"/>').replace('<properties/>', ''))).toMatch(
      /Expected is \( properties \)/,
    );
    expect(bad('zoned-timestamp', suite('').replace('2026-01-01T00:00:00', '2026-01-01T00:00:00Z'))).toMatch(/timestamp/);
  });
});

describe('replay lines for where the user is', () => {
  it('are canonical when provably is on PATH, and go through npx when it is only in node_modules/.bin or absent', () => {
    const bin = join(dir, 'bin');
    const nm = join(dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(nm, { recursive: true });
    writeFileSync(join(nm, 'provably'), '#!/bin/sh\n');
    const canonical = 'provably verify paper-small --seed 3 --backend wasm';
    expect(replayRenderer({ PATH: nm })(canonical)).toBe(`npx ${canonical}`);
    expect(replayRenderer({})(canonical)).toBe(`npx ${canonical}`);
    writeFileSync(join(bin, 'provably'), '#!/bin/sh\n');
    expect(replayRenderer({ PATH: [nm, bin].join(delimiter) })(canonical)).toBe(canonical);
  });
});

describe('--json side effects and GitHub annotations', () => {
  it('--json alone writes no folder; GITHUB_ACTIONS annotates on stderr and never on stdout', async () => {
    const cwd = tempDir();
    const scenario = writeScenario(cwd, tinyScenario({ expect: { 'ST-3': 'fails', 'AT-4': 'holds' } }));
    const r = await runInProcess(['verify', scenario, '--json'], { cwd, env: { GITHUB_ACTIONS: 'true', PATH: '/nonexistent' } });
    expect(r.code).toBe(1);
    expect(readdirSync(cwd)).toEqual(['scenario.json']);
    const parsed = JSON.parse(r.stdout) as { runs: unknown[] };
    expect(parsed.runs).toHaveLength(1);
    expect(r.stdout).not.toContain('::');
    const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(
      annotations.find((l) =>
        l.startsWith('::error title=provably tiny AT-4%3A expectation not met::AT-4 expected holds: 0/1 seeds matched'),
      ),
    ).toMatch(/margin -[0-9.]+; replay: npx provably verify/);
    expect(annotations.some((l) => l.startsWith('::notice title=provably tiny AT-1::report'))).toBe(true);
    expect(annotations.some((l) => l.includes('ST-3'))).toBe(false);
  });

  it('writes no annotations outside GitHub Actions, and --json with --out writes the folder', async () => {
    const cwd = tempDir();
    const scenario = writeScenario(cwd, tinyScenario({ expect: { 'AT-4': 'holds' } }));
    const r = await runInProcess(['verify', scenario, '--json', '--out', join(cwd, 'rep')], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/^::/m);
    expect(readdirSync(join(cwd, 'rep')).sort()).toEqual(['report.html', 'report.md', 'result.json']);
  });
});
