/** `--format sarif|rdjson|gitlab`: shape, fixes that reproduce the output, stable fingerprints. */
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toGitlabCodeQuality } from '../src/report/gitlab.js';
import { computeHunks } from '../src/report/hunks.js';
import { toRdjson } from '../src/report/rdjson.js';
import { FINGERPRINT_KEY, toSarif, type SarifLog, type SarifResult } from '../src/report/sarif.js';
import type { FileResult } from '../src/report/types.js';
import {
  applyRdjsonSuggestions,
  applySarifReplacements,
  dropsFinalNewline,
  finding,
  parseError,
  report,
  result,
  splitStages,
  suggestible,
  withChangedDockerignore,
  withDockerignore,
} from './report-fixtures.js';

const require = createRequire(import.meta.url);
const everything = [...suggestible, dropsFinalNewline, withDockerignore, withChangedDockerignore, parseError];

function sarifReplacementsFor(log: SarifLog, uri: string) {
  return log.runs[0]!.results.flatMap((res) =>
    (res.fixes ?? []).flatMap((fix) =>
      fix.artifactChanges
        .filter((change) => change.artifactLocation.uri === uri)
        .flatMap((change) => change.replacements),
    ),
  );
}

// --- SARIF ---------------------------------------------------------------------------------

test('SARIF validates against the SARIF 2.1.0 JSON schema', () => {
  // The rtm.5 schema is the one SARIF 2.1.0 was published from (draft-04, hence ajv 6).
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  const validate = ajv.compile(schema);
  const log = toSarif(report(...everything));
  assert.ok(validate(log), ajv.errorsText(validate.errors, { separator: '\n' }));
  assert.ok(validate(toSarif(report())), 'an empty report is a valid log too');
  // The validator bites: a level SARIF does not know, or a region with a zero line, fails.
  const broken = structuredClone(log);
  (broken.runs[0]!.results[0] as { level: string }).level = 'info';
  broken.runs[0]!.results[1]!.locations[0]!.physicalLocation.region = { startLine: 0 };
  assert.not.ok(validate(broken));
  assert.is(validate.errors!.length, 2, ajv.errorsText(validate.errors));
});

test('SARIF: applying every fix of a Dockerfile gives its output, final newline or not', () => {
  const log = toSarif(report(...everything));
  for (const fixture of [...suggestible, dropsFinalNewline]) {
    const replacements = sarifReplacementsFor(log, fixture.dockerfile);
    assert.ok(replacements.length > 0, fixture.dockerfile);
    assert.is(applySarifReplacements(fixture.original, replacements), fixture.output, fixture.dockerfile);
  }
});

test('SARIF: .dockerignore fixes create or change the file', () => {
  const log = toSarif(report(withDockerignore, withChangedDockerignore));
  const created = withDockerignore.dockerignore!;
  assert.is(applySarifReplacements('', sarifReplacementsFor(log, created.path)), created.output);
  const changed = withChangedDockerignore.dockerignore!;
  assert.is(applySarifReplacements(changed.original!, sarifReplacementsFor(log, changed.path)), changed.output);
});

test('SARIF: rules, levels, locations and rule ids', () => {
  const log = toSarif(report(splitStages, parseError));
  const run = log.runs[0]!;
  assert.is(log.version, '2.1.0');
  assert.match(log.$schema, 'sarif-schema-2.1.0.json');
  assert.is(run.tool.driver.name, 'dockopt');
  assert.match(run.tool.driver.informationUri, /^https:\/\//);
  const ids = run.tool.driver.rules.map((rule) => rule.id);
  assert.is(new Set(ids).size, ids.length);
  for (const res of run.results) {
    assert.is(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.message.text.length > 0);
  }
  const byRule = (id: string) => run.results.filter((res) => res.ruleId === id);
  assert.is(byRule('dockopt/rewrite').length, 2);
  for (const rewrite of byRule('dockopt/rewrite')) assert.is(rewrite.fixes!.length, 1);
  const floating = byRule('floating-base-tag/latest')[0]!;
  assert.is(floating.level, 'warning');
  assert.is(floating.fixes, undefined);
  assert.equal(floating.locations[0]!.physicalLocation, {
    artifactLocation: { uri: 'services/api/Dockerfile' },
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 17 },
  });
  // The fixed split-stages finding explains the rewrite of line 1 instead of being a result.
  assert.is(byRule('split-stages/split').length, 0);
  assert.match(byRule('dockopt/rewrite')[0]!.message.text, 'Split into a "build" stage');
  // A finding without a place is about the whole file.
  assert.equal(byRule('secrets-in-image/secret-in-env')[0]!.locations[0]!.physicalLocation, {
    artifactLocation: { uri: 'services/api/Dockerfile' },
  });
  const error = byRule('dockopt/error')[0]!;
  assert.is(error.level, 'error');
  assert.equal(error.locations[0]!.physicalLocation.region, { startLine: 3, startColumn: 1, endLine: 3 });
});

