/**
 * `--format gitlab`: a GitLab Code Quality report (the `codequality` artifact), one issue per
 * change hunk, finding, error and file to create. Fingerprints are unique within the report
 * and stable across runs (see `fingerprints`), so GitLab can tell new issues from old ones.
 */
import type { Severity } from '../pass.js';
import { fingerprints, reviewItems, type ReviewItem } from './review-items.js';
import type { Report } from './types.js';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

const SEVERITY: Record<Severity, GitlabSeverity> = { error: 'major', warning: 'minor', info: 'info' };

export function toGitlabCodeQuality(report: Report): GitlabIssue[] {
  const items = reviewItems(report);
  const prints = fingerprints(items);
  return items.map((item, index) => ({
    description: description(item),
    check_name: item.rule,
    fingerprint: prints[index]!,
    severity: SEVERITY[item.severity],
    // GitLab needs a line; an item about the whole file points at its first.
    location: { path: item.path, lines: { begin: item.place?.startLine ?? 1, end: item.place?.endLine ?? 1 } },
  }));
}

/** One line: GitLab shows descriptions in a list. */
function description(item: ReviewItem): string {
  const text = item.kind === 'create' ? `${item.message} (${item.target})` : item.message;
  return text.replace(/\s*\n\s*/g, ' ');
}
