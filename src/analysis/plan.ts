/**
 * What the Dockerfile builds and starts (DESIGN §2 "Analysis"): which stage builds, each
 * `go build` / `go install` with its inline env, flags, output and package, where every
 * binary lands, the WORKDIR chain, and the start command. When something is not certain the
 * plan says so in `uncertain`, and rewriting passes decline with that reason.
 *
 * Pure and linear: it is recomputed after every pass edit. Instructions are read from their
 * exact text (continuations joined, inner comment lines dropped, as Docker does), so offsets
 * in `GoBuild.span` point into `instr.text`.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { TextMemo } from '../dockerfile/memo.js';
import type { Instr, Model, Stage } from '../dockerfile/model.js';

/** One `go build` / `go install` inside a RUN. */
export interface GoBuild {
  instr: Instr;
  stage: Stage;
  tool: 'build' | 'install';
  /** RUN form the command was found in; inline env can only be inserted in shell form. */
  form: 'shell' | 'exec';
  /** Offsets of the whole `[ENV=..] go build ...` command inside `instr.text` (exec form: the JSON array). */
  span: [number, number];
  /** The text of `span`, continuations included, for messages. */
  command: string;
  /** Offsets of the `go` word inside `instr.text` (where inline env may be inserted before). */
  goWordOffset: number;
  /** Inline env assignments written before `go` (`CGO_ENABLED=0 GOOS=linux go build`, `env X=1 go build`). */
  inlineEnv: Record<string, string>;
  /** Effective env from the stage's ENV and ARG defaults, `export`s earlier in the RUN, plus inline env. */
  env: Record<string, string>;
  /** All flags as written, e.g. ['-o', 'server', '-ldflags', '-s -w'] (quotes removed, `$VAR` kept). */
  args: string[];
  /** The `-o` value as written, or null. */
  output: string | null;
  /** Package arguments (`.`, `./cmd/api`, `main.go`, `./...`); empty means `.`. */
  packages: string[];
  /** `go install pkg@version`: a tool from the module proxy, not the build context's code. */
  versioned: boolean;
  /** Absolute path of the produced binary in the build stage, or null when not certain. */
  binaryPath: string | null;
  /** Every binary path this command is known to produce (several for `go install ./cmd/a ./cmd/b` or `./...`). */
  binaryPaths: string[];
  /**
   * Why the binaries are not all known (`module-path-unknown`, `multiple-packages`, …), even
   * when `binaryPaths` holds some of them; null when `binaryPaths` is every binary the command writes.
   */
  unresolvedReason: string | null;
  /** Absolute WORKDIR in effect for this command, after any `cd` earlier in the RUN. */
  workdir: string;
  /** Why go ignores go.mod for this command (GOPATH mode), or null when it reads it. */
  modulesOff: ModulesOff | null;
}

/**
 * GO111MODULE=off; a Go before modules (1.10 and older); or Go 1.11/1.12 inside $GOPATH/src
 * without GO111MODULE=on (the default `auto` turned modules off there until Go 1.13).
 */
export type ModulesOff = { reason: 'env' } | { reason: 'go-version'; minor: number } | { reason: 'gopath-src'; minor: number; dir: string };

export interface StartCommand {
  instr: Instr;
  keyword: 'CMD' | 'ENTRYPOINT';
  form: 'exec' | 'shell';
  /** Exec form: the JSON strings. Shell form: [the raw command string]. */
  argv: string[];
  /** Words with quotes removed: the JSON strings, or the shell words of every command of the string. */
  words: string[];
}

export interface ResolvedStart {
  entrypoint: StartCommand | null;
  cmd: StartCommand | null;
  /** The program run at start as written (`./server`, `/app/server`, `app`). */
  program: string | null;
  /**
   * The absolute path the program resolves to in the final stage (against the final WORKDIR,
   * or through PATH), or null. `build.binaryPath` is where it was built, which differs when
   * it arrives through `COPY --from`.
   */
  programPath: string | null;
  /** Which GoBuild produced that program, if any. */
  build: GoBuild | null;
  /** Start needs a shell: shell form, or `sh -c` / a script. */
  needsShell: boolean;
}

export type PlanKind =
  /** One stage that builds Go code with go build/install: the main target. */
  | 'go-single-stage'
  /** Already multi-stage and Go; analysed per stage. */
  | 'go-multi-stage'
  /** Not a Go Dockerfile (no golang base, no go build): left alone. */
  | 'not-go';

/**
 * Stable uncertainty codes and their data:
 * - `from-variable` {image, variable, stage}: the base image needs an ARG with no default.
 * - `windows-image` {image} or {evidence}: a Windows base or Windows paths.
 * - `unresolved-workdir` {workdir, variable}: WORKDIR uses a variable with no known value.
 * - `opaque-build` {stage}: a heredoc RUN that mentions go build/install.
 * - `make-build` {command, stage}: RUN make in a stage with no go build.
 * - `script-build` {command, script, stage}: RUN of a script in a stage with no go build.
 * - `go-run-build` {command}: RUN go run.
 * - `go-run-start` {command}: the start command runs `go run`.
 * - `script-start` {program}: the start program is a script and no built binary is started.
 * - `broken-copy-from` {from, stages}: COPY --from names no earlier stage.
 * - `unresolved-binary` {command, reason} for a build whose binary path is unknown, or
 *   {program, programPath, reason} for a start program that matches no built binary.
 * - `no-start` {stage}: no CMD/ENTRYPOINT in the final stage.
 * - `unknown-multi-stage` {finalStage, buildStage}: no build output reaches the final stage.
 * - `multiple-start-candidates` {programs}: the start command runs several built binaries.
 */
export interface Uncertainty {
  /** Stable code, e.g. `make-build`, `go-run-start`, `unresolved-binary`, `windows-image`, `from-variable`. */
  code: string;
  /** Evidence for the finding message. */
  data: Record<string, string | number>;
  at: Instr | null;
}

export interface BuildPlan {
  kind: PlanKind;
  stages: Stage[];
  /** The stage whose RUNs build Go (the last such stage), or null. */
  buildStage: Stage | null;
  /** The last stage: what the image is. */
  finalStage: Stage | null;
  builds: GoBuild[];
  start: ResolvedStart;
  /** Final WORKDIR of the final stage (absolute; '/' when none). */
  workdir: string;
  /**
   * WORKDIR chain per instruction id: absolute directory in effect at that instruction (for a
   * WORKDIR instruction, the directory it sets). An unresolved `$VAR` stays literal here and
   * is reported as `unresolved-workdir`.
   */
  workdirAt: Map<number, string>;
  /** Reasons a rewriting pass must not restructure the build. Empty when the plan is certain. */
  uncertain: Uncertainty[];
  /** Base image of each stage as written, with global ARG defaults substituted (null if unresolvable). */
  baseImages: (string | null)[];
}

/** The golang image's PATH; other images get Debian/Alpine's default. */
const GOLANG_PATH = '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** HOME of root, the default user, in RUN and at start. */
const ROOT_HOME = '/root';

/** Directories that exist in every Linux image, so `-o /usr/local/bin` writes inside them. */
const STANDARD_DIRS = [
  '/', '/bin', '/sbin', '/usr', '/usr/bin', '/usr/sbin', '/usr/local', '/usr/local/bin', '/usr/local/sbin',
  '/tmp', '/root', '/home', '/opt', '/srv', '/var', '/etc',
];

/** `go build` flags that take a value (cmd/go's `AddBuildFlags`, plus -o and -C). */
const GO_VALUE_FLAGS = new Set([
  'o', 'C', 'p', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags',
  'mod', 'modfile', 'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'covermode', 'coverpkg',
  'debug-actiongraph', 'debug-deps-trace', 'debug-trace',
]);

