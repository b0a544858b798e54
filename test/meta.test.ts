/** Pass metadata, ordering, config schema and README stay consistent with the code. */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONFIG_KEYS, resolveConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { passTable } from '../src/explain.js';
import { checkPassOrder } from '../src/pipeline/run-passes.js';
import { orderConstraints, passes } from '../passes/index.js';
import { ROOT } from './helpers.js';

const passFiles = fs
  .readdirSync(path.join(ROOT, 'passes'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

test('every pass file is in the ordered list, and every listed pass id equals its file name', () => {
  assert.equal(passes.map((p) => p.id).sort(), passFiles);
});

for (const pass of passes) {
  test(`${pass.id}: metadata is complete and every message placeholder is documented data`, () => {
    assert.match(pass.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(pass.summary.length > 10 && pass.summary.endsWith('.'), 'summary is a sentence');
    assert.ok(pass.rationale.length > 40, 'rationale says why');
    assert.ok(['safe', 'unsafe', 'none'].includes(pass.fix));
    assert.ok(pass.docs.before.trim() && pass.docs.after.trim() && pass.docs.description.trim());
    assert.ok(Object.keys(pass.messages).length > 0);
    for (const [code, spec] of Object.entries(pass.messages)) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(['error', 'warning', 'info'].includes(spec.severity));
      assert.ok(spec.text.length > 20, `${code} says what and why`);
    }
  });
}

test('the pass order satisfies every constraint, and a broken order is caught at load', () => {
  checkPassOrder(passes, orderConstraints);
  const reversed = [...passes].reverse();
  assert.throws(() => checkPassOrder(reversed, orderConstraints), /must run before/);
  assert.throws(() => checkPassOrder([...passes, passes[0]!], orderConstraints), /listed twice/);
});

test('the config schema lists exactly the keys and pass ids the validator accepts', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'dockopt.schema.json'), 'utf8'));
  const keys = Object.keys(schema.properties).filter((k) => k !== '$schema').sort();
  assert.equal(keys, [...CONFIG_KEYS].sort());
  assert.equal(Object.keys(schema.properties.passes.properties).sort(), passes.map((p) => p.id).sort());
  assert.is(schema.properties.passes.additionalProperties, false);
  const types = { boolean: { type: 'boolean' }, string: { type: 'string' }, 'string[]': { type: 'array', items: { type: 'string' } } };
  for (const pass of passes) {
    const entry = schema.properties.passes.properties[pass.id];
    if (!pass.options) {
      assert.equal(entry, { enum: ['off', 'on'] }, `${pass.id} takes no options`);
      continue;
    }
    const object = entry.anyOf.find((a: { type?: string }) => a.type === 'object');
    assert.is(object.additionalProperties, false, `${pass.id}: unknown options are errors in the schema too`);
    const expected = Object.fromEntries(Object.entries(pass.options).map(([name, spec]) => [name, { description: spec.description, ...types[spec.type] }]));
    assert.equal(object.properties, expected, `${pass.id}: the schema's options are the pass's declared options`);
  }
});

test('config validation names the file and the key for unknown keys and bad values', () => {
  const bad: [unknown, RegExp][] = [
    [{ runtim: 'alpine' }, /"runtim": unknown key/],
    [{ user: 0 }, /"user": expected a non-root numeric UID/],
    [{ user: 'app' }, /"user"/],
    [{ buildkit: 'yes' }, /"buildkit": expected true or false/],
    [{ passes: { 'split-stage': 'off' } }, /"passes\.split-stage": unknown pass \(did you mean "split-stages"\?\)/],
    [{ passes: { 'split-stages': { kep: ['data'] } } }, /"passes\.split-stages\.kep": unknown option \(did you mean "keep"\?\) \(expected keep\)/],
    [{ passes: { 'split-stages': { keep: 'data' } } }, /"passes\.split-stages\.keep": expected an array of strings, got "data"/],
    [{ passes: { 'static-build': { keep: ['data'] } } }, /"passes\.static-build\.keep": unknown option \(this pass takes none/],
    [{ stripSymbol: false }, /"stripSymbol": unknown key \(did you mean "stripSymbols"\?\)/],
    [{ passes: { 'split-stages': 3 } }, /"passes\.split-stages"/],
    [{ dockerignore: { extra: 'x' } }, /"dockerignore\.extra"/],
    [{ ignore: 'x' }, /"ignore"/],
  ];
  for (const [raw, message] of bad) {
    try {
      resolveConfig(raw, 'conf/.dockoptrc.json', passes);
      assert.unreachable(`accepted ${JSON.stringify(raw)}`);
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match((error as ConfigError).format(), /^conf\/\.dockoptrc\.json: invalid config key/);
      assert.match((error as Error).message, message);
    }
  }
  const ok = resolveConfig({ runtime: 'alpine', user: 1000, passes: { 'split-stages': { keep: ['data'] } } }, 'c.json', passes);
  assert.is(ok.runtime, 'alpine');
  assert.is(ok.user, 1000);
  assert.equal(ok.passes['split-stages'], { keep: ['data'] });
});

test('the core imports no ecosystem and no pass: only the entry points that hand the lists in', () => {
  // src/index.ts (the library) and the worker thread load passes/index.ts and ecosystems/index.ts,
  // as a composition root does; everything else in src/ gets them as arguments.
  const entryPoints = ['src/index.ts', 'src/pipeline/worker.ts'];
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.c?ts$/.test(entry.name)) {
        const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
        for (const m of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]!));
          const outer = target.startsWith('ecosystems/') || target.startsWith('passes/');
          if (outer && !(entryPoints.includes(rel) && /^(ecosystems|passes)\/index\.js$/.test(target))) offenders.push(`${rel} imports ${m[1]}`);
        }
      }
    }
  };
  walk('src');
  assert.equal(offenders, []);
});

test('the README pass table is generated from the pass metadata (run `npm run update-readme` on drift)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- passes:start -->\n([\s\S]*?)<!-- passes:end -->/.exec(readme);
  assert.ok(m, 'README has the passes markers');
  assert.is(m![1], passTable(passes));
});

test.run();
