/**
 * The lossless model. A Dockerfile is partitioned into slices whose concatenation is the
 * input: a header (BOM + parser directives), then one `Instr` per instruction carrying the
 * trivia before it (detached blank lines/section comments, then comments attached directly
 * above), its exact source text and its line ending, then trailing text.
 *
 * Untouched instructions print their original text. Passes edit through the helpers below;
 * an edited or new instruction is re-parsed on its own so its parser node stays accurate.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { TextMemo } from './memo.js';

export type Eol = '\n' | '\r\n' | '\r';

/** A text and its line table, in the coordinates a parser node's ranges refer to. */
export class SourceText {
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  offsetAt(pos: { line: number; character: number }): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[pos.line]! + pos.character, this.text.length);
  }

  /** End of the line containing `offset`, before its EOL. */
  lineEndAt(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '\r') i++;
    return i;
  }

  positionAt(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.lineStarts[lo]! };
  }
}

/** A 0-based span in the original Dockerfile, for findings. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

let nextInstrId = 1;

export class Instr {
  readonly id = nextInstrId++;
  /** Blank lines and section comments separated from this instruction by a blank line. */
  detached = '';
  /** Comment lines directly above (no blank line between) plus the indentation of the keyword. */
  attached = '';
  /** Line ending after the instruction; '' only for the last one of a file without a final EOL. */
  eol: string = '\n';
  /** Set once a pass changed or created this instruction. */
  touched = false;

  constructor(
    /** The exact source text of the instruction, continuations and inner comments included. */
    public text: string,
    /** The parser node, in the coordinates of `source`; null when the node is opaque. */
    public node: Instruction | null,
    public source: SourceText,
    /** Offset of `text` inside `source`. */
    public start: number,
    /** Where the instruction stood in the original file; null for instructions passes created. */
    readonly origin: Span | null,
    /** Known opaqueness, or undefined to work it out from the node when first asked. */
    private opaqueValue?: boolean,
  ) {}

  /** Opaque nodes (heredocs, parser accessors that throw) are never edited. */
  get opaque(): boolean {
    this.opaqueValue ??= this.node === null || isOpaque(this.node, this.text);
    return this.opaqueValue;
  }

  set opaque(value: boolean) {
    this.opaqueValue = value;
  }

  private keywordOf: { text: string; keyword: string } | null = null;

  /** Upper-case keyword (`RUN`), also for lowercase or mixed-case source. */
  get keyword(): string {
    if (this.keywordOf?.text !== this.text) {
      const m = /^\s*([A-Za-z]+)/.exec(this.text);
      this.keywordOf = { text: this.text, keyword: m ? m[1]!.toUpperCase() : '' };
    }
    return this.keywordOf.keyword;
  }

  /** Text of a parser range of this node. */
  slice(range: Range): string {
    return this.source.text.slice(this.source.offsetAt(range.start), this.source.offsetAt(range.end));
  }

  /** Offsets of a parser range relative to `text`. */
  localOffsets(range: Range): [number, number] {
    return [this.source.offsetAt(range.start) - this.start, this.source.offsetAt(range.end) - this.start];
  }

  /** Raw argument text after the keyword, as written (continuations included). */
  get rawArguments(): string {
    const m = /^\s*[A-Za-z]+[ \t]*/.exec(this.text);
    return m ? this.text.slice(m[0].length) : '';
  }
}

export interface Stage {
  index: number;
  from: Instr;
  /** Instructions after FROM up to the next FROM. */
  body: Instr[];
  /** `AS name`, lower-cased as Docker compares stage names case-insensitively. */
  name: string | null;
}

/**
 * What dockopt did to a stage, recorded by the pass that did it so later passes decide on
 * facts rather than on which instructions happen to have been edited:
 * - `original`: the user's stage as written (possibly edited inside);
 * - `split`: the user's single stage, now the build stage of a split;
 * - `created`: a stage dockopt added (the runtime stage of a split);
 * - `rebased`: the user's stage on a base image dockopt chose.
 */
export type StageProvenance = 'original' | 'split' | 'created' | 'rebased';

export interface DockerfileStyle {
  eol: Eol;
  escape: string;
}

export class Model {
  /** Instructions in file order. Mutate only through the helpers. */
  readonly instrs: Instr[];
  /** Bumped on every edit; analyses cache on it. */
  version = 0;
  /** Keyed by a stage's FROM instruction; absent means `original`. */
  private readonly provenance = new Map<Instr, StageProvenance>();