/** Instructions whose Windows-style paths (`C:\app`) mean a Windows image. */
const WINDOWS_PATH_KEYWORDS = new Set(['WORKDIR', 'COPY', 'ADD', 'ENV', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** find expressions that delete or run commands on what they find. */
const FIND_ACTIONS = new Set(['-delete', '-exec', '-execdir', '-ok', '-okdir']);
const INIT_WRAPPERS = new Set(['tini', 'tini-static', 'dumb-init']);
/** Words that only prefix the real command. */
const COMMAND_PREFIXES = new Set(['exec', 'command', 'time', 'nohup', 'sudo']);
/** Shell reserved words that may start a command line without being the program. */
const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);

/** Variable lookup: a value, or undefined when unknown (undeclared or an ARG with no default). */
type Lookup = (name: string) => string | undefined;
type Vars = Map<string, string | null>;

// ---------------------------------------------------------------------------------------
// Reading instructions

/** Instruction text with continuations joined and comment/blank lines inside them dropped. */
interface LogicalText {
  text: string;
  /** map[i] = offset in instr.text of text[i]. */
  map: number[];
  /** Where the arguments start (after the keyword and its whitespace). */
  argsStart: number;
  /** rawWords of the arguments, once asked for. */
  argWords?: readonly { text: string; start: number }[];
  /** tokenizeShell results by [from][to], once asked for. */
  shells?: Map<number, Map<number, readonly ShellCommand[]>>;
}

const logicalTexts = new TextMemo<LogicalText>(4_096);

function logicalText(raw: string, escape: string): LogicalText {
  return logicalTexts.get(raw, escape, () => readLogicalText(raw, escape));
}

/**
 * An instruction's logical text. The plan reads every instruction again after each pass
 * edit; remembering the reading on the instruction skips even the memo's text lookup.
 */
const readings = new WeakMap<Instr, { raw: string; lt: LogicalText }>();

function instrText(instr: Instr, escape: string): LogicalText {
  const known = readings.get(instr);
  if (known && known.raw === instr.text) return known.lt;
  const lt = logicalText(instr.text, escape);
  readings.set(instr, { raw: instr.text, lt });
  return lt;
}

/** tokenizeShell of a part of a logical text, remembered on it. */
function shellCommands(lt: LogicalText, from: number, to: number): readonly ShellCommand[] {
  lt.shells ??= new Map();
  let byEnd = lt.shells.get(from);
  if (!byEnd) lt.shells.set(from, (byEnd = new Map()));
  let commands = byEnd.get(to);
  if (!commands) byEnd.set(to, (commands = readShellCommands(lt.text, from, to)));
  return commands;
}

/** The words of an instruction's arguments, quotes and escapes kept. */
function argumentWords(lt: LogicalText, escape: string): readonly { text: string; start: number }[] {
  lt.argWords ??= readRawWords(lt.text.slice(lt.argsStart), escape);
  return lt.argWords;
}

function readLogicalText(raw: string, escape: string): LogicalText {
  const chars: string[] = [];
  const map: number[] = [];
  let i = 0;
  let first = true;
  while (i < raw.length) {
    let end = i;
    while (end < raw.length && raw[end] !== '\n' && raw[end] !== '\r') end++;
    const next = raw[end] === '\r' && raw[end + 1] === '\n' ? end + 2 : end < raw.length ? end + 1 : end;
    if (!first && isCommentOrBlank(raw, i, end)) {
      i = next;
      continue;
    }
    first = false;
    let j = end;
    while (j > i && (raw[j - 1] === ' ' || raw[j - 1] === '\t')) j--;
    // An escape at the very end (a dangling continuation before EOF) is dropped, as Docker does.
    const continues = j > i && raw[j - 1] === escape;
    const contentEnd = continues ? j - 1 : end;
    for (let k = i; k < contentEnd; k++) {
      chars.push(raw[k]!);
      map.push(k);
    }
    if (!continues || next === end) break;
    i = next;
  }
  const text = chars.join('');
  let argsStart = 0;
  while (argsStart < text.length && (text[argsStart] === ' ' || text[argsStart] === '\t')) argsStart++;
  while (argsStart < text.length && /[A-Za-z]/.test(text[argsStart]!)) argsStart++;
  while (argsStart < text.length && (text[argsStart] === ' ' || text[argsStart] === '\t')) argsStart++;
  return { text, map, argsStart };
}

function isCommentOrBlank(raw: string, from: number, to: number): boolean {
  let k = from;
  while (k < to && (raw[k] === ' ' || raw[k] === '\t')) k++;
  return k === to || raw[k] === '#';
}

/** A parsed `$NAME` / `${NAME[op word]}` reference; `name` null for `$(..)`, backticks and the like. */
interface VarRef {
  raw: string;
  name: string | null;
  op: string | null;
  word: string;
}

/** Index of the bracket closing the one at `open` (nesting counted), or `to` when it is not closed before it. */
function closingBracket(s: string, open: number, to: number, opening: string, closing: string): number {
  let depth = 0;
  let j = open;
  for (; j < to; j++) {
    if (s[j] === opening) depth++;
    else if (s[j] === closing && --depth === 0) break;
  }
  return j;
}

function parseVarRef(s: string, i: number, to: number): { ref: VarRef | null; end: number } {
  const next = s[i + 1];
  if (next === '{') {
    const j = closingBracket(s, i + 1, to, '{', '}');
    const end = Math.min(j + 1, to);
    const inner = s.slice(i + 2, j);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+=?])([\s\S]*))?$/.exec(inner);
    const raw = s.slice(i, end);
    if (!m) return { ref: { raw, name: null, op: null, word: '' }, end };
    return { ref: { raw, name: m[1]!, op: m[2] ?? null, word: m[3] ?? '' }, end };
  }
  if (next === '(') {
    const end = Math.min(closingBracket(s, i + 1, to, '(', ')') + 1, to);
    return { ref: { raw: s.slice(i, end), name: null, op: null, word: '' }, end };
  }
  if (next !== undefined && i + 1 < to && /[A-Za-z_]/.test(next)) {
    let j = i + 1;
    while (j < to && /[A-Za-z0-9_]/.test(s[j]!)) j++;
    return { ref: { raw: s.slice(i, j), name: s.slice(i + 1, j), op: null, word: '' }, end: j };
  }
  if (next !== undefined && i + 1 < to && /[0-9@*#?$!-]/.test(next)) {
    return { ref: { raw: s.slice(i, i + 2), name: null, op: null, word: '' }, end: i + 2 };
  }
  return { ref: null, end: i + 1 };
}

/** Value of a reference, or null when it cannot be known statically. */
function resolveRef(ref: VarRef, lookup: Lookup, escape: string): string | null {
  if (ref.name === null) return null;
  const value = lookup(ref.name);
  const alternative = () => processWord(ref.word, escape, lookup).value;
  switch (ref.op) {
    case null:
    case '?':
    case ':?':
      return value ?? null;
    case ':-':
    case ':=':
      return value === undefined || value === '' ? alternative() : value;
    case '-':
    case '=':
      return value === undefined ? alternative() : value;
    case ':+':
      return value === undefined ? null : value === '' ? '' : alternative();
    case '+':
      return value === undefined ? null : alternative();
    default:
      return null;
  }
}

/**
 * Docker's word processing for non-RUN instructions: quotes removed, the escape character
 * honoured, variables expanded (`value` is null when one is unknown; `unresolved` names it).
 */
function processWord(raw: string, escape: string, lookup: Lookup): { value: string | null; unresolved: string | null } {
  // Most words (`/app`, `go.mod`, `golang:1.22`) have nothing to process.
  if (!raw.includes(escape) && !/[$'"]/.test(raw)) return { value: raw, unresolved: null };
  let out = '';
  let unresolved: string | null = null;
  const expand = (i: number): number => {
    const { ref, end } = parseVarRef(raw, i, raw.length);
    if (!ref) {
      out += '$';
      return end;
    }
    const value = resolveRef(ref, lookup, escape);
    if (value === null) unresolved ??= ref.name ?? ref.raw;
    else out += value;
    return end;
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === escape) {
      if (i + 1 < raw.length) out += raw[i + 1];
      i += 2;
    } else if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      const end = close < 0 ? raw.length : close;
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === escape && i + 1 < raw.length && (raw[i + 1] === '"' || raw[i + 1] === '$' || raw[i + 1] === escape)) {
          out += raw[i + 1];
          i += 2;
        } else if (raw[i] === '$') i = expand(i);
        else out += raw[i++];
      }
      i++;
    } else if (c === '$') {
      i = expand(i);
    } else {
      out += c;
      i++;
    }
  }
  return unresolved === null ? { value: out, unresolved: null } : { value: null, unresolved };
}

/** Whitespace-separated words, quotes and escapes kept (Docker splits before processing). */
const rawWordLists = new TextMemo<readonly { text: string; start: number }[]>(4_096);

function rawWords(s: string, escape: string): readonly { text: string; start: number }[] {
  return rawWordLists.get(s, escape, () => readRawWords(s, escape));
}

function readRawWords(s: string, escape: string): { text: string; start: number }[] {
  const words: { text: string; start: number }[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === escape) i += 2;
      else if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < s.length && s[j] !== c) j += c === '"' && s[j] === escape ? 2 : 1;
        i = j + 1;
      } else i++;
    }
    words.push({ text: s.slice(start, Math.min(i, s.length)), start });
  }
  return words;
}

/** JSON form (`["a", "b"]`) as Docker accepts it: a valid JSON array of strings, else null. */
export function jsonArgs(s: string): string[] | null {
  const trimmed = s.trim();
  if (!trimmed.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    return null;
  }
  return null;
}

