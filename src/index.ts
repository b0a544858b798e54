/**
 * The public API: `rewrite(targets, options)` → the JSON report (DESIGN §7). The CLI is a
 * thin layer over it; bots written in JS/TS call it directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, ConfigLoader, withOverrides, type ResolvedConfig } from './config.js';
import { emptyFacts, gatherContextFacts, type ContextFacts } from './context.js';
import { discoverDockerfiles, displayPath, findRepositoryRoot } from './discover.js';
import { rewriteSource, errorResult } from './engine.js';
import { DockoptError, ParseError } from './errors.js';
import { decodeDockerfile } from './parse.js';
import type { Pass } from './pass.js';
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
  /** Called after each file, for progress displays. */
  onResult?: (result: FileResult, done: number, total: number) => void;
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
  const passes = await loadPasses();
  const ids = passes.map((p) => p.id);
  const only = options.only ? new Set(options.only) : null;
  const skip = new Set(options.skip ?? []);
  const loader = new ConfigLoader(findRepositoryRoot(cwd) ?? cwd, ids);
  const explicitConfig = typeof options.config === 'string' ? loader.fromFile(path.resolve(cwd, options.config)) : null;
  const factsByContext = new Map<string, ContextFacts>();
  const factsFor = (dir: string): ContextFacts => {
    const cached = factsByContext.get(dir);
    if (cached) return cached;
    const facts = fs.existsSync(dir) ? gatherContextFacts(dir) : emptyFacts(dir);
    factsByContext.set(dir, facts);
    return facts;
  };

  const jobs: { file: string | null; content: string | null; context: string | null; display: string }[] = [];
  const results: FileResult[] = [];
  const paths = list.filter((t): t is string => typeof t === 'string');
  const discovered = await discoverDockerfiles(paths, cwd);
  for (const missing of discovered.missing) {
    results.push(errorResult(missing, '.', '', new ParseError('no such file, directory or matching glob', missing)));
  }
  for (const file of discovered.files) jobs.push({ file, content: null, context: null, display: displayPath(file, cwd) });
  for (const t of list) {
    if (typeof t !== 'string') {
      const file = t.path ? path.resolve(cwd, t.path) : null;
      jobs.push({ file, content: t.content, context: t.context ?? null, display: t.path ?? '<input>' });
    }
  }

  let done = 0;
  for (const job of jobs) {
    const result = await rewriteJob(job);
    if (result) results.push(result);
    if (result) options.onResult?.(result, ++done, jobs.length);
  }
  return { version: 1, results, summary: summarize(results) };

  /** null: the file is excluded by its config's `ignore`. */
  async function rewriteJob(job: (typeof jobs)[number]): Promise<FileResult | null> {
    const dir = job.file ? path.dirname(job.file) : cwd;
    let text = job.content ?? '';
    let contextDir = dir;
    try {
      if (job.content === null) {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(job.file!);
        } catch (error) {
          throw new ParseError(`cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, job.display);
        }
        text = decodeDockerfile(bytes, job.display);
      }
      let config: ResolvedConfig;
      if (options.config === false) config = { ...DEFAULT_CONFIG };
      else if (explicitConfig) config = await explicitConfig;
      else config = await loader.forDirectory(dir);
      config = withOverrides(config, options.overrides ?? {});
      if (job.file && isIgnoredByConfig(job.file, config)) return null;
      contextDir = resolveContext(job, config, options, cwd);
      const facts = job.file || job.context || options.context ? factsFor(contextDir) : emptyFacts(contextDir);
      return rewriteSource({
        text,
        dockerfile: job.display,
        context: displayPath(contextDir, cwd),
        dockerignorePath: displayPath(path.join(contextDir, '.dockerignore'), cwd),
        facts,
        config,
        passes,
        only,
        skip,
      });
    } catch (error) {
      if (error instanceof DockoptError) return errorResult(job.display, displayPath(contextDir, cwd), text, error);
      throw error;
    }
  }
}

function isIgnoredByConfig(file: string, config: ResolvedConfig): boolean {
  if (!config.configPath || config.ignore.length === 0) return false;
  const base = path.dirname(path.resolve(config.configPath));
  const rel = path.relative(base, file).split(path.sep).join('/');
  return picomatch(config.ignore, { dot: true })(rel);
}

function resolveContext(
  job: { file: string | null; context: string | null },
  config: ResolvedConfig,
  options: RewriteOptions,
  cwd: string,
): string {
  if (job.context) return path.resolve(cwd, job.context);
  if (options.context) return path.resolve(cwd, options.context);
  const dir = job.file ? path.dirname(job.file) : cwd;
  if (job.file && config.configPath) {
    const base = path.dirname(path.resolve(cwd, config.configPath));
    const rel = path.relative(base, job.file).split(path.sep).join('/');
    for (const [glob, contextDir] of Object.entries(config.context)) {
      if (picomatch(glob, { dot: true })(rel)) return path.resolve(base, contextDir);
    }
  }
  return dir;
}
