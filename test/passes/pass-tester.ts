/**
 * ESLint's RuleTester for dockopt passes: a suite lists `valid` Dockerfiles that the pass must
 * leave unchanged and `invalid` ones with the exact output and the exact findings it must give.
 * Every case runs the real pipeline on a real build context written to a temporary directory,
 * and every changed output is run again to prove it is a fixed point.
 *
 * Only the pass under test runs unless a case names the passes that must run before it
 * (`after: ['split-stages']`): findings of those passes are theirs to test and are not compared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../src/config.js';
import { gatherContextFacts } from '../../src/context/facts.js';
import { rewriteSource } from '../../src/pipeline/rewrite-file.js';
import type { Finding } from '../../src/pass.js';
import type { FileResult } from '../../src/report/types.js';
import { ecosystems } from '../../ecosystems/index.js';
import { passes } from '../../passes/index.js';

/** A Go module with one main package that serves HTTP: the context most cases need. */
export const GO_APP: Readonly<Record<string, string>> = Object.freeze({
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
});

export interface PassCase {
  /** Test title; reads as a spec ("keeps an explicit GOARCH"). */
  name: string;
  dockerfile: string;
  /** Build context files (path → content). Default: GO_APP. */
  files?: Readonly<Record<string, string>>;
  /** Config as a user would write it (validated like a config file). */
  config?: Record<string, unknown>;
  /** Passes that run before the pass under test, in list order. */
  after?: string[];
}

export interface ValidCase extends PassCase {
  /** Findings the pass reports while changing nothing (default: none). */
  findings?: string[];
}

export interface InvalidCase extends PassCase {
  /** The exact Dockerfile output. */
  output: string;
  /**
   * The pass's exact findings, in order, as `line:column severity code` (code without the pass
   * prefix; `-:-` for a finding about the whole file). Append ` {json}` to also pin its data.
   */
  findings: string[];
  /** The exact .dockerignore the pass writes (omit when it writes none). */
  dockerignore?: string;
}

/** Run `passId` (and the passes a case names before it) on a case; the full file result. */
export function runCase(passId: string, c: PassCase, text = c.dockerfile, dockerignore?: string | null): FileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockopt-pass-'));
  try {
    for (const [file, content] of Object.entries(c.files ?? GO_APP)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const facts = gatherContextFacts(dir, ecosystems);
    if (dockerignore !== undefined) facts.dockerignore = dockerignore;
    const ids = passes.map((p) => p.id);
    const config = resolveConfig(c.config ?? {}, 'test config', passes);
    const wanted = new Set([...(c.after ?? []), passId]);
    for (const id of wanted) if (!ids.includes(id)) throw new Error(`unknown pass "${id}" in a test case`);
    return rewriteSource({ text, dockerfile: 'Dockerfile', context: '.', dockerignorePath: '.dockerignore', facts, config, passes, only: wanted });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A finding as suites write it: `line:column severity code`, plus ` {data}` when the expectation has it. */
export function findingLine(f: Finding, passId: string, withData: boolean): string {
  const at = `${f.line ?? '-'}:${f.column ?? '-'}`;
  const code = f.code.startsWith(`${passId}/`) ? f.code.slice(passId.length + 1) : f.code;
  return `${at} ${f.severity} ${code}${withData ? ` ${JSON.stringify(f.data)}` : ''}`;
}

function ownFindings(result: FileResult, passId: string): Finding[] {
  return result.findings.filter((f) => f.pass === passId || f.pass === 'dockopt');
}

function compareFindings(actual: Finding[], expected: readonly string[], passId: string): void {
  const rendered = actual.map((f, i) => findingLine(f, passId, /\s\{/.test(expected[i] ?? '')));
  assert.equal(rendered, [...expected], 'findings differ');
  for (const f of actual) assert.not.match(f.message, /\{\{/, `message of ${f.code} has an unfilled placeholder`);
}

/** Register the suite's tests with uvu (the caller runs `test.run()`). */
export function passTests(passId: string, suite: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  if (!passes.some((p) => p.id === passId)) throw new Error(`no pass "${passId}" in passes/index.ts`);
  for (const c of suite.valid) {
    test(`${passId} valid: ${c.name}`, () => {
      const result = runCase(passId, c);
      assert.is(result.error, null, result.error?.message);
      assert.is(result.output, c.dockerfile, 'a valid input must come out unchanged');
      compareFindings(ownFindings(result, passId), c.findings ?? [], passId);
      assert.not.ok(ownFindings(result, passId).some((f) => f.fixed), 'nothing was changed, so nothing is fixed');
    });
  }
  for (const c of suite.invalid) {
    test(`${passId} invalid: ${c.name}`, () => {
      const result = runCase(passId, c);
      assert.is(result.error, null, result.error?.message);
      assert.is(result.output, c.output, 'output differs');
      compareFindings(ownFindings(result, passId), c.findings, passId);
      const ignore = result.dockerignore && result.dockerignore.status !== 'unchanged' ? result.dockerignore.output : undefined;
      assert.is(ignore, c.dockerignore, '.dockerignore differs');
      const again = runCase(passId, c, result.output, ignore ?? c.files?.['.dockerignore'] ?? null);
      assert.is(again.output, result.output, 'a second run must change nothing');
      assert.not.ok(ownFindings(again, passId).some((f) => f.fixed), 'a second run fixes nothing');
    });
  }
}