/** Positions of the strings of a valid JSON array: [start of opening quote, end after closing quote). */
function jsonStringSpans(s: string, from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  let i = from;
  while (i < to) {
    if (s[i] === '"') {
      let j = i + 1;
      while (j < to && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      spans.push([i, j + 1]);
      i = j + 1;
    } else i++;
  }
  return spans;
}

// ---------------------------------------------------------------------------------------
// Shell commands (RUN, shell-form CMD/ENTRYPOINT)

type ShellPart = { kind: 'lit'; text: string } | { kind: 'ref'; text: string; ref: VarRef | null };

interface ShellWord {
  start: number;
  end: number;
  parts: ShellPart[];
}

interface ShellCommand {
  words: ShellWord[];
  start: number;
  end: number;
}

/**
 * Split a POSIX shell string into simple commands (`&&`, `||`, `;`, `|`, `&`, newlines,
 * parentheses and control keywords separate them). Redirections and comments are dropped.
 */
const shellCommandLists = new TextMemo<readonly ShellCommand[]>(4_096);

function tokenizeShell(s: string, from: number, to: number): readonly ShellCommand[] {
  return shellCommandLists.get(s, `${from}:${to}`, () => readShellCommands(s, from, to));
}

function readShellCommands(s: string, from: number, to: number): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let start = -1;
  let end = -1;
  let word: ShellWord | null = null;
  let redirectTarget = false;

  const addLiteral = (text: string) => {
    const last = word!.parts[word!.parts.length - 1];
    if (last?.kind === 'lit') last.text += text;
    else word!.parts.push({ kind: 'lit', text });
  };
  const endWord = () => {
    if (!word) return;
    if (redirectTarget) redirectTarget = false;
    else if (words.length === 0 && isReservedWord(s, word)) {
      word = null;
      return;
    } else words.push(word);
    if (start < 0) start = word.start;
    end = word.end;
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push({ words, start, end });
    words = [];
    start = -1;
    redirectTarget = false;
  };

  let i = from;
  while (i < to) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === '\r') {
      endCommand();
      i++;
    } else if (c === '#' && !word) {
      while (i < to && s[i] !== '\n' && s[i] !== '\r') i++;
    } else if (c === '&' && s[i + 1] === '>') {
      endWord();
      i++;
    } else if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      i++;
      if (s[i] === c || (c === '|' && s[i] === '&')) i++;
    } else if (c === '<' || c === '>') {
      if (word && word.parts.length === 1 && word.parts[0]!.kind === 'lit' && /^[0-9]+$/.test(word.parts[0]!.text)) {
        word = null;
      } else endWord();
      i++;
      while (i < to && (s[i] === '<' || s[i] === '>' || s[i] === '&' || s[i] === '|')) i++;
      redirectTarget = true;
    } else if (c === '\\' && i + 1 >= to) {
      i++;
    } else {
      word ??= { start: i, end: i, parts: [] };
      if (c === "'") {
        const close = s.indexOf("'", i + 1);
        const stop = close < 0 || close >= to ? to : close;
        addLiteral(s.slice(i + 1, stop));
        i = stop + 1;
      } else if (c === '"') {
        i++;
        while (i < to && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < to && '$`"\\'.includes(s[i + 1]!)) {
            addLiteral(s[i + 1]!);
            i += 2;
          } else if (s[i] === '$' || s[i] === '`') i = addReference(s, i, to, word, addLiteral);
          else addLiteral(s[i++]!);
        }
        i++;
      } else if (c === '\\') {
        addLiteral(s[i + 1]!);
        i += 2;
      } else if (c === '$' || c === '`') {
        i = addReference(s, i, to, word, addLiteral);
      } else {
        addLiteral(c);
        i++;
      }
      word.end = Math.min(i, to);
    }
  }
  endCommand();
  return commands;
}

function addReference(s: string, i: number, to: number, word: ShellWord, addLiteral: (t: string) => void): number {
  if (s[i] === '`') {
    let j = i + 1;
    while (j < to && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
    const end = Math.min(j + 1, to);
    word.parts.push({ kind: 'ref', text: s.slice(i, end), ref: null });
    return end;
  }
  const { ref, end } = parseVarRef(s, i, to);
  if (ref) word.parts.push({ kind: 'ref', text: ref.raw, ref });
  else addLiteral('$');
  return end;
}

function isReservedWord(s: string, word: ShellWord): boolean {
  const text = s.slice(word.start, word.end);
  return RESERVED_WORDS.has(text);
}

/** The word with quotes removed and references kept as written. */
function wordText(word: ShellWord): string {
  return word.parts.map((p) => p.text).join('');
}

/** The word expanded, or null when a reference cannot be known. */
function expandWord(word: ShellWord, lookup: Lookup): string | null {
  let out = '';
  for (const part of word.parts) {
    if (part.kind === 'lit') out += part.text;
    else {
      const value = part.ref ? resolveRef(part.ref, lookup, '\\') : null;
      if (value === null) return null;
      out += value;
    }
  }
  return out;
}

/** The inner range of a word that is one quoted literal (`'cd x && go build'`), for `sh -c`. */
function quotedLiteralRange(s: string, word: ShellWord): [number, number] | null {
  const q = s[word.start];
  if ((q !== "'" && q !== '"') || s[word.end - 1] !== q || word.end - word.start < 2) return null;
  if (word.parts.length !== 1 || word.parts[0]!.kind !== 'lit') return null;
  const inner = s.slice(word.start + 1, word.end - 1);
  return word.parts[0]!.text === inner ? [word.start + 1, word.end - 1] : null;
}

function assignmentOf(word: ShellWord, lookup: Lookup): { name: string; value: string | null } | null {
  const first = word.parts[0];
  if (first?.kind !== 'lit') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return null;
  const rest: ShellWord = {
    start: word.start,
    end: word.end,
    parts: [{ kind: 'lit', text: first.text.slice(m[0].length) }, ...word.parts.slice(1)],
  };
  return { name: m[1]!, value: expandWord(rest, lookup) };
}

// ---------------------------------------------------------------------------------------
// Images and paths

interface ImageRef {
  name: string;
  golang: boolean;
  windows: boolean;
}

/** `[registry[:port]/]path[:tag][@digest]`: the repository's last path element decides golang. */
function parseImage(ref: string): ImageRef {
  const lower = ref.toLowerCase();
  const at = lower.indexOf('@');
  const noDigest = at < 0 ? lower : lower.slice(0, at);
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const name = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const parts = name.split('/');
  return {
    name,
    golang: parts[parts.length - 1] === 'golang',
    windows: lower.includes('windowsservercore') || lower.includes('nanoserver'),
  };
}

function resolvePath(dir: string, p: string): string {
  // `.`, `./` or a plain name below an already normal directory need no normalising.
  if (dir.startsWith('/') && (dir === '/' || (!dir.endsWith('/') && !dir.includes('/.') && !dir.includes('//')))) {
    if (p === '.' || p === './') return dir;
    if (PLAIN_PATH_NAME.test(p)) return dir === '/' ? `/${p}` : `${dir}/${p}`;
  }
  return posix.normalize(p.startsWith('/') ? p : posix.join(dir, p)).replace(/(.)\/$/, '$1');
}

/** A single path element that is not `.` or `..` (and so normalises to itself). */
const PLAIN_PATH_NAME = /^(?!\.\.?$)[^/]+$/;

function isUnder(p: string, dir: string): boolean {
  return dir === '/' ? p.startsWith('/') : p === dir || p.startsWith(dir + '/');
}

/** `$GOPATH/src` for the first GOPATH entry, or null when GOPATH is unset or not absolute. */
function gopathSrcDir(lookup: Lookup): string | null {
  const gopath = lookup('GOPATH')?.split(':')[0];
  return gopath && gopath.startsWith('/') ? `${gopath}/src` : null;
}

/** GOPATH mode names a binary after its directory; binaryName's /vN rule is module mode's, so a directory `v2` is not guessed. */
function gopathBinaryName(pkgDir: string): string | null {
  const name = posix.basename(pkgDir);
  return /^v[0-9]+$/.test(name) ? null : name;
}

/** Go names a binary after the last path element that is not a major-version suffix (`/v2`). */
function binaryName(importPath: string): string | null {
  const parts = importPath.split('/').filter((p) => p !== '' && p !== '.');
  let i = parts.length - 1;
  if (i > 0 && /^v[0-9]+$/.test(parts[i]!) && parts[i] !== 'v0' && parts[i] !== 'v1') i--;
  return i >= 0 && parts[i] !== '..' ? parts[i]! : null;
}

// ---------------------------------------------------------------------------------------
// Analysis state

interface StageInfo {
  stage: Stage;
  parent: StageInfo | null;
  golang: boolean;
  /** Variables from the image itself (GOPATH, PATH, HOME): used for lookups, not reported as env. */
  imageEnv: Map<string, string>;
  /** ENV, inherited across `FROM <stage>`. */
  env: Vars;
  /** ARG declared in this stage; null value = no default. */
  args: Vars;
  workdir: string;
  workdirKnown: boolean;
  /** Directories known to exist (WORKDIR, mkdir, COPY targets): `-o <dir>` writes inside them. */
  dirs: Set<string>;
  /** Where the build context (`.` or go.mod) was copied; the module root. */
  contextRoot: string | null;
  /** Where the whole build context was copied (`COPY . <dir>`): every package in it is there. */
  wholeContext: string | null;
  /** Go 1.x release of the golang image the stage descends from (see goMinorVersion). */
  goMinor: number | 'current' | null;
  /** Built binaries present in this stage's filesystem, by path. */
  located: Map<string, GoBuild>;
  cmd: Instr | null;
  entrypoint: Instr | null;
  /** Whether this stage has a non-versioned go build/install. */
  builds: boolean;
  makes: { instr: Instr; command: string }[];
  scripts: { instr: Instr; command: string; script: string }[];
}

function buildLookup(info: StageInfo, overrides: Vars | null, includeArgs: boolean): Lookup {
  return (name) => {
    for (const vars of [overrides, info.env, includeArgs ? info.args : null]) {
      if (vars?.has(name)) return vars.get(name) ?? undefined;
    }
    return info.imageEnv.get(name);
  };
}

/** A running shell (RUN, shell-form CMD) also has HOME, which Dockerfile-level substitution does not. */
function shellLookup(lookup: Lookup): Lookup {
  return (name) => lookup(name) ?? (name === 'HOME' ? ROOT_HOME : undefined);
}

function knownVars(...maps: (Vars | null)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const vars of maps) {
    if (!vars) continue;
    for (const [k, v] of vars) {
      if (v !== null) out[k] = v;
      else delete out[k];
    }
  }
  return out;
}

