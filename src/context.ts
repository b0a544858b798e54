/**
 * Build-context facts, gathered once per build context, read-only, never executing
 * anything (DESIGN §2). Paths are relative to the context root with `/` separators.
 */

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
  /** `path/to/file.go:12` */
  file: string;
  line: number;
}

export interface RuntimeFileRef extends SourceRef {
  /** The literal path or glob as written in the source, e.g. `templates/*.html`. */
  pattern: string;
  /** How it is used: ParseGlob, http.Dir, os.ReadFile, … */
  via: string;
}

export interface CgoFacts {
  needed: boolean;
  /** Human-readable evidence: `import "C" in db/sqlite.go`, `requires github.com/mattn/go-sqlite3`. */
  reasons: string[];
}

export interface ContextFacts {
  /** Absolute path of the build context. */
  root: string;
  /** Every regular file in the context (relative, `/`), skipping .git and node_modules contents; capped. */
  files: string[];
  /** True when `files` was cut at the cap. */
  filesTruncated: boolean;
  hasFile(path: string): boolean;
  hasDir(path: string): boolean;
  /** go.mod at the context root, if any. */
  goMod: GoModule | null;
  /** Every go.mod in the context (root first). */
  goModules: GoModule[];
  goWork: GoWork | null;
  goFiles: string[];
  /** Directories (relative, '' for root) holding a non-test `package main`. */
  mainPackages: string[];
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
  /** Existing .dockerignore text, or null. */
  dockerignore: string | null;
}

/** Facts for a context with nothing in it: used for stdin input and in tests. */
export function emptyFacts(root = '/nonexistent'): ContextFacts {
  return {
    root,
    files: [],
    filesTruncated: false,
    hasFile: () => false,
    hasDir: () => false,
    goMod: null,
    goModules: [],
    goWork: null,
    goFiles: [],
    mainPackages: [],
    cgo: { needed: false, reasons: [] },
    runtimeFiles: [],
    embeds: [],
    needsCaCertificates: false,
    needsCaCertificatesEvidence: null,
    needsTzdata: false,
    needsTzdataEvidence: null,
    loopbackListeners: [],
    dockerignore: null,
  };
}
