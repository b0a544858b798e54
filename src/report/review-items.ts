/**
 * What the review reporters (github, rdjson, sarif, gitlab) share: a report read as review
 * items — one per change hunk, finding, error and file to create — each with its place,
 * rule, severity, prose, and the original text it is about (for fingerprints).
 *
 * A fixed finding whose instruction a hunk touches is that hunk's reason, not an item of
 * its own: the suggestion is what resolves it.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../pass.js';
import { computeHunks, splitLines, type Hunk, type Line } from './hunks.js';
import type { FileResult, Report, ReportError } from './types.js';

export const TOOL_NAME = 'dockopt';
/** The package's registry page: the one address every copy of dockopt can point at. */
export const TOOL_URL = 'https://www.npmjs.com/package/dockopt';

export const REWRITE_RULE = 'dockopt/rewrite';
export const DOCKERIGNORE_RULE = 'dockopt/dockerignore';
export const ERROR_RULE = 'dockopt/error';
/** The pass whose fixed findings explain .dockerignore changes. */
const DOCKERIGNORE_PASS = 'dockerignore';

const REWRITE_WHY =
  "Part of dockopt's rewrite of this Dockerfile: apply it together with the file's other suggestions, or run `dockopt rewrite --write`.";
export const UNSUGGESTIBLE =
  'A line suggestion cannot make this change exactly (it drops the final newline or mixes line endings); run `dockopt rewrite --write` instead.';
const DOCKERIGNORE_CHANGE_WHY =
  'dockopt adds these patterns to .dockerignore to keep VCS data, local secrets and build output out of the build context.';
const DOCKERIGNORE_CREATE_WHY =
  'dockopt creates a .dockerignore to keep VCS data, local secrets and build output out of the build context; run `dockopt rewrite --write` to write it.';

/** Lines are 1-based. Columns are 1-based, end exclusive, null for whole lines. */
export interface Place {
  startLine: number;
  endLine: number;
  /** In UTF-16 code units (JavaScript string indexes), as in the report. */
  startColumn: number | null;
  endColumn: number | null;
  /** The same columns in UTF-8 bytes, for formats that count bytes. */
  startByteColumn: number | null;
  endByteColumn: number | null;
}

interface ItemBase {
  /** The Dockerfile of the result the item comes from. */
  dockerfile: string;
  /** The file the item is located in. */
  path: string;
  /** Null: the item is about the whole file. */
  place: Place | null;
  rule: string;
  severity: Severity;
  /** Plain prose: what, why, what to do. */
  message: string;
  /** The original text the item is about, so fingerprints survive lines moving. */
  source: string;
}

export interface RewriteItem extends ItemBase {
  kind: 'rewrite';
  hunk: Hunk;
  /** The fixed findings this change resolves. */
  reasons: Finding[];
}

/** A file to create (a new .dockerignore, or an empty one to fill); located at the Dockerfile. */
export interface CreateFileItem extends ItemBase {
  kind: 'create';
  target: string;
  content: string;
}

export interface FindingItem extends ItemBase {
  kind: 'finding';
  finding: Finding;
}

export interface ErrorItem extends ItemBase {
  kind: 'error';
  error: ReportError;
}

export type ReviewItem = RewriteItem | CreateFileItem | FindingItem | ErrorItem;

export function reviewItems(report: Report): ReviewItem[] {
  return report.results.flatMap(resultItems);
}

