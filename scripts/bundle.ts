/**
 * `npm run bundle` (after tsc): builds dist/bundle/, what the `dockopt` bin runs.
 *
 * - dockopt.cjs: the CLI and the worker thread's code in one CommonJS file (src/bundle.ts),
 *   so both share one code cache; cosmiconfig stays external (see below).
 * - cli.js and worker.js: the launcher (src/launch.cts) and the entry it calls. They keep the
 *   names tsc's output has, which pool.ts starts workers by; dist/bundle/package.json makes
 *   .js files there CommonJS.
 * - dockopt.cjs.v8cache: V8's code cache, written by a run on an example with
 *   DOCKOPT_CODE_CACHE=write. Without examples/ (an installed package) the bundle runs
 *   without a cache.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'dist', 'bundle');
const LAUNCHER = path.join(ROOT, 'dist', 'src', 'launch.cjs');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
} as const;

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });

await build({
  ...common,
  entryPoints: [path.join(ROOT, 'dist', 'src', 'bundle.js')],
  outfile: path.join(OUT, 'dockopt.cjs'),
  // cosmiconfig import()s .mjs config files, which code compiled from a V8 code cache cannot
  // do on Node 20 (the cached script loses its dynamic-import callback). So it stays out of
  // the bundle and the launcher's require loads it, when a config search needs it; with
  // dynamic import() marked unsupported, esbuild turns `import('cosmiconfig')` into that
  // require. typescript stays out too: cosmiconfig loads it only for a .ts config file.
  external: ['cosmiconfig', 'typescript'],
  supported: { 'dynamic-import': false },
  // No `module` condition: vscode-languageserver-types then resolves to its CommonJS build,
  // which dockerfile-ast's dozen require() calls share, instead of an ES module that esbuild
  // would copy into a new CommonJS object at each of them.
  conditions: [],
  // Modules find package.json and the worker file from import.meta.url: in the bundle that is
  // the bundle's own URL, which sits where dist/src/*.js do relative to both.
  define: { 'import.meta.url': '__dockopt_import_meta_url' },
  banner: { js: 'var __dockopt_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});

// A dynamic import() left in the bundle would fail at run time whenever the code cache is used.
if (/\bimport\s*\(/.test(fs.readFileSync(path.join(OUT, 'dockopt.cjs'), 'utf8'))) {
  process.stderr.write('bundle: dockopt.cjs has a dynamic import(), which code compiled from a V8 code cache cannot run on Node 20\n');
  process.exit(1);
}

for (const entry of ['cli', 'worker']) {
  await build({
    ...common,
    stdin: { contents: `require('./launch.cjs').launch('${entry}');`, resolveDir: path.dirname(LAUNCHER), loader: 'js' },
    outfile: path.join(OUT, `${entry}.js`),
    banner: entry === 'cli' ? { js: '#!/usr/bin/env node' } : {},
  });
}
fs.chmodSync(path.join(OUT, 'cli.js'), 0o755);
fs.writeFileSync(path.join(OUT, 'package.json'), '{ "type": "commonjs" }\n');

// The training run is the README's first command: one naive Go Dockerfile, printed as a diff.
// The cache then holds what a one-file run compiles, no more: a cache made over every example
// is 10% larger and takes ~5 ms longer to load, which a one-file run pays and a monorepo run,
// compiling the rest as it goes, does not notice.
const example = path.join(ROOT, 'examples', 'naive-whole-context');
if (fs.existsSync(example)) {
  const run = spawnSync(process.execPath, [path.join(OUT, 'cli.js'), 'rewrite', 'Dockerfile', '--no-color'], {
    cwd: example,
    env: { ...process.env, DOCKOPT_CODE_CACHE: 'write' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const cache = path.join(OUT, 'dockopt.cjs.v8cache');
  if (run.status !== 0 || !fs.existsSync(cache)) {
    process.stderr.write(`bundle: the code-cache run failed (exit ${run.status}):\n${run.stderr.slice(0, 4000)}`);
    process.exit(1);
  }
}
