/**
 * Running file jobs: on this thread for small runs, else on this thread and a pool of
 * worker threads (`jobs` threads in all).
 *
 * The main thread has already discovered the files and resolved each one's config and build
 * context; a job is plain data. Running it reads and decodes the file, gathers the context's
 * facts (cached per context in each thread), and rewrites. Jobs are handed out grouped by
 * context, so a thread gathers a context's facts once and keeps getting that context's
 * files; a second thread joins a context only when enough of its files remain to pay for
 * gathering again. Each result is handed on with its job's index as it completes, and the
 * caller (index.ts) puts them back in discovered order.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config.js';
import { emptyFacts, gatherContextFacts, type ContextFacts } from '../context/facts.js';
import { errorResult, rewriteSource } from './rewrite-file.js';
import { DockoptError, ParseError } from '../errors.js';
import { decodeDockerfile } from '../dockerfile/parse.js';
import type { Ecosystem } from '../ecosystem.js';
import type { Pass } from '../pass.js';
import type { FileResult } from '../report/types.js';

/**
 * A thread is started for every this many files, and runs with fewer stay on this thread:
 * a worker's start-up (loading dockerfile-ast and the passes, ~85 ms on the main thread and
 * 250–300 ms for a worker on a busy 2-core machine) is the time this thread takes for 15–30
 * files, and the worker then runs JIT-cold.
 */
export const FILES_PER_THREAD = 16;

/** One Dockerfile to rewrite: plain data, so it can be posted to a worker. */
export interface FileJob {
  /** Absolute path to read, or null when `content` is given. */
  file: string | null;
  content: string | null;
  /** Display path of the Dockerfile. */
  display: string;
  /** Absolute build context directory. */
  contextDir: string;
  contextDisplay: string;
  dockerignorePath: string;
  /**
   * The Dockerfile's own ignore file (`<Dockerfile>.dockerignore` beside it), when it exists
   * and the build uses BuildKit: BuildKit reads it instead of the context's .dockerignore.
   */
  dockerignoreFile: string | null;
  /** False for contents given without a path or context: they are rewritten with empty facts. */
  gatherFacts: boolean;
  config: ResolvedConfig;
}

/** What every job of a run shares. */
export interface JobSettings {
  only: string[] | null;
  skip: string[];
}

/** Facts per context directory, for the ecosystems the cache was made with. */
export type FactsCache = ((contextDir: string) => ContextFacts) & { readonly ecosystems: readonly Ecosystem[] };

/**
 * Contexts whose facts a thread keeps. Jobs come grouped by context (discovered order, or the
 * pool's batches), so a context is rarely asked for again once its files are done; keeping
 * every context's file list would hold a whole monorepo in memory.
 */
const FACTS_KEPT = 64;

/** Facts per build context, gathered on first use; the least recently used are forgotten. */
export function createFactsCache(ecosystems: readonly Ecosystem[]): FactsCache {
  const byContext = new Map<string, ContextFacts>();
  const factsFor = (dir: string): ContextFacts => {
    let facts = byContext.get(dir);
    if (facts) {
      byContext.delete(dir);
    } else {
      facts = fs.existsSync(dir) ? gatherContextFacts(dir, ecosystems) : emptyFacts(dir, ecosystems);
      if (byContext.size >= FACTS_KEPT) byContext.delete(byContext.keys().next().value!);
    }
    byContext.set(dir, facts);
    return facts;
  };
  return Object.assign(factsFor, { ecosystems });
}