function resultItems(result: FileResult): ReviewItem[] {
  const dockerfile = result.dockerfile;
  const lines = splitLines(result.original);
  const items: ReviewItem[] = [];
  if (result.error) {
    const { line, column } = result.error;
    items.push({
      kind: 'error',
      dockerfile,
      path: dockerfile,
      place: line === null ? null : place(lines, line, column, line, null),
      rule: ERROR_RULE,
      severity: 'error',
      message: result.error.message,
      source: line === null ? result.error.message : sourceLines(lines, line, line),
      error: result.error,
    });
  }

  const ignore =
    result.dockerignore !== null && result.dockerignore.status !== 'unchanged' ? result.dockerignore : null;
  const explainsIgnore = (finding: Finding) => ignore !== null && finding.fixed && finding.pass === DOCKERIGNORE_PASS;
  const hunks = computeHunks(result.original, result.output) ?? [];
  const reasons = assignReasons(
    hunks,
    result.findings.filter((finding) => !explainsIgnore(finding)),
  );
  const placed: ReviewItem[] = hunks.map((hunk, index) => {
    const why = reasons.byHunk[index]!;
    return rewriteItem(dockerfile, dockerfile, REWRITE_RULE, hunk, why, why.length > 0 ? messages(why) : REWRITE_WHY);
  });
  for (const finding of result.findings) {
    if (reasons.assigned.has(finding) || explainsIgnore(finding)) continue;
    placed.push({
      kind: 'finding',
      dockerfile,
      path: dockerfile,
      place:
        finding.line === null
          ? null
          : place(lines, finding.line, finding.column, finding.endLine ?? finding.line, finding.endColumn),
      rule: finding.code,
      severity: finding.severity,
      message: finding.fixed ? `${finding.message} (fixed by dockopt's rewrite)` : finding.message,
      source:
        finding.line === null ? finding.message : sourceLines(lines, finding.line, finding.endLine ?? finding.line),
      finding,
    });
  }
  // Stable: items on the same line keep rewrite-before-finding order; unplaced ones go last.
  placed.sort((a, b) => (a.place?.startLine ?? Infinity) - (b.place?.startLine ?? Infinity));
  items.push(...placed);

  if (ignore) {
    const ignoreReasons = result.findings.filter(explainsIgnore);
    const ignoreHunks = ignore.original === null ? null : computeHunks(ignore.original, ignore.output);
    if (ignoreHunks === null) {
      items.push({
        kind: 'create',
        dockerfile,
        path: dockerfile,
        place: null,
        rule: DOCKERIGNORE_RULE,
        severity: 'warning',
        message: ignoreReasons.length > 0 ? messages(ignoreReasons) : DOCKERIGNORE_CREATE_WHY,
        source: ignore.path,
        target: ignore.path,
        content: ignore.output,
      });
    } else {
      const why = ignoreReasons.length > 0 ? messages(ignoreReasons) : DOCKERIGNORE_CHANGE_WHY;
      for (const hunk of ignoreHunks) {
        items.push(rewriteItem(dockerfile, ignore.path, DOCKERIGNORE_RULE, hunk, ignoreReasons, why));
      }
    }
  }
  return items;
}

function rewriteItem(
  dockerfile: string,
  path: string,
  rule: string,
  hunk: Hunk,
  reasons: Finding[],
  why: string,
): RewriteItem {
  return {
    kind: 'rewrite',
    dockerfile,
    path,
    place: {
      startLine: hunk.startLine,
      endLine: hunk.endLine,
      startColumn: null,
      endColumn: null,
      startByteColumn: null,
      endByteColumn: null,
    },
    rule,
    severity: reasons.some((reason) => reason.severity === 'error') ? 'error' : 'warning',
    message: hunk.suggestible ? why : `${why}\n${UNSUGGESTIBLE}`,
    source: hunk.original.join('\n'),
    hunk,
    reasons,
  };
}

/**
 * Each fixed finding explains the hunks that touch its lines; one that touches none explains
 * the hunks right next to it (an insertion anchored on a neighbouring line).
 */
function assignReasons(hunks: Hunk[], findings: Finding[]): { byHunk: Finding[][]; assigned: Set<Finding> } {
  const byHunk = hunks.map((): Finding[] => []);
  const assigned = new Set<Finding>();
  for (const margin of [0, 1]) {
    for (const finding of findings) {
      if (!finding.fixed || finding.line === null || assigned.has(finding)) continue;
      const first = finding.line;
      const last = finding.endLine ?? finding.line;
      hunks.forEach((hunk, index) => {
        if (first <= hunk.endLine + margin && last >= hunk.startLine - margin) {
          byHunk[index]!.push(finding);
          assigned.add(finding);
        }
      });
    }
  }
  return { byHunk, assigned };
}

function messages(findings: Finding[]): string {
  return findings.map((finding) => finding.message).join('\n');
}

function place(lines: Line[], line: number, column: number | null, endLine: number, endColumn: number | null): Place {
  return {
    startLine: line,
    endLine,
    startColumn: column,
    endColumn,
    startByteColumn: column === null ? null : byteColumn(lines[line - 1]?.text ?? '', column),
    endByteColumn: endColumn === null ? null : byteColumn(lines[endLine - 1]?.text ?? '', endColumn),
  };
}

/** A 1-based UTF-16 column as a 1-based UTF-8 byte column. */
function byteColumn(text: string, column: number): number {
  return Buffer.byteLength(text.slice(0, column - 1), 'utf8') + 1;
}

function sourceLines(lines: Line[], first: number, last: number): string {
  return lines
    .slice(first - 1, last)
    .map((line) => line.text)
    .join('\n');
}

/**
 * One fingerprint per item, stable across runs and line moves: sha256 of the path, the rule,
 * the whitespace-normalized original text, and the item's index among items sharing those.
 */
export function fingerprints(items: ReviewItem[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const key = [item.path, item.rule, normalizeSource(item.source)].join('\0');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex');
  });
}

function normalizeSource(text: string): string {
  return text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * A Markdown code block of `content`'s lines (a trailing newline is a last, empty line),
 * fenced so that no backtick run inside can close it.
 */
export function codeBlock(content: string, info = ''): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/** A file's text as display lines: LF between them, no final line ending. */
export function displayText(text: string): string {
  return text.replace(/\r\n|\r/g, '\n').replace(/\n$/, '');
}
