/**
 * .dockerignore: Docker's matching rules (through @balena/dockerignore, a port of moby's
 * own matcher), what a build needs from its context, and the plan that creates or merges a
 * .dockerignore without ever excluding one of those needs.
 */
import dockerignoreModule from '@balena/dockerignore';
import { posix } from 'node:path';
import type { ContextFacts } from '../context/facts.js';
import { TextMemo } from '../dockerfile/memo.js';
import type { Eol, Instr, Model } from '../dockerfile/model.js';
import { jsonArgs } from '../analysis/plan.js';

// ---------------------------------------------------------------------------------------
// Matching

// The package is CommonJS with a `default` property on its export; NodeNext types the
// default import as the module object, so the factory is its `.default` (same at run time).
const createDockerignore = dockerignoreModule.default;

type PathTest = (path: string) => boolean;

/** Lines of a .dockerignore as Docker reads them: split on LF, CR dropped, BOM stripped. */
function ignoreLines(patterns: string): string[] {
  return patterns.replace(/^\uFEFF/, '').split('\n').map((line) => line.replace(/\r$/, ''));
}

/**
 * Compiled matchers by .dockerignore text, as the same texts (each standard line, the
 * generated file) come up for context after context. A matcher remembers every path it was
 * asked about, so one is compiled afresh after MATCHER_USES questions: memory stays bounded
 * over a monorepo however many paths pass through.
 */
class CompiledIgnore {
  private matcher: ReturnType<typeof createDockerignore>;
  private uses = 0;

  constructor(private readonly patterns: string) {
    this.matcher = compileIgnore(patterns);
  }

  /** True when the patterns exclude `relative`, a path in normalizeContextPath's form, not the root. */
  ignores(relative: string): boolean {
    if (++this.uses > MATCHER_USES) {
      this.matcher = compileIgnore(this.patterns);
      this.uses = 0;
    }
    return this.matcher.ignores(relative);
  }
}

const compiledIgnores = new TextMemo<CompiledIgnore>(1_024);
const MATCHER_USES = 20_000;

function compiled(patterns: string): CompiledIgnore {
  return compiledIgnores.get(patterns, 0, () => new CompiledIgnore(patterns));
}

function compileIgnore(patterns: string): ReturnType<typeof createDockerignore> {
  return createDockerignore({ ignorecase: false }).add(ignoreLines(patterns));
}

/**
 * A matcher for a .dockerignore text: true when Docker leaves `path` out of the build
 * context. Case-sensitive, as on Linux builders.
 */
export function createIgnoreMatcher(patterns: string): PathTest {
  return (path) => isIgnored(patterns, path);
}

/**
 * True when the .dockerignore text `patterns` excludes `path` (relative to the context root)
 * by Docker's rules: comments, `!` exceptions (the last matching line wins), `*`/`?` within
 * one path segment, `**` across segments, a leading `/` meaning the root, and an excluded
 * directory excluding its contents.
 */
export function isIgnored(patterns: string, path: string): boolean {
  const relative = normalizeContextPath(path);
  // The context root itself is never excluded, and `..` paths are not in the context.
  return relative !== null && relative !== '' && compiled(patterns).ignores(relative);
}

/**
 * Matcher for one pattern line, as if it were the whole file, for paths already in
 * normalizeContextPath's form (context files, normalised probes).
 */
function lineMatcher(line: string): PathTest {
  const test = compiled(line);
  return (relative) => relative !== '' && test.ignores(relative);
}

/**
 * A path relative to the context root, `/`-separated, without `./`, a leading `/` or a
 * trailing `/`; '' for the root itself; null when it leaves the context (`../x`).
 */
export function normalizeContextPath(raw: string): string | null {
  // A plain name (`main.go`, `go.mod`) is its own normal form: most paths asked about are.
  if (PLAIN_NAME.test(raw)) return raw;
  let path = raw.trim();
  if (path === '') return '';
  path = posix.normalize(path.replace(/^\/+/, ''));
  if (path === '.' || path === './') return '';
  if (path === '..' || path.startsWith('../')) return null;
  return path.replace(/\/+$/, '');
}

const PLAIN_NAME = /^(?!\.\.?$)[^/\s]+$/;

