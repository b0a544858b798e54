/** The `rewrite` command after argument parsing: run, report, write, and pick the exit code. */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { rewrite } from './index.js';
import { formatDiffReport, formatFindings } from './report/diff.js';
import { formatJsonReport } from './report/json.js';
import type { Report } from './report/types.js';
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

export async function runCli(options: CliOptions): Promise<number> {
  const cwd = process.cwd();
  const report = await rewrite(options.paths, {
    cwd,
    context: options.context ?? undefined,
    config: options.config === null ? undefined : options.config,
    overrides: { runtime: options.runtime ?? undefined, dockerignore: options.dockerignore },
    only: options.only ?? undefined,
    skip: options.skip,
  });

  let exitCode = report.summary.errors > 0 ? 2 : 0;
  for (const result of report.results) {
    if (result.error) {
      const where = result.error.line ? `${result.dockerfile}:${result.error.line}:${result.error.column}` : result.dockerfile;
      process.stderr.write(`${where}: ${result.error.message}\n`);
    }
  }

  if (options.write) {
    for (const result of report.results) {
      if (result.status !== 'changed') continue;
      if (result.output !== result.original) writeFileAtomic(path.resolve(cwd, result.dockerfile), result.output);
      const ignore = result.dockerignore;
      if (ignore && ignore.status !== 'unchanged') writeFileAtomic(path.resolve(cwd, ignore.path), ignore.output);
    }
  }

  if (options.check) {
    const changed = report.results.filter((r) => r.status === 'changed');
    for (const r of changed) process.stdout.write(`${r.dockerfile}\n`);
    if (changed.length > 0) exitCode = Math.max(exitCode, 1);
    process.stderr.write(formatFindings(report, options.color && Boolean(process.stderr.isTTY)));
    return exitCode;
  }

  process.stdout.write(await formatReport(report, options));
  if (options.format === 'diff') process.stderr.write(formatFindings(report, options.color));
  if (options.write) {
    const n = report.summary.changed;
    process.stderr.write(`dockopt: ${n === 0 ? 'nothing to change' : `rewrote ${n} file${n === 1 ? '' : 's'}`}\n`);
  }
  return exitCode;
}

async function formatReport(report: Report, options: CliOptions): Promise<string> {
  switch (options.format) {
    case 'diff':
      return options.write ? '' : formatDiffReport(report, options.color);
    case 'json':
      return formatJsonReport(report);
    default: {
      const { formatReviewReport } = await import('./report/review.js');
      const prDiff = options.prDiffFile ? readFileSync(options.prDiffFile, 'utf8') : undefined;
      return formatReviewReport(options.format, report, prDiff);
    }
  }
}
