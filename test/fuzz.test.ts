/**
 * The fuzzer in the test suite: 10,000 seeded mutants of the corpus, each refused with a
 * ParseError or printed back byte for byte, none hanging. Longer runs: `npm run fuzz`.
 */
import { availableParallelism } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkInput, mutations, readCorpus, runFuzzInWorkers, type Mutant } from './fuzz.js';

const SEED = 20_240_601;
const INPUTS = 10_000;
/** A hang detector, not a timing test: inputs take milliseconds. */
const HANG_MS = 2000;

const corpus = readCorpus();

function take(seed: number, count: number): Mutant[] {
  const out: Mutant[] = [];
  for (const mutant of mutations(seed, corpus)) {
    if (out.length === count) break;
    out.push(mutant);
  }
  return out;
}

test('the same seed yields the same mutants; another seed yields others', () => {
  const a = take(42, 200);
  assert.equal(take(42, 200), a);
  const b = take(43, 200);
  assert.not.equal(b.map((m) => m.text), a.map((m) => m.text));
  assert.ok(a.every((m, i) => m.index === i && m.ops.length >= 1));
});

test('mutants differ from their corpus file and use both byte and token mutations', () => {
  const mutants = take(SEED, 1000);
  const byName = new Map(corpus.map((file) => [file.name, file.text]));
  const unchanged = mutants.filter((m) => m.text === byName.get(m.base)).length;
  assert.ok(unchanged < 100, `${unchanged} of 1000 mutants equal their base file`);
  const ops = mutants.flatMap((m) => m.ops).join('\n');
  for (const kind of ['insert byte', 'delete byte', 'flip a bit', 'insert "', 'duplicate line', 'delete line', 'swap lines', 'keyword', 'splice']) {
    assert.ok(ops.includes(kind), `no "${kind}" mutation in 1000 mutants`);
  }
});

test('checkInput refuses unknown instructions with a ParseError and keeps valid input', () => {
  assert.is(checkInput('FROM golang:1.22\nRUM go build .\n'), 'rejected');
  assert.is(checkInput('RUN go build .\n'), 'rejected');
  assert.is(checkInput('FROM a\nCOPY <<EOF /x\nno end\n'), 'rejected');
  assert.is(checkInput('\ufeffFROM a\r\nRUN x \\\r\n'), 'parsed');
  assert.is(checkInput('FROM a\0\n'), 'parsed');
});

test(`${INPUTS} mutated corpus files are refused with a ParseError or print back byte for byte`, async () => {
  const started = performance.now();
  const result = await runFuzzInWorkers({
    seed: SEED,
    count: INPUTS,
    jobs: Math.min(2, availableParallelism()),
    hangMs: HANG_MS,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.hang) {
    assert.unreachable(`no progress for ${HANG_MS} ms on seed ${SEED} input #${result.hang.index}: ${JSON.stringify(result.hang)}`);
  }
  const first = result.failures[0];
  if (first) {
    assert.unreachable(
      `${result.failures.length} failing inputs; the first (reproduce with seed ${SEED}, index ${first.index}):\n` +
        JSON.stringify(first, null, 2),
    );
  }
  assert.is(result.inputs, INPUTS);
  assert.ok(result.maxMs < HANG_MS, `input #${result.slowest?.index} took ${result.maxMs.toFixed(0)} ms`);
  // Both outcomes must be exercised, or the mutations are too weak or too destructive.
  assert.ok(result.parsed > INPUTS / 5, `only ${result.parsed} inputs parsed`);
  assert.ok(result.rejected > INPUTS / 10, `only ${result.rejected} inputs refused`);
  process.stderr.write(
    `  fuzz: ${result.parsed} parsed, ${result.rejected} refused, slowest ${result.maxMs.toFixed(0)} ms, ${seconds} s\n`,
  );
});

test.run();
