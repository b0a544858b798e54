/**
 * The launcher of the bundled CLI: dist/bundle/cli.js (the `dockopt` bin) and
 * dist/bundle/worker.js (a worker thread of the pool) are this file plus one call.
 *
 * It compiles the bundle (dockopt.cjs) with V8's code cache (dockopt.cjs.v8cache), which the
 * build makes by running the CLI on an example (scripts/bundle.ts). The cache holds the
 * bytecode of every function that run compiled, so a later run neither parses the 470 KB
 * bundle nor compiles a function before its first call: that is most of what a one-file run
 * costs above a bare `node` (Node 20 has no built-in compile cache; 22 has
 * module.enableCompileCache, which caches at load time, before lazy functions exist).
 *
 * V8 rejects a cache made by another V8 version, under other flags, or for a source of another
 * length, and the bundle then compiles as usual. A cache older than the bundle (the bundle was
 * rebuilt or edited without a new cache) is not offered at all.
 *
 * DOCKOPT_CODE_CACHE: unset, use the cache; `0`, do not; `write`, write it when the process
 * exits (the build's training run); `check`, say on stderr whether V8 took it.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');

type Entry = 'cli' | 'worker';

export function launch(entry: Entry): void {
  const file = path.join(__dirname, 'dockopt.cjs');
  const cacheFile = `${file}.v8cache`;
  const mode = process.env.DOCKOPT_CODE_CACHE ?? '';
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = mode === '0' || mode === 'write' ? undefined : readCache(file, cacheFile);
  // The CommonJS wrapper on the bundle's first line, so line numbers in stack traces hold. The
  // bundle has no import(): on Node 20 code compiled from a cache cannot run one, so esbuild
  // turns them into require() calls (scripts/bundle.ts).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (mode === 'check') {
    process.stderr.write(`dockopt: code cache ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'absent or stale'}\n`);
  }
  if (mode === 'write' && entry === 'cli') process.once('exit', () => writeCache(cacheFile, script));
  const module = { exports: {} as Record<Entry, () => Promise<unknown>> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, require, module, file, __dirname);
  module.exports[entry]().catch((error: unknown) => {
    process.stderr.write(`dockopt: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  });
}

/** Best effort, and never a torn file: a cache that cannot be written only makes later runs slower. */
function writeCache(cacheFile: string, script: vm.Script): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    process.stderr.write(`dockopt: code cache not written: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
  }
}

function readCache(file: string, cacheFile: string): Buffer | undefined {
  try {
    if (fs.statSync(cacheFile).mtimeMs < fs.statSync(file).mtimeMs) return undefined;
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}
