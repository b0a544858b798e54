/** The `rewrite` command after argument parsing: run, report, write, and pick the exit code. */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import { rewrite } from './index.js';
import { formatDiffReport, formatFindings } from './report/diff.js';
import { formatJsonReport } from './report/json.js';
import { summarize, type FileResult, type Report } from './report/types.js';
import { writeFileAtomic } from './write.js';

export interface CliOptions {
  paths: string[];
  write: boolean;
  check: boolean;
  format: 'diff' | 'json' | 'sarif' | 'rdjson' | 'github' | 'gitlab';
  prDiffFile: string | null;
  context: string | null;
  config: string | false | null;
  only: string[] | null;
  skip: string[];
  runtime: string | null;
  dockerignore: boolean;
  jobs: number | null;
  color: boolean;
}

/** Milliseconds on a monotonic clock (the `performance` global would load perf_hooks, ~1 ms). */
function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function runCli(options: CliOptions): Promise<number> {
  const started = now();
  const cwd = process.cwd();
  const progress = process.stderr.isTTY ? new ProgressLine(process.stderr) : null;
  // Diffs, --check and --write handle each file as soon as it and the files before it are
  // done, and keep only what the run summary needs: the report formats need every result.
  const streamed = options.check || options.format === 'diff' ? new StreamedOutput(options, cwd, progress) : null;
  let report: Report;
  try {
    report = await rewrite(options.paths, {
      cwd,
      context: options.context ?? undefined,
      config: options.config === null ? undefined : options.config,
      overrides: { runtime: options.runtime ?? undefined, dockerignore: options.dockerignore },
      only: options.only ?? undefined,
      skip: options.skip,
      jobs: options.jobs ?? undefined,
      onResult: progress ? (result, done, total) => progress.update(result, done, total) : undefined,
      consume: streamed ? (result, _index, total) => streamed.take(result, total) : undefined,
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dockopt: ${error.message}\nRun 'dockopt --help' for usage.\n`);
    return 2;
  } finally {
    progress?.clear();
  }

  let exitCode = report.summary.errors > 0 ? 2 : 0;
  if (streamed) {
    if (options.write) exitCode = Math.max(exitCode, streamed.writeDockerignores());
    if (options.check && report.summary.changed > 0) exitCode = Math.max(exitCode, 1);
  } else {
    for (const result of report.results) if (result.error) process.stderr.write(errorLine(result));
    if (options.write) exitCode = Math.max(exitCode, writeResults(report, new AtomicWrites(cwd)));
    process.stdout.write(await formatReport(report, options));
  }
  if (report.summary.files !== 1) {
    process.stderr.write(formatRunSummary(report, options, now() - started));
  } else if (options.write && !options.check && report.summary.errors === 0) {
    // A file with an error has said so on its own line; "nothing to change" would contradict it.
    const n = report.summary.changed;
    process.stderr.write(`dockopt: ${n === 0 ? 'nothing to change' : 'rewrote 1 file'}\n`);
  }
  return exitCode;
}

function errorLine(result: FileResult): string {
  const error = result.error!;
  const where = error.line ? `${result.dockerfile}:${error.line}:${error.column}` : result.dockerfile;
  return `${where}: ${error.message}\n`;
}

/**
 * The findings worth a line on stderr: all of them for one file; for many, warnings and errors
 * only, or a thousand "split into stages" notes would bury the few that need a person (the
 * report formats keep every finding).
 */
function stderrFindings(result: FileResult, files: number): FileResult {
  return files <= 1 ? result : { ...result, findings: result.findings.filter((f) => f.severity !== 'info') };
}

/** The diff, --check and --write outputs, one file at a time, in report order. */
class StreamedOutput {
  private readonly writes: AtomicWrites;
  private readonly ignores = new DockerignoreWrites();

  constructor(
    private readonly options: CliOptions,
    cwd: string,
    private readonly progress: ProgressLine | null,
  ) {
    this.writes = new AtomicWrites(cwd);
  }

  /** Prints and writes what `result` calls for, and returns what the run summary needs of it. */
  take(result: FileResult, files: number): FileResult {
    const { options } = this;
    this.progress?.clear();
    if (result.error) process.stderr.write(errorLine(result));
    if (options.write && result.status === 'changed') {
      if (result.output !== result.original) this.writes.write(result.dockerfile, result.output);
      this.ignores.add(result);
    }
    if (options.check) {
      if (result.status === 'changed') process.stdout.write(`${result.dockerfile}\n`);
    } else if (!options.write) {
      process.stdout.write(formatDiffReport(single(result), options.color));
    }
    const color = options.check ? options.color && Boolean(process.stderr.isTTY) : options.color;
    process.stderr.write(formatFindings(single(stderrFindings(result, files)), color));
    return {
      ...result,
      original: '',
      output: '',
      dockerignore: null,
      findings: result.findings.filter((f) => f.code.endsWith('/declined')),
    };
  }

  writeDockerignores(): number {
    this.ignores.writeAll(this.writes);
    return this.writes.exitCode;
  }
}

function single(result: FileResult): Report {
  return { version: 1, results: [result], summary: summarize([result]) };
}

/** Atomic writes of files named by display path; a file that cannot be written is reported and the others are still written. */
class AtomicWrites {
  /** 2 once a write failed. */
  exitCode = 0;

  constructor(private readonly cwd: string) {}

  write(display: string, text: string): void {
    try {
      writeFileAtomic(path.resolve(this.cwd, display), text);
    } catch (error) {
      process.stderr.write(`${display}: cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      this.exitCode = 2;
    }
  }
}

/**
 * The .dockerignore files a run would write. Dockerfiles that share a build context share its
 * .dockerignore: when they need different ones, writing either could break the other's build,
 * so neither is written.
 */
class DockerignoreWrites {
  private readonly ignores = new Map<string, { output: string; from: string[] }>();
  private readonly conflicts = new Set<string>();

  add(result: FileResult): void {
    const ignore = result.dockerignore;
    if (result.status !== 'changed' || !ignore || ignore.status === 'unchanged') return;
    const seen = this.ignores.get(ignore.path);
    if (!seen) this.ignores.set(ignore.path, { output: ignore.output, from: [result.dockerfile] });
    else {
      seen.from.push(result.dockerfile);
      if (seen.output !== ignore.output) this.conflicts.add(ignore.path);
    }
  }

  writeAll(writes: AtomicWrites): void {
    for (const [display, { output, from }] of this.ignores) {
      if (!this.conflicts.has(display)) writes.write(display, output);
      else {
        process.stderr.write(
          `${display}: not written: ${from.join(', ')} share this build context but need different .dockerignore files; ` +
            'give each Dockerfile its own ignore file (BuildKit reads <Dockerfile>.dockerignore beside it first) or merge them by hand\n',
        );
      }
    }
  }
}

/** Writes every change of a whole report (the report formats with --write). Returns 2 when a write failed, else 0. */
function writeResults(report: Report, writes: AtomicWrites): number {
  const ignores = new DockerignoreWrites();
  for (const result of report.results) {
    ignores.add(result);
    if (result.status === 'changed' && result.output !== result.original) writes.write(result.dockerfile, result.output);
  }
  ignores.writeAll(writes);
  return writes.exitCode;
}

/**
 * The end-of-run line of a multi-file run, in the spirit of jscodeshift's:
 * `dockopt: 12 files: 7 changed, 3 unchanged, 2 errors; 4 declined (…) — 1.23s`.
 * changed + unchanged + errors = files; "declined" counts files where a pass declined to
 * rewrite (they may still be changed by other passes, e.g. a new .dockerignore), by reason.
 */
export function formatRunSummary(report: Report, options: Pick<CliOptions, 'write'>, elapsedMs: number): string {
  const { files, changed, unchanged, errors } = report.summary;
  const elapsed = `${(elapsedMs / 1000).toFixed(2)}s`;
  if (files === 0) return `dockopt: no Dockerfiles found — ${elapsed}\n`;
  const reasons = new Map<string, number>();
  let declined = 0;
  for (const result of report.results) {
    const labels = new Set(declineReasons(result));
    if (labels.size > 0) declined++;
    for (const label of labels) reasons.set(label, (reasons.get(label) ?? 0) + 1);
  }
  const counts = [
    `${changed} ${options.write ? 'rewritten' : 'changed'}`,
    `${unchanged} unchanged`,
    `${errors} error${errors === 1 ? '' : 's'}`,
  ].join(', ');
  const byReason = [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label, n]) => `${label} ${n}`);
  const declinedPart = declined > 0 ? `; ${declined} declined (${byReason.join(', ')})` : '';
  return `dockopt: ${files} file${files === 1 ? '' : 's'}: ${counts}${declinedPart} — ${elapsed}\n`;
}

