/**
 * Go's facts of a build context (DESIGN §2): every go.mod and go.work, vendoring, the Go
 * sources' packages, cgo needs, files the program opens at run time, `//go:embed` patterns,
 * certificate and zoneinfo needs, and servers bound to loopback. Read from the context tree,
 * never executing anything; paths are relative to the context root with `/` separators.
 */
import * as path from 'node:path';
import { compare, dirOf, resolveInside, shallowestFirst, type ContextTree } from '../../src/context/tree.js';

/** The source scan stops here: one run may read thousands of contexts. */
const MAX_SOURCE_FILES = 2_000;

export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoReplace {
  from: string;
  to: string;
  /** The target is a local directory (`=> ../shared`), not a module version. */
  local: boolean;
  /** For local targets: the directory relative to the context root, or null when it lies outside it. */
  targetDir: string | null;
}

export interface GoModule {
  /** Directory of the go.mod relative to the context root ('' for the root itself). */
  dir: string;
  modulePath: string | null;
  goVersion: string | null;
  toolchain: string | null;
  requires: GoRequire[];
  replaces: GoReplace[];
  hasGoSum: boolean;
  /** vendor/modules.txt exists next to this go.mod. */
  vendored: boolean;
}

export interface GoWork {
  /** Path of go.work relative to the context root. */
  path: string;
  /** `use` directories relative to the context root; null entries lie outside the context. */
  uses: (string | null)[];
  hasGoWorkSum: boolean;
}

export interface SourceRef {
  /** `path/to/file.go` (or a `go.mod` for evidence from a `require`), relative to the root. */
  file: string;
  line: number;
}

export interface RuntimeFileRef extends SourceRef {
  /** The literal path or glob as written in the source, without a leading `./` or trailing `/`, e.g. `templates/*.html`. */
  pattern: string;
  /** How it is used: ParseGlob, http.Dir, os.ReadFile, … */
  via: string;
}

export interface CgoFacts {
  needed: boolean;
  /** Human-readable evidence: `import "C" in db/sqlite.go`, `requires github.com/mattn/go-sqlite3`. */
  reasons: string[];
}


export interface GoFacts {
  /** go.mod at the context root, if any. */
  goMod: GoModule | null;
  /** Every go.mod in the context (root first). */
  goModules: GoModule[];
  goWork: GoWork | null;
  goFiles: string[];
  /**
   * True when the source facts (cgo, runtime files, embeds, certificates, tzdata, listeners)
   * were gathered from a part of the sources only: too many `.go` files, or one over 1 MiB.
   */
  sourcesTruncated: boolean;
  /** Directories (relative, '' for root) holding a non-test `package main`. */
  mainPackages: string[];
  /**
   * Those of `mainPackages` that every Linux build compiles whatever the GOARCH: one of their
   * files has neither a GOOS/GOARCH file-name suffix nor a build constraint.
   */
  unconditionalMainPackages: string[];
  cgo: CgoFacts;
  /** Files the program opens at run time, from Go source literals. */
  runtimeFiles: RuntimeFileRef[];
  /** `//go:embed` patterns resolved against their package directory (relative to the root). */
  embeds: string[];
  /** The program makes outbound TLS connections (net/http client use, crypto/tls). */
  needsCaCertificates: boolean;
  needsCaCertificatesEvidence: SourceRef | null;
  /** time.LoadLocation or time/tzdata absence. */
  needsTzdata: boolean;
  needsTzdataEvidence: SourceRef | null;
  /** A server listening on 127.0.0.1/localhost, which is unreachable from outside a container. */
  loopbackListeners: (SourceRef & { address: string })[];
}

const CGO_MODULES = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go',
  'gopkg.in/gographics/imagick.v2',
  'gopkg.in/gographics/imagick.v3',
  'github.com/tecbot/gorocksdb',
  'github.com/linxGnu/grocksdb',
  'github.com/DataDog/zstd',
  'github.com/valyala/gozstd',
  'github.com/go-gl/glfw',
  'github.com/go-gl/gl',
  'github.com/h2non/bimg',
  'github.com/davidbyttow/govips',
  'github.com/godror/godror',
  'github.com/mattn/go-oci8',
  'github.com/libgit2/git2go',
  'github.com/jmhodges/levigo',
  'github.com/veandco/go-sdl2',
];
/** Packages that need cgo inside modules that are otherwise pure Go. */
const CGO_PACKAGES = ['github.com/google/gopacket/pcap'];

