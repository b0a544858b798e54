/**
 * A seeded fuzzer over the corpus (DESIGN §8): byte and token mutations of real-looking
 * Dockerfiles. Every input must either be refused with a ParseError or print back byte for
 * byte; anything else (another exception, a changed byte, a hang) is a bug.
 *
 * Shared by `fuzz.test.ts` (10,000 inputs in the test suite) and `fuzz-cli.ts` (`npm run
 * fuzz -- <count> <seed>` for long runs). The same seed always yields the same inputs, so a
 * failure is reproduced from its seed and index alone.
 */
import { DEFAULT_CONFIG } from '../src/config.js';
import { emptyFacts, withFacts, type ContextFacts } from '../src/context/facts.js';
import { ecosystems } from '../ecosystems/index.js';
import { go } from '../ecosystems/go/index.js';
import { rewriteSource } from '../src/pipeline/rewrite-file.js';
import { passes } from '../passes/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ParseError } from '../src/errors.js';
import type { Model } from '../src/dockerfile/model.js';
import { decodeDockerfile, parseDockerfile } from '../src/dockerfile/parse.js';

/** test/corpus in the source tree; the compiled code runs from dist/test. */
export const corpusDir = fileURLToPath(new URL('../../test/corpus/', import.meta.url));

export interface CorpusFile {
  name: string;
  text: string;
}

/** The corpus files in name order, decoded the way the CLI decodes a Dockerfile. */
export function readCorpus(): CorpusFile[] {
  return readdirSync(corpusDir)
    .filter((name) => name.endsWith('.Dockerfile'))
    .sort()
    .map((name) => {
      const path = join(corpusDir, name);
      return { name, text: decodeDockerfile(readFileSync(path), path) };
    });
}

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  /** 0-based position in the sequence of this seed. */
  index: number;
  /** The corpus file it started from. */
  base: string;
  /** The mutations applied, in order, for the failure message. */
  ops: string[];
  text: string;
}

/** Snippets that stress the lexer: escapes, EOLs, heredocs, comments, quotes, JSON, NUL. */
const SNIPPETS = [
  '\\', '\r', '\n', '\r\n', '<<EOF', '<<-EOT', '\nEOF\n', '#', '"', "'", '[', ']', '\0', '`',
  '\t', ' ', '\\\n', '\\\r\n', '\\ \n', '$', '${', '}', '\ufeff', '\u2028', '\u0085', '\u00a0',
  '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '--from=0 ', '--platform=',
  ' AS ', '=', '"\\', '\\"', '🐳', '–',
];

/** Replacement keywords: every instruction, casing variants, typos, and non-keywords. */
const KEYWORDS = [
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
  'from', 'Run', 'cOpY', 'RUM', 'COPPY', 'FORM', 'ENTRYPOIN', 'HEALTHCHECK NONE', 'HEALTHCHECK CMD',
  'ONBUILD ONBUILD', 'ONBUILD FROM', 'ONBUILD', '<<<<<<<', '#', '', 'x', 'RUN\\', 'FROM --platform=',
];

/** Lines with their EOLs; the last one may have none. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function position(random: () => number, text: string): number {
  return Math.floor(random() * (text.length + 1));
}

type Mutation = (random: () => number, text: string, corpus: readonly CorpusFile[]) => [string, string];

/**
 * Byte mutations work on UTF-16 code units; on the ASCII text of a Dockerfile these are
 * bytes. Flipping a bit of a surrogate half yields ill-formed text on purpose.
 */
const BYTE_MUTATIONS: Mutation[] = [
  (random, text) => {
    const at = position(random, text);
    const char = String.fromCharCode(Math.floor(random() * 256));
    return [text.slice(0, at) + char + text.slice(at), `insert byte ${char.charCodeAt(0)} at ${at}`];
  },
  (random, text) => {
    const at = Math.floor(random() * text.length);
    return [text.slice(0, at) + text.slice(at + 1), `delete byte at ${at}`];
  },
  (random, text) => {
    if (text.length === 0) return [text, 'flip byte (empty)'];
    const at = Math.floor(random() * text.length);
    const flipped = String.fromCharCode(text.charCodeAt(at) ^ (1 << Math.floor(random() * 8)));
    return [text.slice(0, at) + flipped + text.slice(at + 1), `flip a bit at ${at}`];
  },
  (random, text) => {
    const at = position(random, text);
    const snippet = pick(random, SNIPPETS);
    return [text.slice(0, at) + snippet + text.slice(at), `insert ${JSON.stringify(snippet)} at ${at}`];
  },
  (random, text) => {
    // The end of the file is where EOL and continuation bugs hide.
    const cut = Math.floor(random() * Math.min(text.length, 8));
    const snippet = random() < 0.5 ? '' : pick(random, SNIPPETS);
    return [text.slice(0, text.length - cut) + snippet, `cut ${cut} at end, append ${JSON.stringify(snippet)}`];
  },
];