const GLOB_META = /[*?[]/;

function isGlob(path: string): boolean {
  return GLOB_META.test(path);
}

/** A concrete path a glob matches, to test it against exclusion lines when no file is known. */
function samplePath(glob: string): string {
  return glob
    .replace(/\*\*\//g, '')
    .replace(/\[!?\^?(.)[^\]]*\]/g, '$1')
    .replace(/\*+/g, 'x')
    .replace(/\?/g, 'x');
}

/** The path a need stands for when matched against exclusion lines, normalised ('' matches nothing). */
function probePath(need: string): string {
  return normalizeContextPath(isGlob(need) ? samplePath(need) : need) ?? '';
}

// ---------------------------------------------------------------------------------------
// What the build needs from its context

export interface ContextNeed {
  /**
   * Relative to the context root, `/`-separated, no trailing `/`. A glob when it matched no
   * known file (the context's file list is empty or truncated).
   */
  path: string;
  /** Why the build needs it, for finding messages: `copied by COPY on line 4`. */
  reason: string;
  /** The instruction that needs it, when one does. */
  at: Instr | null;
  /** How the need was found; `copy` needs that look like keys are secrets-in-image's to report. */
  source: 'copy' | 'mount' | 'run' | 'module' | 'embed' | 'runtime' | 'source' | 'test';
}

/**
 * Everything the build needs from its context, with the reason: local COPY/ADD sources
 * (globs expanded against the context's files), bind-mount sources, files a RUN names, then
 * what each ecosystem's builds read (Ecosystem.contextNeeds: for Go, each module's
 * go.mod/go.sum, go.work, vendor/, sources, embedded and run-time files, testdata).
 * One entry per path; the first reason found wins.
 */
export function findContextNeeds(model: Model, facts: ContextFacts): ContextNeed[] {
  const needs = new Map<string, ContextNeed>();
  const add = (path: string | null, reason: string, source: ContextNeed['source'], at: Instr | null = null): void => {
    if (path === null || path === '' || needs.has(path)) return;
    needs.set(path, { path, reason, at, source });
  };
  const addPattern = (pattern: string, reason: string, source: ContextNeed['source'], at: Instr | null = null): void => {
    for (const path of expandContextPattern(pattern, facts)) add(path, reason, source, at);
  };

  for (const instr of model.instrs) {
    const keyword = instr.keyword;
    const where = instr.origin ? ` on line ${instr.origin.line + 1}` : '';
    if (keyword === 'COPY' || keyword === 'ADD') {
      for (const source of localSources(instr, model.style.escape)) addPattern(source, `copied by ${keyword}${where}`, 'copy', instr);
    } else if (keyword === 'RUN') {
      for (const source of bindMountSources(instr.text)) {
        addPattern(source === '' ? '.' : source, `bind-mounted by RUN${where}`, 'mount', instr);
      }
      for (const file of filesNamedBy(instr.text, facts)) add(file, `used by RUN${where}`, 'run', instr);
    }
  }

  const sink = { add, addPattern };
  for (const ecosystem of facts.ecosystems) ecosystem.contextNeeds?.(facts.of(ecosystem), model, sink, facts.files);
  return [...needs.values()];
}

/** The paths the build needs from its context (see findContextNeeds), sorted. */
export function buildContextNeeds(model: Model, facts: ContextFacts): string[] {
  return findContextNeeds(model, facts)
    .map((need) => need.path)
    .sort();
}

/**
 * A COPY/ADD source, embed or runtime pattern as context paths: a literal path as it is;
 * a glob as the shallowest paths it matches among the context's files (a matched directory
 * stands for its contents), or the glob itself when it matches none of them.
 */
function expandContextPattern(pattern: string, facts: ContextFacts): string[] {
  const path = normalizeContextPath(pattern);
  if (path === null || path === '') return [];
  if (!isGlob(path)) return [path];
  const matches = lineMatcher(path);
  const found = new Set<string>();
  for (const file of facts.files) {
    if (!matches(file)) continue;
    const segments = file.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (matches(prefix)) {
        found.add(prefix);
        break;
      }
    }
  }
  return found.size > 0 ? [...found] : [path];
}

interface FlagNode {
  getName(): string;
}
interface ArgumentNode {
  getValue(): string;
  getRange(): { start: { line: number } };
}
interface CopyNode {
  getFlags(): FlagNode[];
  getArguments(): ArgumentNode[];
  getHeredocs?(): unknown[];
  getRange(): { start: { line: number } };
}