class Analysis {
  readonly uncertain: Uncertainty[] = [];
  readonly builds: GoBuild[] = [];
  readonly workdirAt = new Map<number, string>();
  readonly infos: StageInfo[] = [];
  readonly baseImages: (string | null)[] = [];
  readonly escape: string;

  constructor(
    readonly model: Model,
    readonly stages: Stage[],
    readonly modulePath: string | null,
    readonly packages: GoPackages | null,
  ) {
    this.escape = model.style.escape;
  }

  flag(code: string, data: Record<string, string | number>, at: Instr | null): void {
    this.uncertain.push({ code, data, at });
  }

  run(): void {
    const globals = this.globalArgs();
    for (const stage of this.stages) this.analyseStage(stage, globals);
    this.flagWindowsPaths();
  }

  private globalArgs(): Vars {
    const vars: Vars = new Map();
    const lookup: Lookup = (name) => vars.get(name) ?? undefined;
    for (const instr of this.model.globalArgs()) this.readArg(instr, vars, lookup, null);
    return vars;
  }

  private readArg(instr: Instr, into: Vars, lookup: Lookup, globals: Vars | null): void {
    for (const w of argumentWords(instrText(instr, this.escape), this.escape)) {
      const eq = w.text.indexOf('=');
      if (eq < 0) {
        // `ARG NAME` in a stage takes the global default, if there is one.
        into.set(w.text, globals?.get(w.text) ?? null);
      } else {
        into.set(w.text.slice(0, eq), processWord(w.text.slice(eq + 1), this.escape, lookup).value);
      }
    }
  }

  private readEnv(instr: Instr, info: StageInfo): void {
    const lt = instrText(instr, this.escape);
    const args = lt.text.slice(lt.argsStart);
    const words = argumentWords(lt, this.escape);
    const lookup = buildLookup(info, null, true);
    const set: [string, string | null][] = [];
    if (words.length > 0 && !words[0]!.text.includes('=')) {
      // Legacy `ENV K V…`: the value is the rest of the line.
      const rest = args.slice(words[0]!.start + words[0]!.text.length).trim();
      set.push([words[0]!.text, processWord(rest, this.escape, lookup).value]);
    } else {
      for (const w of words) {
        const eq = w.text.indexOf('=');
        if (eq > 0) set.push([w.text.slice(0, eq), processWord(w.text.slice(eq + 1), this.escape, lookup).value]);
      }
    }
    for (const [k, v] of set) info.env.set(k, v);
  }

  private stageByReference(ref: string, before: number): StageInfo | null {
    const lower = ref.toLowerCase();
    if (/^[0-9]+$/.test(lower)) {
      const n = Number(lower);
      return n < before ? this.infos[n] ?? null : null;
    }
    for (let i = before - 1; i >= 0; i--) {
      if (this.infos[i]!.stage.name === lower) return this.infos[i]!;
    }
    return null;
  }

  private analyseStage(stage: Stage, globals: Vars): void {
    const globalLookup: Lookup = (name) => globals.get(name) ?? undefined;
    const words = argumentWords(instrText(stage.from, this.escape), this.escape).filter((w) => !w.text.startsWith('--'));
    const rawImage = words[0]?.text ?? '';
    const image = processWord(rawImage, this.escape, globalLookup);
    this.baseImages.push(image.value);

    const parent = image.value === null ? null : this.stageByReference(image.value, stage.index);
    const ref = image.value === null ? null : parseImage(image.value);
    if (image.value === null) {
      this.flag('from-variable', { image: rawImage, variable: image.unresolved ?? '', stage: stage.index }, stage.from);
    } else if (!parent && ref!.windows) {
      this.flag('windows-image', { image: image.value }, stage.from);
    }

    const golang = parent ? parent.golang : ref?.golang ?? false;
    const imageEnv = parent
      ? new Map(parent.imageEnv)
      : new Map(golang ? [['PATH', GOLANG_PATH], ['GOPATH', '/go']] : [['PATH', DEFAULT_PATH]]);
    const workdir = parent ? parent.workdir : golang ? '/go' : '/';
    const info: StageInfo = {
      stage,
      parent,
      golang,
      imageEnv,
      env: new Map(parent?.env ?? []),
      args: new Map(),
      workdir,
      workdirKnown: parent ? parent.workdirKnown : true,
      dirs: new Set([...STANDARD_DIRS, ...(parent?.dirs ?? []), workdir, ...(golang ? ['/go', '/go/bin', '/go/src'] : [])]),
      contextRoot: parent?.contextRoot ?? null,
      wholeContext: parent?.wholeContext ?? null,
      goMinor: parent ? parent.goMinor : goMinorOfImage(image.value),
      located: new Map(parent?.located ?? []),
      cmd: null,
      entrypoint: null,
      builds: false,
      makes: [],
      scripts: [],
    };
    this.infos.push(info);
    this.workdirAt.set(stage.from.id, info.workdir);

    for (const instr of stage.body) {
      switch (instr.keyword) {
        case 'ARG':
          this.readArg(instr, info.args, buildLookup(info, null, true), globals);
          break;
        case 'ENV':
          this.readEnv(instr, info);
          break;
        case 'WORKDIR':
          this.readWorkdir(instr, info);
          break;
        case 'RUN':
          this.readRun(instr, info);
          break;
        case 'COPY':
        case 'ADD':
          this.readCopy(instr, info);
          break;
        case 'CMD':
          info.cmd = instr;
          break;
        case 'ENTRYPOINT':
          info.entrypoint = instr;
          break;
        default:
          break;
      }
      this.workdirAt.set(instr.id, info.workdir);
    }

    if (!info.builds) {
      for (const m of info.makes) this.flag('make-build', { command: m.command, stage: stage.index }, m.instr);
      for (const s of info.scripts) {
        this.flag('script-build', { command: s.command, script: s.script, stage: stage.index }, s.instr);
      }
    }
  }

  private readWorkdir(instr: Instr, info: StageInfo): void {
    const { text, argsStart } = instrText(instr, this.escape);
    // The whole rest is one path: `WORKDIR WORKDIR /x` is the relative path "WORKDIR /x".
    const raw = text.slice(argsStart).trim();
    const { value, unresolved } = processWord(raw, this.escape, buildLookup(info, null, true));
    if (value === null) {
      this.flag('unresolved-workdir', { workdir: raw, variable: unresolved ?? '' }, instr);
      info.workdir = resolvePath(info.workdir, raw);
      info.workdirKnown = false;
    } else {
      info.workdir = resolvePath(info.workdir, value);
      if (value.startsWith('/')) info.workdirKnown = true;
    }
    for (let d = info.workdir; d !== '/'; d = posix.dirname(d)) info.dirs.add(d);
  }

  private readCopy(instr: Instr, info: StageInfo): void {
    if (instr.opaque) return;
    const { text, argsStart } = instrText(instr, this.escape);
    const lookup = buildLookup(info, null, true);
    let rest = text.slice(argsStart);
    let from: string | null = null;
    for (;;) {
      const m = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest);
      if (!m) break;
      if (m[1] === 'from') from = processWord(m[2] ?? '', this.escape, lookup).value ?? m[2] ?? '';
      rest = rest.slice(m[0].length);
    }
    const json = jsonArgs(rest);
    const values = json ?? rawWords(rest, this.escape).map((w) => processWord(w.text, this.escape, lookup).value);
    if (values.length < 2) return;
    const destRaw = values[values.length - 1]!;
    const sources = values.slice(0, -1);
    if (destRaw === null) return;
    const dest = resolvePath(info.workdir, destRaw);
    const destIsDir = destRaw.endsWith('/') || sources.length > 1 || info.dirs.has(dest);

