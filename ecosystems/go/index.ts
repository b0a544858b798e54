/**
 * The Go ecosystem: `go build`/`go install` in golang images. Its facts come from go.mod,
 * go.work, vendor/ and the Go sources (facts.ts); `./...` resolves against the context's main
 * packages (packages.ts); its builds read the files of context-needs.ts.
 */
import type { ContextFacts } from '../../src/context/facts.js';
import type { Ecosystem } from '../../src/ecosystem.js';
import { goContextNeeds } from './context-needs.js';
import { gatherGoFacts, type GoFacts } from './facts.js';
import { goPackages } from './packages.js';

export const go: Ecosystem<GoFacts> = {
  id: 'go',
  // No golang base and no go build/install: text without either word cannot build Go.
  mayApply: (text) => /golang|\bgo\b["',\s]+(build|install)\b/i.test(text),
  gatherFacts: gatherGoFacts,
  planInputs: (facts, context) => ({ modulePath: facts.goMod?.modulePath ?? null, packages: goPackages(facts, context) }),
  contextNeeds: goContextNeeds,
};

/** The Go facts of a build context (read on first use). */
export function goFacts(facts: ContextFacts): GoFacts {
  return facts.of(go);
}
