/**
 * JUnit XML (the Jenkins/Ant format CI systems read) for `verify --junit` and `diff --junit`: one
 * test suite per scenario, one test case per scenario × claim over all its seeds. An asserted
 * expectation that is not met is a failure whose message carries the claim's margin and the
 * command that replays the seed it failed on; a `report` claim asserts nothing and is skipped,
 * with its counts.
 */
import type { AggregateRow, Verdict } from '../claims/types.js';
import { formatMargin, formatNumber } from '../util/format.js';
import type { ResultFile, RunRecord } from '../result/resultFile.js';

/** The outcome of one test case. */
export type JunitOutcome =
  { kind: 'passed' } | { kind: 'failure'; type: string; message: string; body: string } | { kind: 'skipped'; message: string };

/** One test case. */
export interface JunitCase {
  classname: string;
  name: string;
  /** Seconds. */
  time: number;
  outcome: JunitOutcome;
  /**
   * Per-seed lines (verdicts, margins, replay commands). The Ant schema allows a test case nothing
   * but its one failure, error or skipped element, so these go in the suite's system-out, under the
   * case's name, and a skipped case also carries them as its element's text.
   */
  output?: string;
}

/** One test suite. */
export interface JunitSuite {
  name: string;
  /** ISO 8601 start time, without zone suffix handling: as recorded. */
  timestamp: string;
  hostname: string;
  /** Seconds. */
  time: number;
  cases: JunitCase[];
  properties?: Readonly<Record<string, string>>;
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const attr = (name: string, value: string | number) => ` ${name}="${xmlEscape(String(value))}"`;
const seconds = (t: number) => (Number.isFinite(t) && t >= 0 ? t : 0).toFixed(3);
/** `YYYY-MM-DDTHH:MM:SS`: the Ant schema's timestamp has no zone and no fraction. */
const antTimestamp = (iso: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.exec(iso)?.[0] ?? '1970-01-01T00:00:00';

/**
 * The XML document of `suites` under one `<testsuites>` root, in the Apache Ant JUnit format that
 * Jenkins, GitLab and GitHub test reporters read: the root has no attributes; every suite has
 * `package` (here `name`), `id`, its counts, `properties` (possibly empty), `system-out` and
 * `system-err`; a test case holds at most one failure, error or skipped element.
 */
export function junitXml(name: string, suites: readonly JunitSuite[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  suites.forEach((s, id) => {
    const failures = s.cases.filter((c) => c.outcome.kind === 'failure').length;
    const skipped = s.cases.filter((c) => c.outcome.kind === 'skipped').length;
    out.push(
      `  <testsuite${attr('name', s.name)}${attr('id', id)}${attr('package', name)}${attr('timestamp', antTimestamp(s.timestamp))}${attr('hostname', s.hostname)}` +
        `${attr('tests', s.cases.length)}${attr('failures', failures)}${attr('errors', 0)}${attr('skipped', skipped)}${attr('time', seconds(s.time))}>`,
    );
    const props = Object.entries(s.properties ?? {});
    if (props.length === 0) out.push('    <properties/>');
    else
      out.push('    <properties>', ...props.map(([k, v]) => `      <property${attr('name', k)}${attr('value', v)}/>`), '    </properties>');
    for (const c of s.cases) {
      const open = `    <testcase${attr('name', c.name)}${attr('classname', c.classname)}${attr('time', seconds(c.time))}`;
      if (c.outcome.kind === 'failure')
        out.push(
          `${open}>`,
          `      <failure${attr('message', c.outcome.message)}${attr('type', c.outcome.type)}>${xmlEscape(c.outcome.body)}</failure>`,
          '    </testcase>',
        );
      else if (c.outcome.kind === 'skipped')
        out.push(
          `${open}>`,
          `      <skipped${attr('message', c.outcome.message)}>${xmlEscape(c.output ?? '')}</skipped>`,
          '    </testcase>',
        );
      else out.push(`${open}/>`);
    }
    const lines = s.cases.filter((c) => c.output).map((c) => `${c.name}\n${c.output}`);
    out.push(
      lines.length === 0 ? '    <system-out/>' : `    <system-out>${xmlEscape(lines.join('\n\n'))}</system-out>`,
      '    <system-err/>',
      '  </testsuite>',
    );
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** How a recorded canonical `provably …` command is shown to the reader (e.g. with `npx`). */
export type ReplayRenderer = (canonical: string) => string;

/** Status counts of one claim over runs: `holds 5, fails 2, inconclusive 1`. */
export function statusCounts(runs: readonly RunRecord[], claim: string): string {
  const counts = new Map<string, number>();
  for (const r of runs) {
    const status = r.verdicts.find((v) => v.id === claim)?.status ?? 'missing';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const order = ['holds', 'fails', 'inconclusive', 'diverged', 'interrupted', 'missing'];
  return order
    .filter((k) => counts.has(k))
    .map((k) => `${k} ${counts.get(k)}`)
    .join(', ');
}

/** `margin +0.12` (or `no margin` when the verdict has none). */
export const marginText = (m: number | undefined) => (m === undefined || Number.isNaN(m) ? 'no margin' : `margin ${formatMargin(m)}`);

/** The per-seed lines of one claim: `seed 3: fails, margin -0.2 · replay: …`. */
function seedLines(runs: readonly RunRecord[], claim: string, replay: ReplayRenderer): string {
  return runs
    .map((r) => {
      const v = r.verdicts.find((x) => x.id === claim);
      return `seed ${r.seed}: ${v?.status ?? 'missing'}, ${marginText(v?.margin)}${v?.detail ? ` (${v.detail})` : ''} · replay: ${replay(r.replay)}`;
    })
    .join('\n');
}

/**
 * Of `runs`, the seed that missed the expectation of `row` by the most (lowest margin for `holds`,
 * highest for `fails`), with its verdict; undefined when every seed matched.
 */
export function worstMiss(
  runs: readonly RunRecord[],
  row: Pick<AggregateRow, 'id' | 'expect'>,
): { r: RunRecord; v: Verdict | undefined } | undefined {
  const missed = runs.map((r) => ({ r, v: r.verdicts.find((x) => x.id === row.id) })).filter(({ v }) => v?.status !== row.expect);
  return missed.sort((a, b) =>
    row.expect === 'holds' ? (a.v?.margin ?? 0) - (b.v?.margin ?? 0) : (b.v?.margin ?? 0) - (a.v?.margin ?? 0),
  )[0];
}

/** The JUnit suites of a `verify` result: per scenario, one case per claim, over all its seeds. */
export function verifyJunitSuites(rf: ResultFile, hostname: string, replay: ReplayRenderer = (c) => c): JunitSuite[] {
  const scenarios = [...new Set(rf.runs.map((r) => r.scenario))];
  const perRun = rf.runs.length > 0 ? rf.manifest.wallSeconds / rf.runs.length : 0;
  return scenarios.map((scenario) => {
    const runs = rf.runs.filter((r) => r.scenario === scenario);
    const rows = rf.aggregate.filter((a) => a.scenario === scenario);
    const cases = rows.map((row): JunitCase => {
      const counts = statusCounts(runs, row.id);
      const seeds = runs.length === 1 ? `seed ${runs[0]!.seed}` : `${runs.length} seeds`;
      const rule =
        runs.length === 1
          ? 'status must equal the expectation'
          : `lower bound ${formatNumber(row.lowerBound)} vs required ${formatNumber(row.requiredBound)} with ≥ ${row.minSeeds} seeds`;
      const base = { classname: `provably.${scenario}`, name: row.id, time: perRun * runs.length, output: seedLines(runs, row.id, replay) };
      if (row.expect === 'report' || row.met === null) {
        return { ...base, outcome: { kind: 'skipped', message: `report (measured, not asserted) over ${seeds}: ${counts}` } };
      }
      if (row.met) return { ...base, outcome: { kind: 'passed' } };
      const worst = worstMiss(runs, row);
      const where = worst
        ? `; seed ${worst.r.seed}: ${worst.v?.status ?? 'missing'}, ${marginText(worst.v?.margin)}; replay: ${replay(worst.r.replay)}`
        : '';
      return {
        ...base,
        outcome: {
          kind: 'failure',
          type: 'ExpectationNotMet',
          message: `${row.id} expected ${row.expect}: ${row.matched}/${row.total} seeds matched (${rule}); ${counts}${where}`,
          body: seedLines(runs, row.id, replay),
        },
      };
    });
    return {
      name: scenario,
      timestamp: rf.manifest.started,
      hostname,
      time: perRun * runs.length,
      cases,
      properties: {
        backend: rf.manifest.backend,
        backendVersion: rf.manifest.backendVersion,
        precision: rf.manifest.precision,
        seeds: runs.map((r) => r.seed).join(','),
      },
    };
  });
}

/** A line for a CI log: an error or a notice, with a title. */
export interface Finding {
  level: 'error' | 'notice';
  title: string;
  message: string;
}

/** Per scenario × claim of a verify result: an expectation not met (its JUnit failure message), or a reported claim's counts. */
export function verifyFindings(rf: ResultFile, replay: ReplayRenderer = (c) => c): Finding[] {
  return verifyJunitSuites(rf, '', replay).flatMap((suite) =>
    suite.cases.flatMap((c): Finding[] => {
      if (c.outcome.kind === 'failure')
        return [{ level: 'error' as const, title: `provably ${suite.name} ${c.name}: expectation not met`, message: c.outcome.message }];
      if (c.outcome.kind === 'skipped')
        return [{ level: 'notice' as const, title: `provably ${suite.name} ${c.name}`, message: c.outcome.message }];
      return [];
    }),
  );
}