/** Imports that mean outbound TLS: the image needs CA certificates to verify servers. */
const TLS_IMPORTS = ['crypto/tls', 'google.golang.org/grpc/credentials', 'net/smtp'];
/** SDKs that talk to HTTPS APIs. */
const TLS_MODULES = [
  'cloud.google.com/go',
  'google.golang.org/api',
  'firebase.google.com/go',
  'github.com/aws/aws-sdk-go',
  'github.com/aws/aws-sdk-go-v2',
  'github.com/Azure/azure-sdk-for-go',
  'github.com/stripe/stripe-go',
  'golang.org/x/oauth2',
  'github.com/google/go-github',
  'github.com/slack-go/slack',
  'github.com/sendgrid/sendgrid-go',
  'github.com/twilio/twilio-go',
  'github.com/getsentry/sentry-go',
  'github.com/go-telegram-bot-api/telegram-bot-api',
  'github.com/bwmarrin/discordgo',
];
/** net/http identifiers that only an HTTP client uses. */
const HTTP_CLIENT_NAMES =
  'Get|Head|Post|PostForm|NewRequest|NewRequestWithContext|Client|Transport|DefaultClient|DefaultTransport';

/** A listen address a container's port mapping cannot reach. */
const LOOPBACK_ADDRESS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]):\d*$/i;
/** Calls whose address argument is where a server listens (net/http, net, gin, echo, fiber). */
const LISTEN_METHODS = ['ListenAndServe', 'ListenAndServeTLS', 'Listen', 'Run', 'Start'];

interface RuntimeFileCall {
  via: string;
  /** The package the function is called on, or null for a method on any value. */
  importPath: string | null;
  fn: string;
  /** Which argument is the path; 'all' for variadic path lists. */
  pathArg: number | 'all';
  /** What a call without arguments reads (`godotenv.Load()` reads `.env`). */
  withoutArgs?: string;
}

const RUNTIME_FILE_CALLS: RuntimeFileCall[] = [
  { via: 'ParseGlob', importPath: null, fn: 'ParseGlob', pathArg: 0 },
  { via: 'ParseFiles', importPath: null, fn: 'ParseFiles', pathArg: 'all' },
  { via: 'LoadHTMLGlob', importPath: null, fn: 'LoadHTMLGlob', pathArg: 0 },
  { via: 'LoadHTMLFiles', importPath: null, fn: 'LoadHTMLFiles', pathArg: 'all' },
  { via: 'Static', importPath: null, fn: 'Static', pathArg: 1 },
  { via: 'StaticFile', importPath: null, fn: 'StaticFile', pathArg: 1 },
  { via: 'http.Dir', importPath: 'net/http', fn: 'Dir', pathArg: 0 },
  { via: 'http.ServeFile', importPath: 'net/http', fn: 'ServeFile', pathArg: 2 },
  { via: 'gin.Dir', importPath: 'github.com/gin-gonic/gin', fn: 'Dir', pathArg: 0 },
  { via: 'os.Open', importPath: 'os', fn: 'Open', pathArg: 0 },
  { via: 'os.OpenFile', importPath: 'os', fn: 'OpenFile', pathArg: 0 },
  { via: 'os.ReadFile', importPath: 'os', fn: 'ReadFile', pathArg: 0 },
  { via: 'os.ReadDir', importPath: 'os', fn: 'ReadDir', pathArg: 0 },
  { via: 'os.DirFS', importPath: 'os', fn: 'DirFS', pathArg: 0 },
  { via: 'os.Stat', importPath: 'os', fn: 'Stat', pathArg: 0 },
  { via: 'os.Lstat', importPath: 'os', fn: 'Lstat', pathArg: 0 },
  // The first element of a joined path names the directory the program reads from.
  { via: 'filepath.Join', importPath: 'path/filepath', fn: 'Join', pathArg: 0 },
  { via: 'ioutil.ReadFile', importPath: 'io/ioutil', fn: 'ReadFile', pathArg: 0 },
  { via: 'ioutil.ReadDir', importPath: 'io/ioutil', fn: 'ReadDir', pathArg: 0 },
  { via: 'godotenv.Load', importPath: 'github.com/joho/godotenv', fn: 'Load', pathArg: 'all', withoutArgs: '.env' },
  {
    via: 'godotenv.Overload',
    importPath: 'github.com/joho/godotenv',
    fn: 'Overload',
    pathArg: 'all',
    withoutArgs: '.env',
  },
  { via: 'viper.AddConfigPath', importPath: null, fn: 'AddConfigPath', pathArg: 0 },
  { via: 'viper.SetConfigFile', importPath: null, fn: 'SetConfigFile', pathArg: 0 },
];
/** Importing this package loads `.env` at start-up. */
const GODOTENV_AUTOLOAD = 'github.com/joho/godotenv/autoload';