test('SARIF: artifact URIs percent-encode what a URI cannot hold', () => {
  const spaced = result('my app/Dockerfile #1', 'FROM a\n', 'FROM a AS build\n');
  const uri = toSarif(report(spaced)).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
  assert.is(uri, 'my%20app/Dockerfile%20%231');
});

function fingerprintsOf(results: SarifResult[]): string[] {
  return results.map((res) => res.partialFingerprints[FINGERPRINT_KEY]!);
}

test('SARIF fingerprints are stable across runs and distinct within one', () => {
  const first = fingerprintsOf(toSarif(report(...everything)).runs[0]!.results);
  const second = fingerprintsOf(toSarif(report(...everything)).runs[0]!.results);
  assert.equal(first, second);
  assert.is(new Set(first).size, first.length);
  for (const print of first) assert.match(print, /^[0-9a-f]{64}$/);
});

test('SARIF fingerprints follow the text, not the line numbers', () => {
  const shifted: FileResult = {
    ...splitStages,
    original: `# syntax=docker/dockerfile:1\n\n${splitStages.original}`,
    output: `# syntax=docker/dockerfile:1\n\n${splitStages.output}`,
    findings: splitStages.findings.map((f) =>
      f.line === null ? f : { ...f, line: f.line + 2, endLine: f.endLine! + 2 },
    ),
  };
  const keyed = (fixture: FileResult) =>
    new Map(toSarif(report(fixture)).runs[0]!.results.map((res) => [res.ruleId + ':' + res.message.text, res]));
  const before = keyed(splitStages);
  const after = keyed(shifted);
  assert.is(after.size, before.size);
  for (const [key, res] of before) {
    const moved = after.get(key)!;
    const line = res.locations[0]!.physicalLocation.region?.startLine;
    if (line !== undefined) assert.is(moved.locations[0]!.physicalLocation.region?.startLine, line + 2, key);
    assert.equal(moved.partialFingerprints, res.partialFingerprints, key);
  }
});

test('SARIF fingerprints differ for different findings on the same line, and for repeats', () => {
  const twin = result(
    'twin/Dockerfile',
    'FROM golang:latest\nFROM golang:latest\n',
    'FROM golang:latest\nFROM golang:latest\n',
    [
      finding('floating-base-tag/latest', 'warning', 'Base image "golang:latest" floats.', { line: 1, endColumn: 19 }),
      finding('floating-base-tag/latest', 'warning', 'Base image "golang:latest" floats.', { line: 2, endColumn: 19 }),
      finding('secrets-in-image/secret-in-env', 'warning', 'Something else on line 1.', { line: 1, endColumn: 19 }),
    ],
  );
  const prints = fingerprintsOf(toSarif(report(twin)).runs[0]!.results);
  assert.is(new Set(prints).size, 3);
});

// --- rdjson --------------------------------------------------------------------------------

