/**
 * Golden examples: examples/<name>/Dockerfile (+ its build context) must rewrite to exactly
 * Dockerfile.expected and .dockerignore.expected, byte for byte, with exactly the findings of
 * Dockerfile.findings.expected (code, severity, position and message); the output must be a fixed
 * point (a second run changes nothing) and must not add dockerfile-utils problems.
 * Regenerate with `npm run update-examples` and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate } from 'dockerfile-utils';
import { EXAMPLES, exampleNames, findingsText, rewriteInDir } from './helpers.js';

const HOW = 'run `npm run update-examples` and review the diff if the change is intended';

function problems(text: string): string[] {
  return validate(text).map((d) => `${d.code}: ${d.message}`).sort();
}

for (const name of exampleNames()) {
  const dir = path.join(EXAMPLES, name);
  const input = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const expectedPath = path.join(dir, 'Dockerfile.expected');
  const ignorePath = path.join(dir, '.dockerignore');
  const existingIgnore = fs.existsSync(ignorePath) ? fs.readFileSync(ignorePath, 'utf8') : null;

  test(`${name}: rewrites to Dockerfile.expected byte for byte`, () => {
    assert.ok(fs.existsSync(expectedPath), `missing ${expectedPath}: ${HOW}`);
    const result = rewriteInDir(dir, input);
    assert.is(result.error, null);
    assert.is(result.output, fs.readFileSync(expectedPath, 'utf8'), `output differs: ${HOW}`);
  });

  test(`${name}: .dockerignore matches .dockerignore.expected`, () => {
    const result = rewriteInDir(dir, input);
    const expectedIgnore = path.join(dir, '.dockerignore.expected');
    const actual = result.dockerignore?.output ?? existingIgnore;
    if (fs.existsSync(expectedIgnore)) assert.is(actual, fs.readFileSync(expectedIgnore, 'utf8'), `.dockerignore differs: ${HOW}`);
    else assert.is(actual, existingIgnore, `a .dockerignore was produced but there is no .dockerignore.expected: ${HOW}`);
  });

  test(`${name}: reports exactly the findings of Dockerfile.findings.expected`, () => {
    const expected = path.join(dir, 'Dockerfile.findings.expected');
    assert.ok(fs.existsSync(expected), `missing ${expected}: ${HOW}`);
    assert.fixture(findingsText(rewriteInDir(dir, input)), fs.readFileSync(expected, 'utf8'), `findings differ: ${HOW}`);
  });

  test(`${name}: a second run changes nothing`, () => {
    const first = rewriteInDir(dir, input);
    const second = rewriteInDir(dir, first.output, first.dockerignore?.output ?? existingIgnore);
    assert.is(second.output, first.output);
    if (first.dockerignore) assert.is(second.dockerignore?.output ?? null, first.dockerignore.output);
  });

  test(`${name}: dockerfile-utils reports no new problem`, () => {
    const before = new Set(problems(input));
    const added = problems(rewriteInDir(dir, input).output).filter((p) => !before.has(p));
    assert.equal(added, []);
  });
}

test('go-install-pattern: when the ignore file keeps a main package out, ./... is not resolved and nothing is split', () => {
  const dir = path.join(EXAMPLES, 'go-install-pattern');
  const input = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  // The binary list would name notes-migrate, which this context no longer builds: the runtime's COPY would fail.
  const kept = rewriteInDir(dir, input, 'cmd/notes-migrate\n');
  const declined = kept.findings.find((f) => f.code === 'split-stages/declined');
  assert.ok(declined?.message.includes('package-pattern'), declined?.message);
  assert.not.match(kept.output, /^FROM gcr\.io/m);
  assert.match(rewriteInDir(dir, input, '.git\n').output, /^COPY --from=build \/go\/bin\/notes-migrate /m, 'control: an unrelated line changes nothing');
});

test.run();