const TOKEN_MUTATIONS: Mutation[] = [
  (random, text) => {
    const lines = splitLines(text);
    const at = Math.floor(random() * lines.length);
    lines.splice(at, 0, lines[at] ?? '');
    return [lines.join(''), `duplicate line ${at}`];
  },
  (random, text) => {
    const lines = splitLines(text);
    const at = Math.floor(random() * lines.length);
    lines.splice(at, 1);
    return [lines.join(''), `delete line ${at}`];
  },
  (random, text) => {
    const lines = splitLines(text);
    const a = Math.floor(random() * lines.length);
    const b = Math.floor(random() * lines.length);
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return [lines.join(''), `swap lines ${a} and ${b}`];
  },
  (random, text) => {
    const lines = splitLines(text);
    const at = Math.floor(random() * lines.length);
    const keyword = pick(random, KEYWORDS);
    lines[at] = (lines[at] ?? '').replace(/^(\s*)[A-Za-z]*/, (_, indent: string) => indent + keyword);
    return [lines.join(''), `keyword ${JSON.stringify(keyword)} on line ${at}`];
  },
  (random, text, corpus) => {
    const donor = pick(random, corpus);
    const donorLines = splitLines(donor.text);
    const from = Math.floor(random() * donorLines.length);
    const count = 1 + Math.floor(random() * 5);
    const lines = splitLines(text);
    const at = Math.floor(random() * (lines.length + 1));
    const replaced = random() < 0.5 ? 0 : Math.floor(random() * 3);
    lines.splice(at, replaced, ...donorLines.slice(from, from + count));
    return [lines.join(''), `splice ${count} lines of ${donor.name}:${from} at line ${at} (replacing ${replaced})`];
  },
];

/**
 * An endless, deterministic sequence of mutants: each starts from a corpus file and applies
 * one to four mutations, byte and token ones mixed.
 */
export function* mutations(seed: number, corpus: readonly CorpusFile[]): Generator<Mutant> {
  if (corpus.length === 0) throw new Error('the fuzzer needs at least one corpus file');
  const random = mulberry32(seed);
  for (let index = 0; ; index++) {
    const base = pick(random, corpus);
    let text = base.text;
    const ops: string[] = [];
    const count = 1 + Math.floor(random() * random() * 4);
    for (let i = 0; i < count; i++) {
      const mutation = pick(random, random() < 0.5 ? BYTE_MUTATIONS : TOKEN_MUTATIONS);
      const [next, op] = mutation(random, text, corpus);
      text = next;
      ops.push(op);
    }
    yield { index, base: base.name, ops, text };
  }
}

/** A broken promise of the parser or model: not a ParseError, and not lossless. */
export class FuzzFailure extends Error {}

export type CheckOutcome = 'parsed' | 'rejected';

/**
 * The per-input contract. Extend it here as the pipeline grows (passes, printer, reporters):
 * every stage must either refuse the input with a ParseError or keep it byte for byte.
 */
export function checkInput(text: string): CheckOutcome {
  checkDecode(text);
  let model: Model;
  try {
    model = parseDockerfile(text, 'fuzz.Dockerfile');
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    checkParseError(error, text);
    return 'rejected';
  }
  const printed = model.print();
  if (printed !== text) {
    throw new FuzzFailure(`print() is not byte-identical: first difference at ${firstDifference(printed, text)}`);
  }
  for (const instr of model.instrs) {
    if (text.slice(instr.start, instr.start + instr.text.length) !== instr.text) {
      throw new FuzzFailure(`the text of ${instr.keyword} is not the slice at its recorded offset ${instr.start}`);
    }
  }
  checkPipeline(text);
  return 'parsed';
}