/**
 * Local sources of a COPY/ADD: none with `--from` (another stage or image), no URLs or git
 * remotes, no heredocs. Unquoted, as paths. Sources with variables keep their static prefix.
 */
function localSources(instr: Instr, escape: string): string[] {
  const node = instr.node as unknown as CopyNode | null;
  if (!node) return [];
  let args: string[];
  try {
    if (node.getFlags().some((flag) => flag.getName().toLowerCase() === 'from')) return [];
    args = jsonFormArguments(instr, escape) ?? shellFormArguments(node);
  } catch {
    return [];
  }
  const sources: string[] = [];
  for (const raw of args.slice(0, -1)) {
    let source = raw;
    if (source.startsWith('<<')) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source)) continue;
    const variable = source.search(/\$/);
    if (variable >= 0) {
      // `${SRC}/x` cannot be resolved here; its static directory prefix is still needed.
      source = source.slice(0, variable).replace(/[^/]*$/, '');
      if (source === '') continue;
    }
    sources.push(source === '' ? '.' : source);
  }
  return sources;
}

/** Arguments of a shell-form COPY/ADD; for heredocs only those before the heredoc body. */
function shellFormArguments(node: CopyNode): string[] {
  let args = node.getArguments();
  const heredocs = node.getHeredocs?.() ?? [];
  if (heredocs.length > 0) {
    const marker = args.findIndex((arg) => arg.getValue().startsWith('<<'));
    const markerLine = marker >= 0 ? args[marker]!.getRange().start.line : node.getRange().start.line;
    args = args.filter((arg) => arg.getRange().start.line <= markerLine);
  }
  return args.map((arg) => unquote(arg.getValue()));
}

/**
 * Arguments of a JSON-form COPY/ADD (`COPY ["a b", "./"]`), or null for shell form. Parsed
 * from the text: the parser's JSON strings lose the spaces inside them.
 */
function jsonFormArguments(instr: Instr, escape: string): string[] | null {
  const joined = instr.rawArguments.split(`${escape}\r\n`).join('').split(`${escape}\n`).join('');
  const afterFlags = joined.replace(/^(\s*--[A-Za-z-]+(=\S*)?)*\s*/, '');
  return jsonArgs(afterFlags);
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/s.exec(value);
  return m ? m[2]! : value;
}

/** Sources of `RUN --mount=type=bind` without `from=` ('' for the whole context). */
function bindMountSources(text: string): string[] {
  const sources: string[] = [];
  for (const m of text.matchAll(/--mount=(\S+)/g)) {
    const options = new Map<string, string>();
    for (const part of m[1]!.split(',')) {
      const eq = part.indexOf('=');
      options.set((eq < 0 ? part : part.slice(0, eq)).toLowerCase(), eq < 0 ? '' : unquote(part.slice(eq + 1)));
    }
    const type = options.get('type') ?? 'bind';
    if (type !== 'bind' || options.has('from')) continue;
    sources.push(options.get('source') ?? options.get('src') ?? '');
  }
  return sources;
}

