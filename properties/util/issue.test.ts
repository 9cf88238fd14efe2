/**
 * Guarantees of the one error shape (src/util/issue.ts): every issue's message is one line,
 * `<summary> (rule: <rule>). Fix: <fix>.`, whatever newlines or tabs its parts hold; the summary
 * can be recovered from the message (so another layer can restate an issue); an IssueError's
 * message is one line per issue, prefixed by its source, its stack holds no trace, and every
 * error class of provably that a user can cause is recognised as one across module copies;
 * `firstLine` never returns more than one line.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { ShardError } from '../../src/parallel/shard.js';
import { ScenarioError, makeIssue as makeRegimeIssue } from '../../src/regime/errors.js';
import { ResultFileError } from '../../src/result/resultFile.js';
import { SearchStateError } from '../../src/search/state.js';
import { SweepError } from '../../src/sweep/spec.js';
import { TrainerCallError } from '../../src/conformance/_internals/calls.js';
import { firstLine, isIssueError, issueError, IssueError, issueMessage, makeIssue, summaryOf } from '../../src/util/issue.js';

const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\t', '.', '?', '(', ')', ':') });

describe('issues', () => {
  test('the message of the documented example', () => {
    const issue = makeIssue({
      code: 'relation',
      path: 'sR',
      input: 20,
      summary: 'sR = 20 with sNR = 10 exceeds P = 24',
      rule: 'sR + sNR ≤ P',
      fix: 'lower sR or sNR, or raise P',
    });
    expect(issue).toEqual({
      code: 'relation',
      path: 'sR',
      input: 20,
      rule: 'sR + sNR ≤ P',
      fix: 'lower sR or sNR, or raise P',
      message: 'sR = 20 with sNR = 10 exceeds P = 24 (rule: sR + sNR ≤ P). Fix: lower sR or sNR, or raise P.',
    });
    expect(issueMessage('x', 'r', 'did you mean y?')).toBe('x (rule: r). Fix: did you mean y?');
  });

  test.prop([text, text, text])('a message is one line and gives its summary back', (summary, rule, fix) => {
    const issue = makeIssue({ code: 'out_of_range', path: 'k', input: 1, summary, rule, fix });
    expect(issue.message).not.toMatch(/[\r\n\t]/);
    expect(issue.message).toContain(' (rule: ');
    expect(issue.message).toMatch(/Fix: /);
    expect(summaryOf(issue)).toBe(summary.replace(/[\r\n\t]+/g, ' ').trim());
  });

  test('an IssueError prints one line per issue, names its source, and carries no stack trace', () => {
    const a = makeIssue({
      code: 'missing_key',
      path: 'k',
      input: undefined,
      summary: 'k is missing',
      rule: 'k is required',
      fix: 'add "k": 3',
    });
    const b = makeIssue({
      code: 'invalid_type',
      path: 'd',
      input: 'x',
      summary: 'd = "x" is not a number',
      rule: 'd is an integer ≥ 2',
      fix: 'write a number',
    });
    const e = new IssueError([a, b, b], 's.json', { maxShown: 2 });
    expect(e.message.split('\n')).toEqual([`s.json: ${a.message}`, `s.json: ${b.message}`, 's.json: … and 1 more']);
    expect(e.stack).toBe(`IssueError: ${e.message}`);
    expect(isIssueError(e)).toBe(true);
  });

  test('every error class a user can cause is an IssueError, also as a copy from another bundle', () => {
    const init = { code: 'out_of_range', path: '--x', input: 0, summary: '--x = 0 is too small', rule: 'x ≥ 1', fix: 'pass 1' } as const;
    const errors: Error[] = [
      new UsageError(init),
      new ShardError(init),
      new SweepError(init),
      new TrainerCallError(init),
      new SearchStateError('state.json', [makeIssue(init)]),
      new ResultFileError('result.json', [makeIssue(init)]),
      new ScenarioError([makeRegimeIssue(init)], 's.json'),
      issueError(init),
    ];
    for (const e of errors) {
      expect(isIssueError(e), e.name).toBe(true);
      expect(e.stack, e.name).not.toMatch(/\n\s+at /);
      // A structural copy (another copy of the package) is recognised by its shape.
      const copy = Object.assign(new Error(e.message), { name: e.name, issues: (e as IssueError).issues });
      expect(isIssueError(copy), e.name).toBe(true);
    }
    expect(isIssueError(new TypeError('x'))).toBe(false);
    expect(isIssueError(Object.assign(new Error('x'), { issues: [{ message: 'm' }] }))).toBe(false);
  });
});

describe('firstLine', () => {
  test.prop([fc.string(), fc.integer({ min: 2, max: 400 })])('is one trimmed line of at most maxChars', (message, max) => {
    const line = firstLine(new Error(message), max);
    expect(line).not.toMatch(/\n/);
    expect(line.length).toBeLessThanOrEqual(Math.max(max, 'Error'.length));
    expect(line).toBe(line.trim());
  });

  test('skips blank lines, and names the error when there is nothing else', () => {
    expect(firstLine(new Error('\n\n  boom \n at x'))).toBe('boom');
    expect(firstLine(new TypeError(''))).toBe('TypeError');
    expect(firstLine('')).toBe('unknown error');
    expect(firstLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
