/**
 * The seam between the Dockerfile core and a toolchain (ARCHITECTURE.md). An ecosystem knows
 * one toolchain: its facts in the build context, what the analysis needs of them, and which
 * context paths its builds read. The core never imports an ecosystem: the list
 * (ecosystems/index.ts) is handed to it by the entry points, as the pass list is.
 */
import type { PlanInputs } from './analysis/plan.js';
import type { ContextFacts } from './context/facts.js';
import type { ContextTree } from './context/tree.js';
import type { Instr, Model } from './dockerfile/model.js';
import type { ContextNeed } from './dockerignore/rules.js';

/** How an ecosystem adds what its builds read from the context (first reason wins). */
export interface ContextNeedSink {
  /** A path as it is. */
  add(path: string | null, reason: string, source: ContextNeed['source'], at?: Instr | null): void;
  /** A pattern (glob or path), expanded against the context's files. */
  addPattern(pattern: string, reason: string, source: ContextNeed['source'], at?: Instr | null): void;
}

export interface Ecosystem<Facts = unknown> {
  /** kebab-case, permanent. */
  readonly id: string;
  /**
   * A cheap test on the Dockerfile's text: false when the file cannot be this ecosystem's, so
   * its context is never walked for it (a third of a monorepo's Dockerfiles, typically).
   */
  mayApply(dockerfileText: string): boolean;
  /** The ecosystem's facts of a build context; called once per context, on first use. */
  gatherFacts(tree: ContextTree): Facts;
  /** What the build plan (src/analysis) needs of these facts. */
  planInputs?(facts: Facts, context: Pick<ContextFacts, 'filesTruncated' | 'dockerignore'>): Partial<PlanInputs>;
  /** The context paths its builds read, which no .dockerignore line may exclude. */
  contextNeeds?(facts: Facts, model: Model, sink: ContextNeedSink, files: readonly string[]): void;
}