/** go/build's known GOOS and GOARCH values, which act as build constraints in file names and tags. */
const KNOWN_OS = new Set(
  `aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1
   windows zos`.split(/\s+/),
);
const KNOWN_ARCH = new Set(
  `386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc
   ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm`.split(/\s+/),
);

/**
 * Reads the facts of the build context at `root`. Never throws: an unreadable context or
 * file contributes nothing. Symbolic links are followed only when they point inside the
 * context, and linked directories are listed but not entered (their targets are walked
 * under their own paths), so the walk cannot loop.
 */
/** Go's facts of a context; a context without Go gives empty facts (and reads no file). */
export function gatherGoFacts(tree: ContextTree): GoFacts {
  const goMods = tree.files
    .filter((f) => path.posix.basename(f) === 'go.mod' && !inIgnoredGoDir(f))
    .sort(shallowestFirst)
    .flatMap((f) => {
      const text = tree.read(f)?.text;
      return text === undefined ? [] : [parseGoMod(text, dirOf(f), tree)];
    });
  const goModules = goMods.map((m) => m.module);

  const goWorkPath = tree.files
    .filter((f) => path.posix.basename(f) === 'go.work' && !inIgnoredGoDir(f))
    .sort(shallowestFirst)[0];
  const goWorkText = goWorkPath === undefined ? undefined : tree.read(goWorkPath)?.text;
  const goWork = goWorkPath !== undefined && goWorkText !== undefined ? parseGoWork(goWorkText, goWorkPath, tree) : null;

  const goFiles = tree.files.filter((f) => f.endsWith('.go'));
  const candidates = goFiles.filter(isCompiledForLinux).sort(shallowestFirst);
  let sourcesTruncated = candidates.length > MAX_SOURCE_FILES;
  const sources: GoSource[] = [];
  for (const file of candidates.slice(0, MAX_SOURCE_FILES)) {
    const head = tree.read(file);
    if (!head) continue;
    sourcesTruncated ||= head.cut;
    const source = parseGoSource(file, head.text);
    if (source) sources.push(source);
  }

  const caEvidence = firstOf(sources.map(findTlsClientUse)) ?? findTlsModule(goMods);
  const tzEvidence = firstOf(sources.map(findLoadLocation));
  // time/tzdata compiles the zone database into the binary, so the image needs none.
  const embedsZoneinfo = sources.some((s) => s.imports.some((i) => i.path === 'time/tzdata'));
  const needsTzdata = tzEvidence !== null && !embedsZoneinfo;
  return {
    goMod: goModules.find((m) => m.dir === '') ?? null,
    goModules,
    goWork,
    goFiles,
    sourcesTruncated,
    mainPackages: [...new Set(sources.filter((s) => s.packageName === 'main').map((s) => s.dir))].sort(compare),
    unconditionalMainPackages: [...new Set(sources.filter((s) => s.packageName === 'main' && !s.conditional).map((s) => s.dir))].sort(compare),
    cgo: findCgoNeeds(sources, goModules),
    runtimeFiles: sources.flatMap(findRuntimeFiles),
    embeds: [...new Set(sources.flatMap(findEmbeds))],
    needsCaCertificates: caEvidence !== null,
    needsCaCertificatesEvidence: caEvidence,
    needsTzdata,
    needsTzdataEvidence: needsTzdata ? tzEvidence : null,
    loopbackListeners: sources.flatMap(findLoopbackListeners),
  };
}

