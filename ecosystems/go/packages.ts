/** The context's main packages as the plan resolves `./...` against them. */
import { posix } from 'node:path';
import type { GoPackages } from '../../src/analysis/plan.js';
import { isIgnored } from '../../src/dockerignore/rules.js';
import type { GoFacts } from './facts.js';

/**
 * The context's main packages for `./...`, when every source and file was read, no go.work is in
 * play, and the go.mod is at the root or there is none at all (GOPATH mode).
 */
export function goPackages(facts: GoFacts, context: { filesTruncated: boolean; dockerignore: string | null }): GoPackages | null {
  if (facts.goWork || context.filesTruncated || facts.sourcesTruncated) return null;
  if (!facts.goMod && facts.goModules.length > 0) return null;
  const ignore = context.dockerignore;
  return {
    mainPackages: facts.mainPackages,
    nestedModules: facts.goModules.filter((m) => m.dir !== '').map((m) => m.dir),
    // Asked only for the packages a pattern matches.
    mayBeSkipped: (dir) =>
      !facts.unconditionalMainPackages.includes(dir) ||
      (ignore !== null && facts.goFiles.some((f) => posix.dirname(f) === (dir || '.') && isIgnored(ignore, f))),
  };
}