/** The text of a Dockerfile on disk, or a ParseError saying why there is none. */
export function readDockerfile(file: string, display: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new ParseError(`cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, display);
  }
  return decodeDockerfile(bytes, display);
}

/**
 * read → decode → facts → rewrite. Never throws: an unexpected error (a bug in dockopt)
 * becomes this file's error result, so one bad file cannot stop a thousand others.
 */
export function runFileJob(job: FileJob, passes: readonly Pass[], factsFor: FactsCache, settings: JobSettings): FileResult {
  let text = job.content ?? '';
  try {
    if (job.content === null) text = readDockerfile(job.file!, job.display);
    return rewriteSource({
      text,
      dockerfile: job.display,
      context: job.contextDisplay,
      dockerignorePath: job.dockerignorePath,
      facts: job.gatherFacts && factsFor.ecosystems.some((e) => e.mayApply(text)) ? jobFacts(job, factsFor) : emptyFacts(job.contextDir),
      config: job.config,
      passes,
      only: settings.only ? new Set(settings.only) : null,
      skip: new Set(settings.skip),
    });
  } catch (error) {
    return errorResult(job.display, job.contextDisplay, text, asDockoptError(error, job.display));
  }
}

/** The context's facts, with the Dockerfile's own ignore file in place of the context's. */
function jobFacts(job: FileJob, factsFor: FactsCache): ContextFacts {
  const facts = factsFor(job.contextDir);
  if (job.dockerignoreFile === null) return facts;
  let dockerignore: string;
  try {
    dockerignore = fs.readFileSync(job.dockerignoreFile, 'utf8');
  } catch (error) {
    // Merging into an unreadable file would replace it: stop instead.
    throw new ParseError(`cannot read ${job.dockerignorePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, job.display);
  }
  return { ...facts, dockerignore };
}