/** The go command ignores vendor/ and testdata/ trees, and names starting with `_` or `.`. */
function inIgnoredGoDir(rel: string): boolean {
  const segments = rel.split('/');
  return segments.some(
    (s, i) =>
      s.startsWith('_') || s.startsWith('.') || (i < segments.length - 1 && (s === 'vendor' || s === 'testdata')),
  );
}

/** A non-test .go file that `go build` compiles for Linux, judged by its path alone. */
function isCompiledForLinux(rel: string): boolean {
  if (!rel.endsWith('.go') || rel.endsWith('_test.go') || inIgnoredGoDir(rel)) return false;
  return fileNameTargets(rel).every(matchBuildTag);
}

/**
 * The GOOS and GOARCH a file name restricts it to (go/build's goodOSArchFile:
 * `name_GOOS_GOARCH.go`, `name_GOOS.go`, `name_GOARCH.go`); none for other names.
 */
function fileNameTargets(rel: string): string[] {
  const base = path.posix.basename(rel, '.go');
  const underscore = base.indexOf('_');
  if (underscore < 0) return [];
  const parts = base.slice(underscore).split('_');
  const last = parts[parts.length - 1]!;
  const beforeLast = parts[parts.length - 2];
  if (beforeLast !== undefined && KNOWN_OS.has(beforeLast) && KNOWN_ARCH.has(last)) return [beforeLast, last];
  return KNOWN_OS.has(last) || KNOWN_ARCH.has(last) ? [last] : [];
}

/**
 * Images run Linux. The target architecture is not known here, so every GOARCH counts;
 * `cgo` counts so that files which would use it are seen. Custom tags (`ignore`, `tools`,
 * `integration`) are off, as in a plain `go build`.
 */
function matchBuildTag(tag: string): boolean {
  if (KNOWN_OS.has(tag)) return tag === 'linux';
  return KNOWN_ARCH.has(tag) || tag === 'unix' || tag === 'cgo' || tag === 'gc' || /^go1\.\d+$/.test(tag);
}

/** `//go:build` expressions, or the legacy `// +build` lines when there is none. */
function buildConstraintsHold(header: string): boolean {
  const goBuild = /^\/\/go:build[ \t]+(.+)$/m.exec(header);
  if (goBuild) return evaluateBuildExpression(goBuild[1]!);
  return [...header.matchAll(/^\/\/[ \t]*\+build[ \t]+(.+)$/gm)].every((line) =>
    line[1]!
      .trim()
      .split(/\s+/)
      .some((option) =>
        option.split(',').every((term) => (term.startsWith('!') ? !matchBuildTag(term.slice(1)) : matchBuildTag(term))),
      ),
  );
}

function evaluateBuildExpression(expression: string): boolean {
  const tokens = expression.match(/&&|\|\||[!()]|[\w.]+/g) ?? [];
  let at = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === '||') {
      at++;
      const right = and();
      value ||= right;
    }
    return value;
  };
  const and = (): boolean => {
    let value = unary();
    while (tokens[at] === '&&') {
      at++;
      const right = unary();
      value &&= right;
    }
    return value;
  };
  const unary = (): boolean => {
    const token = tokens[at++];
    if (token === '!') return !unary();
    if (token === '(') {
      const value = or();
      at++;
      return value;
    }
    return token !== undefined && matchBuildTag(token);
  };
  return or();
}

// ── go.mod and go.work ────────────────────────────────────────────────────────────────

interface ModDirective {
  verb: string;
  args: string[];
  line: number;
  /** Text after `//` on the line, e.g. `indirect`. */
  comment: string;
}

