/**
 * Which files a run covers: a path is a Dockerfile, a directory (searched recursively,
 * honouring .gitignore and .dockoptignore, never following symlinks), or a glob.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DOCKERFILE_PATTERNS = [
  '**/Dockerfile',
  '**/dockerfile',
  '**/Dockerfile.*',
  '**/dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
  '**/Containerfile.*',
];

/** Files dockopt itself writes or keeps beside Dockerfiles that are not Dockerfiles. */
const NOT_DOCKERFILES = /\.(dockerignore|expected|md|orig|rej|bak|swp)$/i;

export interface Discovered {
  /** Absolute paths, sorted, unique. */
  files: string[];
  /** Targets that matched nothing: reported as errors. */
  missing: string[];
}

export async function discoverDockerfiles(targets: string[], cwd: string): Promise<Discovered> {
  const files = new Set<string>();
  const missing: string[] = [];
  let globby: typeof import('globby').globby | null = null;
  const load = async () => (globby ??= (await import('globby')).globby);

  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = null;
    }
    if (stat?.isFile()) {
      files.add(abs);
    } else if (stat?.isDirectory()) {
      const found = await (await load())(DOCKERFILE_PATTERNS, {
        cwd: abs,
        absolute: true,
        gitignore: true,
        ignoreFiles: ['**/.dockoptignore'],
        ignore: ['**/.git/**', '**/node_modules/**'],
        followSymbolicLinks: false,
        onlyFiles: true,
        dot: false,
        caseSensitiveMatch: true,
      });
      const root = fs.realpathSync(abs);
      for (const file of found) {
        if (NOT_DOCKERFILES.test(file)) continue;
        if (isInside(root, file)) files.add(path.normalize(file));
      }
    } else if (/[*?[\]{}]/.test(target)) {
      const found = await (await load())(target, {
        cwd,
        absolute: true,
        gitignore: true,
        ignore: ['**/.git/**', '**/node_modules/**'],
        followSymbolicLinks: false,
        onlyFiles: true,
      });
      if (found.length === 0) missing.push(target);
      for (const file of found) files.add(path.normalize(file));
    } else {
      missing.push(target);
    }
  }
  return { files: [...files].sort(), missing };
}

/** A file found in a directory walk must really live inside it (no symlink out of the root). */
function isInside(root: string, file: string): boolean {
  try {
    const real = fs.realpathSync(file);
    const rel = path.relative(root, real);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  } catch {
    return false;
  }
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
