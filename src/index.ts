/**
 * The public API: `rewrite(targets, options)` → the JSON report (DESIGN §7). The CLI is a
 * thin layer over it; bots written in JS/TS call it directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, ConfigLoader, withOverrides, type ResolvedConfig } from './config.js';
import { discoverDockerfiles, displayPath, findRepositoryRoot } from './context/discover.js';
import { errorResult } from './pipeline/rewrite-file.js';
import { DockoptError, ParseError, UsageError } from './errors.js';
import type { Ecosystem } from './ecosystem.js';
import type { Pass } from './pass.js';
import { didYouMean } from './suggest.js';
import { readDockerfile, startJobRunner, type FileJob } from './pipeline/pool.js';
import { summarize, type FileResult, type Report } from './report/types.js';

export type { Report, FileResult, DockerignoreResult, ReportSummary, ResultStatus } from './report/types.js';
export type { Finding, Severity, Pass, PassMeta } from './pass.js';
export type { ResolvedConfig } from './config.js';
export { DockoptError, ParseError, ConfigError, UsageError, PassError } from './errors.js';

/** A file on disk, or contents given directly (a bot that has the text already). */
export type RewriteTarget = string | { content: string; path?: string; context?: string };

export interface RewriteOptions {
  /** Base for relative paths and display paths (default: process.cwd()). */
  cwd?: string;
  /** Build context for every file (the CLI's -C); default: config `context`, else the Dockerfile's directory. */
  context?: string;
  /** A config file to use instead of searching, or false to use no config at all. */
  config?: string | false;
  /** Config values that override any file (the library's equivalent of CLI flags). */
  overrides?: { runtime?: string; dockerignore?: boolean };
  only?: string[];
  skip?: string[];
  /**
   * Threads rewriting files at once, this one included (default: os.availableParallelism()).
   * Small runs (under 32 files) and `jobs: 1` stay on this thread: starting workers costs more.
   */
  jobs?: number;
  /** Called as each file completes (in completion order when jobs run in parallel), for progress displays. */
  onResult?: (result: FileResult, done: number, total: number) => void;
  /**
   * Called with each result in report order, as soon as it and every result before it are
   * done; what it returns takes the result's place in the returned report. A caller that has
   * printed or written a result can return it without its texts, so a run over a monorepo
   * never holds every file's texts at once (the CLI's diff, --check and --write do).
   */
  consume?: (result: FileResult, index: number, total: number) => FileResult;
}

/** A pass id that names no pass is a typo: running nothing (or everything) silently would hide it. */
function checkPassIds(passes: readonly Pass[], ids: readonly string[] | undefined, option: string): void {
  const known = passes.map((p) => p.id);
  for (const id of ids ?? []) {
    if (!known.includes(id)) throw new UsageError(`${option}: unknown pass "${id}"${didYouMean(id, known)} (see 'dockopt passes')`);
  }
}

let ecosystemsPromise: Promise<readonly Ecosystem[]> | null = null;
/** The ordered ecosystem list, loaded once, like the passes. */
export function loadEcosystems(): Promise<readonly Ecosystem[]> {
  ecosystemsPromise ??= import('../ecosystems/index.js').then((m) => m.ecosystems as readonly Ecosystem[]);
  return ecosystemsPromise;
}

let passesPromise: Promise<readonly Pass[]> | null = null;
/** The ordered pass list, loaded once (and lazily, after argument parsing). */
export function loadPasses(): Promise<readonly Pass[]> {
  passesPromise ??= import('../passes/index.js').then((m) => m.passes as readonly Pass[]);
  return passesPromise;
}