  constructor(
    readonly original: string,
    /** BOM and parser directive lines (with their EOLs); nothing is ever inserted before it. */
    readonly header: string,
    instrs: Instr[],
    public trailing: string,
    readonly style: DockerfileStyle,
    readonly finalNewline: boolean,
  ) {
    this.instrs = instrs;
  }

  get changed(): boolean {
    return this.print() !== this.original;
  }

  print(): string {
    const parts = [this.header];
    const last = this.instrs.length - 1;
    this.instrs.forEach((instr, i) => {
      let eol = instr.eol;
      // Only the file's last instruction may lack an EOL, and only if the input did.
      if (i === last && !this.finalNewline && this.trailing === '') eol = '';
      else if (eol === '') eol = this.style.eol;
      parts.push(instr.detached, instr.attached, instr.text, eol);
    });
    parts.push(this.trailing);
    return parts.join('');
  }

  stages(): Stage[] {
    const stages: Stage[] = [];
    for (const instr of this.instrs) {
      if (instr.keyword === 'FROM') {
        stages.push({ index: stages.length, from: instr, body: [], name: stageNameOf(instr) });
      } else if (stages.length > 0) {
        stages[stages.length - 1]!.body.push(instr);
      }
    }
    return stages;
  }

  /** ARG instructions before the first FROM. */
  globalArgs(): Instr[] {
    const out: Instr[] = [];
    for (const instr of this.instrs) {
      if (instr.keyword === 'FROM') break;
      if (instr.keyword === 'ARG') out.push(instr);
    }
    return out;
  }

  /** A new instruction from source text (one instruction, no EOL), parsed on its own. */
  create(text: string): Instr {
    const instr = parseStandalone(text, this.style.escape, null);
    instr.touched = true;
    instr.eol = this.style.eol;
    return instr;
  }

  /** A copy of an instruction's exact text (comments inside continuations included). */
  clone(instr: Instr): Instr {
    const copy = parseStandalone(instr.text, this.style.escape, null);
    copy.touched = true;
    copy.eol = this.style.eol;
    copy.opaque = instr.opaque;
    return copy;
  }

  /** Replace the whole text of an instruction; its attached comments stay with it. */
  setText(instr: Instr, text: string): void {
    if (instr.text === text) return;
    const fresh = parseStandalone(text, this.style.escape, instr.origin);
    instr.text = fresh.text;
    instr.node = fresh.node;
    instr.source = fresh.source;
    instr.start = fresh.start;
    instr.opaque = fresh.opaque;
    instr.touched = true;
    this.version++;
  }

  /** Surgical edit: replace the text of a parser range (of this node) with `replacement`. */
  splice(instr: Instr, range: Range, replacement: string): void {
    const [from, to] = instr.localOffsets(range);
    this.setText(instr, instr.text.slice(0, from) + replacement + instr.text.slice(to));
  }

  /** Insert text at a local offset of the instruction's text. */
  insertText(instr: Instr, offset: number, text: string): void {
    this.setText(instr, instr.text.slice(0, offset) + text + instr.text.slice(offset));
  }

  indexOf(instr: Instr): number {
    const i = this.instrs.indexOf(instr);
    if (i < 0) throw new Error('instruction is not part of this model');
    return i;
  }

  /**
   * Insert before `ref`. The new instructions take over `ref`'s detached trivia (the blank
   * line above a section) so that `ref`'s attached comments stay directly above it.
   */
  insertBefore(ref: Instr, ...added: Instr[]): void {
    if (added.length === 0) return;
    const i = this.indexOf(ref);
    added[0]!.detached = ref.detached + added[0]!.detached;
    ref.detached = '';
    this.instrs.splice(i, 0, ...added);
    this.version++;
  }

  insertAfter(ref: Instr, ...added: Instr[]): void {
    if (added.length === 0) return;
    const i = this.indexOf(ref);
    if (ref.eol === '') ref.eol = this.style.eol;
    this.instrs.splice(i + 1, 0, ...added);
    this.version++;
  }

  append(...added: Instr[]): void {
    const last = this.instrs[this.instrs.length - 1];
    if (last) this.insertAfter(last, ...added);
    else {
      this.instrs.push(...added);
      this.version++;
    }
  }