function asDockoptError(error: unknown, display: string): DockoptError {
  if (error instanceof DockoptError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DockoptError(`internal error: ${message}`, display);
}

// ── Messages between the pool and its workers.

export interface WorkerData extends JobSettings {}
export type ToWorker = { type: 'batch'; items: { index: number; job: FileJob }[] };
export type FromWorker = { type: 'ready' } | { type: 'result'; index: number; result: FileResult };

export interface RunnerOptions extends JobSettings {
  /** Threads rewriting at once, this one included; 1 runs everything on this thread. */
  jobs: number;
  /** The passes and ecosystems, for this thread (workers load their own). */
  passes: readonly Pass[];
  ecosystems: readonly Ecosystem[];
}

export interface JobRunner {
  /**
   * Runs every job (once per runner), passing each result with its job's index as it
   * completes; the runner keeps none of them, so the caller decides what stays in memory.
   */
  run(jobs: readonly FileJob[], onResult: (result: FileResult, index: number) => void): Promise<void>;
  /** Stops the worker threads; call it after `run`, or instead of it. */
  close(): Promise<void>;
}

/**
 * A runner for about `expectedFiles` jobs. When they warrant workers, the workers start now,
 * so they load while the caller resolves each file's config and context.
 */
export function startJobRunner(expectedFiles: number, options: RunnerOptions): JobRunner {
  const threads = Math.min(options.jobs, Math.floor(expectedFiles / FILES_PER_THREAD));
  if (threads >= 2) return new ParallelRunner(threads - 1, options);
  return {
    run: async (jobs, onResult) => {
      const factsFor = createFactsCache(options.ecosystems);
      jobs.forEach((job, i) => onResult(runFileJob(job, options.passes, factsFor, options), i));
    },
    close: async () => undefined,
  };
}

/** Something that rewrites jobs: a worker thread, or this thread between its other events. */
interface Slot {
  /** Contexts whose facts this slot has (or is gathering). */
  contexts: Set<string>;
  /** Job indices handed to this slot, in the order it runs them; each leaves when its result arrives. */
  queue: number[];
  /** Has reported anything: a worker that dies before that could not load dockopt at all. */
  started: boolean;
  send(indices: number[]): void;
  worker: Worker | null;
}

const NO_FACTS = '\0no-facts';

/**
 * This thread and `workerCount` workers share the jobs. This thread starts on them at once,
 * so what is left of the workers' start-up (module loading, ~80–300 ms) costs only the cores
 * it takes; it runs one job per macrotask so the workers' messages are answered between jobs.
 */
class ParallelRunner implements JobRunner {
  private jobs: readonly FileJob[] = [];
  /** Pending job indices per context, in discovered order. */
  private readonly pending = new Map<string, number[]>();
  /** Contexts to start, smallest first (taken from the end); entries that were started since are skipped. */
  private toStart: string[] = [];
  /** Jobs whose result has been passed on (a result can arrive twice after a worker crash). */
  private done = new Uint8Array(0);
  private readonly slots = new Set<Slot>();
  /** Jobs handed out at a time; a slot is refilled while it holds no more than one batch, so it never waits. */
  private batchSize = 1;
  private remaining = 0;
  private onResult: (result: FileResult, index: number) => void = () => undefined;
  private settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    private readonly workerCount: number,
    private readonly options: RunnerOptions,
  ) {
    for (let i = 0; i < workerCount; i++) this.spawn();
    this.slots.add(this.localSlot());
  }

  run(jobs: readonly FileJob[], onResult: (result: FileResult, index: number) => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.jobs = jobs;
    this.onResult = onResult;
    this.done = new Uint8Array(jobs.length);
    this.remaining = jobs.length;
    if (jobs.length === 0) return Promise.resolve();
    jobs.forEach((job, index) => {
      const key = contextKey(job);
      let list = this.pending.get(key);
      if (!list) this.pending.set(key, (list = []));
      list.push(index);
    });
    this.toStart = [...this.pending.keys()].reverse().sort((a, b) => this.pending.get(a)!.length - this.pending.get(b)!.length);
    this.batchSize = Math.max(1, Math.min(8, Math.floor(jobs.length / ((this.workerCount + 1) * 16))));
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      for (const slot of this.slots) if (slot.started) this.refill(slot);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const workers = [...this.slots].flatMap((s) => (s.worker ? [s.worker] : []));
    this.slots.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** This thread as a slot: one job per macrotask, with its own facts cache. */
  private localSlot(): Slot {
    const factsFor = createFactsCache(this.options.ecosystems);
    let running = false;
    const slot: Slot = {
      contexts: new Set(),
      queue: [],
      started: true,
      worker: null,
      send: () => {
        if (running) return;
        running = true;
        const step = () => {
          const index = slot.queue[0];
          if (index === undefined || this.closed) {
            running = false;
            return;
          }
          const result = runFileJob(this.jobs[index]!, this.options.passes, factsFor, this.options);
          slot.queue.shift();
          this.complete(index, result);
          this.refill(slot);
          setImmediate(step);
        };
        setImmediate(step);
      },
    };
    return slot;
  }

  private spawn(): void {
    const data: WorkerData = { only: this.options.only, skip: this.options.skip };
    const worker = startWorker(data);
    const slot: Slot = {
      contexts: new Set(),
      queue: [],
      started: false,
      worker,
      send: (indices) => {
        const message: ToWorker = { type: 'batch', items: indices.map((index) => ({ index, job: this.jobs[index]! })) };
        worker.postMessage(message);
      },
    };
    this.slots.add(slot);
    worker.on('message', (message: FromWorker) => {
      slot.started = true;
      if (message.type === 'result') {
        slot.queue = slot.queue.filter((i) => i !== message.index);
        this.complete(message.index, message.result);
      }
      if (this.slots.has(slot)) this.refill(slot);
    });
    // Handled at 'exit', not 'error': Node delivers the worker's last messages before 'exit', so
    // then the head of its queue is the job it died on.
    let failure: Error | null = null;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => this.onCrash(slot, failure ?? new Error(`worker exited with code ${code}`)));
  }

  private complete(index: number, result: FileResult): void {
    if (this.done[index]) return;
    this.done[index] = 1;
    this.remaining--;
    this.onResult(result, index);
    if (this.remaining === 0) this.settle?.resolve();
  }

  /** Top up a slot that is running low, or leave it idle when nothing suits it. */
  private refill(slot: Slot): void {
    while (!this.closed && slot.queue.length <= this.batchSize) {
      const key = this.nextContext(slot);
      if (key === null) return;
      const list = this.pending.get(key)!;
      const batch = list.splice(0, this.batchSize);
      slot.contexts.add(key);
      if (list.length === 0) {
        // An exhausted context leaves every slot's set, so step 1 of nextContext stays short
        // (it was a scan of every context the slot ever had: quadratic over a monorepo).
        this.pending.delete(key);
        for (const s of this.slots) s.contexts.delete(key);
      }
      slot.queue.push(...batch);
      slot.send(batch);
    }
  }

  private nextContext(slot: Slot): string | null {
    // 1. A context this slot already has facts for.
    for (const key of slot.contexts) if (this.pending.has(key)) return key;
    // 2. A context no live slot has started, the largest first so the long ones start early.
    const started = (key: string) => [...this.slots].some((s) => s.contexts.has(key));
    while (this.toStart.length > 0) {
      const key = this.toStart.at(-1)!;
      if (this.pending.has(key) && !started(key)) return key;
      this.toStart.pop();
    }
    // 3. Join the busiest context, when enough of it remains to pay for gathering its facts again.
    let best: string | null = null;
    const size = (key: string) => this.pending.get(key)!.length;
    for (const key of this.pending.keys()) {
      if (size(key) >= Math.max(2 * this.batchSize, FILES_PER_THREAD) && (best === null || size(key) > size(best))) best = key;
    }
    return best;
  }

  /**
   * A worker died. The file it was on becomes an error result (it may be what killed it),
   * the rest of its queue goes back to the pending jobs, and a new worker takes its place.
   * A worker that dies before saying anything could not load dockopt at all: the run fails.
   */
  private onCrash(slot: Slot, error: Error): void {
    if (!this.slots.delete(slot) || this.closed) return;
    if (!slot.started) {
      this.failure = new Error(`a worker thread could not start: ${error.message}`);
      this.settle?.reject(this.failure);
      void this.close();
      return;
    }
    const [current, ...rest] = slot.queue;
    slot.queue = [];
    for (const index of rest.reverse()) {
      const key = contextKey(this.jobs[index]!);
      this.pending.set(key, [index, ...(this.pending.get(key) ?? [])]);
      this.toStart.push(key);
    }
    if (current !== undefined) {
      const job = this.jobs[current]!;
      const died = new DockoptError(`internal error: worker thread died: ${error.message}`, job.display);
      this.complete(current, errorResult(job.display, job.contextDisplay, job.content ?? '', died));
    }
    if (this.remaining > 0) {
      this.spawn();
      for (const other of this.slots) if (other.started) this.refill(other);
    }
  }
}

/**
 * A worker's young generation, in MB (V8's default is 48: two 16 MB semi-spaces and as much
 * for large objects). A rewrite allocates fast and keeps little, so scavenges stay as cheap
 * with an eighth of that, and a 10,000-file run at -j 2 peaks ~30 MB lower. Only the young
 * generation is bounded: a bound on the old one could stop a worker on a large context.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

function startWorker(data: WorkerData): Worker {
  // Loaded here, not imported: most runs start no worker, and the module takes ~2 ms to load.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const url = new URL('./worker.js', import.meta.url);
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  // The worker is a module file: flags for `--eval` input would make it fail to load.
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
  try {
    return new Worker(url, { workerData: data, execArgv, resourceLimits });
  } catch (error) {
    // Process-wide V8 flags (`node --single-threaded-gc`) are refused per worker; the worker
    // runs under them anyway, as they apply to the whole process.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(url, { workerData: data, execArgv: [], resourceLimits });
  }
}

function contextKey(job: FileJob): string {
  return job.gatherFacts ? job.contextDir : NO_FACTS;
}