/** The directives of a go.mod or go.work, with blocks (`require ( … )`) flattened. */
function modDirectives(text: string): ModDirective[] {
  const directives: ModDirective[] = [];
  let block: string | null = null;
  text.split('\n').forEach((source, index) => {
    const { tokens, comment } = tokenizeModLine(source);
    if (tokens.length === 0) return;
    if (block !== null) {
      if (tokens[0] === ')') block = null;
      else directives.push({ verb: block, args: tokens, line: index + 1, comment });
      return;
    }
    if (tokens[1] === '(') {
      if (tokens[tokens.length - 1] !== ')') block = tokens[0]!;
      return;
    }
    directives.push({ verb: tokens[0]!, args: tokens.slice(1), line: index + 1, comment });
  });
  return directives;
}

function tokenizeModLine(source: string): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith('//', i)) {
      return { tokens, comment: source.slice(i + 2).trim() };
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (source.startsWith('=>', i)) {
      tokens.push('=>');
      i += 2;
    } else if (c === '"' || c === '`') {
      let end = i + 1;
      while (end < source.length && source[end] !== c) end += c === '"' && source[end] === '\\' ? 2 : 1;
      const body = source.slice(i + 1, end);
      tokens.push(c === '"' ? body.replace(/\\(.)/g, '$1') : body);
      i = end + 1;
    } else {
      const word = /^[^\s()"`]+?(?==>|\/\/|[\s()"`]|$)/.exec(source.slice(i))![0];
      tokens.push(word);
      i += word.length;
    }
  }
  return { tokens, comment: '' };
}

/** Go's modfile.IsDirectoryPath: a replacement that is a directory, not a module. */
function isLocalModulePath(target: string): boolean {
  return (
    target === '.' ||
    target === '..' ||
    /^\.\.?[\\/]/.test(target) ||
    target.startsWith('/') ||
    /^[A-Za-z]:[\\/]/.test(target)
  );
}

interface ParsedGoMod {
  module: GoModule;
  /** Line of each require, for evidence that points into go.mod. */
  requireLines: Map<string, number>;
}

function parseGoMod(text: string, dir: string, tree: Pick<ContextTree, 'hasFile'>): ParsedGoMod {
  const inDir = (name: string) => (dir === '' ? name : `${dir}/${name}`);
  const mod: GoModule = {
    dir,
    modulePath: null,
    goVersion: null,
    toolchain: null,
    requires: [],
    replaces: [],
    hasGoSum: tree.hasFile(inDir('go.sum')),
    vendored: tree.hasFile(inDir('vendor/modules.txt')),
  };
  const requireLines = new Map<string, number>();
  for (const { verb, args, line, comment } of modDirectives(text)) {
    if (verb === 'module') mod.modulePath = args[0] ?? null;
    else if (verb === 'go') mod.goVersion = args[0] ?? null;
    else if (verb === 'toolchain') mod.toolchain = args[0] ?? null;
    else if (verb === 'require' && args.length >= 2) {
      mod.requires.push({ path: args[0]!, version: args[1]!, indirect: /^indirect\b/.test(comment) });
      requireLines.set(args[0]!, line);
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      const to = args[arrow + 1];
      if (arrow < 1 || to === undefined) continue;
      const local = isLocalModulePath(to) && args.length === arrow + 2;
      mod.replaces.push({ from: args[0]!, to, local, targetDir: local ? resolveInside(dir, to) : null });
    }
  }
  return { module: mod, requireLines };
}

function parseGoWork(text: string, workPath: string, tree: Pick<ContextTree, 'hasFile'>): GoWork {
  const dir = dirOf(workPath);
  return {
    path: workPath,
    uses: modDirectives(text)
      .filter((d) => d.verb === 'use' && d.args[0] !== undefined)
      .map((d) => resolveInside(dir, d.args[0]!)),
    hasGoWorkSum: tree.hasFile(`${workPath}.sum`),
  };
}

// ── Go source ─────────────────────────────────────────────────────────────────────────

interface GoImport {
  path: string;
  /** The explicit name (`nethttp`, `_`, `.`), or null. */
  alias: string | null;
  line: number;
}

interface GoSource {
  file: string;
  dir: string;
  raw: string;
  /** `raw` with comments blanked to spaces (offsets and lines unchanged), strings kept. */
  code: string;
  packageName: string;
  /** Built only for some targets: a GOOS/GOARCH file-name suffix or a build constraint. */
  conditional: boolean;
  imports: GoImport[];
  lineAt(offset: number): number;
}

/** Null for files that are not part of a Linux build (`//go:build ignore`, `windows`…). */
function parseGoSource(file: string, raw: string): GoSource | null {
  const code = blankComments(raw);
  const clause = /^[ \t]*package[ \t]+([A-Za-z_]\w*)/m.exec(code);
  if (!clause || !buildConstraintsHold(raw.slice(0, clause.index))) return null;
  // Built on first use: most files yield no evidence and never need a line number.
  let newlines: number[] | undefined;
  const lineAt = (offset: number) => {
    if (newlines === undefined) {
      newlines = [];
      for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) newlines.push(i);
    }
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  const afterClause = clause.index + clause[0].length;
  const firstDecl = code.slice(afterClause).search(/^(?:func|type|var|const)\b/m);
  const importsEnd = firstDecl < 0 ? code.length : afterClause + firstDecl;
  return {
    file,
    dir: dirOf(file),
    raw,
    code,
    packageName: clause[1]!,
    conditional: /^\/\/(?:go:build|[ \t]*\+build)[ \t]/m.test(raw.slice(0, clause.index)) || fileNameTargets(file).length > 0,
    imports: parseImports(code, afterClause, importsEnd, lineAt),
    lineAt,
  };
}

/** Comments, and the literals that may contain comment markers; unterminated ones run to the end. */
const COMMENT_OR_LITERAL = /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`[^`]*`?/g;

function blankComments(src: string): string {
  return src.replace(COMMENT_OR_LITERAL, (token) =>
    token.startsWith('//') ? ' '.repeat(token.length) : token.startsWith('/*') ? token.replace(/[^\n]/g, ' ') : token,
  );
}

const STRING_LITERAL = String.raw`"(?:[^"\\\n]|\\.)*"|` + '`[^`]*`';

