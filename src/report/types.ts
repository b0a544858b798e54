/** The JSON report, version 1 (DESIGN §7): the contract bots and tests rely on. */
import type { Finding } from '../pass.js';

export type ResultStatus = 'changed' | 'unchanged' | 'error';

export interface ReportError {
  message: string;
  /** 1-based, or null when the error has no position (unreadable file, bad config). */
  line: number | null;
  column: number | null;
}

export interface DockerignoreResult {
  /** Relative to the working directory, `/` separators. */
  path: string;
  original: string | null;
  output: string;
  status: 'created' | 'changed' | 'unchanged';
}

export interface FileResult {
  /** Relative to the working directory, `/` separators. */
  dockerfile: string;
  context: string;
  status: ResultStatus;
  error: ReportError | null;
  original: string;
  output: string;
  dockerignore: DockerignoreResult | null;
  findings: Finding[];
}

export interface ReportSummary {
  files: number;
  changed: number;
  unchanged: number;
  errors: number;
}

export interface Report {
  version: 1;
  results: FileResult[];
  summary: ReportSummary;
}

export function summarize(results: FileResult[]): ReportSummary {
  return {
    files: results.length,
    changed: results.filter((r) => r.status === 'changed').length,
    unchanged: results.filter((r) => r.status === 'unchanged').length,
    errors: results.filter((r) => r.status === 'error').length,
  };
}