/** Facts of a small Go module, so the Go passes are active on fuzzed input too. */
const PIPELINE_FACTS: ContextFacts = withFacts(emptyFacts('/fuzz', ecosystems), go, {
  goMod: { dir: '', modulePath: 'example.com/fuzz', goVersion: '1.22', toolchain: null, requires: [], replaces: [], hasGoSum: true, vendored: false },
  goModules: [],
  goFiles: ['main.go', 'cmd/tool/main.go'],
  // Two main packages, so that `./...` resolves to several binaries under fuzzing too.
  mainPackages: ['', 'cmd/tool'],
  unconditionalMainPackages: ['', 'cmd/tool'],
});

/** The whole pipeline must not throw, and rewriting its own output must change nothing. */
function checkPipeline(text: string): void {
  const run = (input: string) =>
    rewriteSource({
      text: input,
      dockerfile: 'fuzz.Dockerfile',
      context: '.',
      dockerignorePath: '.dockerignore',
      facts: PIPELINE_FACTS,
      config: DEFAULT_CONFIG,
      passes,
    });
  const first = run(text);
  if (first.status === 'error') throw new FuzzFailure(`the pipeline failed on input that parses: ${first.error?.message}`);
  if (first.output === text) return;
  const second = run(first.output);
  if (second.output !== first.output) {
    throw new FuzzFailure(`not idempotent: the second run changed the output at ${firstDifference(second.output, first.output)}`);
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Reading the file's bytes must give the same text back, or refuse it with a ParseError. */
function checkDecode(text: string): void {
  if (LONE_SURROGATE.test(text)) return; // no UTF-8 bytes encode a lone surrogate
  let decoded: string;
  try {
    decoded = decodeDockerfile(new TextEncoder().encode(text), 'fuzz.Dockerfile');
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    checkParseError(error, text);
    return;
  }
  if (decoded !== text) {
    throw new FuzzFailure(`decodeDockerfile changed the text: first difference at ${firstDifference(decoded, text)}`);
  }
}

/** A ParseError must point inside the file, or the `path:line:column` report is wrong. */
function checkParseError(error: ParseError, text: string): void {
  const position = error.position;
  if (!position) return;
  const lines = text.split(/\r\n|\r|\n/);
  if (position.line < 0 || position.line >= lines.length || position.column < 0 || position.column > lines[position.line]!.length) {
    throw new FuzzFailure(`ParseError position ${position.line}:${position.column} is outside the file: ${error.message}`);
  }
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export interface FuzzFailureReport {
  seed: number;
  index: number;
  base: string;
  ops: string[];
  text: string;
  error: string;
}

export interface FuzzStats {
  inputs: number;
  parsed: number;
  rejected: number;
  failures: FuzzFailureReport[];
  /** The slowest single input, a hang detector. */
  maxMs: number;
  slowest: { index: number; base: string; ops: string[] } | null;
}

export interface FuzzRun {
  seed: number;
  count: number;
  corpus: readonly CorpusFile[];
  /** Check only the inputs whose index % shards === shard (the sequence itself is shared). */
  shard?: number;
  shards?: number;
  /** Keep at most this many failure reports; the count in `inputs` stays exact. */
  maxFailures?: number;
  /** Called before each checked input, e.g. to feed a watchdog. */
  onInput?: (index: number) => void;
}

export function runFuzz(run: FuzzRun): FuzzStats {
  const { seed, count, corpus, shard = 0, shards = 1, maxFailures = 20 } = run;
  const stats: FuzzStats = { inputs: 0, parsed: 0, rejected: 0, failures: [], maxMs: 0, slowest: null };
  let failed = 0;
  for (const mutant of mutations(seed, corpus)) {
    if (mutant.index >= count) break;
    if (mutant.index % shards !== shard) continue;
    run.onInput?.(mutant.index);
    const started = performance.now();
    try {
      stats[checkInput(mutant.text)]++;
    } catch (error) {
      failed++;
      if (stats.failures.length < maxFailures) {
        const { index, base, ops, text } = mutant;
        const message = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
        stats.failures.push({ seed, index, base, ops, text, error: message });
      }
    }
    const ms = performance.now() - started;
    if (ms > stats.maxMs) {
      stats.maxMs = ms;
      stats.slowest = { index: mutant.index, base: mutant.base, ops: mutant.ops };
    }
  }
  stats.inputs = stats.parsed + stats.rejected + failed;
  return stats;
}

/** The mutant at `index` of a seed's sequence, to show the input a hang report names. */
export function mutantAt(seed: number, corpus: readonly CorpusFile[], index: number): Mutant {
  for (const mutant of mutations(seed, corpus)) if (mutant.index === index) return mutant;
  throw new Error('unreachable: the sequence is endless');
}

/** What the main thread hands each worker of `runFuzzInWorkers`. */
export interface FuzzWorkerData {
  seed: number;
  count: number;
  shard: number;
  shards: number;
  /** Int32Array [index being checked, inputs started]: the watchdog reads it. */
  progress: SharedArrayBuffer;
}

export interface ParallelFuzzRun {
  seed: number;
  count: number;
  jobs: number;
  /** A worker that starts no new input for this long is hung: all workers are stopped. */
  hangMs: number;
  /** Called about every 200 ms with the number of inputs started so far. */
  onProgress?: (started: number) => void;
}

export interface ParallelFuzzResult extends FuzzStats {
  /** The input a worker was stuck on; a synchronous infinite loop can only be caught this way. */
  hang: Mutant | null;
}

/**
 * Run the inputs of one seed sharded over worker threads, with a watchdog: a parser bug that
 * loops forever blocks its thread, so the per-input timing in `runFuzz` alone can't see it.
 */
export async function runFuzzInWorkers(run: ParallelFuzzRun): Promise<ParallelFuzzResult> {
  const workerUrl = new URL('./fuzz-worker.js', import.meta.url);
  const shards = Math.max(1, run.jobs);
  const workers = Array.from({ length: shards }, (_, shard) => {
    const progress = new SharedArrayBuffer(8);
    const view = new Int32Array(progress);
    view[0] = -1;
    const data: FuzzWorkerData = { seed: run.seed, count: run.count, shard, shards, progress };
    const worker = new Worker(workerUrl, { workerData: data });
    const done = new Promise<FuzzStats>((resolve, reject) => {
      worker.once('message', (stats: FuzzStats) => resolve(stats));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`fuzz worker ${shard} exited with code ${code}`)));
    });
    return { worker, view, done, finished: false, lastStarted: 0, lastChange: performance.now() };
  });
  for (const w of workers) void w.done.then(() => (w.finished = true), () => (w.finished = true));

  let hungIndex: number | null = null;
  const watchdog = setInterval(() => {
    const now = performance.now();
    let started = 0;
    for (const w of workers) {
      const count = Atomics.load(w.view, 1);
      started += count;
      if (count !== w.lastStarted) {
        w.lastStarted = count;
        w.lastChange = now;
      } else if (!w.finished && count > 0 && now - w.lastChange > run.hangMs && hungIndex === null) {
        hungIndex = Atomics.load(w.view, 0);
        for (const other of workers) void other.worker.terminate();
      }
    }
    run.onProgress?.(started);
  }, 200);

  try {
    const all = await Promise.allSettled(workers.map((w) => w.done));
    if (hungIndex !== null) {
      const hang = mutantAt(run.seed, readCorpus(), hungIndex);
      return { inputs: 0, parsed: 0, rejected: 0, failures: [], maxMs: run.hangMs, slowest: hang, hang };
    }
    const merged: ParallelFuzzResult = { inputs: 0, parsed: 0, rejected: 0, failures: [], maxMs: 0, slowest: null, hang: null };
    for (const outcome of all) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const stats = outcome.value;
      merged.inputs += stats.inputs;
      merged.parsed += stats.parsed;
      merged.rejected += stats.rejected;
      merged.failures.push(...stats.failures);
      if (stats.maxMs >= merged.maxMs) {
        merged.maxMs = stats.maxMs;
        merged.slowest = stats.slowest;
      }
    }
    merged.failures.sort((a, b) => a.index - b.index);
    return merged;
  } finally {
    clearInterval(watchdog);
  }
}