    if (from === null) {
      const copiesModule = sources.some((s) => s !== null && /^(\.\/?|go\.mod)$/.test(s));
      if (copiesModule) info.contextRoot = sources.includes('go.mod') && !destIsDir ? posix.dirname(dest) : dest;
      if (sources.some((s) => s === '.' || s === './')) info.wholeContext = dest;
    } else {
      const source = this.stageByReference(from, info.stage.index);
      if (!source) {
        if (!/[:/.@]/.test(from)) {
          const names = this.infos.slice(0, info.stage.index).map((s) => s.stage.name ?? String(s.stage.index));
          this.flag('broken-copy-from', { from, stages: names.join(', ') }, instr);
        }
      } else {
        for (const src of sources) {
          if (src === null) continue;
          this.mapCopiedBinaries(source, resolvePath('/', src), dest, destIsDir, info);
        }
      }
    }
    // Copying a directory (`.`, `src/`) creates one at dest.
    if (destIsDir || sources.some((s) => s === '.' || s?.endsWith('/'))) info.dirs.add(dest);
  }

  /** Follow built binaries through `COPY --from=<stage> src dest`. */
  private mapCopiedBinaries(source: StageInfo, src: string, dest: string, destIsDir: boolean, into: StageInfo): void {
    const glob = /[*?[]/.test(src) ? globToRegExp(posix.basename(src)) : null;
    for (const [path, build] of source.located) {
      let target: string | null = null;
      if (glob) {
        if (posix.dirname(path) === posix.dirname(src) && glob.test(posix.basename(path))) {
          target = posix.join(dest, posix.basename(path));
        }
      } else if (path === src) {
        target = destIsDir ? posix.join(dest, posix.basename(src)) : dest;
      } else if (isUnder(path, src)) {
        target = posix.join(dest, path.slice(src === '/' ? 1 : src.length + 1));
      }
      if (target !== null) into.located.set(target, build);
    }
  }

  private readRun(instr: Instr, info: StageInfo): void {
    if (instr.opaque) {
      if (/\bgo\s+(build|install)\b/.test(instr.text)) this.flag('opaque-build', { stage: info.stage.index }, instr);
      return;
    }
    const lt = instrText(instr, this.escape);
    let i = lt.argsStart;
    // RUN flags (`--mount=…`, `--network=…`) come before the command.
    while (lt.text.startsWith('--', i)) {
      while (i < lt.text.length && !/\s/.test(lt.text[i]!)) i++;
      while (i < lt.text.length && /\s/.test(lt.text[i]!)) i++;
    }
    const state: RunState = {
      dir: info.workdirKnown ? info.workdir : null,
      exported: new Map(),
      shellVars: new Map(),
    };
    const json = jsonArgs(lt.text.slice(i));
    if (json) {
      const spans = jsonStringSpans(lt.text, i, lt.text.length);
      const words: ShellWord[] = json.map((value, k) => ({
        start: spans[k]![0],
        end: spans[k]![1],
        parts: [{ kind: 'lit', text: value }],
      }));
      if (words.length === 0) return;
      const open = lt.text.indexOf('[', i);
      const close = lt.text.lastIndexOf(']');
      const command: ShellCommand = { words, start: open, end: close + 1 };
      this.interpret(command, { instr, info, lt, state, form: 'exec' });
      return;
    }
    this.interpretShell(i, lt.text.length, { instr, info, lt, state, form: 'shell' });
  }

  private interpretShell(from: number, to: number, run: RunContext): void {
    for (const command of shellCommands(run.lt, from, to)) this.interpret(command, run);
  }

  private interpret(command: ShellCommand, run: RunContext): void {
    const { instr, info, lt, state, form } = run;
    const lookup = shellLookup(buildLookup(info, mergeVars(state.exported, state.shellVars), true));
    const words = command.words;
    const inline: Vars = new Map();
    let k = 0;
    for (; k < words.length; k++) {
      const a = form === 'shell' ? assignmentOf(words[k]!, lookup) : null;
      if (!a) break;
      inline.set(a.name, a.value);
    }
    if (k === words.length) {
      for (const [name, value] of inline) {
        state.shellVars.set(name, value);
        if (state.exported.has(name) || info.env.has(name) || info.args.has(name)) state.exported.set(name, value);
      }
      return;
    }
    let program = expandWord(words[k]!, lookup) ?? wordText(words[k]!);
    for (;;) {
      const base = posix.basename(program);
      if (base === 'env') {
        k++;
        while (k < words.length && wordText(words[k]!).startsWith('-')) k += wordText(words[k]!) === '-u' ? 2 : 1;
        for (; k < words.length; k++) {
          const a = assignmentOf(words[k]!, lookup);
          if (!a) break;
          inline.set(a.name, a.value);
        }
      } else if (COMMAND_PREFIXES.has(base)) {
        k++;
        while (k < words.length && wordText(words[k]!).startsWith('-')) k++;
      } else break;
      if (k >= words.length) return;
      program = expandWord(words[k]!, lookup) ?? wordText(words[k]!);
    }
    const base = posix.basename(program);
    const args = words.slice(k + 1);
    const commandText = () => instr.text.slice(lt.map[command.start]!, lt.map[command.end - 1]! + 1);

    if (base === 'cd' || base === 'pushd') {
      const target = args[0] ? expandWord(args[0], lookup) : ROOT_HOME;
      if (target === null || target === '-') state.dir = null;
      else if (target.startsWith('/')) state.dir = resolvePath('/', target);
      else state.dir = state.dir === null ? null : resolvePath(state.dir, target);
    } else if (base === 'export') {
      for (const w of args) {
        const a = assignmentOf(w, lookup);
        if (a) state.exported.set(a.name, a.value);
        else if (state.shellVars.has(wordText(w))) state.exported.set(wordText(w), state.shellVars.get(wordText(w))!);
      }
    } else if (base === 'mkdir') {
      for (const w of args) {
        const p = expandWord(w, lookup);
        if (p === null || p.startsWith('-') || (state.dir === null && !p.startsWith('/'))) continue;
        for (let d = resolvePath(state.dir ?? '/', p); d !== '/'; d = posix.dirname(d)) info.dirs.add(d);
      }
    } else if (base === 'go') {
      const sub = args[0] ? wordText(args[0]) : '';
      if (sub === 'build' || sub === 'install') {
        this.addBuild(sub, command, words[k]!, args.slice(1), inline, lookup, run);
      } else if (sub === 'run') {
        this.flag('go-run-build', { command: commandText() }, instr);
      } else if (sub === 'clean' && info.located.size > 0 && args.some((w) => /^--?i$/.test(wordText(w)))) {
        // `go clean -i` removes what go install installed.
        this.flag('binary-touched', { command: commandText() }, instr);
      }
    } else if (base === 'rm' || base === 'mv' || base === 'unlink' || (base === 'find' && args.some((w) => FIND_ACTIONS.has(wordText(w))))) {
      this.checkBinariesTouched(base, args, state.dir, info, lookup, instr, commandText);
    } else if (base === 'make' || base === 'gmake') {
      info.makes.push({ instr, command: commandText() });
    } else if (SHELLS.has(base)) {
      const c = args.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(wordText(w)));
      if (c >= 0 && args[c + 1]) {
        const range = quotedLiteralRange(lt.text, args[c + 1]!);
        if (range) {
          const inner: RunState = { ...state, exported: new Map(state.exported), shellVars: new Map(state.shellVars) };
          this.interpretShell(range[0], range[1], { ...run, state: inner, form: 'shell' });
        }
      } else {
        const script = args.find((w) => !wordText(w).startsWith('-'));
        if (script) info.scripts.push({ instr, command: commandText(), script: wordText(script) });
      }
    } else if (base.endsWith('.sh') || base === 'go-wrapper') {
      info.scripts.push({ instr, command: commandText(), script: program });
    }
  }

  /**
   * A file command after a build that may remove, move or overwrite a built binary: the
   * runtime stage would copy a file that is no longer there, so the plan is not certain.
   * Paths are the command's operands (for find, the start paths); a variable that cannot be
   * expanded or a path relative to an unknown directory may be anything.
   */
  private checkBinariesTouched(
    base: string,
    args: ShellWord[],
    dir: string | null,
    info: StageInfo,
    lookup: Lookup,
    instr: Instr,
    commandText: () => string,
  ): void {
    if (info.located.size === 0) return;
    const binaries = [...info.located.keys()];
    let touched = false;
    for (const w of args) {
      const text = wordText(w);
      if (base === 'find' && (text.startsWith('-') || text === '(' || text === '!')) break;
      if (text.startsWith('-') && text !== '-') continue;
      const value = expandWord(w, lookup);
      if (value === null || (dir === null && !value.startsWith('/'))) {
        touched = true;
        break;
      }
      const path = value.startsWith('/') ? value : `${dir}/${value}`;
      const segments = path.split('/');
      const glob = segments.findIndex((seg) => /[*?[]/.test(seg));
      if (glob < 0) {
        const target = resolvePath('/', path);
        touched = binaries.some((b) => isUnder(b, target));
      } else {
        // What a glob can reach: entries of its literal directory whose name matches the
        // globbed element (or anything below that directory when a later element is globbed).
        const parent = resolvePath('/', segments.slice(0, glob).join('/') || '/');
        const element = globToRegExp(segments[glob]!);
        const last = glob === segments.length - 1;
        touched = binaries.some((b) => {
          if (!isUnder(b, parent) || b === parent) return false;
          const first = b.slice(parent === '/' ? 1 : parent.length + 1).split('/')[0]!;
          return !last || element.test(first);
        });
      }
      if (touched) break;
    }
    if (touched) this.flag('binary-touched', { command: commandText() }, instr);
  }

  private addBuild(
    tool: 'build' | 'install',
    command: ShellCommand,
    goWord: ShellWord,
    words: ShellWord[],
    inline: Vars,
    lookup: Lookup,
    run: RunContext,
  ): void {
    const { instr, info, lt, state, form } = run;
    const args: string[] = [];
    const packages: ShellWord[] = [];
    let output: ShellWord | string | null = null;
    let changeDir: ShellWord | string | null = null;
    let k = 0;
    for (; k < words.length; k++) {
      const text = wordText(words[k]!);
      if (text === '--') {
        k++;
        break;
      }
      if (!text.startsWith('-') || text === '-') break;
      const eq = text.indexOf('=');
      const name = text.replace(/^--?/, '').split('=')[0]!;
      args.push(text);
      let value: ShellWord | string | null = null;
      if (eq >= 0) value = text.slice(eq + 1);
      else if (GO_VALUE_FLAGS.has(name) && k + 1 < words.length) {
        value = words[++k]!;
        args.push(wordText(value));
      }
      if (name === 'o') output = value;
      if (name === 'C') changeDir = value;
    }
    for (; k < words.length; k++) packages.push(words[k]!);

    const expand = (v: ShellWord | string) => (typeof v === 'string' ? processWord(v, '\\', lookup).value : expandWord(v, lookup));
    const env = { ...knownVars(info.args, info.env, state.exported), ...knownVars(inline) };
    const buildLookupWithInline: Lookup = (name) => (inline.has(name) ? inline.get(name) ?? undefined : lookup(name));
    const packageTexts = packages.map(wordText);

    let dir = state.dir;
    if (changeDir !== null && dir !== null) {
      const c = expand(changeDir);
      dir = c === null ? null : resolvePath(dir, c);
    }
    const outcome = this.binaryPaths(
      tool,
      packages.map((p) => expand(p)),
      output === null ? undefined : expand(output),
      dir,
      info,
      buildLookupWithInline,
    );

    const span: [number, number] = [lt.map[command.start]!, lt.map[command.end - 1]! + 1];
    const build: GoBuild = {
      instr,
      stage: info.stage,
      tool,
      form,
      span,
      command: instr.text.slice(span[0], span[1]),
      goWordOffset: lt.map[goWord.start]!,
      inlineEnv: knownVars(inline),
      env,
      args,
      output: output === null ? null : typeof output === 'string' ? output : wordText(output),
      packages: packageTexts,
      versioned: packageTexts.some((p) => p.includes('@')),
      binaryPath: outcome.paths.length === 1 && outcome.reason === null ? outcome.paths[0]! : null,
      binaryPaths: outcome.paths,
      unresolvedReason: outcome.reason,
      workdir: state.dir ?? info.workdir,
      modulesOff: this.modulesOff(dir, info, buildLookupWithInline),
    };
    this.builds.push(build);
    if (!build.versioned) info.builds = true;
    for (const p of build.binaryPaths) info.located.set(p, build);
  }

  /** Where `go build` / `go install` writes, following cmd/go's naming rules. */
  private binaryPaths(
    tool: 'build' | 'install',
    packages: (string | null)[],
    output: string | null | undefined,
    dir: string | null,
    info: StageInfo,
    lookup: Lookup,
  ): { paths: string[]; reason: string | null } {
    const fail = (reason: string) => ({ paths: [], reason });
    if (packages.some((p) => p === null) || output === null) return fail('unresolved-variable');
    const pkgs = (packages.length > 0 ? packages : ['.']) as string[];
    const files = pkgs.every((p) => p.endsWith('.go'));
    let names: (string | null)[];
    if (files) names = [posix.basename(pkgs[0]!, '.go')];
    else if (pkgs.some((p) => p.includes('...'))) {
      // `go build ./...` without -o builds and discards; its outputs are unknown here.
      if (tool === 'build' && output === undefined) return fail('package-pattern');
      const expanded = this.expandPatterns(pkgs, dir, info, lookup);
      if (typeof expanded === 'string') return fail(expanded);
      names = expanded;
    } else names = pkgs.map((p) => this.packageName(p, dir, info, lookup));

    if (tool === 'install') {
      const gobin = lookup('GOBIN');
      // Go's default GOPATH is $HOME/go; the golang image sets GOPATH=/go.
      const gopath = (lookup('GOPATH') ?? `${lookup('HOME')}/go`).split(':')[0];
      const binDir = gobin || (gopath ? `${gopath}/bin` : null);
      if (!binDir || !binDir.startsWith('/')) return fail('unresolved-variable');
      // Cross-compiled installs land in $GOPATH/bin/$GOOS_$GOARCH; amd64/arm64 are taken as native.
      const goos = lookup('GOOS');
      const goarch = lookup('GOARCH');
      if ((goos && goos !== 'linux') || (goarch && goarch !== 'amd64' && goarch !== 'arm64')) return fail('cross-compiled');
      const paths = names.filter((n): n is string => n !== null).map((n) => posix.join(binDir, n));
      // Some names unknown: the paths found still locate a start program, but they are not all.
      return { paths, reason: names.includes(null) ? this.nameReason(dir) : null };
    }

    if (!files && pkgs.length > 1 && output === undefined) return fail('multiple-packages');
    if (output !== undefined) {
      if (dir === null && !output.startsWith('/')) return fail('unresolved-directory');
      const out = resolvePath(dir ?? '/', output);
      const intoDir = output.endsWith('/') || output === '.' || info.dirs.has(out) || out === dir;
      if (!intoDir) return pkgs.length > 1 && !files ? fail('multiple-packages') : { paths: [out], reason: null };
      const paths = names.filter((n): n is string => n !== null).map((n) => posix.join(out, n));
      return { paths, reason: names.includes(null) ? this.nameReason(dir) : null };
    }
    if (dir === null) return fail('unresolved-directory');
    const name = names[0];
    return name ? { paths: [posix.join(dir, name)], reason: null } : fail(this.nameReason(dir));
  }

  /**
   * Binary names for package arguments with `...` patterns, as cmd/go matches them: `./...` and
   * `./dir/...` relative to the working directory, within the main module (not into nested
   * modules; vendor/, testdata/, `_` and `.` directories were never counted as packages), or
   * below $GOPATH/src in GOPATH mode. The reason is returned instead when that cannot be known
   * for certain.
   */
  private expandPatterns(pkgs: string[], dir: string | null, info: StageInfo, lookup: Lookup): string[] | string {
    const root = info.wholeContext;
    if (!this.packages || root === null || dir === null || !isUnder(dir, root)) return 'package-pattern';
    // Without a go.mod this is GOPATH mode (GO111MODULE=off, or a Go before modules): import
    // paths are directories below $GOPATH/src, and a package is named after its directory.
    const modulePath = this.modulePathIn(dir, info, lookup);
    // GOPATH mode ignores go.mod files, so `./...` would enter the nested ones too: not followed.
    if (!modulePath && this.packages.nestedModules.length > 0) return 'package-pattern';
    if (!modulePath) {
      const gopathSrc = gopathSrcDir(lookup);
      if (gopathSrc === null || !isUnder(dir, gopathSrc) || dir === gopathSrc) return 'package-pattern';
    }
    const relative = (abs: string) => (abs === root ? '' : abs.slice(root === '/' ? 1 : root.length + 1));
    const inNested = (rel: string) => this.packages!.nestedModules.some((m) => rel === m || rel.startsWith(`${m}/`));
    if (inNested(relative(dir))) return 'package-pattern';
    const names: string[] = [];
    for (const pkg of pkgs) {
      if (!pkg.includes('...')) {
        const name = this.packageName(pkg, dir, info, lookup);
        if (name === null) return 'package-pattern';
        names.push(name);
        continue;
      }
      // Only a whole trailing element: `./cmd/...`, not `./cmd/x...` or `example.com/m/...`.
      const m = /^(\.(?:\/.*)?)\/\.\.\.$/.exec(pkg);
      if (!m || m[1]!.includes('...')) return 'package-pattern';
      const base = resolvePath(dir, m[1]!);
      if (!isUnder(base, root)) return 'package-pattern';
      const baseRel = relative(base);
      for (const main of this.packages.mainPackages) {
        if (baseRel !== '' && main !== baseRel && !main.startsWith(`${baseRel}/`)) continue;
        if (inNested(main)) continue;
        if (this.packages.mayBeSkipped(main)) return 'package-pattern';
        const name = modulePath
          ? binaryName(main === '' ? modulePath : `${modulePath}/${main}`)
          : gopathBinaryName(main === '' ? root : `${root}/${main}`);
        if (name === null) return 'package-pattern';
        names.push(name);
      }
    }
    // Two main packages of one name would write the same file: which one wins is not certain.
    if (new Set(names).size !== names.length) return 'package-pattern';
    return names;
  }

  /** Why go ignores go.mod in `dir` (see ModulesOff), or null when it reads it. */
  private modulesOff(dir: string | null, info: StageInfo, lookup: Lookup): ModulesOff | null {
    const mode = lookup('GO111MODULE');
    if (mode === 'off') return { reason: 'env' };
    const minor = info.goMinor;
    if (typeof minor !== 'number' || minor >= 13) return null;
    if (minor < 11) return { reason: 'go-version', minor };
    const gopathSrc = gopathSrcDir(lookup);
    if (mode !== 'on' && dir !== null && gopathSrc !== null && isUnder(dir, gopathSrc)) return { reason: 'gopath-src', minor, dir };
    return null;
  }

  /** The module path that names binaries in `dir`; null in GOPATH mode, where directories do. */
  private modulePathIn(dir: string | null, info: StageInfo, lookup: Lookup): string | null {
    return this.modulePath && !this.modulesOff(dir, info, lookup) ? this.modulePath : null;
  }

  private nameReason(dir: string | null): string {
    return dir === null ? 'unresolved-directory' : 'module-path-unknown';
  }

  /** The binary name of one package argument, or null when it needs the unknown module path. */
  private packageName(pkg: string, dir: string | null, info: StageInfo, lookup: Lookup): string | null {
    const at = pkg.indexOf('@');
    if (at >= 0) return binaryName(pkg.slice(0, at));
    if (!pkg.startsWith('.') && !pkg.startsWith('/')) return binaryName(pkg);
    if (dir === null && !pkg.startsWith('/')) return null;
    const pkgDir = resolvePath(dir ?? '/', pkg);
    const root = info.contextRoot ?? dir;
    const modulePath = this.modulePathIn(dir, info, lookup);
    if (root !== null && pkgDir !== root) return modulePath ? binaryName(pkgDir) : gopathBinaryName(pkgDir);
    if (modulePath) return binaryName(modulePath);
    // GOPATH mode: the import path is the directory below $GOPATH/src.
    const gopathSrc = gopathSrcDir(lookup);
    if (gopathSrc !== null && isUnder(pkgDir, gopathSrc) && pkgDir !== gopathSrc) return gopathBinaryName(pkgDir);
    return null;
  }

  private flagWindowsPaths(): void {
    if (this.escape !== '`' || this.uncertain.some((u) => u.code === 'windows-image')) return;
    // RUN text is excluded: `echo C:\x` is just a string to a Linux shell.
    const instr = this.model.instrs.find(
      (i) => WINDOWS_PATH_KEYWORDS.has(i.keyword) && /(^|[\s"'=[,])[A-Za-z]:\\/.test(i.text),
    );
    if (instr) this.flag('windows-image', { evidence: 'escape=` with Windows paths' }, instr);
  }
}

/** Shell state through one RUN: `cd`, `export` and plain assignments carry over `&&`. */
interface RunState {
  dir: string | null;
  exported: Vars;
  shellVars: Vars;
}

interface RunContext {
  instr: Instr;
  info: StageInfo;
  lt: LogicalText;
  state: RunState;
  /** The form of the RUN, or 'shell' inside `sh -c '…'`. */
  form: 'shell' | 'exec';
}

function mergeVars(exported: Vars, shellVars: Vars): Vars {
  const merged = new Map(shellVars);
  for (const [k, v] of exported) merged.set(k, v);
  return merged;
}

/** COPY source globs follow Go's filepath.Match; picomatch without extensions is the same for *, ? and [..]. */
function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true, noextglob: true, nobrace: true, noglobstar: true });
}

