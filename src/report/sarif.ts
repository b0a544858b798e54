/**
 * `--format sarif`: SARIF 2.1.0, one run. Findings keep their code as rule id; change hunks
 * are `dockopt/rewrite` (or `dockopt/dockerignore`) results whose `fixes` replace the
 * original lines, line endings included, with the output's. Columns are UTF-16 code units,
 * as in JavaScript strings and the report.
 */
import type { Severity } from '../pass.js';
import type { Hunk } from './hunks.js';
import {
  DOCKERIGNORE_RULE,
  ERROR_RULE,
  REWRITE_RULE,
  TOOL_NAME,
  TOOL_URL,
  fingerprints,
  reviewItems,
  type Place,
  type ReviewItem,
} from './review-items.js';
import type { Report } from './types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
/** The partialFingerprints key: see `fingerprints` for what it hashes. */
export const FINGERPRINT_KEY = 'dockopt/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  charOffset?: number;
  charLength?: number;
}

export interface SarifArtifactLocation {
  uri: string;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
}

export interface SarifReplacement {
  deletedRegion: SarifRegion;
  insertedContent: { text: string };
}

export interface SarifFix {
  description: { text: string };
  artifactChanges: Array<{ artifactLocation: SarifArtifactLocation; replacements: SarifReplacement[] }>;
}

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
  helpUri?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  fixes?: SarifFix[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; informationUri: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }>;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

const BUILT_IN_RULES: Record<string, { short: string; help: string }> = {
  [REWRITE_RULE]: {
    short: 'Lines dockopt rewrites into a smaller, better cached, non-root build',
    help: 'Apply the fix, or run `dockopt rewrite --write`; `dockopt passes` lists what the rewrite does.',
  },
  [DOCKERIGNORE_RULE]: {
    short: '.dockerignore changes that keep VCS data, secrets and build output out of the build context',
    help: 'Apply the fix, or run `dockopt rewrite --write`; `dockopt explain dockerignore` explains the rules.',
  },
  [ERROR_RULE]: {
    short: 'A Dockerfile dockopt could not read or parse',
    help: 'Fix the reported line, then run dockopt again.',
  },
};

export function toSarif(report: Report): SarifLog {
  const items = reviewItems(report);
  const prints = fingerprints(items);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results = items.map((item, index): SarifResult => {
    let ruleAt = ruleIndex.get(item.rule);
    if (ruleAt === undefined) {
      ruleAt = rules.push(rule(item)) - 1;
      ruleIndex.set(item.rule, ruleAt);
    }
    const fix = itemFix(item);
    return {
      ruleId: item.rule,
      ruleIndex: ruleAt,
      level: LEVEL[item.severity],
      message: { text: item.kind === 'create' ? `${item.message} (\`${item.target}\`)` : item.message },
      locations: [location(item.path, item.place)],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[index]! },
      ...(fix ? { fixes: [fix] } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, informationUri: TOOL_URL, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function rule(item: ReviewItem): SarifRule {
  const builtIn = BUILT_IN_RULES[item.rule];
  const level = { level: item.kind === 'rewrite' ? 'warning' : LEVEL[item.severity] } as const;
  if (builtIn)
    return {
      id: item.rule,
      shortDescription: { text: builtIn.short },
      help: { text: builtIn.help },
      defaultConfiguration: level,
    };
  // A finding's code is `<pass>/<message id>`; the pass's docs explain it.
  const slash = item.rule.indexOf('/');
  const pass = item.rule.slice(0, slash);
  return {
    id: item.rule,
    shortDescription: { text: `${pass}: ${item.rule.slice(slash + 1).replace(/-/g, ' ')}` },
    help: { text: `Run \`dockopt explain ${pass}\` for what the ${pass} pass checks and why.` },
    defaultConfiguration: level,
  };
}

function location(path: string, place: Place | null): SarifLocation {
  const artifactLocation = { uri: uri(path) };
  if (place === null) return { physicalLocation: { artifactLocation } };
  const region: SarifRegion = { startLine: place.startLine };
  if (place.startColumn !== null) region.startColumn = place.startColumn;
  region.endLine = place.endLine;
  if (place.endColumn !== null) region.endColumn = place.endColumn;
  return { physicalLocation: { artifactLocation, region } };
}

function itemFix(item: ReviewItem): SarifFix | null {
  if (item.kind === 'rewrite') {
    const { startLine, endLine } = item.hunk;
    const lines = startLine === endLine ? `line ${startLine}` : `lines ${startLine}–${endLine}`;
    return fix(`Rewrite ${lines} of ${item.path}`, item.path, hunkRegion(item.hunk), item.hunk.outputText);
  }
  if (item.kind === 'create') {
    const empty = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, charOffset: 0, charLength: 0 };
    return fix(`Create ${item.target}`, item.target, empty, item.content);
  }
  return null;
}

function fix(description: string, path: string, deletedRegion: SarifRegion, text: string): SarifFix {
  return {
    description: { text: description },
    artifactChanges: [
      { artifactLocation: { uri: uri(path) }, replacements: [{ deletedRegion, insertedContent: { text } }] },
    ],
  };
}

/**
 * The hunk's original lines with their line endings, both as line/column and as characters,
 * so consumers of either read the same span. After a last line ending the region ends at
 * column 1 of the next line.
 */
function hunkRegion(hunk: Hunk): SarifRegion {
  const lastLine = hunk.original[hunk.original.length - 1] ?? '';
  // Line contents hold no line break, so a trailing one is the last line's ending.
  const endsWithEol = /[\r\n]$/.test(hunk.originalText);
  return {
    startLine: hunk.startLine,
    startColumn: 1,
    endLine: endsWithEol ? hunk.endLine + 1 : hunk.endLine,
    endColumn: endsWithEol ? 1 : lastLine.length + 1,
    charOffset: hunk.offset,
    charLength: hunk.originalText.length,
  };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