export async function rewrite(targets: RewriteTarget | RewriteTarget[], options: RewriteOptions = {}): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const list = Array.isArray(targets) ? targets : [targets];
  const [passes, ecosystems] = await Promise.all([loadPasses(), loadEcosystems()]);
  checkPassIds(passes, options.only, '--only');
  checkPassIds(passes, options.skip, '--skip');
  const loader = new ConfigLoader(findRepositoryRoot(cwd) ?? cwd, passes);
  const explicitConfig = typeof options.config === 'string' ? loader.fromFile(path.resolve(cwd, options.config)) : null;
  // A broken --config becomes each file's error result below, not an unhandled rejection now.
  explicitConfig?.catch(() => undefined);
  const configByDir = new Map<string, Promise<ResolvedConfig>>();
  const configFor = (dir: string): Promise<ResolvedConfig> => {
    let config = configByDir.get(dir);
    if (!config) {
      if (options.config === false) config = Promise.resolve({ ...DEFAULT_CONFIG });
      else config = explicitConfig ?? loader.forDirectory(dir);
      config = config.then((c) => withOverrides(c, options.overrides ?? {}));
      configByDir.set(dir, config);
    }
    return config;
  };

  // The report's order: missing targets, discovered files (sorted), then given contents.
  const paths = list.filter((t): t is string => typeof t === 'string');
  const discovered = await discoverDockerfiles(paths, cwd);
  loader.useListings(discovered.listings);
  const slots: (FileResult | FileJob | null)[] = discovered.missing.map((missing) =>
    errorResult(missing, '.', '', new ParseError('no such file, directory or matching glob', missing)),
  );
  const inputs: { file: string | null; content: string | null; context: string | null; display: string }[] = [
    ...discovered.files.map((file) => ({ file, content: null, context: null, display: displayPath(file, cwd) })),
    ...list
      .filter((t) => typeof t !== 'string')
      .map((t) => ({ file: t.path ? path.resolve(cwd, t.path) : null, content: t.content, context: t.context ?? null, display: t.path ?? '<input>' })),
  ];
  const runner = startJobRunner(inputs.length, {
    jobs: Math.max(1, Math.floor(options.jobs ?? os.availableParallelism())),
    only: options.only ?? null,
    skip: options.skip ?? [],
    passes,
    ecosystems,
  });
  try {
    // All at once: a config search that has to read files (a package.json on the way up)
    // waits on I/O, and those waits overlap instead of adding up. Configs are cached per
    // directory, so concurrent searches from one directory share one result.
    for (const planned of await Promise.all(inputs.map(planJob))) slots.push(planned);
    discovered.listings.clear(); // every config is found: the listings need not stay in memory
    // The report's entries, in order: results so far, undefined for a job still running.
    const planned = slots.filter((s) => s !== null);
    const entries = planned.map((s) => ('status' in s ? s : undefined));
    const jobs: FileJob[] = [];
    const entryOfJob: number[] = [];
    planned.forEach((s, i) => {
      if (!('status' in s)) {
        jobs.push(s);
        entryOfJob.push(i);
      }
    });
    const total = entries.length;
    let done = 0;
    let consumed = 0;
    const consumeReady = () => {
      for (let r = entries[consumed]; consumed < total && r !== undefined; r = entries[++consumed]) {
        if (options.consume) entries[consumed] = options.consume(r, consumed, total);
      }
    };
    for (const s of entries) if (s !== undefined) options.onResult?.(s, ++done, total);
    consumeReady();
    await runner.run(jobs, (result, index) => {
      entries[entryOfJob[index]!] = result;
      options.onResult?.(result, ++done, total);
      consumeReady();
    });
    const results = entries as FileResult[];
    return { version: 1, results, summary: summarize(results) };
  } finally {
    await runner.close();
  }

  /**
   * Config and build context for one file, on this thread (configs are cached per
   * directory); null when the file's config ignores it, a result when its config is broken.
   */
  async function planJob(input: (typeof inputs)[number]): Promise<FileJob | FileResult | null> {
    const dir = input.file ? path.dirname(input.file) : cwd;
    let config: ResolvedConfig;
    try {
      config = await configFor(dir);
    } catch (error) {
      if (!(error instanceof DockoptError)) throw error;
      // An unreadable Dockerfile says so before its config does, as when each file ran alone.
      let text = input.content ?? '';
      let reported: DockoptError = error;
      if (input.content === null) {
        try {
          text = readDockerfile(input.file!, input.display);
        } catch (readError) {
          if (readError instanceof DockoptError) reported = readError;
        }
      }
      return errorResult(input.display, displayPath(dir, cwd), text, reported);
    }
    if (input.file && isIgnoredByConfig(input.file, config)) return null;
    const contextDir = resolveContext(input, config, options, cwd);
    const ownIgnore = config.buildkit && input.file ? ownDockerignore(input.file, discovered.listings) : null;
    return {
      file: input.content === null ? input.file : null,
      content: input.content,
      display: input.display,
      contextDir,
      contextDisplay: displayPath(contextDir, cwd),
      dockerignorePath: displayPath(ownIgnore ?? path.join(contextDir, '.dockerignore'), cwd),
      dockerignoreFile: ownIgnore,
      gatherFacts: Boolean(input.file || input.context || options.context),
      config,
    };
  }
}

/**
 * `<Dockerfile>.dockerignore` beside the Dockerfile, if it exists: BuildKit reads it instead of
 * the build context's .dockerignore (the classic builder does not). Discovery's directory
 * listings answer for discovered files; a file named on the command line is looked up.
 */
function ownDockerignore(file: string, listings: ReadonlyMap<string, readonly string[]>): string | null {
  const own = `${file}.dockerignore`;
  const listing = listings.get(path.dirname(file));
  const exists = listing ? listing.includes(path.basename(own)) : fs.existsSync(own);
  return exists ? own : null;
}

/** Config paths are relative to the process's working directory (ConfigLoader makes them so). */
function configDir(config: ResolvedConfig): string {
  return path.dirname(path.resolve(config.configPath!));
}

function isIgnoredByConfig(file: string, config: ResolvedConfig): boolean {
  if (!config.configPath || config.ignore.length === 0) return false;
  const rel = path.relative(configDir(config), file).split(path.sep).join('/');
  return picomatch(config.ignore, { dot: true })(rel);
}

function resolveContext(
  input: { file: string | null; context: string | null },
  config: ResolvedConfig,
  options: RewriteOptions,
  cwd: string,
): string {
  if (input.context) return path.resolve(cwd, input.context);
  if (options.context) return path.resolve(cwd, options.context);
  const dir = input.file ? path.dirname(input.file) : cwd;
  if (input.file && config.configPath) {
    const base = configDir(config);
    const rel = path.relative(base, input.file).split(path.sep).join('/');
    for (const [glob, contextDir] of Object.entries(config.context)) {
      if (picomatch(glob, { dot: true })(rel)) return path.resolve(base, contextDir);
    }
  }
  return dir;
}
