/**
 * Long fuzz runs: `npm run fuzz -- [count] [seed]` (defaults: 1,000,000 inputs, seed 1),
 * sharded over the machine's cores. Prints the counts on stdout; failures and hangs go to
 * stderr as JSON with the seed and index that reproduce them. Exit code 1 on any failure.
 */
import { availableParallelism } from 'node:os';
import { runFuzzInWorkers } from './fuzz.js';

const HANG_MS = 2000;

function parseCount(arg: string | undefined, fallback: number, what: string): number {
  if (arg === undefined) return fallback;
  const value = Number(arg.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`usage: fuzz-cli [count] [seed]: ${what} must be a non-negative integer, got "${arg}"\n`);
    process.exit(2);
  }
  return value;
}

const count = parseCount(process.argv[2], 1_000_000, 'count');
const seed = parseCount(process.argv[3], 1, 'seed');
const jobs = availableParallelism();
const started = performance.now();
let lastReport = 0;

process.stderr.write(`fuzzing ${count} inputs, seed ${seed}, ${jobs} workers\n`);
const result = await runFuzzInWorkers({
  seed,
  count,
  jobs,
  hangMs: HANG_MS,
  onProgress: (done) => {
    const now = performance.now();
    if (now - lastReport < 5000) return;
    lastReport = now;
    process.stderr.write(`  ${done} / ${count} (${((now - started) / 1000).toFixed(0)} s)\n`);
  },
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);

if (result.hang) {
  process.stderr.write(`HANG: no progress for ${HANG_MS} ms on this input:\n${JSON.stringify({ seed, ...result.hang }, null, 2)}\n`);
  process.exitCode = 1;
} else {
  for (const failure of result.failures) process.stderr.write(`FAILURE:\n${JSON.stringify(failure, null, 2)}\n`);
  const failed = result.inputs - result.parsed - result.rejected;
  const slowest = result.slowest ? ` (#${result.slowest.index}, from ${result.slowest.base})` : '';
  process.stdout.write(
    `seed ${seed}: ${result.inputs} inputs, ${result.parsed} parsed and printed back, ` +
      `${result.rejected} refused with a ParseError, ${failed} failures; ` +
      `slowest input ${result.maxMs.toFixed(1)} ms${slowest}; ${seconds} s\n`,
  );
  if (failed > 0) process.exitCode = 1;
}
