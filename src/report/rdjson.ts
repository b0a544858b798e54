/**
 * `--format rdjson`: reviewdog's Diagnostic Format (DiagnosticResult, proto/rdf in
 * reviewdog/reviewdog). One diagnostic per change hunk, with its suggestion; one per finding
 * and error, without.
 *
 * Hunk ranges name lines without columns: rdjson reads such a range as whole lines (their
 * text without the last line ending), which is what a hunk replaces, and reviewdog turns it
 * into a GitHub suggestion only when the suggestion's lines equal the diagnostic's.
 * Columns elsewhere are 1-based UTF-8 byte counts, end exclusive, as rdjson specifies.
 */
import type { Severity } from '../pass.js';
import type { Report } from './types.js';
import {
  TOOL_NAME,
  TOOL_URL,
  codeBlock,
  displayText,
  reviewItems,
  type Place,
  type ReviewItem,
} from './review-items.js';

export type RdjsonSeverity = 'ERROR' | 'WARNING' | 'INFO';

export interface RdjsonPosition {
  line: number;
  column?: number;
}

export interface RdjsonRange {
  start: RdjsonPosition;
  end?: RdjsonPosition;
}

export interface RdjsonSuggestion {
  range: RdjsonRange;
  text: string;
}

export interface RdjsonDiagnostic {
  message: string;
  location: { path: string; range?: RdjsonRange };
  severity: RdjsonSeverity;
  code: { value: string; url?: string };
  suggestions?: RdjsonSuggestion[];
}

export interface RdjsonResult {
  source: { name: string; url: string };
  severity: RdjsonSeverity;
  diagnostics: RdjsonDiagnostic[];
}

const SEVERITY: Record<Severity, RdjsonSeverity> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export function toRdjson(report: Report): RdjsonResult {
  const items = reviewItems(report);
  const diagnostics = items.map(diagnostic);
  return {
    source: { name: TOOL_NAME, url: TOOL_URL },
    severity: worst(items.map((item) => item.severity)),
    diagnostics,
  };
}

function diagnostic(item: ReviewItem): RdjsonDiagnostic {
  const base = { severity: SEVERITY[item.severity], code: { value: item.rule } };
  if (item.kind === 'rewrite' && item.hunk.suggestible) {
    const range = { start: { line: item.hunk.startLine }, end: { line: item.hunk.endLine } };
    return {
      message: item.message,
      location: { path: item.path, range },
      ...base,
      suggestions: [{ range, text: item.hunk.replacement.join(item.hunk.eol) }],
    };
  }
  if (item.kind === 'create') {
    return {
      message: `${item.message}\n\n\`${item.target}\`:\n${codeBlock(displayText(item.content))}`,
      location: { path: item.path },
      ...base,
    };
  }
  return {
    message: item.message,
    location: item.place ? { path: item.path, range: range(item.place) } : { path: item.path },
    ...base,
  };
}

function range(place: Place): RdjsonRange {
  if (place.startByteColumn === null) return { start: { line: place.startLine }, end: { line: place.endLine } };
  const start = { line: place.startLine, column: place.startByteColumn };
  if (place.endByteColumn === null) return { start };
  return { start, end: { line: place.endLine, column: place.endByteColumn } };
}

function worst(severities: Severity[]): RdjsonSeverity {
  if (severities.includes('error')) return 'ERROR';
  if (severities.includes('warning')) return 'WARNING';
  return 'INFO';
}
