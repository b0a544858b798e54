/**
 * Change hunks of a rewrite, on the original's lines: the unit of a review suggestion.
 * A suggestion can only replace existing lines, so a pure insertion or deletion is anchored
 * to an adjacent unchanged line that the hunk then covers and reproduces.
 */
import { diffArrays } from 'diff';

/** One line of a text: its content and its own line ending ('' on a last line without one). */
export interface Line {
  text: string;
  eol: string;
}

export interface Hunk {
  /** 1-based, inclusive, in the original. */
  startLine: number;
  endLine: number;
  /** The original lines startLine..endLine, without line endings. */
  original: string[];
  /**
   * The lines that replace them, without line endings: joined with `eol`, followed by the
   * line ending original line endLine already has. Empty only when the whole file is
   * deleted, which no suggestion can express.
   */
  replacement: string[];
  /** The line ending between replacement lines. */
  eol: string;
  /**
   * Whether that line-replacement reading gives exactly the output. False only when the
   * output drops the final newline or mixes line endings inside the hunk; `outputText` is
   * exact either way.
   */
  suggestible: boolean;
  /** Offset in the original of the start of line startLine. */
  offset: number;
  /** The original text of the lines, line endings included. */
  originalText: string;
  /** The output text that replaces `originalText`, line endings included. */
  outputText: string;
}

/** Lines split at CRLF, LF and lone CR, the line breaks the model counts. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const lineBreak = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
    lines.push({ text: text.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

/** The file's line ending: the first one found, else LF. */
function detectEol(...texts: string[]): string {
  for (const text of texts) {
    const match = /\r\n|\n|\r/.exec(text);
    if (match) return match[0];
  }
  return '\n';
}

/** A run of original lines [start, end) (0-based) and the output lines that replace it. */
interface Region {
  start: number;
  end: number;
  lines: Line[];
}

/**
 * The hunks that turn `original` into `output`, in order, never overlapping or adjacent.
 * Null when the original has no line to attach a change to (it is empty).
 */
export function computeHunks(original: string, output: string): Hunk[] | null {
  if (original === output) return [];
  const before = splitLines(original);
  const after = splitLines(output);
  if (before.length === 0) return null;
  const whole = (line: Line) => line.text + line.eol;
  const regions: Region[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  let open: Region | null = null;
  for (const change of diffArrays(before.map(whole), after.map(whole))) {
    const count = change.value.length;
    if (!change.added && !change.removed) {
      if (open) regions.push(open);
      open = null;
      oldIndex += count;
      newIndex += count;
      continue;
    }
    open ??= { start: oldIndex, end: oldIndex, lines: [] };
    if (change.removed) {
      oldIndex += count;
      open.end = oldIndex;
    } else {
      open.lines.push(...after.slice(newIndex, newIndex + count));
      newIndex += count;
    }
  }
  if (open) regions.push(open);
  const defaultEol = detectEol(original, output);
  return mergeRegions(regions.map((region) => anchorRegion(region, before))).map((region) =>
    toHunk(region, before, defaultEol),
  );
}

/**
 * A region that replaces no original line (insertion) or with no line (deletion) takes in
 * the next unchanged line, or the previous one at the end of the file: suggestions replace
 * existing lines with at least one line.
 */
function anchorRegion(region: Region, before: Line[]): Region {
  if (region.start < region.end && region.lines.length > 0) return region;
  if (region.end < before.length) {
    return { start: region.start, end: region.end + 1, lines: [...region.lines, before[region.end]!] };
  }
  if (region.start > 0) {
    return { start: region.start - 1, end: region.end, lines: [before[region.start - 1]!, ...region.lines] };
  }
  // The whole file is deleted: there is nothing left to anchor to.
  return region;
}

/**
 * Merges touching regions. Two regions can share at most one line, an unchanged anchor line
 * that closes the first and opens the second; it appears once in the merged lines.
 */
function mergeRegions(regions: Region[]): Region[] {
  const merged: Region[] = [];
  for (const region of regions) {
    const last = merged[merged.length - 1];
    if (last && region.start <= last.end) {
      const shared = last.end - region.start;
      last.lines.push(...region.lines.slice(shared));
      last.end = Math.max(last.end, region.end);
    } else {
      merged.push({ ...region, lines: [...region.lines] });
    }
  }
  return merged;
}

function toHunk(region: Region, before: Line[], defaultEol: string): Hunk {
  const originalLines = before.slice(region.start, region.end);
  const lastEol = originalLines[originalLines.length - 1]?.eol ?? '';
  const endings = region.lines.map((line) => line.eol);
  const replacement = region.lines.map((line) => line.text);
  const outputLastEol = endings[endings.length - 1] ?? '';
  const inner = endings.slice(0, -1);
  if (lastEol === '' && outputLastEol !== '') {
    // The output adds a final newline: an empty last line makes the joined text end with it.
    replacement.push('');
    inner.push(outputLastEol);
  }
  const eol = inner[0] ?? defaultEol;
  const suggestible =
    replacement.length > 0 && inner.every((ending) => ending === eol) && (outputLastEol === lastEol || lastEol === '');
  let offset = 0;
  for (const line of before.slice(0, region.start)) offset += line.text.length + line.eol.length;
  return {
    startLine: region.start + 1,
    endLine: region.end,
    original: originalLines.map((line) => line.text),
    replacement,
    eol,
    suggestible,
    offset,
    originalText: originalLines.map((line) => line.text + line.eol).join(''),
    outputText: region.lines.map((line) => line.text + line.eol).join(''),
  };
}
