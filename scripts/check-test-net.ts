/**
 * The test net proves itself (`npm run test:net`, part of `npm test`): for every pass, a copy
 * of the built tree whose passes/index.js no longer lists that pass must fail at least one
 * test. A pass whose removal no test notices is a pass whose behaviour nothing pins.
 *
 * Excluded from the runs are the suites that notice a missing pass by construction rather than
 * by behaviour: meta.test.js (the list equals the files in passes/) and test/passes/ (each
 * suite looks its pass up by id), and cli.test.js (it runs the bundle, which is not rebuilt
 * without the pass). What is left — the golden examples with their pinned findings, the
 * monorepo, report and plan suites — must notice.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const UVU = path.join(ROOT, 'node_modules', 'uvu', 'bin.js');
/** Copied into each mutant: what the test suites read at run time. */
const TREE = ['dist', 'examples', 'passes', 'schema', 'test', 'README.md', 'package.json'];
// cli.test.js runs the bundle, which a mutant does not rebuild: its test that the unbundled CLI
// prints what the bundle prints would fail in every mutant and prove nothing.
const EXCLUDED = ['meta\\.test\\.js$', '^passes/', 'cli\\.test\\.js$'];

interface Outcome {
  id: string;
  caught: boolean;
  failures: string[];
}

/** The compiled list with one pass removed, and the order constraints that name it dropped. */
export function withoutPass(indexJs: string, id: string): string {
  const identifier = id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const entry = new RegExp(`^(\\s*)${identifier},\\n`, 'm');
  const list = /export const passes = \[[\s\S]*?\];/.exec(indexJs);
  if (!list || !entry.test(list[0])) throw new Error(`passes/index.js: no entry "${identifier}" in the passes list (did its shape change?)`);
  let out = indexJs.replace(list[0], list[0].replace(entry, ''));
  const declaration = 'export const orderConstraints = [';
  const check = 'checkPassOrder(passes, orderConstraints);';
  if (!out.includes(declaration) || !out.includes(check)) throw new Error('passes/index.js: orderConstraints or checkPassOrder not found');
  out = out
    .replace(declaration, 'const allOrderConstraints = [')
    .replace(check, `export const orderConstraints = allOrderConstraints.filter((c) => c.before !== ${JSON.stringify(id)} && c.after !== ${JSON.stringify(id)});\n${check}`);
  return out;
}

/** A copy of the built tree; without `id` in its pass list when one is given. */
function copyTree(id: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dockopt-net-${id ?? 'control'}-`));
  for (const entry of TREE) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (id !== null) {
    const index = path.join(dir, 'dist', 'passes', 'index.js');
    fs.writeFileSync(index, withoutPass(fs.readFileSync(index, 'utf8'), id));
  }
  return dir;
}

function runSuites(dir: string): Promise<{ code: number; output: string }> {
  const args = [UVU, path.join('dist', 'test'), '\\.test\\.js$', '--bail', ...EXCLUDED.flatMap((p) => ['-i', p])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function check(id: string | null): Promise<Outcome & { output: string }> {
  const dir = copyTree(id);
  try {
    const { code, output } = await runSuites(dir);
    const failures = [...output.matchAll(/^\s*FAIL\s+(?:"[^"]*"\s+)?"([^"]+)"/gm)].map((m) => m[1]!);
    return { id: id ?? 'control', caught: code !== 0, failures, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { passes } = (await import(path.join(ROOT, 'dist', 'passes', 'index.js'))) as { passes: { id: string }[] };
  const ids = passes.map((p) => p.id);
  const jobs = Math.max(1, Math.min(os.availableParallelism(), 4));
  // The control: the same suites on an unchanged copy pass, so a failure below is the removal's.
  const control = await check(null);
  if (control.caught) {
    process.stderr.write(`test net: the suites fail on an unchanged copy, so nothing can be concluded:\n${control.output.slice(-4000)}\n`);
    process.exitCode = 1;
    return;
  }
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const outcome = await check(id);
        outcomes.push(outcome);
        const shown = outcome.failures.slice(0, 3).map((f) => `"${f}"`).join(', ');
        process.stdout.write(`${outcome.caught ? 'caught ' : 'MISSED '} ${id}${outcome.caught ? `: ${outcome.failures.length} failing${shown ? `, e.g. ${shown}` : ''}` : ''}\n`);
      }
    }),
  );
  const missed = outcomes.filter((o) => !o.caught).map((o) => o.id);
  if (missed.length > 0) {
    process.stderr.write(`test net: removing ${missed.join(', ')} from passes/index.ts fails no test; pin its behaviour in an example or a suite\n`);
    process.exitCode = 1;
  } else process.stdout.write(`test net: removing any one of the ${ids.length} passes fails tests\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
