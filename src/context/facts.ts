/**
 * Build-context facts, gathered once per build context, read-only, never executing
 * anything (DESIGN §2). The core reads the tree; each ecosystem reads its own facts from it
 * on first use (`of`), so a context is scanned only for the toolchains a Dockerfile asks about.
 */
import type { Ecosystem } from '../ecosystem.js';
import { emptyTree, readContextTree, type ContextTree } from './tree.js';

export interface ContextFacts {
  /** Absolute path of the build context. */
  root: string;
  /** Every regular file in the context (relative, `/`), skipping .git and node_modules contents; capped. */
  files: readonly string[];
  /** True when `files` was cut at the cap. */
  filesTruncated: boolean;
  hasFile(path: string): boolean;
  hasDir(path: string): boolean;
  /** Existing .dockerignore text, or null. */
  dockerignore: string | null;
  /** The ecosystems whose hooks run for this context, in list order (ecosystems/index.ts). */
  readonly ecosystems: readonly Ecosystem[];
  /** One ecosystem's facts, read from the tree on first use and kept. */
  of<F>(ecosystem: Ecosystem<F>): F;
}

/**
 * Reads the facts of the build context at `root` for `ecosystems`. Never throws: an
 * unreadable context or file contributes nothing.
 */
export function gatherContextFacts(root: string, ecosystems: readonly Ecosystem[]): ContextFacts {
  const tree = readContextTree(root);
  return factsOf(tree, ecosystems, tree.read('.dockerignore')?.text ?? null);
}

/** Facts for a context with nothing in it: stdin input, a missing directory, tests. */
export function emptyFacts(root = '/nonexistent', ecosystems: readonly Ecosystem[] = []): ContextFacts {
  return factsOf(emptyTree(root), ecosystems, null);
}

/**
 * `facts` with some of one ecosystem's facts given instead of read (tests, and callers that
 * know better); the ecosystem joins the list when it was not in it.
 */
export function withFacts<F>(facts: ContextFacts, ecosystem: Ecosystem<F>, values: Partial<F>): ContextFacts {
  let merged: F | null = null;
  return {
    ...facts,
    ecosystems: facts.ecosystems.includes(ecosystem as Ecosystem) ? facts.ecosystems : [...facts.ecosystems, ecosystem as Ecosystem],
    of: <G>(e: Ecosystem<G>): G => (e === (ecosystem as unknown) ? ((merged ??= { ...facts.of(ecosystem), ...values }) as unknown as G) : facts.of(e)),
  };
}

function factsOf(tree: ContextTree, ecosystems: readonly Ecosystem[], dockerignore: string | null): ContextFacts {
  const gathered = new Map<Ecosystem, unknown>();
  return {
    root: tree.root,
    files: tree.files,
    filesTruncated: tree.truncated,
    hasFile: tree.hasFile,
    hasDir: tree.hasDir,
    dockerignore,
    ecosystems,
    of: <F>(ecosystem: Ecosystem<F>): F => {
      if (!gathered.has(ecosystem as Ecosystem)) gathered.set(ecosystem as Ecosystem, ecosystem.gatherFacts(tree));
      return gathered.get(ecosystem as Ecosystem) as F;
    },
  };
}