test('rdjson: one diagnostic per hunk with its suggestion, one per finding without', () => {
  const out = toRdjson(report(splitStages));
  assert.equal(out.source, { name: 'dockopt', url: out.source.url });
  assert.match(out.source.url, /^https:\/\//);
  assert.is(out.severity, 'WARNING');
  const hunks = computeHunks(splitStages.original, splitStages.output)!;
  const withSuggestions = out.diagnostics.filter((d) => d.suggestions);
  assert.is(withSuggestions.length, hunks.length);
  // Every finding but the fixed one that explains a hunk.
  const findings = out.diagnostics.filter((d) => !d.suggestions);
  assert.equal(
    findings.map((d) => d.code.value),
    ['floating-base-tag/latest', 'loopback-listener/loopback', 'secrets-in-image/secret-in-env'],
  );
  for (const d of out.diagnostics) {
    assert.ok(['ERROR', 'WARNING', 'INFO'].includes(d.severity));
    assert.is(d.location.path, 'services/api/Dockerfile');
    assert.ok(d.message.length > 0);
  }
  for (const d of withSuggestions) {
    assert.is(d.code.value, 'dockopt/rewrite');
    // reviewdog only posts a suggestion whose lines equal the diagnostic's.
    assert.equal(d.suggestions![0]!.range, d.location.range);
  }
  assert.equal(findings[0]!.location.range, { start: { line: 1, column: 1 }, end: { line: 1, column: 17 } });
  assert.is(findings[2]!.location.range, undefined);
});

test('rdjson: applying every suggestion gives the output, CRLF included', () => {
  const out = toRdjson(report(...suggestible));
  for (const fixture of suggestible) {
    const suggestions = out.diagnostics
      .filter((d) => d.location.path === fixture.dockerfile)
      .flatMap((d) => d.suggestions ?? []);
    assert.is(applyRdjsonSuggestions(fixture.original, suggestions), fixture.output, fixture.dockerfile);
  }
});

test('rdjson: columns count UTF-8 bytes', () => {
  const label = result(
    'utf8/Dockerfile',
    'FROM a\nLABEL maintainer="Jörg 🐳" secret="x"\n',
    'FROM a\nLABEL maintainer="Jörg 🐳" secret="x"\n',
    [
      // "secret" starts at UTF-16 column 28: "Jörg" has one two-byte letter, the whale is 2 units and 4 bytes.
      finding('secrets-in-image/secret-in-env', 'warning', 'secret in a label', { line: 2, column: 28, endColumn: 38 }),
    ],
  );
  const [diagnostic] = toRdjson(report(label)).diagnostics;
  assert.equal(diagnostic!.location.range, { start: { line: 2, column: 31 }, end: { line: 2, column: 41 } });
});

test('rdjson: errors, unsuggestible changes and new files have no suggestion', () => {
  const out = toRdjson(report(parseError, dropsFinalNewline, withDockerignore));
  assert.is(out.severity, 'ERROR');
  const error = out.diagnostics.find((d) => d.code.value === 'dockopt/error')!;
  assert.equal(error.location, { path: 'broken/Dockerfile', range: { start: { line: 3, column: 1 } } });
  assert.is(error.severity, 'ERROR');
  const dropped = out.diagnostics.find((d) => d.location.path === 'dropnl/Dockerfile')!;
  assert.is(dropped.suggestions, undefined);
  assert.match(dropped.message, 'cannot make this change exactly');
  const created = out.diagnostics.find((d) => d.code.value === 'dockopt/dockerignore')!;
  assert.equal(created.location, { path: 'services/web/Dockerfile' });
  assert.match(created.message, '`services/web/.dockerignore`');
  assert.match(created.message, '.git\n.env*');
});

// --- GitLab Code Quality ---------------------------------------------------------------------

test('GitLab: every issue has the required fields and a known severity', () => {
  const issues = toGitlabCodeQuality(report(...everything));
  assert.ok(issues.length > 10);
  for (const issue of issues) {
    assert.equal(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
    assert.ok(issue.description.length > 0 && !issue.description.includes('\n'), issue.description);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
    assert.equal(Object.keys(issue.location).sort(), ['lines', 'path']);
    assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
    assert.ok(issue.location.lines.end >= issue.location.lines.begin);
  }
  const error = issues.find((issue) => issue.check_name === 'dockopt/error')!;
  assert.equal(error.location, { path: 'broken/Dockerfile', lines: { begin: 3, end: 3 } });
  assert.is(error.severity, 'major');
  const rewrite = issues.find(
    (issue) => issue.check_name === 'dockopt/rewrite' && issue.location.path === 'services/api/Dockerfile',
  )!;
  assert.equal(rewrite.location.lines, { begin: 1, end: 1 });
});

test('GitLab fingerprints are unique within a report and stable across runs', () => {
  const twins = result(
    'twins/Dockerfile',
    'FROM golang:latest\nFROM golang:latest\n',
    'FROM golang:latest\nFROM golang:latest\n',
    [
      finding('floating-base-tag/latest', 'warning', 'Base image "golang:latest" floats.', { line: 1, endColumn: 19 }),
      finding('floating-base-tag/latest', 'warning', 'Base image "golang:latest" floats.', { line: 2, endColumn: 19 }),
    ],
  );
  const first = toGitlabCodeQuality(report(...everything, twins)).map((issue) => issue.fingerprint);
  const second = toGitlabCodeQuality(report(...everything, twins)).map((issue) => issue.fingerprint);
  assert.is(new Set(first).size, first.length);
  assert.equal(first, second);
});

test.run();