// ---------------------------------------------------------------------------------------
// Start command

function startCommand(instr: Instr, escape: string): StartCommand {
  const { text, argsStart } = instrText(instr, escape);
  const rest = text.slice(argsStart);
  const keyword = instr.keyword === 'ENTRYPOINT' ? 'ENTRYPOINT' : 'CMD';
  const json = jsonArgs(rest);
  if (json) return { instr, keyword, form: 'exec', argv: json, words: json };
  const raw = rest.trim();
  const words = tokenizeShell(raw, 0, raw.length).flatMap((c) => c.words.map(wordText));
  return { instr, keyword, form: 'shell', argv: [raw], words };
}

interface StartCandidate {
  program: string;
  args: string[];
  /** The program expanded (shell form) or as written (exec form); null when unknown. */
  resolved: string | null;
  /** Exec form: never expanded by a shell. */
  literal: boolean;
  dir: string | null;
}

/** The programs a start command runs, looking through `sh -c`, `sh script.sh` and init wrappers. */
function startPrograms(
  argv: string[],
  form: 'exec' | 'shell',
  dir: string | null,
  lookup: Lookup,
): { programs: StartCandidate[]; passesArgs: boolean; needsShell: boolean } {
  if (form === 'shell') return { programs: shellPrograms(argv[0] ?? '', dir, lookup), passesArgs: false, needsShell: true };
  if (argv.length === 0) return { programs: [], passesArgs: true, needsShell: false };
  const base = posix.basename(argv[0]!);
  if (SHELLS.has(base)) {
    const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    if (c > 0 && argv[c + 1] !== undefined) {
      return { programs: shellPrograms(argv[c + 1]!, dir, lookup), passesArgs: false, needsShell: true };
    }
    const script = argv.findIndex((a, i) => i > 0 && !a.startsWith('-'));
    const at = script > 0 ? script : 0;
    const program = argv[at]!;
    const programs = [{ program, args: argv.slice(at + 1), resolved: program, literal: true, dir }];
    return { programs, passesArgs: true, needsShell: true };
  }
  if (INIT_WRAPPERS.has(base)) {
    let i = 1;
    while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') i++;
    if (argv[i] === '--') i++;
    return startPrograms(argv.slice(i), 'exec', dir, lookup);
  }
  const program = argv[0]!;
  return {
    // Exec form is never expanded: `$SERVICE` is a literal file name that does not exist.
    programs: [{ program, args: argv.slice(1), resolved: program.includes('$') ? null : program, literal: true, dir }],
    passesArgs: true,
    needsShell: isScript(program),
  };
}