/** Why passes declined to rewrite this file: the finding's stable `code` if it has one, else its short reason. */
function declineReasons(result: FileResult): string[] {
  return result.findings
    .filter((f) => f.code.endsWith('/declined'))
    .map((f) => {
      const data = f.data ?? {};
      if (typeof data.code === 'string') return data.code;
      const reason = typeof data.reason === 'string' ? data.reason : f.message;
      // "the program is built by make (make build)" → "the program is built by make"
      return reason.split(/ \(|, |: |; |\. /)[0]!.trim();
    });
}

/** One line on a terminal, rewritten in place as files complete, and erased at the end. */
class ProgressLine {
  private lastDraw = 0;
  private drawn = false;
  private changed = 0;
  private errors = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(result: FileResult, done: number, total: number): void {
    if (result.status === 'changed') this.changed++;
    if (result.status === 'error') this.errors++;
    const time = now();
    // A single file needs no progress; redrawing more than ~20 times a second only costs time.
    if (total < 2 || (time - this.lastDraw < 50 && done < total)) return;
    this.lastDraw = time;
    const text = `dockopt: ${done}/${total} files, ${this.changed} changed, ${this.errors} error${this.errors === 1 ? '' : 's'} · ${result.dockerfile}`;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r${text.length > width ? text.slice(0, width - 1) + '…' : text}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

async function formatReport(report: Report, options: CliOptions): Promise<string> {
  switch (options.format) {
    case 'diff': // streamed (StreamedOutput)
      return '';
    case 'json':
      return formatJsonReport(report);
    default: {
      const { formatReviewReport } = await import('./report/review.js');
      const prDiff = options.prDiffFile ? readFileSync(options.prDiffFile, 'utf8') : undefined;
      return formatReviewReport(options.format, report, prDiff);
    }
  }
}
