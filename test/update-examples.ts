/** `npm run update-examples`: regenerate every example's expected outputs (review the git diff!). */
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES, exampleNames, rewriteInDir } from './helpers.js';

for (const name of exampleNames()) {
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
  const findings = result.findings.map((f) => `  ${f.code}: ${f.message}`).join('\n');
  process.stdout.write(`${name}: ${result.status}\n${findings}\n`);
}