function shellPrograms(script: string, workdir: string | null, lookup: Lookup): StartCandidate[] {
  const out: StartCandidate[] = [];
  let dir: string | null = workdir;
  for (const command of tokenizeShell(script, 0, script.length)) {
    let k = 0;
    while (k < command.words.length && assignmentOf(command.words[k]!, lookup)) k++;
    while (k < command.words.length && COMMAND_PREFIXES.has(wordText(command.words[k]!))) k++;
    if (k < command.words.length && SHELLS.has(posix.basename(wordText(command.words[k]!)))) {
      const script = command.words.findIndex((w, i) => i > k && !wordText(w).startsWith('-'));
      if (script > 0) k = script;
    }
    const word = command.words[k];
    if (!word) continue;
    const program = wordText(word);
    const args = command.words.slice(k + 1);
    if (program === 'cd') {
      const target = args[0] ? expandWord(args[0], lookup) : ROOT_HOME;
      dir = target === null || dir === null ? null : resolvePath(dir, target);
      continue;
    }
    out.push({ program, args: args.map(wordText), resolved: expandWord(word, lookup), literal: false, dir });
  }
  return out;
}

function isScript(program: string): boolean {
  return program.endsWith('.sh');
}

function resolveStart(analysis: Analysis, final: StageInfo | null, kindIsGo: boolean): ResolvedStart {
  const none: ResolvedStart = { entrypoint: null, cmd: null, program: null, programPath: null, build: null, needsShell: false };
  if (!final) return none;
  const { entrypoint, cmd } = startInstructions(final);
  const escape = analysis.escape;
  const ep = entrypoint ? startCommand(entrypoint, escape) : null;
  const cm = cmd ? startCommand(cmd, escape) : null;
  const result: ResolvedStart = { ...none, entrypoint: ep, cmd: cm };
  if (!ep && !cm) {
    if (kindIsGo) analysis.flag('no-start', { stage: final.stage.index }, final.stage.from);
    return result;
  }
  const runtime = shellLookup(buildLookup(final, null, false));
  const pathDirs = (runtime('PATH') ?? DEFAULT_PATH).split(':').filter((d) => d.startsWith('/'));
  const main = ep ?? cm!;
  const dir = final.workdirKnown ? final.workdir : null;
  const first = startPrograms(main.argv, main.form, dir, runtime);
  let candidates = first.programs;
  const passesToCmd = ep !== null && ep.form === 'exec' && cm !== null && first.passesArgs;
  result.needsShell = first.needsShell;
  if (passesToCmd && (candidates.length === 0 || candidates.every((c) => isScript(c.program)))) {
    // A wrapper or entrypoint script runs CMD ("$@"): the program is in CMD.
    const second = startPrograms(cm!.argv, cm!.form, dir, runtime);
    candidates = [...candidates, ...second.programs];
    result.needsShell ||= second.needsShell;
  }

  const resolved = candidates.map((c) => ({ c, path: programPath(c, pathDirs, final.located) }));
  const matched = resolved.filter((r) => r.path !== null && final.located.has(r.path));
  const distinct = new Set(matched.map((r) => final.located.get(r.path!)));
  const chosen = matched[matched.length - 1] ?? resolved[0];
  if (chosen) {
    result.program = chosen.c.program;
    result.programPath = chosen.path;
    result.build = chosen.path ? final.located.get(chosen.path) ?? null : null;
  }
  if (!kindIsGo) return result;

  if (distinct.size > 1) {
    analysis.flag('multiple-start-candidates', { programs: matched.map((r) => r.c.program).join(', ') }, main.instr);
  }
  const goRun = candidates.find((c) => posix.basename(c.program) === 'go' && c.args[0] === 'run');
  if (goRun) {
    analysis.flag('go-run-start', { command: ['go', ...goRun.args].join(' ') }, main.instr);
  } else if (!result.build && chosen && isScript(chosen.c.program)) {
    analysis.flag('script-start', { program: chosen.c.program }, main.instr);
  } else if (!result.build) {
    const reason = startFailure(main, chosen?.c, final.located);
    analysis.flag(
      'unresolved-binary',
      { program: chosen?.c.program ?? '', programPath: result.programPath ?? '', reason },
      main.instr,
    );
  }
  return result;
}