  /**
   * Remove an instruction with its attached comments. Its detached trivia (a blank line
   * that separated sections) passes to the next instruction, so sections stay separated.
   */
  remove(instr: Instr): void {
    const i = this.indexOf(instr);
    this.instrs.splice(i, 1);
    const next = this.instrs[i];
    if (next && instr.detached && !next.detached) next.detached = instr.detached;
    else if (!next && instr.detached) this.trailing = instr.detached + this.trailing;
    this.version++;
  }

  /** Move an instruction (with its attached comments) before `ref`. */
  moveBefore(instr: Instr, ref: Instr): void {
    if (instr === ref) return;
    this.remove(instr);
    instr.detached = '';
    instr.touched = true;
    this.insertBefore(ref, instr);
  }

  /** Record what a pass did to the stage that starts with `from`. */
  markStage(from: Instr, provenance: StageProvenance): void {
    if (from.keyword !== 'FROM') throw new Error('a stage is marked by its FROM instruction');
    this.provenance.set(from, provenance);
  }

  stageProvenance(from: Instr): StageProvenance {
    return this.provenance.get(from) ?? 'original';
  }

  /** The instructions passes created or changed. */
  touched(): Instr[] {
    return this.instrs.filter((i) => i.touched);
  }
}

export function stageNameOf(from: Instr): string | null {
  const node = from.node as { getBuildStage?: () => string | null } | null;
  try {
    const name = node?.getBuildStage?.();
    return name ? name.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** A standalone parse: the same text always parses to the same node, which nothing mutates. */
interface StandaloneParse {
  node: Instruction | null;
  source: SourceText;
  start: number;
  opaque: boolean;
}

const standaloneParses = new TextMemo<StandaloneParse>(5_000);

/** Parse one instruction's text on its own (for new or edited instructions). */
function parseStandalone(text: string, escape: string, origin: Span | null): Instr {
  const parsed = standaloneParses.get(text, escape, () => {
    const prefix = escape === '\\' ? '' : `# escape=${escape}\n`;
    const source = new SourceText(prefix + text);
    const nodes = DockerfileParser.parse(source.text).getInstructions();
    const node = nodes.length === 1 ? nodes[0]! : null;
    return { node, source, start: prefix.length, opaque: node === null || isOpaque(node, text) };
  });
  return new Instr(text, parsed.node, parsed.source, parsed.start, origin, parsed.opaque);
}

/** Heredocs are kept as opaque text; so is any node whose accessors throw. */
export function isOpaque(node: Instruction, text: string): boolean {
  try {
    node.getKeyword();
    node.getArguments();
    // Every heredoc opens with `<<`; asking the parser for heredocs costs a scan of its own.
    const heredocs = text.includes('<<') ? (node as unknown as { getHeredocs?: () => unknown[] }).getHeredocs?.() ?? [] : [];
    if (heredocs.length > 0) return true;
    const flags = (node as unknown as { getFlags?: () => unknown[] }).getFlags;
    if (flags) flags.call(node);
    return false;
  } catch {
    return true;
  }
}

/** Split the trivia before an instruction into detached and attached parts. */
function splitTrivia(gap: string): [string, string] {
  // The keyword's indentation (a partial last line) is always attached.
  const lines = gap.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
  let cut = lines.length;
  if (cut > 0 && !/[\r\n]$/.test(lines[cut - 1]!)) cut--;
  while (cut > 0 && /^[ \t]*#/.test(lines[cut - 1]!)) cut--;
  const detached = lines.slice(0, cut).join('');
  return [detached, gap.slice(detached.length)];
}

function detectEol(text: string): Eol {
  const m = /\r\n|\n|\r/.exec(text);
  return (m?.[0] as Eol | undefined) ?? '\n';
}

export interface ParsedDocument {
  model: Model;
}

/** Where each instruction of a text lies, as the parser reads it (see buildModel). */
interface InstructionSlices {
  source: SourceText;
  escape: string;
  /** End of the BOM and parser directives. */
  headerEnd: number;
  slices: { node: Instruction; start: number; end: number; eol: string }[];
}

function sliceInstructions(text: string): InstructionSlices {
  const source = new SourceText(text);
  const doc = DockerfileParser.parse(text);
  let escape = '\\';
  try {
    escape = doc.getEscapeCharacter() || '\\';
  } catch {
    escape = '\\';
  }

  let headerEnd = text.startsWith('\ufeff') ? 1 : 0;
  let directives: { getRange(): Range }[] = [];
  try {
    directives = doc.getDirectives();
  } catch {
    directives = [];
  }
  if (directives.length > 0) {
    const last = directives[directives.length - 1]!.getRange();
    const lineEnd = source.lineEndAt(source.offsetAt(last.end));
    headerEnd = lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0);
  }

  const slices: InstructionSlices['slices'] = [];
  let cursor = headerEnd;
  for (const node of doc.getInstructions()) {
    const range = node.getRange();
    const start = Math.max(source.offsetAt(range.start), cursor);
    let end = source.lineEndAt(Math.max(source.offsetAt(range.end), start));
    // A range that ends at column 0 of an empty line (a continuation before EOF or before
    // blank lines) would take EOLs into the text: the last is the instruction's EOL, the
    // blank lines are trivia.
    while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) {
      end -= text[end - 1] === '\n' && text[end - 2] === '\r' && end - 2 >= start ? 2 : 1;
    }
    const eol = text.startsWith('\r\n', end) ? '\r\n' : end < text.length ? text[end]! : '';
    slices.push({ node, start, end, eol });
    cursor = end + eol.length;
  }
  return { source, escape, headerEnd, slices };
}

/**
 * The exact text of each instruction of `text` as the parser reads it: what the model of
 * `text` would hold, without building it (the safety net re-reads every rewrite this way).
 */
export function instructionTexts(text: string): string[] {
  return sliceInstructions(text).slices.map(({ start, end }) => text.slice(start, end));
}

/** Build the lossless model. Validation (unknown keywords, unterminated heredocs) is parse.ts's job. */
export function buildModel(text: string): ParsedDocument {
  const { source, escape, headerEnd, slices } = sliceInstructions(text);
  const instrs: Instr[] = [];
  let cursor = headerEnd;
  for (const { node, start, end, eol } of slices) {
    const startPos = source.positionAt(start);
    const endPos = source.positionAt(end);
    const instr = new Instr(
      text.slice(start, end),
      node,
      source,
      start,
      { line: startPos.line, column: startPos.column, endLine: endPos.line, endColumn: endPos.column },
    );
    [instr.detached, instr.attached] = splitTrivia(text.slice(cursor, start));
    instr.eol = eol;
    instrs.push(instr);
    cursor = end + eol.length;
  }
  const trailing = text.slice(cursor);
  const model = new Model(
    text,
    text.slice(0, headerEnd),
    instrs,
    trailing,
    { eol: detectEol(text), escape },
    /(\r\n|\r|\n)$/.test(text) || text.length === 0,
  );
  return { model };
}

/**
 * An instruction's logical line: continuation lines joined (with `joiner`), comment and
 * empty lines inside the continuation dropped, as Docker reads it.
 */
export function logicalText(text: string, escape: string, joiner = ''): string {
  const lines = text.split(/\r\n|\r|\n/);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i > 0 && /^[ \t]*(#|$)/.test(line)) continue;
    const trimmed = line.replace(/[ \t]+$/, '');
    if (i < lines.length - 1 && trimmed.endsWith(escape)) {
      out += trimmed.slice(0, -1) + joiner;
      continue;
    }
    out += line;
    break;
  }
  return out;
}

/** Flags (`--name[=value]`) and the rest of an instruction's arguments. */
export function splitFlags(logical: string): { flags: { name: string; raw: string; value: string }[]; rest: string } {
  let rest = logical.replace(/^\s*[A-Za-z]+\s*/, '');
  const flags: { name: string; raw: string; value: string }[] = [];
  for (;;) {
    const m = /^--([A-Za-z-]+)(?:=(\S*))?(?:\s+|$)/.exec(rest);
    if (!m) break;
    flags.push({ name: m[1]!.toLowerCase(), raw: `--${m[1]}${m[2] === undefined ? '' : `=${m[2]}`}`, value: m[2] ?? '' });
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** Sources and destination of a COPY/ADD, or null when they need quoting or variables to read. */
export function copyArguments(instr: Instr, escape: string): { flags: { name: string; raw: string; value: string }[]; sources: string[]; dest: string } | null {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.opaque) return null;
  const { flags, rest } = splitFlags(logicalText(instr.text, escape));
  let words: string[];
  if (rest.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) return null;
      words = parsed as string[];
    } catch {
      return null;
    }
  } else {
    if (/["'`\\]/.test(rest) || rest.includes(escape)) return null;
    words = rest.trim().split(/\s+/).filter((w) => w !== '');
  }
  if (words.length < 2) return null;
  return { flags, sources: words.slice(0, -1), dest: words[words.length - 1]! };
}
