/**
 * `--format github`: the payload of a pull-request review (POST /repos/{owner}/{repo}/pulls/
 * {number}/reviews): one comment per change hunk with a ```suggestion block that replaces
 * exactly its original lines, one per placed finding, and a summary `body` with the rest.
 *
 * Lines are the Dockerfile's own (the PR head's RIGHT side). GitHub only accepts comments on
 * lines inside the PR's diff hunks, so given that diff, items outside it move to the body.
 */
import { parsePatch } from 'diff';
import type { Report } from './types.js';
import type { Hunk } from './hunks.js';
import {
  DOCKERIGNORE_RULE,
  UNSUGGESTIBLE,
  codeBlock,
  displayText,
  reviewItems,
  type Place,
  type ReviewItem,
  type RewriteItem,
} from './review-items.js';

export interface GithubReviewComment {
  path: string;
  /** The last line of the range (the only line of a single-line comment). */
  line: number;
  /** The first line, for multi-line comments only. */
  start_line?: number;
  side: 'RIGHT';
  start_side?: 'RIGHT';
  body: string;
}

export interface GithubReview {
  body: string;
  comments: GithubReviewComment[];
}

export interface GithubReviewOptions {
  /** The pull request's unified diff (`git diff base...head`); limits comments to its hunks. */
  diff?: string;
}

export function toGithubReview(report: Report, options: GithubReviewOptions = {}): GithubReview {
  const commentable = options.diff === undefined ? null : changedLines(options.diff);
  const comments: GithubReviewComment[] = [];
  const leftOver: ReviewItem[] = [];
  for (const item of reviewItems(report)) {
    const place = item.place;
    // A .dockerignore is rarely part of the pull request, and one comment outside the diff
    // makes GitHub reject the whole review: its changes always go to the body.
    const canComment =
      place !== null &&
      item.kind !== 'create' &&
      (item.kind !== 'rewrite' || (item.hunk.suggestible && item.rule !== DOCKERIGNORE_RULE)) &&
      (commentable === null || insideOneHunk(commentable.get(item.path) ?? [], place));
    if (canComment) comments.push(comment(item, place));
    else leftOver.push(item);
  }
  return { body: summaryBody(report, leftOver, comments.length, commentable !== null), comments };
}

function comment(item: ReviewItem, place: Place): GithubReviewComment {
  const range =
    place.startLine < place.endLine
      ? { start_line: place.startLine, start_side: 'RIGHT' as const, line: place.endLine }
      : { line: place.startLine };
  return { path: item.path, ...range, side: 'RIGHT', body: commentBody(item) };
}

function commentBody(item: ReviewItem): string {
  if (item.kind === 'rewrite') {
    // Bare lines, whatever the file's line endings: GitHub joins them itself.
    return `${why(item)}\n\n${codeBlock(item.hunk.replacement.join('\n'), 'suggestion')}`;
  }
  return headline(item);
}

/** The item's prose, with each reason's code for readers who want to look it up. */
function why(item: RewriteItem): string {
  if (item.reasons.length === 0) return item.message;
  const reasons = item.reasons.map((reason) => `${reason.message} (\`${reason.code}\`)`);
  if (!item.hunk.suggestible) reasons.push(UNSUGGESTIBLE);
  return reasons.join('\n');
}

function headline(item: ReviewItem): string {
  const code = item.kind === 'finding' ? ` \`${item.finding.code}\`` : '';
  return `**${item.severity}**${code}: ${item.message}`;
}

/** New-file line ranges of each file's hunks in a unified diff, by path. */
function changedLines(diff: string): Map<string, Array<[number, number]>> {
  const ranges = new Map<string, Array<[number, number]>>();
  for (const file of parsePatch(diff)) {
    const path = newPath(file.oldFileName, file.newFileName);
    if (path === null) continue;
    const list = ranges.get(path) ?? [];
    for (const hunk of file.hunks) {
      if (hunk.newLines > 0) list.push([hunk.newStart, hunk.newStart + hunk.newLines - 1]);
    }
    ranges.set(path, list);
  }
  return ranges;
}

/** The new side's path, without git's `b/` prefix (when the diff has git's a/ b/ prefixes). */
function newPath(oldName: string | undefined, newName: string | undefined): string | null {
  if (newName === undefined || newName === '/dev/null') return null;
  const prefixed =
    newName.startsWith('b/') && (oldName === undefined || oldName === '/dev/null' || oldName.startsWith('a/'));
  return prefixed ? newName.slice(2) : newName;
}

/** A review comment's lines must all be in one hunk of the diff. */
function insideOneHunk(hunks: Array<[number, number]>, place: Place): boolean {
  return hunks.some(([first, last]) => first <= place.startLine && place.endLine <= last);
}

function summaryBody(report: Report, items: ReviewItem[], commented: number, filtered: boolean): string {
  const { files, changed, errors } = report.summary;
  const counts = `dockopt checked ${plural(files, 'Dockerfile')}: ${changed} would change${errors > 0 ? `, ${errors} could not be processed` : ''}.`;
  const parts = [`### dockopt\n\n${counts}${commented > 0 ? ` See the ${plural(commented, 'review comment')}.` : ''}`];
  const byDockerfile = new Map<string, ReviewItem[]>();
  for (const item of items) {
    const list = byDockerfile.get(item.dockerfile) ?? [];
    list.push(item);
    byDockerfile.set(item.dockerfile, list);
  }
  for (const [dockerfile, list] of byDockerfile) {
    parts.push(`#### \`${dockerfile}\``);
    for (const item of list) parts.push(bodyEntry(item, filtered));
  }
  return parts.join('\n\n') + '\n';
}

function bodyEntry(item: ReviewItem, filtered: boolean): string {
  if (item.kind === 'create') {
    return `**Create \`${item.target}\`**: ${item.message}\n\n${codeBlock(displayText(item.content))}`;
  }
  if (item.kind === 'rewrite') {
    const lines =
      item.hunk.startLine === item.hunk.endLine
        ? `line ${item.hunk.startLine}`
        : `lines ${item.hunk.startLine}–${item.hunk.endLine}`;
    const where = item.path === item.dockerfile ? lines : `\`${item.path}\` ${lines}`;
    const outside = filtered && item.hunk.suggestible && item.rule !== DOCKERIGNORE_RULE;
    const note = outside ? ' (outside this pull request’s changes)' : '';
    return `**Change ${where}**${note}: ${why(item)}\n\n${codeBlock(hunkDiff(item.hunk), 'diff')}`;
  }
  const where = item.place ? ` (line ${item.place.startLine})` : '';
  return `${headline(item)}${where}`;
}

/** The hunk as diff lines; the unchanged lines at either end (anchors) as context. */
function hunkDiff(hunk: Hunk): string {
  const before = hunk.original;
  const after = hunk.replacement;
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  return [
    ...before.slice(0, head).map((line) => ` ${line}`),
    ...before.slice(head, before.length - tail).map((line) => `-${line}`),
    ...after.slice(head, after.length - tail).map((line) => `+${line}`),
    ...before.slice(before.length - tail).map((line) => ` ${line}`),
  ].join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