/** Why a start program matches no built binary, for the `unresolved-binary` finding. */
function startFailure(main: StartCommand, chosen: StartCandidate | undefined, located: Map<string, GoBuild>): string {
  if (!chosen) return 'no-program';
  if (main.form === 'shell' && main.argv[0]!.startsWith('[')) return 'malformed-exec-form';
  if (chosen.resolved === null) return chosen.literal ? 'variable-in-exec-form' : 'unresolved-variable';
  if (chosen.program.includes('/')) return chosen.dir === null ? 'unresolved-directory' : 'not-built';
  return [...located.keys()].some((p) => posix.basename(p) === chosen.program) ? 'not-on-path' : 'not-built';
}

function programPath(c: StartCandidate, pathDirs: string[], located: Map<string, GoBuild>): string | null {
  const p = c.resolved;
  if (p === null || p === '') return null;
  if (p.startsWith('/')) return resolvePath('/', p);
  if (p.includes('/')) return c.dir === null ? null : resolvePath(c.dir, p);
  for (const d of pathDirs) {
    const candidate = posix.join(d, p);
    if (located.has(candidate)) return candidate;
  }
  return null;
}

/** Docker: CMD and ENTRYPOINT are inherited; an ENTRYPOINT resets an inherited CMD, not one set in the same stage. */
function startInstructions(info: StageInfo): { entrypoint: Instr | null; cmd: Instr | null } {
  const inherited = info.parent ? startInstructions(info.parent) : { entrypoint: null, cmd: null };
  return {
    entrypoint: info.entrypoint ?? inherited.entrypoint,
    cmd: info.cmd ?? (info.entrypoint ? null : inherited.cmd),
  };
}

// ---------------------------------------------------------------------------------------

/**
 * The build plan of a Dockerfile. `modulePath` is the main module's path from go.mod (the
 * context facts); without it a `go build` of the module root has no certain binary name.
 */
/**
 * What `./...` can match: the build context's main packages, when every Go source was read.
 * Without it (or with a go.work, whose modules `./...` may cross into, or go.mod files only
 * below the root), patterns stay unresolved.
 */
export interface GoPackages {
  /** Directories (relative to the context, '' for its root) holding a `package main`. */
  mainPackages: readonly string[];
  /** Directories of go.mod files below the root: `./...` does not enter them. */
  nestedModules: readonly string[];
  /**
   * Whether a build may not compile this main package: it is built for some targets only, or
   * the ignore file keeps some of its files out of the context. A pattern that matches one is
   * not resolved.
   */
  mayBeSkipped(dir: string): boolean;
}

/** What the plan needs of the context, given by the ecosystems (Ecosystem.planInputs). */
export interface PlanInputs {
  /** The module path of the context root's go.mod: it names binaries built from the root. */
  modulePath: string | null;
  /** The context's main packages, to resolve `./...`; null when they are not known for sure. */
  packages: GoPackages | null;
}

export function findBuildPlan(model: Model, modulePath: string | null = null, packages: GoPackages | null = null): BuildPlan {
  const stages = model.stages();
  const analysis = new Analysis(model, stages, modulePath, packages);
  analysis.run();

  const infos = analysis.infos;
  const builds = analysis.builds;
  const isGo = infos.some((i) => i.golang) || builds.length > 0;
  const kind: PlanKind = !isGo ? 'not-go' : stages.length > 1 ? 'go-multi-stage' : 'go-single-stage';
  const final = infos[infos.length - 1] ?? null;
  const buildInfo = [...infos].reverse().find((i) => i.builds) ?? [...infos].reverse().find((i) => builds.some((b) => b.stage === i.stage));

  for (const build of builds) {
    if (build.binaryPath === null && build.binaryPaths.length === 0) {
      analysis.flag('unresolved-binary', { command: build.command, reason: build.unresolvedReason ?? 'unknown' }, build.instr);
    }
  }
  if (kind === 'go-multi-stage' && buildInfo && final && !isAncestor(buildInfo, final) && ![...final.located.values()].some((b) => !b.versioned)) {
    analysis.flag(
      'unknown-multi-stage',
      { finalStage: final.stage.name ?? String(final.stage.index), buildStage: buildInfo.stage.name ?? String(buildInfo.stage.index) },
      final.stage.from,
    );
  }
  const start = resolveStart(analysis, final, isGo);

  return {
    kind,
    stages,
    buildStage: buildInfo?.stage ?? null,
    finalStage: final?.stage ?? null,
    builds,
    start,
    workdir: final?.workdir ?? '/',
    workdirAt: analysis.workdirAt,
    uncertain: analysis.uncertain,
    baseImages: analysis.baseImages,
  };
}

function isAncestor(ancestor: StageInfo, info: StageInfo): boolean {
  for (let i: StageInfo | null = info; i; i = i.parent) if (i === ancestor) return true;
  return false;
}

/** The stage and the stages it is built `FROM`, root first. */
/**
 * The Go release a stage builds with, from the tag of the golang image at the root of its
 * chain: `golang:1.10-alpine` → 10 (Go 1.10); `latest`, no tag or a floating tag (`alpine`,
 * `bookworm`, `1`) → 'current'. Null when it cannot be told: another base image (Go from a
 * distribution package may be old), a digest alone, a variable.
 */
export function goMinorVersion(plan: BuildPlan, stage: Stage): number | 'current' | null {
  const root = stageChain(plan, stage)[0]!;
  return goMinorOfImage(plan.baseImages[root.index] ?? null);
}

function goMinorOfImage(image: string | null): number | 'current' | null {
  if (!image || image.includes('$') || !parseImage(image).golang) return null;
  const lower = image.toLowerCase();
  const at = lower.indexOf('@');
  const noDigest = at < 0 ? lower : lower.slice(0, at);
  const colon = noDigest.lastIndexOf(':');
  const tag = colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : null;
  if (tag === null) return at < 0 ? 'current' : null;
  const m = /^(\d+)(?:\.(\d+))?/.exec(tag);
  if (!m) return 'current';
  if (m[1] !== '1') return null;
  return m[2] === undefined ? 'current' : Number(m[2]);
}

export function stageChain(plan: BuildPlan, stage: Stage): Stage[] {
  const chain = [stage];
  for (let s: Stage | null = stage; s; ) {
    const image = (plan.baseImages[s.index] ?? '').toLowerCase();
    const index: number = s.index;
    const parent: Stage | undefined = plan.stages
      .slice(0, index)
      .reverse()
      .find((p) => p.name === image || String(p.index) === image);
    if (parent) chain.unshift(parent);
    s = parent ?? null;
  }
  return chain;
}
