/**
 * The build context as a file tree: a bounded, symlink-safe walk, read-only, never executing
 * anything (DESIGN §2). Paths are relative to the context root with `/` separators.
 * Ecosystems read their facts from it (ContextFacts.of).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The walk and the reads stop here: one run may read thousands of contexts. */
const MAX_FILES = 20_000;
const MAX_READ_BYTES = 1024 * 1024;
/** Directories listed but never entered: huge, and nothing in them is build input dockopt reads. */
const UNWALKED_DIRS = new Set(['.git', 'node_modules']);

export interface ContextTree {
  /** Absolute path of the build context. */
  readonly root: string;
  /** Every regular file (relative, `/`), skipping .git and node_modules contents; sorted; capped. */
  readonly files: readonly string[];
  /** True when `files` was cut at the cap. */
  readonly truncated: boolean;
  /** `./web/`, `/web` and `web` all name the same path. */
  hasFile(path: string): boolean;
  hasDir(path: string): boolean;
  /** The first MiB of a file (`cut` when it is longer), or null when it cannot be read. */
  read(rel: string): { text: string; cut: boolean } | null;
}

/** Walks the context at `root`. Never throws: an unreadable context is an empty tree. */
export function readContextTree(root: string): ContextTree {
  const absRoot = path.resolve(root);
  const walked = walkContext(absRoot);
  return treeOf(absRoot, walked);
}

/** A context with nothing in it: stdin input, a missing directory, tests. */
export function emptyTree(root: string): ContextTree {
  return treeOf(root, { files: [], dirs: new Set(), truncated: false });
}

function treeOf(absRoot: string, walked: WalkedTree): ContextTree {
  const fileSet = new Set(walked.files);
  return {
    root: absRoot,
    files: walked.files,
    truncated: walked.truncated,
    // The sets hold normal forms only, so a hit as written is a hit (and the common case).
    hasFile: (p) => fileSet.has(p) || fileSet.has(normalizeQuery(p)),
    hasDir: (p) => walked.dirs.has(p) || walked.dirs.has(normalizeQuery(p)),
    read: (rel) => (fileSet.has(rel) ? readHead(path.join(absRoot, ...rel.split('/'))) : null),
  };
}

interface WalkedTree {
  files: string[];
  /** Every directory seen, '' for the root; empty when the root is not a readable directory. */
  dirs: Set<string>;
  truncated: boolean;
}

/** Breadth-first, so that a capped walk still holds the files near the root that matter most. */
function walkContext(absRoot: string): WalkedTree {
  const files: string[] = [];
  const dirs = new Set<string>();
  // Resolved only when a symbolic link has to be checked against it: most contexts have none.
  let realRoot: string | null = null;
  const resolvedRoot = () => (realRoot ??= fs.realpathSync(absRoot));
  const queue = [''];
  let truncated = false;
  for (let next = 0; next < queue.length && !truncated; next++) {
    const dir = queue[next]!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir === '' ? absRoot : path.join(absRoot, dir), { withFileTypes: true });
    } catch {
      // The root not being a readable directory means an empty context.
      if (dir === '') return { files, dirs, truncated: false };
      continue;
    }
    if (dir === '') dirs.add('');
    entries.sort((a, b) => compare(a.name, b.name));
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const kind = entry.isSymbolicLink() ? linkKind(path.join(absRoot, rel), resolvedRoot) : direntKind(entry);
      if (kind === 'dir') {
        dirs.add(rel);
        if (!entry.isSymbolicLink() && !UNWALKED_DIRS.has(entry.name)) queue.push(rel);
      } else if (kind === 'file') {
        if (files.length === MAX_FILES) {
          truncated = true;
          break;
        }
        files.push(rel);
      }
    }
  }
  return { files: files.sort(compare), dirs, truncated };
}

type EntryKind = 'file' | 'dir' | 'other';

function direntKind(entry: fs.Dirent): EntryKind {
  return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
}

/** What a symbolic link points at, or 'other' when it dangles or leaves the context. */
function linkKind(link: string, realRoot: () => string): EntryKind {
  try {
    const target = fs.realpathSync(link);
    const inside = path.relative(realRoot(), target);
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return 'other';
    const stat = fs.statSync(target);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

function readHead(absPath: string): { text: string; cut: boolean } | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, 'r');
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, MAX_READ_BYTES));
    let length = 0;
    while (length < buffer.length) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    return { text: buffer.toString('utf8', 0, length), cut: size > MAX_READ_BYTES };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** `./web/`, `/web` and `web` all name the same path in the context. */
function normalizeQuery(p: string): string {
  const normal = path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
  return normal === '.' ? '' : normal;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Files near the root first: they are the ones a capped scan must not miss. */
export function shallowestFirst(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || compare(a, b);
}

export function dirOf(rel: string): string {
  const dir = path.posix.dirname(rel);
  return dir === '.' ? '' : dir;
}

/**
 * `target` (as written in go.mod, go.work or a `//go:embed`) resolved against `baseDir`,
 * relative to the context root; null when it is absolute or lies outside the context.
 */
export function resolveInside(baseDir: string, target: string): string | null {
  const slashed = target.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) return null;
  const joined = path.posix.normalize(path.posix.join(baseDir || '.', slashed)).replace(/\/+$/, '');
  if (joined === '..' || joined.startsWith('../')) return null;
  return joined === '.' ? '' : joined;
}

