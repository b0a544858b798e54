/**
 * Every pass's documented example is a test (Biome's rule docs are tests): the pass alone, on
 * `docs.before` in its documented context, gives exactly `docs.after` and the documented findings.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { passes } from '../../passes/index.js';
import { GO_APP, runCase } from './pass-tester.js';

for (const pass of passes) {
  test(`${pass.id}: the documented example reproduces (docs.before → docs.after, docs.findings)`, () => {
    const { docs } = pass;
    const result = runCase(pass.id, { name: 'docs', dockerfile: docs.before, files: docs.context ?? GO_APP, config: docs.config });
    assert.is(result.error, null, result.error?.message);
    assert.is(result.output, docs.after, `${pass.id}: docs.after is not what the pass makes of docs.before`);
    const codes = result.findings.filter((f) => f.pass === pass.id).map((f) => f.code.slice(pass.id.length + 1));
    assert.equal(codes, docs.findings, `${pass.id}: docs.findings differ`);
    const written = result.dockerignore && result.dockerignore.status !== 'unchanged' ? result.dockerignore.output : undefined;
    assert.is(written, docs.dockerignore, `${pass.id}: docs.dockerignore is not the .dockerignore the pass writes`);
    if (pass.fix === 'none') assert.is(docs.after, docs.before, 'a pass without a fix documents an unchanged file');
    else assert.ok(docs.after !== docs.before || docs.dockerignore !== undefined, 'a pass with a fix documents what it changes');
    assert.ok(docs.findings.length > 0, 'the example shows at least one finding');
  });
}

test.run();