function parseImports(code: string, start: number, end: number, lineAt: (offset: number) => number): GoImport[] {
  const imports: GoImport[] = [];
  const region = code.slice(start, end);
  const declaration = new RegExp(String.raw`\bimport\s*(?:\(([^)]*)\)|((?:[\w.]+[ \t]+)?(?:${STRING_LITERAL})))`, 'g');
  const spec = new RegExp(String.raw`(?:([\w.]+)[ \t]+)?(${STRING_LITERAL})`, 'g');
  for (const decl of region.matchAll(declaration)) {
    const body = decl[1] ?? decl[2]!;
    const bodyStart =
      start + decl.index + (decl[1] !== undefined ? decl[0].indexOf('(') + 1 : decl[0].length - body.length);
    for (const s of body.matchAll(spec)) {
      const literal = s[2]!;
      imports.push({
        path: literalValue(literal)!,
        alias: s[1] ?? null,
        line: lineAt(bodyStart + s.index + s[0].length - literal.length),
      });
    }
  }
  return imports;
}

/** The identifiers a file uses to refer to `importPath` (its alias, or the package's own name). */
function qualifiers(source: GoSource, importPath: string): string[] {
  return source.imports.flatMap((i) => {
    if (i.path !== importPath) return [];
    if (i.alias !== null) return i.alias === '_' || i.alias === '.' ? [] : [i.alias];
    const parts = i.path.split('/');
    let name = parts[parts.length - 1]!;
    if (/^v\d+$/.test(name) && parts.length > 1) name = parts[parts.length - 2]!;
    return [
      name
        .replace(/\.v\d+$/, '')
        .replace(/^go-/, '')
        .replace(/\W/g, '_'),
    ];
  });
}

function literalValue(text: string): string | null {
  const m = /^"((?:[^"\\\n]|\\.)*)"$|^`([^`]*)`$/.exec(text);
  if (!m) return null;
  return m[2] ?? m[1]!.replace(/\\(.)/g, '$1');
}

interface Call {
  offset: number;
  /** Each argument's source text, trimmed. */
  args: string[];
}

