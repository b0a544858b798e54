/**
 * Which files a run covers: a path is a Dockerfile, a directory (searched recursively), or a
 * glob. Directory and glob searches honour `.gitignore` and `.dockoptignore` with git's rules
 * (nested files, the ones above the searched directory up to the repository root, and
 * `.git/info/exclude`), skip `.git`, `node_modules` and hidden directories, and never follow
 * a symbolic link, so nothing outside the searched tree is ever reached.
 *
 * The walk is a plain directory walk with the `ignore` package matching each ignore file's
 * patterns (git's rules), rather than globby's `gitignore` option: globby 14 anchors a nested
 * `.gitignore`'s patterns to its directory (`build/` in `services/.gitignore` misses
 * `services/a/build/`) and ignores the `.gitignore` files above its cwd.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`, `Containerfile.*` (and lowercase d). */
const DOCKERFILE_NAME = /^(?:[Dd]ockerfile(?:\..+)?|.+\.[Dd]ockerfile|Containerfile(?:\..+)?)$/;
/** Files dockopt itself writes or keeps beside Dockerfiles that are not Dockerfiles. */
const NOT_DOCKERFILES = /\.(dockerignore|expected|md|orig|rej|bak|swp)$/i;
const NEVER_WALKED = new Set(['.git', 'node_modules']);
const IGNORE_FILES = ['.gitignore', '.dockoptignore'];

export interface Discovered {
  /** Absolute paths, sorted, unique. */
  files: string[];
  /** Targets that matched nothing: reported as errors. */
  missing: string[];
  /** The entry names of every directory the walks listed, for the config search to reuse. */
  listings: Map<string, string[]>;
}

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILES.test(name);
}

export async function discoverDockerfiles(targets: string[], cwd: string): Promise<Discovered> {
  const files = new Set<string>();
  const missing: string[] = [];
  const listings = new Map<string, string[]>();
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    let stat: fs.Stats | null;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = null;
    }
    if (stat?.isFile()) {
      files.add(abs);
    } else if (stat?.isDirectory()) {
      walk(abs, (_rel, name) => isDockerfileName(name), { hidden: false }, files, listings);
    } else if (picomatch.scan(target).isGlob) {
      const { base, glob } = picomatch.scan(target);
      const root = path.resolve(cwd, base || '.');
      const matches = picomatch(glob, { dot: false });
      // Hidden directories are walked only when the glob names one (`.github/**/Dockerfile`).
      const hidden = /(^|\/)\.[^/.]/.test(glob);
      const before = files.size;
      if (isDirectory(root) && !isInIgnoredDirectory(root)) walk(root, (rel) => matches(rel), { hidden }, files, listings);
      if (files.size === before) missing.push(target);
    } else {
      missing.push(target);
    }
  }
  return { files: [...files].sort(), missing, listings };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Adds to `out` every regular file under `root` that `wanted` accepts (`rel` is relative to
 * `root` with `/` separators) and no ignore rule excludes. Ignored directories are not read.
 */
function walk(
  root: string,
  wanted: (rel: string, name: string) => boolean,
  options: { hidden: boolean },
  out: Set<string>,
  listings: Map<string, string[]>,
): void {
  const visit = (dir: string, rel: string, rules: IgnoreLayer[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directories are skipped, as git does
    }
    const names = new Set(entries.map((e) => e.name));
    listings.set(dir, [...names]);
    const own = IGNORE_FILES.filter((f) => names.has(f)).flatMap((f) => readIgnoreFile(path.join(dir, f), dir));
    const active = own.length > 0 ? [...rules, ...own] : rules;
    for (const entry of entries) {
      // Symbolic links are never followed, to files or directories: the target of one inside
      // the tree is found on its own, and a link out of the tree must not be read or written.
      if (entry.isSymbolicLink()) continue;
      const abs = path.join(dir, entry.name);
      const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (NEVER_WALKED.has(entry.name) || (!options.hidden && entry.name.startsWith('.'))) continue;
        if (!isIgnored(active, abs, true)) visit(abs, entryRel, active);
      } else if (entry.isFile()) {
        if (entry.name.startsWith('.') && !options.hidden) continue;
        if (wanted(entryRel, entry.name) && !isIgnored(active, abs, false)) out.add(abs);
      }
    }
  };
  visit(root, '', inheritedRules(root));
}

/**
 * A glob's base directory inside an ignored one (`build/*` with `build/` in .gitignore) finds
 * nothing, as git would; a directory named outright is walked, like a file named outright.
 */
function isInIgnoredDirectory(dir: string): boolean {
  const repo = findRepositoryRoot(dir);
  if (!repo) return false;
  const rules = inheritedRules(dir);
  for (let current = dir; current !== repo && !path.relative(repo, current).startsWith('..'); current = path.dirname(current)) {
    if (isIgnored(rules, current, true)) return true;
  }
  return false;
}

// ── gitignore rules (https://git-scm.com/docs/gitignore#_pattern_format), by the `ignore` package

interface IgnoreLayer {
  /** The directory whose ignore file holds the patterns; they are relative to it. */
  base: string;
  rules: Ignore;
}

/** The layers that apply inside `root` from ignore files above it, up to the repository root. */
function inheritedRules(root: string): IgnoreLayer[] {
  const repo = findRepositoryRoot(root);
  if (!repo) return [];
  const dirs: string[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (path.relative(repo, dir).startsWith('..')) break;
    dirs.unshift(dir);
    if (dir === repo) break;
  }
  const layers = readIgnoreFile(path.join(repo, '.git', 'info', 'exclude'), repo);
  for (const dir of dirs) for (const f of IGNORE_FILES) layers.push(...readIgnoreFile(path.join(dir, f), dir));
  return layers;
}

/** One layer per ignore file; the `ignore` package implements git's pattern rules. */
function readIgnoreFile(file: string, base: string): IgnoreLayer[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return [{ base, rules: ignore().add(text) }];
}

/**
 * Git's rule across files: a deeper ignore file's match (or `!` exception) overrides a
 * shallower one's; files in an ignored directory are never reached.
 */
function isIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = path.relative(layer.base, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const result = layer.rules.test(rel.split(path.sep).join('/') + (isDir ? '/' : ''));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** The repository root above `dir` (nearest .git), or null. Config search stops there. */
export function findRepositoryRoot(dir: string): string | null {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** Display form: relative to cwd, `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file) || '.';
  return rel.split(path.sep).join('/');
}