/** Context files a RUN command names literally (`./scripts/build.sh`, `bin/gen`). */
function filesNamedBy(text: string, facts: ContextFacts): string[] {
  const found: string[] = [];
  for (const word of text.split(/[\s;&|()<>"'`=,]+/)) {
    // `/app/x` is a path in the image, not in the context.
    if (word.startsWith('/')) continue;
    const path = normalizeContextPath(word);
    if (path && facts.hasFile(path)) found.push(path);
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// The standard lines and the plan

export interface StandardGroup {
  /** Short name for messages: `secrets`. */
  name: string;
  /** Comment line written above the group (without `# `). */
  header: string;
  lines: readonly string[];
  /** The lines keep secrets out of the context: a needed path they match is reported. */
  secrets?: boolean;
}

/**
 * The lines dockopt proposes, by group. Junk and secrets can appear in any directory, so
 * those lines start with `**` (a bare `*.pem` only matches at the root in Docker's rules);
 * VCS and Docker files belong to the root. `.gitignore` stays: it is harmless.
 */
export const STANDARD_GROUPS: readonly StandardGroup[] = [
  { name: 'version control', header: 'Version control', lines: ['.git', '.hg', '.svn'] },
  { name: 'editor and OS files', header: 'Editor and OS files', lines: ['.idea', '.vscode', '**/*.swp', '**/.DS_Store'] },
  {
    name: 'secrets',
    header: 'Secrets: never send them to the builder',
    secrets: true,
    lines: ['**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/id_rsa*', '**/id_ed25519*', '.aws', '.ssh'],
  },
  { name: 'build output', header: 'Build output', lines: ['bin/', 'dist/', '**/*.test', 'coverage.out'] },
  { name: 'node_modules', header: 'Dependencies of other toolchains', lines: ['**/node_modules'] },
  {
    name: 'Docker files',
    header: 'Docker files (docker build reads them even when excluded)',
    lines: ['Dockerfile*', '*.Dockerfile', 'docker-compose*.yml', 'docker-compose*.yaml', 'compose*.yml', 'compose*.yaml', '.dockerignore'],
  },
];

const EXTRA_HEADER = 'Project-specific (dockopt config)';

export interface DroppedLine {
  /** The standard or extra line that was not added. */
  line: string;
  /** The path it would have excluded. */
  path: string;
  /** `needed`: the build needs the path; `exception`: the existing file re-includes it with `!`. */
  because: 'needed' | 'exception';
}

export interface NeededButExcluded {
  path: string;
  /** 1-based line of the existing .dockerignore that excludes it (the last matching line). */
  line: number;
  pattern: string;
}

export interface SecretNeed {
  path: string;
  /** The secrets line that would have excluded it. */
  pattern: string;
}

export interface DockerignorePlan {
  /** The .dockerignore text to write. */
  text: string;
  /** Candidate lines not added because they would exclude a needed path. */
  dropped: string[];
  /** The same, with the path each would have excluded. */
  droppedLines: DroppedLine[];
  /** Lines appended (or written, when creating). */
  added: string[];
  /** Needed paths the existing file already excludes; its lines are never removed. */
  excludedNeeds: NeededButExcluded[];
  /** Needed paths that look like secrets: they stay in the context and reach the image. */
  secretNeeds: SecretNeed[];
}

/**
 * Create (`existing` null) or merge a .dockerignore. Merging keeps every existing byte and
 * line order and appends only the missing lines, grouped, in the existing file's EOL; a
 * line counts as present when it means the same (surrounding whitespace, a leading or
 * trailing `/`). A candidate that would exclude a needed path, or a path the existing file
 * re-includes with `!`, is dropped. Planning again on the result adds nothing.
 */
export function planDockerignore(
  existing: string | null,
  needs: readonly string[],
  facts: ContextFacts,
  extra: readonly string[],
  /** EOL for a new file (the Dockerfile's); merging uses the existing file's. */
  eol: Eol,
): DockerignorePlan {
  const existingLines = existing === null ? [] : ignoreLines(existing);
  const present = new Set(existingLines.map(canonicalLine).filter((line): line is string => line !== null));
  const exceptions = exceptionPaths(existingLines, facts);
  const needProbes = needs.map((path) => ({ path, probe: probePath(path) }));

  const droppedLines: DroppedLine[] = [];
  const added: string[] = [];
  const groups: { header: string; lines: string[] }[] = [];
  const candidateGroups: StandardGroup[] = [...STANDARD_GROUPS];
  const extraLines = extra.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (extraLines.length > 0) candidateGroups.push({ name: 'project-specific', header: EXTRA_HEADER, lines: extraLines });

  for (const group of candidateGroups) {
    const lines: string[] = [];
    for (const line of group.lines) {
      const canonical = canonicalLine(line);
      if (canonical === null || present.has(canonical)) continue;
      present.add(canonical);
      if (!line.startsWith('!')) {
        const matches = lineMatcher(line);
        const need = needProbes.find((n) => matches(n.probe));
        if (need) {
          droppedLines.push({ line, path: need.path, because: 'needed' });
          continue;
        }
        const exception = exceptions.find((path) => matches(path));
        if (exception !== undefined) {
          droppedLines.push({ line, path: exception, because: 'exception' });
          continue;
        }
      }
      lines.push(line);
    }
    if (lines.length > 0) {
      groups.push({ header: group.header, lines });
      added.push(...lines);
    }
  }

  // Docker splits .dockerignore on LF only: a lone-CR file would be one long pattern.
  const newline = eol === '\r' ? '\n' : eol;
  const text = existing === null ? createdText(groups, newline) : mergedText(existing, groups, newline);
  return {
    text,
    dropped: droppedLines.map((d) => d.line),
    droppedLines,
    added,
    excludedNeeds: existing === null ? [] : excludedNeeds(existingLines, needProbes),
    secretNeeds: secretNeeds(needProbes, createIgnoreMatcher(text)),
  };
}

/**
 * A line's meaning for "already present": comments and blanks are null; otherwise Docker's
 * own normalisation (trim, `!`, clean, no leading `/`).
 */
function canonicalLine(raw: string): string | null {
  return canonicalLines.get(raw, 0, () => readCanonicalLine(raw)) || null;
}

/** By line text ('' for null: no line's meaning is empty); the standard lines come up for every context. */
const canonicalLines = new TextMemo<string>(4_096);

function readCanonicalLine(raw: string): string {
  const line = raw.replace(/^\uFEFF/, '');
  if (line.startsWith('#')) return '';
  let pattern = line.trim();
  if (pattern === '') return '';
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1).trim();
  pattern = posix.normalize(pattern).replace(/(.)\/+$/, '$1');
  if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
  return (negated ? '!' : '') + pattern;
}

/** Paths the existing file re-includes with `!` lines: known files they match, or the line's own path. */
function exceptionPaths(lines: readonly string[], facts: ContextFacts): string[] {
  const paths: string[] = [];
  for (const line of lines) {
    const canonical = canonicalLine(line);
    if (canonical === null || !canonical.startsWith('!') || canonical.length < 2) continue;
    const pattern = canonical.slice(1);
    const matches = lineMatcher(pattern);
    const files = facts.files.filter((file) => matches(file));
    paths.push(...(files.length > 0 ? files : [probePath(pattern)]));
  }
  return paths;
}

/** Needs the existing lines exclude, each with the last line that matches it (the one that decides). */
function excludedNeeds(lines: readonly string[], needs: readonly { path: string; probe: string }[]): NeededButExcluded[] {
  const text = lines.join('\n');
  const excluded = createIgnoreMatcher(text);
  const found: NeededButExcluded[] = [];
  for (const need of needs) {
    if (!excluded(need.probe)) continue;
    for (let i = lines.length - 1; i >= 0; i--) {
      const canonical = canonicalLine(lines[i]!);
      if (canonical === null || canonical.startsWith('!')) continue;
      if (lineMatcher(canonical)(need.probe)) {
        found.push({ path: need.path, line: i + 1, pattern: lines[i]!.trim() });
        break;
      }
    }
  }
  return found;
}

/** Needs that a secrets line would match and that the final file leaves in the context. */
function secretNeeds(needs: readonly { path: string; probe: string }[], excluded: PathTest): SecretNeed[] {
  const found: SecretNeed[] = [];
  const secretLines = STANDARD_GROUPS.filter((group) => group.secrets).flatMap((group) => group.lines.map((line) => ({ line, matches: lineMatcher(line) })));
  for (const need of needs) {
    if (excluded(need.probe)) continue;
    const secret = secretLines.find(({ matches }) => matches(need.probe));
    if (secret) found.push({ path: need.path, pattern: secret.line });
  }
  return found;
}

function createdText(groups: readonly { header: string; lines: readonly string[] }[], eol: string): string {
  return groups.map((group) => [`# ${group.header}`, ...group.lines].map((line) => line + eol).join('')).join(eol);
}

function mergedText(existing: string, groups: readonly { header: string; lines: readonly string[] }[], fallbackEol: string): string {
  if (groups.length === 0) return existing;
  const eol = /\r?\n/.exec(existing)?.[0] ?? fallbackEol;
  let text = existing;
  if (text !== '' && !text.endsWith('\n')) text += eol;
  // A blank line separates the additions from the user's last line, unless one is there.
  const lastLine = /[^\n]*\n$/.exec(text)?.[0] ?? '';
  const separated = text === '' || lastLine.trim() === '';
  return text + (separated ? '' : eol) + createdText(groups, eol);
}