/** Calls matched by `callee` (a global RegExp that ends at the opening parenthesis). */
function findCalls(code: string, callee: RegExp): Call[] {
  const calls: Call[] = [];
  for (const m of code.matchAll(callee)) {
    const args = callArguments(code, m.index + m[0].length);
    if (args) calls.push({ offset: m.index, args });
  }
  return calls;
}

function callArguments(code: string, start: number): string[] | null {
  const args: string[] = [];
  const limit = Math.min(code.length, start + 4096);
  let depthNow = 0;
  let argStart = start;
  for (let i = start; i < limit; i++) {
    const c = code[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < limit && code[i] !== c && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      const end = code.indexOf('`', i + 1);
      if (end < 0) return null;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') {
      depthNow++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depthNow === 0) {
        const last = code.slice(argStart, i).trim();
        if (last !== '') args.push(last);
        return args;
      }
      depthNow--;
    } else if (c === ',' && depthNow === 0) {
      args.push(code.slice(argStart, i).trim());
      argStart = i + 1;
    }
  }
  return null;
}

/** `.name(` for any of `names`, capturing the name. */
function methodCall(names: string[]): RegExp {
  return new RegExp(String.raw`\.(${names.join('|')})\s*\(`, 'g');
}

const RUNTIME_FILE_CALLEE = methodCall([...new Set(RUNTIME_FILE_CALLS.map((rule) => rule.fn))]);
const LISTEN_CALLEE = methodCall(LISTEN_METHODS);

/** The identifier right before the `.` at `dot` (`os` in `os.Open`), or null after `x.y.`. */
function receiverBefore(code: string, dot: number): string | null {
  const m = /(?:^|[^\w.])([A-Za-z_]\w*)$/.exec(code.slice(Math.max(0, dot - 64), dot));
  return m ? m[1]! : null;
}

/** A path the program opens relative to its working directory, or null (absolute, URL, home). */
function relativePath(literal: string): string | null {
  if (literal === '' || literal.startsWith('/') || literal.startsWith('~') || /^[A-Za-z][\w+.-]*:/.test(literal)) {
    return null;
  }
  const stripped = literal.replace(/^(?:\.\/)+/, '').replace(/(.)\/+$/, '$1');
  return stripped === '' ? '.' : stripped;
}

