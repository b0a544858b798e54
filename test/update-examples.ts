/**
 * `npm run update-examples [-- name...]`: regenerate the expected outputs of every example, or
 * of the named ones (review the git diff!).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES, exampleNames, findingsText, rewriteInDir } from './helpers.js';

const wanted = process.argv.slice(2);
for (const name of wanted) if (!exampleNames().includes(name)) throw new Error(`no example "${name}" in examples/`);
for (const name of exampleNames().filter((n) => wanted.length === 0 || wanted.includes(n))) {
  const dir = path.join(EXAMPLES, name);
  const result = rewriteInDir(dir, fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
  if (result.error) {
    process.stderr.write(`${name}: error ${result.error.message}\n`);
    continue;
  }
  fs.writeFileSync(path.join(dir, 'Dockerfile.expected'), result.output);
  const ignoreExpected = path.join(dir, '.dockerignore.expected');
  if (result.dockerignore && result.dockerignore.status !== 'unchanged') fs.writeFileSync(ignoreExpected, result.dockerignore.output);
  else fs.rmSync(ignoreExpected, { force: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile.findings.expected'), findingsText(result));
  const findings = result.findings.map((f) => `  ${f.code}: ${f.message}`).join('\n');
  process.stdout.write(`${name}: ${result.status}\n${findings}\n`);
}