function findRuntimeFiles(source: GoSource): RuntimeFileRef[] {
  const found: RuntimeFileRef[] = [];
  const record = (literal: string, via: string, offset: number) => {
    const pattern = relativePath(literal);
    if (pattern !== null) found.push({ pattern, via, file: source.file, line: source.lineAt(offset) });
  };
  for (const m of source.code.matchAll(RUNTIME_FILE_CALLEE)) {
    const receiver = receiverBefore(source.code, m.index);
    const rule = RUNTIME_FILE_CALLS.find(
      (r) =>
        r.fn === m[1] &&
        (r.importPath === null || (receiver !== null && qualifiers(source, r.importPath).includes(receiver))),
    );
    const args = rule && callArguments(source.code, m.index + m[0].length);
    if (!rule || !args) continue;
    if (args.length === 0 && rule.withoutArgs !== undefined) record(rule.withoutArgs, rule.via, m.index);
    for (const arg of rule.pathArg === 'all' ? args : args.slice(rule.pathArg, rule.pathArg + 1)) {
      const literal = literalValue(arg);
      if (literal !== null) record(literal, rule.via, m.index);
    }
  }
  for (const i of source.imports) {
    if (i.path === GODOTENV_AUTOLOAD) {
      found.push({ pattern: '.env', via: 'godotenv/autoload', file: source.file, line: i.line });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

function findEmbeds(source: GoSource): string[] {
  const embeds: string[] = [];
  if (!source.raw.includes('//go:embed')) return embeds;
  for (const directive of source.raw.matchAll(/^[ \t]*\/\/go:embed[ \t]+(.*)$/gm)) {
    for (const token of directive[1]!.trim().match(new RegExp(`${STRING_LITERAL}|\\S+`, 'g')) ?? []) {
      const pattern = (literalValue(token) ?? token).replace(/^all:/, '');
      const resolved = resolveInside(source.dir, pattern);
      if (resolved) embeds.push(resolved);
    }
  }
  return embeds;
}

function isInModule(importPath: string, modulePath: string): boolean {
  return importPath === modulePath || importPath.startsWith(`${modulePath}/`);
}

function findCgoNeeds(sources: GoSource[], modules: GoModule[]): CgoFacts {
  const reasons: string[] = [];
  const flagged = new Set<string>();
  for (const source of sources) {
    if (source.imports.some((i) => i.path === 'C')) reasons.push(`import "C" in ${source.file}`);
  }
  for (const mod of modules) {
    for (const r of mod.requires) {
      const cgoModule = CGO_MODULES.find((m) => isInModule(r.path, m));
      if (cgoModule === undefined || flagged.has(cgoModule)) continue;
      flagged.add(cgoModule);
      reasons.push(`requires ${r.path} (cgo${r.indirect ? ', indirect' : ''})`);
    }
  }
  // Also seen in imports: GOPATH-mode projects have no go.mod, and some packages need cgo
  // inside an otherwise pure-Go module.
  for (const source of sources) {
    for (const i of source.imports) {
      const cgoPackage = [...CGO_MODULES, ...CGO_PACKAGES].find((m) => isInModule(i.path, m));
      if (cgoPackage === undefined || flagged.has(cgoPackage)) continue;
      flagged.add(cgoPackage);
      reasons.push(`imports ${i.path} (cgo) in ${source.file}`);
    }
  }
  return { needed: reasons.length > 0, reasons };
}

function firstOf(refs: (SourceRef | null)[]): SourceRef | null {
  return refs.find((r) => r !== null) ?? null;
}

function findTlsClientUse(source: GoSource): SourceRef | null {
  const lines: number[] = source.imports.filter((i) => TLS_IMPORTS.includes(i.path)).map((i) => i.line);
  const http = qualifiers(source, 'net/http');
  if (http.length > 0) {
    const clientUse = new RegExp(
      String.raw`(?<![\w.])(?:${http.join('|')})\.(?:${HTTP_CLIENT_NAMES})\b|\b\w*[Cc]lient\.Do\s*\(`,
    );
    const m = clientUse.exec(source.code);
    if (m) lines.push(source.lineAt(m.index));
  }
  const https = source.code.indexOf('https://');
  if (https >= 0) lines.push(source.lineAt(https));
  return lines.length === 0 ? null : { file: source.file, line: Math.min(...lines) };
}

function findTlsModule(goMods: ParsedGoMod[]): SourceRef | null {
  for (const { module, requireLines } of goMods) {
    const r = module.requires.find((req) => TLS_MODULES.some((m) => isInModule(req.path, m)));
    if (r) return { file: module.dir === '' ? 'go.mod' : `${module.dir}/go.mod`, line: requireLines.get(r.path) ?? 1 };
  }
  return null;
}

function findLoadLocation(source: GoSource): SourceRef | null {
  const time = qualifiers(source, 'time');
  if (time.length === 0) return null;
  const m = new RegExp(String.raw`(?<![\w.])(?:${time.join('|')})\.LoadLocation\b`).exec(source.code);
  return m ? { file: source.file, line: source.lineAt(m.index) } : null;
}

function findLoopbackListeners(source: GoSource): (SourceRef & { address: string })[] {
  const found: (SourceRef & { address: string })[] = [];
  const record = (literal: string | null | undefined, offset: number) => {
    if (typeof literal === 'string' && LOOPBACK_ADDRESS.test(literal)) {
      found.push({ file: source.file, line: source.lineAt(offset), address: literal });
    }
  };
  for (const call of findCalls(source.code, LISTEN_CALLEE)) {
    record(
      call.args.map(literalValue).find((v) => v !== null && LOOPBACK_ADDRESS.test(v)),
      call.offset,
    );
  }
  const serverAddr = new RegExp(String.raw`\bServer\s*\{[^{}]*?\bAddr\s*:\s*(${STRING_LITERAL})`, 'g');
  for (const m of source.code.matchAll(serverAddr)) {
    record(literalValue(m[1]!), m.index + m[0].length - m[1]!.length);
  }
  return found.sort((a, b) => a.line - b.line);
}
